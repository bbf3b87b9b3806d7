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
    // Loaded from disk by a desktop app, not over a network: one chunk is fine.
    chunkSizeWarningLimit: 4000,
  },
});
