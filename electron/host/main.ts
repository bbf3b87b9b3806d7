// `npm run host`: Govdesk's core under plain Node, the UI in any browser.
// Prints the address to open; with GOVDESK_MACHINE_LINES=1 also
// `GOVDESK_HOST_READY <url>` and the other lines the e2e fixture reads.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Core } from '../core/core';
import { defaultDownloadFolder, folderSaveTargets, nodePlatform, systemOpenPath } from '../core/platform';
import { defaultDataDir, defaultHostPort, machineLines } from './defaults';
import { startHostServer, type HostServer } from './server';
import { listenForClockLines, testClockFromEnv } from './test-clock';

/** How long the core waits for a browser to fetch the page before it is made anyway. */
const CORE_AT_LATEST_MS = 300;

function appVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      org: { type: 'string', default: process.env.GOVDESK_ORG_CONFIG },
      policy: { type: 'string', default: process.env.GOVDESK_POLICY },
      renderer: { type: 'string' },
      secret: { type: 'string' },
    },
  });
  // The bundle (CommonJS) lives in dist/host/; the project root is two levels up.
  const root = resolve(__dirname, '..', '..');
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir(process.env, root);
  const port = values.port !== undefined ? Number(values.port) : defaultHostPort(process.env);
  const machine = machineLines(process.env);
  const rendererDir = resolve(values.renderer ?? join(root, 'dist', 'renderer'));
  const downloads = resolve(defaultDownloadFolder(process.env));

  // The platform is made before the server it forwards links to.
  const host: { server?: HostServer } = {};
  // e2e only (GOVDESK_TEST_CLOCK=1 under NODE_ENV=test): a clock the fixture moves forward through stdin.
  const clock = testClockFromEnv(process.env);
  if (clock) {
    process.stderr.write(`Govdesk host: test clock, ${clock.offsetMs()} ms ahead of the real one\n`);
    listenForClockLines(clock, process.stdin, machine);
  }
  const platform = nodePlatform({
    userData: dataDir,
    appVersion: appVersion(root),
    ...(clock ? { clock } : {}),
    openExternal: async (url) => {
      machine(`GOVDESK_OPEN_EXTERNAL ${url}`);
      host.server?.openExternal(url);
    },
    // The host runs on the user's own machine: a file is handed to the desktop's
    // opener as in the app, and said on a machine line. GOVDESK_HOST_OPENER=none
    // (the e2e fixture) keeps a shared test machine from starting applications.
    openPath: async (path) => {
      machine(`GOVDESK_OPEN_PATH ${path}`);
      if (process.env.GOVDESK_HOST_OPENER === 'none') return;
      await systemOpenPath(path);
    },
    notify: (n) => machine(`GOVDESK_NOTIFY ${JSON.stringify(n)}`),
    setBadge: (n) => machine(`GOVDESK_BADGE ${n}`),
    // No native dialog can open in the browser showing the page: downloads go to one folder, said below.
    saveTargets: folderSaveTargets(downloads),
  });
  // The server listens before the core is loaded and made: the browser loads
  // and parses the page's bundle while the core's code (its features, their
  // schemas and libraries, a hundred milliseconds and more) loads and the
  // account's cache opens; the page's first calls wait for the core
  // (server.ts). Loading and making the core hold the loop: they start once
  // the page and its scripts have gone out, so that the browser's work and
  // the core's run side by side, or shortly after the address is out when no
  // browser comes. An organization or policy file that cannot be read still
  // stops the host, with the reason, right after the address.
  let coreMade: (core: Core) => void = () => undefined;
  let coreFailed: (err: unknown) => void = () => undefined;
  const coreReady = new Promise<Core>((resolve, reject) => {
    coreMade = resolve;
    coreFailed = reject;
  });
  // Nothing waits on it when the host stops first: not an unhandled rejection.
  coreReady.catch(() => undefined);
  const server = await startHostServer(coreReady, { port, rendererDir, ...(values.secret ? { secret: values.secret } : {}) });

  host.server = server;
  if (process.env.GOVDESK_QUIET !== '1') {
    process.stdout.write(`Govdesk is ready. Open this address in Chromium or Firefox:\n\n    ${server.launchUrl}\n\n  (headless host, for development and tests only; its data: ${dataDir};\n   downloads from Files are saved in ${downloads}, GOVDESK_DOWNLOAD_DIR changes it)\n`);
  }
  machine(`GOVDESK_HOST_READY ${server.launchUrl}`);

  let core: Core;
  await Promise.race([server.startFilesServed, new Promise((resolve) => setTimeout(resolve, CORE_AT_LATEST_MS))]);
  try {
    const [{ createCore }, { loadOrganizationFile, loadPolicyFile }] = await Promise.all([import('../core/core'), import('../core/config/files')]);
    core = createCore(platform, { organization: values.org ? loadOrganizationFile(values.org) : null, policy: loadPolicyFile(values.policy) });
  } catch (err) {
    coreFailed(err);
    await server.close();
    throw err;
  }
  coreMade(core);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void server.close().finally(() => {
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Govdesk host could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
