// The e2e specs drive the built app: refuse to run against a stale or missing build.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export default function globalSetup(): void {
  const root = join(import.meta.dirname, '..', '..');
  for (const file of ['dist/host/host.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does).`);
  }
}
