// The e2e specs drive the built app against the demo stack: refuse a missing
// build, and start the stack when it is not running (stopped again at the end).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStack } from '../stack/ensure.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  for (const file of ['dist/host/host.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does).`);
  }
  return ensureStack();
}
