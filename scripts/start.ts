// `npm start` / `npm run demo`: the demo organization's servers (test/stack),
// then Govdesk configured for it. Electron where its binary exists or can be
// fetched now; otherwise the headless host. It prints what a person needs
// (the servers, the address to open, the demo accounts, how to stop) and
// nothing else: the build's and the servers' own output only when they fail.
// Ctrl+C stops the app, and the demo servers if this command started them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readStackJson } from '../test/stack/stack-json.ts';
import { ELECTRON_DIR, electronBinary } from './electron-binary';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { 'no-stack': { type: 'boolean', default: false }, host: { type: 'boolean', default: false } } });
const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs a step with its output kept; shown only if it fails. */
function step(what: string, args: string[], timeoutMs?: number): boolean {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', ...(timeoutMs ? { timeout: timeoutMs } : {}) });
  if (r.status === 0) return true;
  process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  console.error(`\n${what} failed (${r.error?.message ?? `exit ${r.status}`}); its output is above.`);
  return false;
}

console.log('Govdesk: building…');
if (!step('The build', [tsx, 'scripts/build.ts'])) process.exit(1);

let org = process.env.GOVDESK_ORG_CONFIG;
let startedStack = false;
if (!org && !values['no-stack']) {
  const running = spawnSync(process.execPath, [tsx, 'test/stack/cli.ts', 'status'], { cwd: ROOT, encoding: 'utf8' }).status === 0;
  if (!running) {
    console.log('Starting the demo organization\'s servers (the first time also installs their Debian packages)…');
    if (!step('Starting the demo servers', [tsx, 'test/stack/cli.ts', 'up'])) process.exit(1);
    startedStack = true;
  }
  org = join(process.env.GOVDESK_STACK_DIR ?? join(ROOT, '.stack'), 'stack.json');
  const stack = readStackJson(org);
  console.log(`\nThe demo organization "${stack.organization.name}" ${startedStack ? 'is running' : 'was already running'}, on this computer only:`);
  console.log(`  sign-in (identity provider)  ${stack.issuer}`);
  console.log(`  mail                         IMAP ${stack.services.imap.host}:${stack.services.imap.port}, SMTP ${stack.services.smtp.host}:${stack.services.smtp.port}`);
  console.log(`  calendars                    ${stack.services.caldav.url}`);
  console.log(`  files                        ${stack.services.webdav.url}`);
}

async function stopStack(): Promise<void> {
  if (!startedStack) return;
  console.log('Stopping the demo servers…');
  step('Stopping the demo servers', [tsx, 'test/stack/cli.ts', 'down']);
}

function accounts(): void {
  if (!org) return;
  const stack = readStackJson(org);
  const people = stack.accounts.filter((a) => a.username !== stack.benchmark.username);
  const passwords = [...new Set(people.map((a) => a.password))];
  console.log(passwords.length === 1 ? `\nSign in with any demo account; every password is ${passwords[0]}` : '\nSign in with any demo account:');
  for (const a of people) console.log(`  ${a.username.padEnd(10)} ${a.name} (${a.title})${passwords.length === 1 ? '' : `  password ${a.password}`}`);
}

let binary = values.host ? null : electronBinary();
if (!binary && !values.host) {
  // npm ci leaves the electron package's download script off (see allowScripts): try it now, quietly.
  spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  binary = electronBinary();
  if (!binary) console.log('\nElectron could not be downloaded on this machine, so Govdesk runs in your browser instead (the same app).');
}

const env = { ...process.env, ...(org ? { GOVDESK_ORG_CONFIG: org } : {}) };
// The headless host is a development tool: its key-file secret store runs only with NODE_ENV=development.
const hostEnv = { NODE_ENV: 'development', ...env };
let child: ChildProcess;
if (binary) {
  // Chromium refuses its sandbox to root without this; a normal user keeps it.
  const args = [join(ROOT, 'dist', 'main', 'main.cjs'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  child = spawn(binary, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env });
  console.log('\nGovdesk is open in its own window.');
  accounts();
  console.log('\nTo stop: close the window, or press Ctrl+C here.');
} else {
  // The host's machine lines come to us (never to the terminal): we print the address once, ourselves.
  child = spawn(process.execPath, [join(ROOT, 'dist', 'host', 'host.cjs'), ...(org ? ['--org', org] : [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...hostEnv, GOVDESK_MACHINE_LINES: '1', GOVDESK_QUIET: '1' },
  });
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const ready = /^GOVDESK_HOST_READY (\S+)/.exec(line);
      if (!ready) continue;
      console.log(`\nGovdesk is ready. Open this address in Chromium or Firefox:\n\n    ${ready[1]}\n`);
      accounts();
      console.log('\nTo stop: press Ctrl+C here (the demo servers this command started stop too).');
    }
  });
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\n');
  if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => {
  void stopStack().then(() => process.exit(stopping ? 0 : (code ?? 0)));
});
