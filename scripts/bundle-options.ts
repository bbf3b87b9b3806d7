// What every Node bundle of the core shares (scripts/build.ts, and the mail
// benchmark's driver, which must run the core the way the shipped app does).
import type { BuildOptions } from 'esbuild';

export const nodeBundleOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  loader: { '.sql': 'text' },
  logLevel: 'warning',
  // Native and heavy runtime packages stay in node_modules, resolved at run time.
  packages: 'external',
  // The core finds files beside itself by import.meta.dirname (ESM under
  // tsx and vitest); in a CommonJS bundle that is the bundle's own folder.
  define: { 'import.meta.dirname': '__dirname' },
};

/** Worker threads: entries of their own, emitted beside each bundle whose core starts them (electron/core/mail/indexer.ts). */
export const workerEntries: Record<string, string> = { 'mail-index-worker': 'electron/core/mail/index-worker.ts', 'documents-pdf-text-worker': 'electron/core/documents/pdf-text-worker.ts' };
