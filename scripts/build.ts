// Builds the bundles: main and preload (CommonJS for Electron: a sandboxed
// window cannot load an ES-module preload), the headless host (CommonJS for
// Node), and the renderer (Vite). Worker threads are entries of their own,
// emitted beside the bundle that starts them (mail-index-worker.cjs beside
// main.cjs and host.cjs). Needs no Electron binary.
import { build } from 'esbuild';
import { nodeBundleOptions, workerEntries } from './bundle-options';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';

const only = process.argv[2];
const common = nodeBundleOptions;

async function buildNode(): Promise<void> {
  await Promise.all([
    build({ ...common, entryPoints: { main: 'electron/main.ts', ...workerEntries }, outdir: 'dist/main', format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
    // A sandboxed preload can require nothing but electron: bundle all of it.
    build({ ...common, packages: 'bundle', entryPoints: { preload: 'electron/preload.ts' }, outdir: 'dist/preload', format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'], platform: 'browser' }),
    build({ ...common, entryPoints: { host: 'electron/host/main.ts', ...workerEntries }, outdir: 'dist/host', format: 'cjs', outExtension: { '.js': '.cjs' } }),
  ]);
}

async function buildRenderer(): Promise<void> {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}

if (!only) rmSync('dist', { recursive: true, force: true });
if (!only || only === 'node') await buildNode();
if (!only || only === 'renderer') await buildRenderer();
process.stdout.write(`built ${only ?? 'main, preload, host, renderer'} into dist/\n`);
