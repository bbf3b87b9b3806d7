import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { mantineThemeCss } from './scripts/mantine-theme-css.ts';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), mantineThemeCss()],
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
        // zod and the module that turns its eval probe off (zod-config.ts) in a
        // chunk of their own, which every chunk using zod imports: so the
        // setting holds before any module of another chunk parses with zod
        // (the CSP refuses eval and would report the probe).
        manualChunks: (id) => (/[\\/]node_modules[\\/]zod[\\/]/.test(id) || /renderer[\\/]src[\\/]zod-config\.ts$/.test(id) ? 'zod' : undefined),
      },
    },
  },
});
