// The same checks against the real Electron app, through Playwright's
// _electron. This machine may have no Electron binary (its download is
// refused here); the spec then says so plainly instead of passing silently.
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electron-binary';

const binary = electronBinary();
const ROOT = join(import.meta.dirname, '..', '..');

test.describe('the real Electron app', () => {
  test.skip(!binary, 'SKIPPED: no Electron binary on this machine (its download is blocked here); the same shell specs ran on the headless host.');

  test('opens a sandboxed window with the shell in Vietnamese and exposes only window.govdesk', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'govdesk-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(ROOT, 'dist', 'main', 'main.cjs'), '--no-sandbox'],
      env: { ...process.env, GOVDESK_USER_DATA: userData, GOVDESK_POLICY: join(userData, 'none.json') },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hôm nay');
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { govdesk: object }).govdesk).sort())).toEqual(['invoke', 'subscribe']);
      // Navigation away from the app is refused by the shell.
      await page.evaluate(() => {
        window.location.href = 'https://example.invalid/';
      });
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hôm nay');
      await page.keyboard.press('Control+7');
      await page.getByLabel('Ngôn ngữ').selectOption('en');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
