// The same checks against the real Electron app, through Playwright's
// _electron. This machine may have no Electron binary (its download is
// refused here); the spec then says so plainly instead of passing silently.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electron-binary';

const binary = electronBinary();
const ROOT = join(import.meta.dirname, '..', '..');

/** The built app in a fresh profile, with no organization policy. */
async function launch() {
  const userData = mkdtempSync(join(tmpdir(), 'govdesk-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(ROOT, 'dist', 'main', 'main.cjs'), '--no-sandbox'],
    env: { ...process.env, GOVDESK_USER_DATA: userData, GOVDESK_POLICY: join(userData, 'none.json') },
  });
  return { app, userData };
}

test.describe('the real Electron app', () => {
  test.skip(!binary, 'SKIPPED: no Electron binary on this machine (its download is blocked here); the same shell specs ran on the headless host.');

  test('opens a sandboxed window with the shell in Vietnamese and exposes only window.govdesk', async () => {
    const { app, userData } = await launch();
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
      await page.getByLabel('Ngôn ngữ', { exact: true }).selectOption('en');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('"Xuất PDF" prints the window with printToPDF and writes the file where the save dialog says', async () => {
    const out = mkdtempSync(join(tmpdir(), 'govdesk-pdf-out-'));
    const target = join(out, 'lich-cong-tac.pdf');
    const { app, userData } = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hôm nay');
      // The save dialog is the one thing a test cannot click: answer it in the main process,
      // and keep the name it was offered.
      await app.evaluate(({ dialog }, file) => {
        const g = globalThis as unknown as { offered?: string };
        const answer = async (...args: unknown[]) => {
          const opts = args.find((a): a is { defaultPath?: string } => typeof a === 'object' && a !== null && 'defaultPath' in a);
          g.offered = opts?.defaultPath;
          return { canceled: false, filePath: file };
        };
        Object.assign(dialog, { showSaveDialog: answer });
      }, target);
      const result = await page.evaluate(() => (window as unknown as { govdesk: { invoke(n: string, p: unknown): Promise<unknown> } }).govdesk.invoke('calendar.exportWeekPdf', { date: '2026-12-01' }));
      expect(result).toEqual({ ok: true, result: { saved: true, path: target, fileName: 'lich-cong-tac.pdf' } });
      expect(await app.evaluate(() => (globalThis as unknown as { offered?: string }).offered)).toMatch(/lich-cong-tac-tuan-2026-W49\.pdf$/);
      expect(existsSync(target)).toBe(true);
      const pdf = readFileSync(target);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // A4 landscape: about 842 × 595 points (Chromium writes e.g. [0 0 841.91998 594.95996]).
      const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      expect(box).not.toBeNull();
      expect(Math.abs(Number(box![1]) - 842)).toBeLessThan(2);
      expect(Math.abs(Number(box![2]) - 595)).toBeLessThan(2);
      // Written atomically: nothing else is left beside it.
      expect(readdirSync(out)).toEqual(['lich-cong-tac.pdf']);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});

