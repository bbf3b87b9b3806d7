// How the app looks and reads, checked in a real browser whose own locale is
// US English (the app must not take the browser's): every section scanned by
// axe for serious or critical accessibility problems and photographed in both
// languages for a person to look at (the screenshots are attached to the
// report), no Content-Security-Policy violation anywhere (the component
// library's CSS is static), and the pickers in the app's language.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

test.use({ locale: 'en-US' });

const SECTIONS = ['today', 'mail', 'documents', 'schedule', 'files', 'reminders', 'settings'] as const;

/** Every CSP violation the page reports, and every console line that names one. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const lines: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) lines.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => [...lines, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

async function chooseLanguage(page: Page, label: string, value: 'vi' | 'en'): Promise<void> {
  await page.keyboard.press('Control+7');
  await page.getByRole('combobox', { name: label }).selectOption(value);
  await expect(page.locator('html')).toHaveAttribute('lang', value);
}

test('every section in both languages: no serious accessibility problem, no CSP violation, a screenshot each', async ({ app, page, context }, testInfo) => {
  // Eighteen screens scanned by axe and photographed: minutes on a loaded machine.
  test.setTimeout(360_000);
  const cspViolations = await watchCsp(page);
  await app.open(page);
  await signIn(page, context, 'anh.ntm');
  // The first sync fills mail and the schedule, so the pictures show real screens.
  await page.keyboard.press('Control+2');
  await expect(page.locator('.mail-row').first()).toBeVisible({ timeout: 30_000 });

  /** Scans what is on screen now and attaches its picture; soft, so every screen is still scanned and photographed when one has a problem. */
  const look = async (name: string): Promise<void> => {
    const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = scan.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
    expect.soft(serious, name).toEqual([]);
    await testInfo.attach(`${name}.png`, { body: await page.screenshot(), contentType: 'image/png' });
  };

  for (const lang of ['vi', 'en'] as const) {
    if (lang === 'en') await chooseLanguage(page, 'Ngôn ngữ', 'en');
    const en = lang === 'en';
    for (const [i, section] of SECTIONS.entries()) {
      await page.keyboard.press(`Control+${i + 1}`);
      await expect(page.locator(`[data-page="${section}"]`)).toBeVisible();
      if (section === 'schedule') await expect(page.locator('.week-grid .entry').first()).toBeVisible({ timeout: 30_000 });
      if (section === 'mail') {
        await page.locator('.mail-row').first().click();
        if (lang === 'vi') await expectMailDates(page);
      }
      if (section === 'documents') {
        // A document open beside the list: its fields, timeline and actions are scanned too.
        await page.locator('.doc-row').first().click({ timeout: 30_000 });
        await expect(page.locator('.doc-view')).toBeVisible();
      }
      if (section === 'files') await expect(page.locator('.file-row').first()).toBeVisible({ timeout: 30_000 });
      await look(`${lang}-${i + 1}-${section}`);

      // The screens behind a button: the event form (pickers, invitees, reminders) and the sign-out dialog.
      if (section === 'schedule') {
        await page.getByRole('button', { name: en ? /New event/ : /Sự kiện mới/ }).click();
        await expect(page.getByRole('form', { name: en ? 'New event' : 'Thêm sự kiện' })).toBeVisible();
        await look(`${lang}-${i + 1}-${section}-new-event`);
        await page.getByRole('form', { name: en ? 'New event' : 'Thêm sự kiện' }).getByRole('button', { name: en ? 'Cancel' : 'Hủy' }).click();
      }
      if (section === 'settings') {
        await page.getByRole('button', { name: en ? 'Sign out…' : 'Đăng xuất…' }).click();
        const dialog = page.getByRole('dialog', { name: en ? 'Sign out of Govdesk?' : 'Đăng xuất khỏi Govdesk?' });
        await expect(dialog).toBeVisible();
        await look(`${lang}-${i + 1}-${section}-sign-out`);
        await page.keyboard.press('Escape');
        await expect(dialog).toHaveCount(0);
      }
    }
  }
  expect(await cspViolations()).toEqual([]);
});

test('the pickers speak the app language, not the browser: Vietnamese day first and 24-hour, and they switch with the language', async ({ app, page, context }) => {
  const cspViolations = await watchCsp(page);
  await app.open(page);
  await signIn(page, context, 'anh.ntm');
  await page.keyboard.press('Control+4');
  await page.getByRole('button', { name: /Sự kiện mới/ }).click();
  const form = page.getByRole('form', { name: 'Thêm sự kiện' });
  const date = form.getByRole('textbox', { name: 'Ngày', exact: true });
  const iso = await page.locator('.week-range').getAttribute('data-anchor');
  const [y, m, d] = iso!.split('-') as [string, string, string];
  await expect(date).toHaveValue(`${d}/${m}/${y}`);
  // 24-hour: hours and minutes, no AM/PM field.
  await expect(form.getByRole('spinbutton', { name: 'Từ: giờ', exact: true })).toHaveValue('08');
  await expect(form.getByRole('spinbutton', { name: 'Đến: giờ', exact: true })).toHaveValue('09');
  await expect(form.locator('[data-time-field]').first()).toHaveAttribute('data-format', '24h');
  await setHours(form.getByRole('spinbutton', { name: 'Đến: giờ', exact: true }), '17');
  await expect(form.getByRole('spinbutton', { name: 'Đến: giờ', exact: true })).toHaveValue('17');
  // Typed day first, as written here: 25/12 is Christmas, not the 12th of the 25th month.
  await date.fill(`25/12/${y}`);
  await date.press('Escape');
  await date.blur();
  await expect(date).toHaveValue(`25/12/${y}`);
  // The calendar opens in Vietnamese, weeks from Monday.
  await date.click();
  const dropdown = page.locator('.mantine-DateInput-dropdown, .mantine-Popover-dropdown').first();
  await expect(dropdown).toContainText(/[Tt]háng 12/);
  await expect(dropdown.locator('thead th').first()).toHaveText(/T2|Th 2/);
  await expect(page.getByTestId('status-sync')).toHaveText(/^Đồng bộ lần cuối: \d{2}:\d{2}$/);
  await date.press('Escape');
  await form.getByRole('button', { name: 'Hủy' }).click();

  // The same form in English: the date written as English readers do, the time with AM/PM.
  await chooseLanguage(page, 'Ngôn ngữ', 'en');
  await page.keyboard.press('Control+4');
  await page.getByRole('button', { name: /New event/ }).click();
  const en = page.getByRole('form', { name: 'New event' });
  await expect(en.getByRole('textbox', { name: 'Date', exact: true })).toHaveValue(new RegExp(`^${Number(d)} [A-Z][a-z]{2} ${y}$`));
  await expect(en.locator('[data-time-field]').first()).toHaveAttribute('data-format', '12h');
  await expect(en.getByRole('textbox', { name: 'From: AM/PM' }).or(en.getByRole('combobox', { name: 'From: AM/PM' }))).toBeVisible();
  // The status bar's time follows the language too: today's sync by its time alone.
  await expect(page.getByTestId('status-sync')).toHaveText(/^Last sync: \d{1,2}:\d{2}\s?[ap]m$/i);
  expect(await cspViolations()).toEqual([]);
});

async function setHours(field: import('@playwright/test').Locator, value: string): Promise<void> {
  await field.fill(value);
}

/** Today's mail by its time alone, older mail by its date (day first); the open message's date line date first. */
async function expectMailDates(page: Page): Promise<void> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(Date.now());
  const rows = await page.locator('.mail-row time').evaluateAll((els) => els.map((e) => [e.getAttribute('datetime') ?? '', e.textContent ?? '']));
  expect(rows.length).toBeGreaterThan(0);
  for (const [iso, text] of rows) {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(Date.parse(iso!));
    expect(text, iso).toMatch(day === today ? /^\d{2}:\d{2}$/ : /^\d{2}\/\d{2}\/\d{4}$/);
  }
  await expect(page.locator('.mail-reader dd time')).toHaveText(/^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}$/);
  // A row names its whole subject on hover, however narrow the list.
  const first = page.locator('.mail-row').first();
  expect(await first.getAttribute('title')).toContain(await page.locator('.mail-reader h2').innerText());
}
