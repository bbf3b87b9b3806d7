// `npm run host`: Govdesk's core under plain Node, the UI in any browser.
// Prints `GOVDESK_HOST_READY <url>` once it listens (the e2e fixture reads it).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core/core';
import { loadOrganizationFile, loadPolicyFile } from '../core/config/files';
import { nodePlatform } from '../core/platform';
import { startHostServer, type HostServer } from './server';

function appVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.GOVDESK_HOST_PORT ?? '47300' },
      'data-dir': { type: 'string', default: process.env.GOVDESK_DATA_DIR },
      org: { type: 'string', default: process.env.GOVDESK_ORG_CONFIG },
      policy: { type: 'string', default: process.env.GOVDESK_POLICY },
      renderer: { type: 'string' },
      secret: { type: 'string' },
    },
  });
  // The bundle (CommonJS) lives in dist/host/; the project root is two levels up.
  const root = resolve(__dirname, '..', '..');
  const dataDir = resolve(values['data-dir'] ?? join(root, '.stack', 'host-data'));
  const rendererDir = resolve(values.renderer ?? join(root, 'dist', 'renderer'));

  // The platform is made before the server it forwards links to.
  const host: { server?: HostServer } = {};
  const platform = nodePlatform({
    userData: dataDir,
    appVersion: appVersion(root),
    openExternal: async (url) => {
      process.stdout.write(`GOVDESK_OPEN_EXTERNAL ${url}\n`);
      host.server?.openExternal(url);
    },
    notify: (n) => process.stdout.write(`GOVDESK_NOTIFY ${JSON.stringify(n)}\n`),
    setBadge: (n) => process.stdout.write(`GOVDESK_BADGE ${n}\n`),
  });
  const organization = values.org ? loadOrganizationFile(values.org) : null;
  const core = createCore(platform, { organization, policy: loadPolicyFile(values.policy) });
  const server = await startHostServer(core, { port: Number(values.port), rendererDir, ...(values.secret ? { secret: values.secret } : {}) });

  host.server = server;
  process.stdout.write(`Govdesk headless host (development and tests only; not a server)\n  data: ${dataDir}\n  open: ${server.launchUrl}\n`);
  process.stdout.write(`GOVDESK_HOST_READY ${server.launchUrl}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void server.close().finally(() => {
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Govdesk host could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
