// `npm run bench [filter]`: runs every bench/*.bench.ts (or those whose name
// contains the filter), one after another, each printing JSON lines in the
// format of BENCH.md. Benchmarks report; they never fail the suite.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

if (files.length === 0) console.error(`no benchmark matches "${filter}"`);
for (const file of files) {
  console.error(`# ${file}`);
  const r = spawnSync(process.execPath, [join(here, '..', 'node_modules', '.bin', 'tsx'), join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`# ${file} ended with exit ${r.status}: its figures above are incomplete`);
}
