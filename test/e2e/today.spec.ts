// Today and reminders end to end (issue 17): Debian's chromium on the headless
// host, signed in against the demo stack. A meeting about to start and a task
// due today are put on the user's CalDAV server first (as another device
// would); after the first sync Today lists the seeded day's meetings with
// them, a click opens each, and the meeting's reminder rings in the window,
// where it is snoozed and then dismissed.
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { caldav as caldavOf, ics, utc } from './caldav';
import { deliver } from './mailbox';
import { setDate, setTime } from './pickers';
import { signIn } from './sign-in';

const USER = 'anh.ntm';
/** How Today names the urgency 'khan' (documents.urgency.khan). */
const URGENT = 'Khẩn';

/** Serious or critical accessibility problems inside `selector` (contrast of the follow-up marks included). */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const scan = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test.describe('Today and reminders', () => {
  test('Today lists the day’s meetings and tasks and opens each; a due reminder rings, snoozes and is dismissed', async ({ app, page, context }) => {
    const run = randomUUID().slice(0, 8);
    const meeting = `Họp lãnh đạo tỉnh ${run}`;
    const task = `Nộp báo cáo tuần ${run}`;
    const client = await caldavOf(USER);
    const { calendars } = await client.discover();
    const events = calendars.find((c) => c.components.includes('VEVENT') && !c.url.includes('lich-cong-tac'))!;
    const todos = calendars.find((c) => c.components.includes('VTODO') && !c.components.includes('VEVENT')) ?? events;
    const now = Date.now();
    const hrefs = [`${events.url}${run}-m.ics`, `${todos.url}${run}-t.ics`];
    // Starts in 8 minutes with a 10-minute reminder: due as soon as the app has synced.
    await client.put(hrefs[0]!, ics('BEGIN:VEVENT', `UID:${run}-m`, `DTSTAMP:${utc(now)}`, `DTSTART:${utc(now + 8 * 60_000)}`, `DTEND:${utc(now + 38 * 60_000)}`, `SUMMARY:${meeting}`, 'LOCATION:Phòng họp số 1',
      'BEGIN:VALARM', `UID:${run}-a`, 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT'), null);
    // Due in 3 hours, or at the end of the day: today either way in Hanoi unless it is late evening.
    await client.put(hrefs[1]!, ics('BEGIN:VTODO', `UID:${run}-t`, `DTSTAMP:${utc(now)}`, `DUE:${utc(now + 60 * 60_000)}`, `SUMMARY:${task}`, 'STATUS:NEEDS-ACTION', 'END:VTODO'), null);
    try {
      await app.open(page);
      await signIn(page, context, USER);
      // Today is the home screen.
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hôm nay');
      const agenda = page.locator('[data-page="today"] [data-section="agenda"]');
      await expect(agenda.locator('.today-item', { hasText: meeting })).toBeVisible({ timeout: 30_000 });
      await expect(agenda.locator('.today-countdown')).toContainText(/bắt đầu sau \d+ phút/);
      const tasks = page.locator('[data-page="today"] [data-section="tasks"]');
      await expect(tasks.locator('.today-item', { hasText: task })).toBeVisible();
      // A document to process that is late (seeded: due 7 days after it came, 15 working days ago), with its urgency.
      const late = page.locator('[data-page="today"] [data-section="documents"] .today-item', { hasText: 'an toàn thông tin mạng dịp cuối năm' });
      await expect(late).toBeVisible({ timeout: 30_000 });
      await expect(late).toHaveAttribute('data-urgency', 'overdue');
      await expect(late).toContainText(URGENT);

      // The reminder rings in the window (the host's notification has no buttons).
      const ringing = page.locator('aside.ringing');
      await expect(ringing).toContainText(meeting, { timeout: 30_000 });
      await expect(page.locator('[data-page="today"] [data-section="reminders"]')).toContainText(meeting);
      // A listed document's own reminders (its missed deadline) sit on its row, not as a second row under Reminders.
      await expect(page.locator('[data-page="today"] [data-section="reminders"] .today-item', { hasText: 'an toàn thông tin mạng dịp cuối năm' })).toHaveCount(0);

      // One click opens the meeting; Enter on the task opens the task.
      await agenda.getByRole('button', { name: new RegExp(meeting) }).click();
      await expect(page).toHaveURL(/#\/schedule\?open=/);
      await expect(page.locator('.event-panel')).toContainText(meeting);
      await page.locator('.sidebar').getByRole('button', { name: /Hôm nay/ }).click();
      await page.locator('[data-page="today"] [data-section="tasks"]').getByRole('button', { name: new RegExp(task) }).focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('.event-panel')).toContainText(task);
      // One click opens the document in Documents.
      await page.locator('.sidebar').getByRole('button', { name: /Hôm nay/ }).click();
      await late.getByRole('button').first().click();
      await expect(page).toHaveURL(/#\/documents/);
      await expect(page.locator('.doc-view h2')).toContainText('an toàn thông tin mạng dịp cuối năm');

      // Snooze 10 minutes: it leaves the ringing panel and waits in the Reminders section as snoozed.
      // Only this meeting's card: a seeded morning alarm may ring beside it, by the time of day.
      const card = ringing.locator('[data-reminder]', { hasText: meeting });
      await card.getByRole('button', { name: 'Báo lại' }).click();
      await page.getByRole('menuitem', { name: '10 phút' }).click();
      await expect(card).toHaveCount(0);
      await page.locator('.sidebar').getByRole('button', { name: /Nhắc việc/ }).click();
      const snoozed = page.locator('[data-group="snoozed"]');
      await expect(snoozed.locator('.reminder-row', { hasText: meeting })).toBeVisible();
      await expect(snoozed.locator('.reminder-row', { hasText: meeting })).toContainText('Lịch');
      // The snooze is on the upcoming list too (the RFC 9074 snooze alarm), and can be dismissed before it rings.
      const upcoming = page.locator('[data-group="upcoming"] .reminder-row', { hasText: meeting });
      await expect(upcoming).toBeVisible({ timeout: 15_000 });
      await upcoming.getByRole('button', { name: 'Bỏ qua' }).click();
      await expect(page.locator('[data-group="dismissed"] .reminder-row', { hasText: meeting }).first()).toBeVisible();
    } finally {
      for (const href of hrefs) await client.delete(href, null).catch(() => undefined);
    }
  });

  test('mail flagged for follow-up: set in the reader, listed in Today and Reminders, each opening the message', async ({ app, page, context }) => {
    // Sign-in, a first sync, three sections and a few calls: longer than one page's default on a busy machine.
    test.setTimeout(150_000);
    const user = 'dung.pt';
    const run = randomUUID().slice(0, 8);
    const subject = `Đề nghị góp ý dự thảo ${run}`;
    // From a colleague in the directory: Today lists it while unread.
    await deliver(user, `From: Trần Quốc Bảo <bao.tq@so-demo.invalid>\r\nTo: dung.pt@so-demo.invalid\r\nMessage-ID: <${run}@so-demo.invalid>\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nXin ý kiến trước khi trình.\r\n`);
    await app.open(page);
    await signIn(page, context, user);
    const mailToday = page.locator('[data-page="today"] [data-section="mail"]');
    await expect(mailToday.locator('.today-item', { hasText: subject })).toBeVisible({ timeout: 30_000 });

    // Follow up by a time a few minutes ago (on Hà Nội's clock, at any hour): it is overdue at once.
    const due = new Date(Math.floor((Date.now() - 10 * 60_000) / 300_000) * 300_000 + 7 * 3_600_000);
    const iso = due.toISOString();
    await mailToday.getByRole('button', { name: new RegExp(subject) }).click();
    await expect(page).toHaveURL(/#\/mail/);
    const reader = page.locator('article.mail-reader');
    await expect(reader.locator('h2')).toHaveText(subject);
    await reader.getByRole('button', { name: 'Theo dõi' }).click();
    await expect(page.getByRole('menuitem', { name: /^Ngày mai · / })).toBeVisible();
    await page.getByRole('menuitem', { name: 'Chọn ngày giờ…' }).click();
    const form = page.getByRole('form', { name: 'Theo dõi đến ngày' });
    await setDate(form, 'Ngày', iso.slice(0, 10));
    await setTime(form, 'Giờ', iso.slice(11, 16));
    await form.getByRole('button', { name: 'Đặt theo dõi' }).click();
    await expect(form).toHaveCount(0);
    await expect(reader.locator('[data-follow-up-due]')).toContainText('Quá hạn theo dõi');
    await expect(page.getByRole('list', { name: 'Danh sách thư' }).locator('[data-follow-up-due]').first()).toBeVisible();
    expect(await axeProblems(page, '[data-page="mail"]')).toEqual([]);

    // Today lists it as a follow-up, and one click opens the message.
    await page.locator('.sidebar').getByRole('button', { name: /Hôm nay/ }).click();
    const item = mailToday.locator('.today-item', { hasText: subject });
    await expect(item.locator('[data-follow-up]')).toHaveText('Theo dõi');
    await expect(item).toHaveAttribute('data-urgency', 'overdue');
    expect(await axeProblems(page, '[data-page="today"] [data-section="mail"]')).toEqual([]);
    await item.getByRole('button').first().click();
    await expect(reader.locator('h2')).toHaveText(subject);

    // Reminders lists it from Mail; Open opens the message.
    await page.locator('.sidebar').getByRole('button', { name: /Nhắc việc/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhắc việc');
    const row = page.locator('[data-group="now"] .reminder-row', { hasText: subject });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row).toContainText('Thư');
    await row.getByRole('button', { name: 'Mở' }).click();
    await expect(page).toHaveURL(/#\/mail/);
    await expect(reader.locator('h2')).toHaveText(subject);

    // Marked complete: gone from Today's follow-ups and from what needs the user.
    await reader.getByRole('button', { name: 'Theo dõi' }).click();
    await page.getByRole('menuitem', { name: 'Đánh dấu đã xong' }).click();
    await expect(reader.locator('[data-follow-up-due]')).toHaveCount(0);
    await page.locator('.sidebar').getByRole('button', { name: /Nhắc việc/ }).click();
    await expect(page.locator('[data-group="now"] .reminder-row', { hasText: subject })).toHaveCount(0);
  });
});
