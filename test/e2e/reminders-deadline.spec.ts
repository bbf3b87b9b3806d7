// A document deadline's reminder says which lead it is (issue 17 with 15):
// the clerk's seeded hỏa tốc document, arrived today and due in two days, is
// listed in the Reminders section as "Hỏa tốc · Còn N ngày đến hạn xử lý: …"
// (or "Đến hạn xử lý hôm nay" where its lead landed so), whether the lead has
// rung yet or not by the time of day the spec runs.
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

const CLERK = 'dung.pt';

test('a deadline reminder in the Reminders section names its urgency and how far off the deadline is', async ({ app, page, context }) => {
  await app.open(page);
  await signIn(page, context, CLERK);
  await page.locator('.sidebar').getByRole('button', { name: /Nhắc việc/ }).click();
  // Its "new document" reminder is listed too, under its plain title; the deadline's are worded.
  const rows = page.locator('[data-page="reminders"] .reminder-row', { hasText: 'nền tảng trợ lý ảo' });
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  const deadline = rows.filter({ hasText: /Hỏa tốc · (Còn \d+ ngày đến hạn xử lý|Đến hạn xử lý hôm nay): \d+\/UBND-VX — V\/v triển khai nền tảng trợ lý ảo/ });
  await expect(deadline.first()).toBeVisible();
  await expect(deadline.first()).toContainText('Văn bản');

  // Today words the ones that ring (or were missed) the same way: under Reminders,
  // or on the document's row when Today lists the document (due today), once either way.
  const worded = /Hỏa tốc · (Còn \d+ ngày đến hạn xử lý|Đến hạn xử lý hôm nay|Quá hạn xử lý \d+ ngày): \d+\/UBND-VX — V\/v triển khai nền tảng trợ lý ảo/;
  const needing = await page.locator('[data-group="now"] .reminder-row').filter({ hasText: worded }).count();
  await page.locator('.sidebar').getByRole('button', { name: /Hôm nay/ }).click();
  const inToday = page.locator('[data-page="today"]').locator('[data-section="reminders"] .today-item, [data-section="documents"] .today-reminder').filter({ hasText: worded });
  await expect(inToday).toHaveCount(needing);
  // Its plain core title ("123/UBND-VX: V/v …") is not what Today's Reminders shows for a deadline.
  if (needing > 0) await expect(inToday.first()).not.toContainText(/^\d+\/UBND-VX: /);
});
