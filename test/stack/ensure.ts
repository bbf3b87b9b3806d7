/**
 * The demo organization's servers for a test run (vitest's and Playwright's
 * global setups): starts them if they are not running, and stops them at the
 * end only if it started them. Exposes stack.json as GOVDESK_STACK_JSON.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORTS, resolvePorts, stackDir, stackPaths } from './config.ts';
import { portOpen } from './proc.ts';
import { isRunning } from './stack.ts';
import { readStackJson } from './stack-json.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO, 'test', 'stack', 'cli.ts');

function cli(command: 'up' | 'down', env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--no-warnings', CLI, command], { stdio: 'inherit', env, cwd: REPO });
  if (r.status !== 0) throw new Error(`test/stack ${command} failed (exit ${r.status})`);
}

/**
 * The first block of ports that is entirely free: another stack (say a
 * developer's, from another checkout) may hold the default one.
 */
async function freePortBase(): Promise<string | undefined> {
  if (process.env.GOVDESK_STACK_PORT_BASE) return process.env.GOVDESK_STACK_PORT_BASE;
  for (let i = 0; i < 8; i++) {
    const base = String(DEFAULT_PORTS.idp + i * 1000);
    const ports = Object.values(resolvePorts({ ...process.env, GOVDESK_STACK_PORT_BASE: base }));
    const busy = await Promise.all(ports.map((p) => portOpen(p)));
    if (!busy.some(Boolean)) return i === 0 ? undefined : base;
  }
  return undefined;
}

export async function ensureStack(): Promise<() => Promise<void>> {
  const paths = stackPaths(stackDir());
  const startedHere = !isRunning(paths);
  if (startedHere) {
    const base = await freePortBase();
    if (base) console.log(`[stack] default ports are taken; starting the test stack with port base ${base}`);
    cli('up', base ? { ...process.env, GOVDESK_STACK_PORT_BASE: base } : process.env);
  } else {
    console.log(`[stack] using the running demo stack in ${paths.root}`);
  }
  // Validates it, and tells the test processes where it is.
  readStackJson(paths.stackJson);
  process.env.GOVDESK_STACK_JSON = paths.stackJson;
  return async () => {
    if (startedHere) cli('down');
  };
}
