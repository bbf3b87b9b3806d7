// `npm start` / `npm run demo`: the demo organization's servers (test/stack),
// then Govdesk configured for it. Electron where its binary exists or can be
// fetched now; otherwise the headless host, with its address printed.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ELECTRON_DIR, electronBinary } from './electron-binary';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { 'no-stack': { type: 'boolean', default: false }, host: { type: 'boolean', default: false } } });

function run(what: string, args: string[], timeoutMs?: number): boolean {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', ...(timeoutMs ? { timeout: timeoutMs } : {}) });
  if (r.status !== 0) console.error(`${what} failed (${r.error?.message ?? `exit ${r.status}`})`);
  return r.status === 0;
}

const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

if (!run('build', [tsx, 'scripts/build.ts'])) process.exit(1);

let org = process.env.GOVDESK_ORG_CONFIG;
if (!org && !values['no-stack']) {
  console.log('Starting the demo organization (test/stack): identity provider, mail, calendar, files…');
  if (!run('the demo stack', [tsx, 'test/stack/cli.ts', 'up'])) process.exit(1);
  org = join(process.env.GOVDESK_STACK_DIR ?? join(ROOT, '.stack'), 'stack.json');
}

let binary = values.host ? null : electronBinary();
if (!binary && !values.host) {
  // npm ci leaves the electron package's download script off (see allowScripts):
  // run it now, where this machine can reach the download.
  console.log('No Electron binary yet: trying to fetch it (the electron package\'s own install script)…');
  const fetched = spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  binary = electronBinary();
  if (!binary) {
    // Its stack trace says nothing a newcomer needs: its first line says why.
    const why = `${fetched.stderr ?? ''}${fetched.stdout ?? ''}`.split('\n').find((l) => l.trim()) ?? fetched.error?.message ?? 'unknown reason';
    console.log(`  could not fetch Electron: ${why.trim()}`);
  }
}

// The headless host is a development tool: its key-file secret store runs only with NODE_ENV=development.
const env = { ...process.env, ...(org ? { GOVDESK_ORG_CONFIG: org } : {}) };
const hostEnv = { NODE_ENV: 'development', ...env };
if (binary) {
  // Chromium refuses its sandbox to root without this; a normal user keeps it.
  const args = [join(ROOT, 'dist', 'main', 'main.cjs'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  const child = spawn(binary, args, { cwd: ROOT, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!values.host) {
    console.log(
      '\nThe Electron binary is not available on this machine (its download is blocked here).\n' +
        'Starting the headless host instead: the same app core, the UI in your browser.\n',
    );
  }
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'host', 'host.cjs'), ...(org ? ['--org', org] : [])], { cwd: ROOT, stdio: 'inherit', env: hostEnv });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
