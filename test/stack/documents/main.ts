/**
 * The reference document service of the demo organization:
 *   node --import tsx test/stack/documents/main.ts <config.json>
 * Started and stopped by `npm run stack:up` / `stack:down` like the other servers.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Blobs } from './blobs.ts';
import { readServiceConfig } from './config.ts';
import { startIntake } from './intake.ts';
import { createDocumentsServer } from './server.ts';
import { Store } from './store.ts';

const configFile = process.argv[2];
if (!configFile) {
  console.error('usage: main.ts <config.json>');
  process.exit(2);
}
const cfg = readServiceConfig(configFile);
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const store = new Store(cfg.dataDir);
const blobs = new Blobs(path.join(cfg.dataDir, 'blobs'));
const now = () => new Date();

const server = createDocumentsServer({ cfg, store, blobs, now, log });
const stopIntake = startIntake(
  {
    intakeDir: cfg.intakeDir,
    exchangeOutDir: cfg.exchangeOutDir,
    maxPackageBytes: cfg.maxPackageBytes,
    makeCtx: () => ({ store, blobs, now, newId: randomUUID, out: [] }),
    log,
  },
  cfg.intakeIntervalMs,
);

server.listen(cfg.port, cfg.host, () => log(`documents service on http://${cfg.host}:${cfg.port}/api/v1/ (intake ${cfg.intakeDir})`));

function shutdown(): void {
  stopIntake();
  server.close(() => {
    store.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
