import { defineConfig, type Plugin } from 'vitest/config';

// Migrations are .sql files imported as text, as esbuild's text loader does for the bundles.
const sqlAsText: Plugin = {
  name: 'sql-as-text',
  transform(code, id) {
    return id.endsWith('.sql') ? { code: `export default ${JSON.stringify(code)};`, map: null } : null;
  },
};

export default defineConfig({
  plugins: [sqlAsText],
  test: {
    // better-sqlite3 is a native addon: forks keep each file in its own process.
    pool: 'forks',
    projects: [
      {
        plugins: [sqlAsText],
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 15_000 },
      },
      {
        plugins: [sqlAsText],
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // The servers are shared: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
