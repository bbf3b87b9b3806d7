// Every test gets a fresh data folder and its own host; the host's output and
// the page's console are attached to any test that fails.
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type HostOptions, type HostProcess } from './host';

export interface AppFixture {
  dataDir: string;
  host: HostProcess;
  /** The organization file the host was started with (the demo stack's stack.json), if any. */
  org: string | undefined;
  /** Stops the host and starts a new one on the same data folder (a restart of the app). */
  restart(extra?: Partial<HostOptions>): Promise<HostProcess>;
  /** Opens the shell page of the current host and waits until it has drawn. */
  open(page: Page): Promise<void>;
}

export const test = base.extend<{ app: AppFixture; consoleLines: string[]; withOrganization: boolean; testClock: boolean }>({
  /** Start the host with the demo organization (when the stack runs); false: an unconfigured app. */
  withOrganization: [true, { option: true }],
  /** Run the host on a clock the spec moves forward (`app.host.advanceClock`); the real clock otherwise. */
  testClock: [false, { option: true }],
  consoleLines: async ({ page }, use) => {
    const lines: string[] = [];
    page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
    await use(lines);
  },
  app: async ({ consoleLines, withOrganization, testClock }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'govdesk-e2e-'));
    const stackJson = process.env.GOVDESK_STACK_JSON;
    if (withOrganization && !(stackJson && existsSync(stackJson))) {
      throw new Error('the demo stack is not running (GOVDESK_STACK_JSON): the e2e global setup starts it');
    }
    const org = withOrganization ? stackJson : undefined;
    const outputs: string[][] = [];
    let host = await startHost({ dataDir, ...(org ? { org } : {}), ...(testClock ? { testClock: { offsetMs: 0 } } : {}) });
    outputs.push(host.output);
    const fixture: AppFixture = {
      dataDir,
      org,
      get host() {
        return host;
      },
      async restart(extra = {}) {
        // The app's clock goes on from where it was: a restart never turns time back.
        const clock = testClock ? { testClock: { offsetMs: host.clockOffsetMs } } : {};
        await host.stop();
        host = await startHost({ dataDir, ...(org ? { org } : {}), ...clock, ...extra });
        outputs.push(host.output);
        return host;
      },
      async open(page) {
        await page.goto(host.url);
        await expect(page.locator('.shell, .signin')).toBeVisible();
      },
    };
    await use(fixture);
    await host.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('host-output', { body: outputs.map((o) => o.join('\n')).join('\n--- restart ---\n'), contentType: 'text/plain' });
      await testInfo.attach('console', { body: consoleLines.join('\n'), contentType: 'text/plain' });
    }
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };
