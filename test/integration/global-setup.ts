/**
 * vitest global setup for the integration tests: the demo organization's
 * servers (test/stack). Starts them if they are not running, and stops them at
 * the end only if it started them. Exposes stack.json as GOVDESK_STACK_JSON.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackDir, stackPaths } from '../stack/config.ts';
import { isRunning } from '../stack/stack.ts';
import { readStackJson } from '../stack/stack-json.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO, 'test', 'stack', 'cli.ts');

function cli(command: 'up' | 'down'): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--no-warnings', CLI, command], { stdio: 'inherit', env: process.env, cwd: REPO });
  if (r.status !== 0) throw new Error(`test/stack ${command} failed (exit ${r.status})`);
}

export default async function setup(): Promise<() => Promise<void>> {
  const paths = stackPaths(stackDir());
  const startedHere = !isRunning(paths);
  if (startedHere) cli('up');
  else console.log(`[stack] using the running demo stack in ${paths.root}`);
  // Validates it, and tells the test processes where it is.
  readStackJson(paths.stackJson);
  process.env.GOVDESK_STACK_JSON = paths.stackJson;
  return async () => {
    if (startedHere) cli('down');
  };
}
