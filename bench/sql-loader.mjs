// Node module hook: `.sql` migrations import as their text, as esbuild's text
// loader (scripts/build.ts) and vitest's plugin (vitest.config.ts) do. tsx
// has no such loader, so a benchmark that opens a real cache registers this
// first:  register('./sql-loader.mjs', import.meta.url)  and then imports the
// core dynamically.
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  if (url.endsWith('.sql')) {
    const text = await readFile(new URL(url), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
