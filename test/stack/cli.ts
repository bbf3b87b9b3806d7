/**
 * The demo organization's command line:
 *   npx tsx test/stack/cli.ts up|down|status|seed [--mail N] [--documents N] [--week YYYY-MM-DD] [--port-base N]
 * Data folder: .stack/ at the repo root, or GOVDESK_STACK_DIR.
 */
import { parseArgs } from 'node:util';
import { existsSync, realpathSync } from 'node:fs';
import { prepareStackDir, resolvePorts, stackDir, stackPaths } from './config.ts';
import { seedBenchmark, seedBenchmarkDocumentsCli, seedDemo, seedIfNeeded } from './seed/index.ts';
import { withLock } from './proc.ts';
import { down, isRunning, serviceStatus, up } from './stack.ts';
import { readStackJson } from './stack-json.ts';

const USAGE = `usage: npx tsx test/stack/cli.ts <command> [options]

commands:
  up        install missing Debian packages, start every server, seed on first start
  down      stop exactly the processes that up started
  status    show what runs, and where
  seed      (re)write the demo data for a week; with --mail N / --documents N, fill the benchmark account

options:
  --week YYYY-MM-DD   the week the demo data is about (default: this week)
  --mail N            seed: N messages into the benchmark account's folder
  --documents N       seed: N documents into the benchmark account's queue of the document service
  --port-base N       shift every default port so the IdP gets N (default 47100)

environment: GOVDESK_STACK_DIR (data folder), GOVDESK_STACK_PORT_BASE, GOVDESK_STACK_PORT_<NAME>`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      week: { type: 'string' },
      mail: { type: 'string' },
      documents: { type: 'string' },
      'port-base': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  // The servers' users (nobody, www-data, dovecot) must read what we write.
  process.umask(0o022);
  const dir = stackDir();
  const paths = stackPaths(command === 'up' || command === 'seed' ? prepareStackDir(dir) : existsSync(dir) ? realpathSync(dir) : dir);
  const lockFile = `${paths.run}/cli.lock`;
  const week = values.week;
  if (week !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(week)) throw new Error(`--week wants YYYY-MM-DD, got ${week}`);

  switch (command) {
    case 'up': {
      const ports = resolvePorts(process.env, values['port-base']);
      await withLock(lockFile, 'up', () => up(paths, { ports, seed: (p) => seedIfNeeded(p, { week }) }));
      return 0;
    }
    case 'down':
      if (existsSync(paths.root)) await withLock(lockFile, 'down', () => down(paths));
      else await down(paths);
      return 0;
    case 'status': {
      const st = serviceStatus(paths);
      for (const s of st) console.log(`  ${s.name.padEnd(9)} ${s.running ? `running (pid ${s.pid})` : 'stopped'}`);
      if (isRunning(paths)) {
        const stack = readStackJson(paths.stackJson);
        console.log(`The demo stack is running. stack.json: ${paths.stackJson}`);
        console.log(`  issuer   ${stack.issuer}`);
        console.log(`  IMAP     ${stack.services.imap.host}:${stack.services.imap.port}   SMTP ${stack.services.smtp.host}:${stack.services.smtp.port}`);
        console.log(`  CalDAV   ${stack.services.caldav.url}`);
        console.log(`  WebDAV   ${stack.services.webdav.url}`);
        console.log(`  documents ${stack.services.documents.url} (intake ${stack.services.documents.intakeDir})`);
        return 0;
      }
      console.log(st.some((s) => s.running) ? 'The demo stack is partly running: run down, then up.' : 'The demo stack is not running.');
      return 3;
    }
    case 'seed': {
      const mail = values.mail;
      const documents = values.documents;
      if (documents !== undefined) {
        const n = Number(documents);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--documents wants a count, got ${documents}`);
        await withLock(lockFile, 'seed', async () => {
          await seedIfNeeded(paths, { week });
          await seedBenchmarkDocumentsCli(paths, n);
        });
      }
      if (mail !== undefined) {
        const n = Number(mail);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--mail wants a count, got ${mail}`);
        await withLock(lockFile, 'seed', async () => {
          await seedIfNeeded(paths, { week });
          await seedBenchmark(paths, n);
        });
      } else if (documents === undefined) {
        await withLock(lockFile, 'seed', () => seedDemo(paths, { week }));
      }
      return 0;
    }
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
