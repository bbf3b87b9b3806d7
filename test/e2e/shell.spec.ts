import { expect, test } from './fixtures';

// The shell itself, before any organization is configured.
test.use({ withOrganization: false });

test('the shell loads in Vietnamese with the six jobs and Settings', async ({ app, page }) => {
  await app.open(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  const nav = page.getByRole('navigation', { name: 'Các mục công việc' });
  for (const name of ['Hôm nay', 'Thư điện tử', 'Văn bản', 'Lịch công tác', 'Tệp tin', 'Nhắc việc', 'Cài đặt']) {
    await expect(nav.getByRole('button', { name })).toBeVisible();
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hôm nay');
  await expect(page.getByTestId('status-connection')).toHaveText('Chưa kết nối');
});

test('sections are reachable by keyboard alone', async ({ app, page }) => {
  await app.open(page);
  const nav = page.getByRole('navigation', { name: 'Các mục công việc' });
  await nav.getByRole('button', { name: 'Hôm nay' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: 'Thư điện tử' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thư điện tử');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lịch công tác');
  await page.keyboard.press('Control+7');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cài đặt');
});

test('switching to English persists across a restart of the app', async ({ app, page }) => {
  await app.open(page);
  await page.keyboard.press('Control+7');
  await page.getByLabel('Ngôn ngữ', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await app.restart();
  await app.open(page);
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Mail' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a value the core refuses shows a clear error naming the field, and nothing is saved', async ({ app, page }) => {
  await app.open(page);
  await page.keyboard.press('Control+7');
  const days = page.getByLabel('Số ngày thư được tải sẵn nội dung để đọc ngoại tuyến');
  await days.fill('1000');
  await page.getByRole('button', { name: 'Lưu' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Giá trị nhập vào không hợp lệ');
  await expect(alert).toContainText('mailBodyWindowDays');
  await expect(alert).toHaveAttribute('data-code', 'call.invalid_params');

  await app.restart();
  await app.open(page);
  await page.keyboard.press('Control+7');
  await expect(page.getByLabel('Số ngày thư được tải sẵn nội dung để đọc ngoại tuyến')).toHaveValue('30');
});

test('the Content-Security-Policy forbids inline script', async ({ app, page }) => {
  const response = await page.goto(app.host.url);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  await expect(page.locator('.shell')).toBeVisible();

  const violation = page.evaluate(
    () => new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true })),
  );
  await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => undefined);
  expect(await violation).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});
