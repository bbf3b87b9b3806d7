import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mantineThemeCss } from './scripts/mantine-theme-css.ts';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), mantineThemeCss()],
  // zod with its eval probe turned off (renderer/src/zod-jitless.ts); that module itself imports zod/v4.
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./renderer/src/zod-jitless.ts', import.meta.url)) }] },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Inline assets would need data: in script/style CSP; keep every asset a file.
    assetsInlineLimit: 0,
    target: 'chrome130',
    // Loaded from disk by a desktop app, not over a network: large chunks are
    // fine. Sections other than Today are split off (shell/section-pages.tsx).
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      output: {
        // zod and the module that turns its eval probe off (zod-jitless.ts) in
        // a chunk of their own, loaded with the first screen that uses zod.
        manualChunks: (id) => (/[\\/]node_modules[\\/]zod[\\/]/.test(id) || /renderer[\\/]src[\\/]zod-jitless\.ts$/.test(id) ? 'zod' : undefined),
      },
    },
  },
});
