/** The document service's part of `stack up`: its config, its process, its entry in stack.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLIENTS } from '../accounts.ts';
import { HOST, REPO_ROOT, STACK_SRC, type Ports, type StackPaths } from '../config.ts';
import { spawnDetached } from '../proc.ts';
import type { ServiceConfig } from './config.ts';
import { AGENCY } from './org.ts';

export function documentsConfigFile(p: StackPaths): string {
  return path.join(p.documents, 'config.json');
}

export function writeDocumentsConfig(p: StackPaths, ports: Ports): void {
  for (const d of [p.documents, p.documentsIntake, p.documentsOut]) mkdirSync(d, { recursive: true });
  const cfg: ServiceConfig = {
    host: HOST,
    port: ports.documents,
    dataDir: p.documents,
    intakeDir: p.documentsIntake,
    exchangeOutDir: p.documentsOut,
    introspectionEndpoint: `http://${HOST}:${ports.idp}/token/introspection`,
    clientId: CLIENTS.resourceServer.id,
    clientSecret: CLIENTS.resourceServer.secret,
    allowedClients: [CLIENTS.desktop, CLIENTS.shortLived],
    maxPackageBytes: Number(process.env.GOVDESK_DOCUMENTS_MAX_PACKAGE_BYTES ?? 20 * 1024 * 1024),
    maxBodyBytes: 30 * 1024 * 1024,
    intakeIntervalMs: 200,
  };
  writeFileSync(documentsConfigFile(p), JSON.stringify(cfg, null, 2), { mode: 0o600 });
}

export function startDocuments(p: StackPaths): { pid: number; match: string } {
  const script = path.join(STACK_SRC, 'documents', 'main.ts');
  const pid = spawnDetached(process.execPath, ['--import', 'tsx', '--no-warnings', script, documentsConfigFile(p)], path.join(p.logs, 'documents.log'), process.env, REPO_ROOT);
  return { pid, match: script };
}

export function documentsApiUrl(ports: Ports): string {
  return `http://${HOST}:${ports.documents}/api/v1/`;
}

export function documentsStackJson(p: StackPaths, ports: Ports) {
  return { url: documentsApiUrl(ports), intakeDir: p.documentsIntake, exchangeOutDir: p.documentsOut, organId: AGENCY.organId };
}
