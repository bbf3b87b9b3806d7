// `npm run bench [filter]`: runs every bench/*.bench.ts (or those whose name
// contains the filter), one after another, each printing JSON lines in the
// format of BENCH.md. Benchmarks report; they never fail the suite.
// The demo stack is started when it is not running (and stopped again at the
// end); its own output goes to stderr, so stdout stays JSON lines only.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stackDir, stackPaths } from '../test/stack/config';
import { isRunning } from '../test/stack/stack';

const here = import.meta.dirname;
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

function stack(command: 'up' | 'down'): boolean {
  const r = spawnSync(process.execPath, [tsx, join(here, '..', 'test', 'stack', 'cli.ts'), command], { stdio: ['ignore', process.stderr, process.stderr] });
  return r.status === 0;
}

const startedHere = files.length > 0 && !isRunning(stackPaths(stackDir()));
if (startedHere && !stack('up')) console.error('# the demo stack did not start: benchmarks that need it say so and report what they can');

if (files.length === 0) console.error(`no benchmark matches "${filter}"`);
for (const file of files) {
  console.error(`# ${file}`);
  const r = spawnSync(process.execPath, [tsx, join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`# ${file} ended with exit ${r.status}: its figures above are incomplete`);
}
if (startedHere) stack('down');
