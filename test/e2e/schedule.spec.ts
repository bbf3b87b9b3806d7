// The Schedule section end to end (issue 6): Debian's chromium on the headless
// host, signed in as a specialist of the demo organization, against the stack's
// seeded week: the week view in Vietnamese, the agency schedule by morning and
// afternoon sessions, Join through the core's allow-list, and the printed
// schedule as a PDF.
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { CalDavClient } from '../../electron/core/calendar/client';
import { silentLogger } from '../../electron/core/log';
import { signIn as signInAtProvider } from '../stack/login';
import { readStackJson } from '../stack/stack-json';
import { signIn } from './sign-in';
import { setDate, setTime } from './pickers';

const USER = 'anh.ntm';

test.describe('schedule against the demo stack', () => {
  test('week view, agency schedule by session, Join, and the printed schedule as a PDF', async ({ app, page, context }, testInfo) => {
    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Lịch công tác/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lịch công tác');

    // My week, in Vietnamese, filled by the first sync.
    const week = page.locator('.week-grid');
    await expect(week.locator('.week-day h2').first()).toHaveText(/^Thứ 2, \d{2}\/\d{2}$/);
    await expect(week.locator('.entry', { hasText: 'Xử lý thư và văn bản đến' }).first()).toBeVisible({ timeout: 30_000 });

    // The week's tasks, from the seeded task list, each with its checkbox.
    const tasks = page.locator('.task-list');
    await expect(tasks.getByRole('heading', { name: 'Công việc trong tuần' })).toBeVisible();
    await expect(tasks.locator('li.task input[type="checkbox"]').first()).toBeVisible();
    await expect(tasks.getByRole('button', { name: 'Thêm công việc' })).toBeVisible();

    // Keyboard: Alt+→ moves a week ahead, Alt+Home comes back.
    const range = page.locator('.week-range');
    const thisWeek = await range.getAttribute('data-week-start');
    await page.keyboard.press('Alt+ArrowRight');
    await expect(range).not.toHaveAttribute('data-week-start', thisWeek!);
    await page.keyboard.press('Alt+Home');
    await expect(range).toHaveAttribute('data-week-start', thisWeek!);

    // The month, and a day opened from it.
    await page.getByRole('tab', { name: 'Tháng' }).click();
    const month = page.locator('.month-grid');
    await expect(month.locator('td li', { hasText: 'Xử lý thư và văn bản đến' }).first()).toBeVisible();
    await expect(month.locator('thead th').first()).toHaveText(/^(T2|Th 2|Thứ 2|Thứ Hai)$/);
    await month.locator(`td[data-date="${thisWeek}"] .day-number`).click();
    await expect(page.getByRole('tab', { name: 'Ngày' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('.day-list .entry', { hasText: 'Xử lý thư và văn bản đến' })).toBeVisible();
    // On a time grid: the 07:30 entry sits between the 07:00 and 08:00 lines.
    const hour = async (label: string) => (await page.locator('.day-hours li', { hasText: label }).boundingBox())!.y;
    const entryTop = (await page.locator('.day-grid .entry', { hasText: 'Xử lý thư và văn bản đến' }).boundingBox())!.y;
    expect(entryTop).toBeGreaterThan(await hour('07:00'));
    expect(entryTop).toBeLessThan(await hour('08:00'));

    // The agency's week, morning and afternoon sessions.
    await page.getByRole('tab', { name: 'Lịch công tác cơ quan' }).click();
    const table = page.locator('.agency-week table');
    await expect(table.locator('tr[data-session="morning"]', { hasText: 'Giao ban tuần Ban Giám đốc Sở' })).toBeVisible();
    await expect(table.locator('td.session-cell', { hasText: 'Sáng' }).first()).toBeVisible();
    await expect(table.locator('td.session-cell', { hasText: 'Chiều' }).first()).toBeVisible();
    await expect(table.locator('thead')).toContainText('Đơn vị chuẩn bị');
    // The columns come from the seeded X-GOVDESK-* properties: chair, participants, preparing unit.
    const steering = table.locator('tr', { hasText: 'Họp Ban chỉ đạo chuyển đổi số tỉnh' });
    await expect(steering.locator('.chair')).toHaveText('Phó Chủ tịch UBND tỉnh');
    await expect(steering.locator('.attendees')).toContainText('Trưởng phòng CNTT');
    await expect(steering.locator('td.preparing-cell')).toHaveText('Phòng CNTT');
    // A specialist sees only confirmed entries: the one awaiting review is not there.
    await expect(table.locator('tr', { hasText: 'Làm việc với VNPT Demo về nền tảng họp trực tuyến' })).toHaveCount(0);

    // Join opens the meeting in the system browser, through the core.
    const join = table.getByRole('button', { name: 'Tham gia' }).first();
    const link = await join.getAttribute('title');
    expect(link).toMatch(/^https:\/\//);
    const opened = context.waitForEvent('page');
    await join.click();
    await (await opened).close();
    await expect.poll(() => app.host.openedExternally).toContain(link);

    // "Xuất PDF": the headless host cannot print to a file (export.unsupported),
    // so the print dialog opens instead, with the hint to choose "Save as PDF".
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => void w.printed++;
    });
    await page.getByRole('button', { name: 'Xuất PDF' }).click();
    await expect(page.locator('.print-actions .hint')).toContainText('Lưu dưới dạng PDF');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await expect(page.locator('.print-actions [role="alert"]')).toHaveCount(0);

    // The printed form, with the agency's name and the week's dates, as a PDF.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-header')).toContainText('Lịch công tác tuần');
    await expect(page.locator('.sidebar')).toBeHidden();
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    const file = testInfo.outputPath('lich-cong-tac-tuan.pdf');
    writeFileSync(file, pdf);
    await testInfo.attach('lich-cong-tac-tuan.pdf', { path: file, contentType: 'application/pdf' });
  });

  test('tasks: one overdue from last week is listed first and marked; edit its title; delete it', async ({ app, page, context }) => {
    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Lịch công tác/ }).click();
    const tasks = page.locator('.task-list');
    await expect(tasks.getByRole('heading', { name: 'Công việc trong tuần' })).toBeVisible({ timeout: 30_000 });
    const monday = (await page.locator('.week-range').getAttribute('data-week-start'))!;
    const [y, m, d] = monday.split('-').map(Number) as [number, number, number];
    const lastWednesday = new Date(Date.UTC(y, m - 1, d - 5)).toISOString().slice(0, 10);

    // Someone let a task of last week slip: added here with last week's due date.
    const name = `Báo cáo tồn đọng ${Math.random().toString(36).slice(2, 7)}`;
    const add = tasks.getByRole('form', { name: 'Thêm công việc' });
    await add.getByLabel('Công việc').fill(name);
    await setDate(add, 'Hạn ngày', lastWednesday);
    await add.getByRole('button', { name: 'Thêm công việc' }).click();

    // This week's list shows it first, under "overdue from earlier weeks", marked.
    const overdue = tasks.locator('.group-overdue');
    await expect(overdue.getByRole('heading', { name: 'Quá hạn từ các tuần trước' })).toBeVisible();
    const item = overdue.locator('li.task', { hasText: name });
    await expect(item).toBeVisible();
    await expect(item.locator('.overdue-badge')).toHaveText('Quá hạn');
    await expect(tasks.locator('.task-group').first()).toHaveClass(/group-overdue/);

    // Edit its title; the list shows the new one at once.
    await item.getByRole('button', { name: `Sửa: ${name}` }).click();
    const form = tasks.getByRole('form', { name: 'Sửa công việc' });
    await form.getByLabel('Công việc').fill(`${name} (đã sửa)`);
    await form.getByRole('button', { name: 'Lưu' }).click();
    const renamed = overdue.locator('li.task', { hasText: `${name} (đã sửa)` });
    await expect(renamed).toBeVisible();
    // Written to the server: the waiting badge goes.
    await expect(renamed.locator('.badge', { hasText: 'Chờ đồng bộ' })).toHaveCount(0, { timeout: 15_000 });
    await expect.poll(() => onServer('VTODO', name)).toEqual([`${name} (đã sửa)`]);

    // Delete it, with a confirmation.
    await renamed.getByRole('button', { name: `Xóa: ${name} (đã sửa)` }).click();
    await renamed.getByRole('button', { name: 'Xóa', exact: true }).click();
    await expect(tasks.locator('li.task', { hasText: name })).toHaveCount(0);
    // …and from the server (the stack keeps no leftovers of the test either).
    await expect.poll(() => onServer('VTODO', name), { timeout: 15_000 }).toEqual([]);
  });

  test('the event editor: an invitee chosen from the suggestions, a pasted Zoom link, two reminders; all there when reopened', async ({ app, page, context }) => {
    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Lịch công tác/ }).click();
    await expect(page.locator('.week-grid .entry').first()).toBeVisible({ timeout: 30_000 });

    // The stack's calendar outlives the test: a title of its own, deleted at the end.
    const title = `Trao đổi về nền tảng họp ${Date.now().toString(36)}`;
    const zoom = 'https://us02web.zoom.us/j/81234567890?pwd=GovdeskE2E';
    await page.getByRole('button', { name: /Sự kiện mới/ }).click();
    const form = page.getByRole('form', { name: 'Thêm sự kiện' });
    await form.getByLabel('Tiêu đề').fill(title);
    await setTime(form, 'Từ', '15:00');
    await setTime(form, 'Đến', '16:00');

    // An invitee: typed, suggested from the addresses mail knows, chosen with the keyboard.
    const people = form.getByRole('combobox', { name: 'Người được mời' });
    await people.pressSequentially('dung');
    const suggestion = form.getByRole('option', { name: /Phạm Thị Dung/ });
    await expect(suggestion).toBeVisible({ timeout: 30_000 });
    await people.press('ArrowDown');
    await people.press('Enter');
    const chips = form.locator('.chips .chip');
    await expect(chips).toHaveCount(1);
    await expect(chips.first()).toHaveAttribute('data-email', 'dung.pt@so-demo.invalid');
    await expect(chips.first()).toContainText('Chưa trả lời');
    // Something that is not an address is flagged at once, and blocks saving until removed.
    await people.fill('phong-hanh-chinh');
    await people.press('Enter');
    await expect(form.locator('.chip.invalid')).toContainText('Địa chỉ không hợp lệ');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(form.getByText('Chưa lưu: danh sách mời có địa chỉ không hợp lệ.')).toBeVisible();
    await form.getByRole('button', { name: 'Bỏ phong-hanh-chinh khỏi danh sách mời' }).click();
    await expect(chips).toHaveCount(1);

    // A Zoom link pasted from the clipboard, recognised by the core.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate((text) => navigator.clipboard.writeText(text), zoom);
    await form.getByLabel(/Dán liên kết họp/).focus();
    await page.keyboard.press('Control+V');
    await expect(form.locator('.meeting-current')).toContainText('Zoom');
    await expect(form.locator('.meeting-url')).toHaveText(zoom);

    // Two reminders: the default 15 minutes, and one a day before.
    await form.getByRole('button', { name: 'Thêm lời nhắc' }).click();
    await form.getByLabel('Lời nhắc 2', { exact: true }).selectOption({ label: '1 ngày trước' });
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(form).toHaveCount(0);

    // Reopened: the invitee, the link and both reminders are there.
    const entry = page.locator('.week-grid .entry', { hasText: title });
    await expect(entry.getByRole('button', { name: 'Tham gia' })).toBeVisible();
    await entry.getByRole('button', { name: title }).click();
    const panel = page.locator('.event-panel');
    await expect(panel).toContainText(zoom);
    // Once, beside Join: not again in the place or notes the core also wrote it into.
    expect((await panel.innerText()).split(zoom).length - 1).toBe(1);
    await expect(panel).toContainText('15 phút trước');
    await expect(panel).toContainText('1 ngày trước');
    await panel.getByRole('button', { name: 'Sửa' }).click();
    const edit = page.getByRole('form', { name: 'Sửa sự kiện' });
    await expect(edit.locator('.chips .chip')).toHaveCount(1);
    await expect(edit.locator('.chip').first()).toHaveAttribute('data-email', 'dung.pt@so-demo.invalid');
    await expect(edit.locator('.meeting-url')).toHaveText(zoom);
    await expect(edit.getByLabel('Lời nhắc 1', { exact: true })).toHaveValue('15');
    await expect(edit.getByLabel('Lời nhắc 2', { exact: true })).toHaveValue('1440');

    // After a sync with the server it is still all there (what came back from CalDAV, not only the cache).
    await edit.getByRole('button', { name: 'Hủy' }).click();
    await expect(entry.locator('.badge', { hasText: 'Chờ đồng bộ' })).toHaveCount(0, { timeout: 30_000 });
    await entry.getByRole('button', { name: title }).click();
    await page.locator('.event-panel').getByRole('button', { name: 'Sửa' }).click();
    await expect(page.getByRole('form', { name: 'Sửa sự kiện' }).locator('.chip').first()).toHaveAttribute('data-email', 'dung.pt@so-demo.invalid');
    await expect(page.getByRole('form', { name: 'Sửa sự kiện' }).locator('.meeting-url')).toHaveText(zoom);

    // Removing the link takes Join away; the invitee stays.
    await page.getByRole('form', { name: 'Sửa sự kiện' }).getByRole('button', { name: 'Xóa liên kết' }).click();
    await page.getByRole('form', { name: 'Sửa sự kiện' }).getByRole('button', { name: 'Lưu' }).click();
    await expect(page.locator('.event-panel')).not.toContainText(zoom);
    await expect(entry.getByRole('button', { name: 'Tham gia' })).toHaveCount(0);
    await page.locator('.event-panel').getByRole('button', { name: 'Xóa' }).click();
    await expect(entry).toHaveCount(0);
    // …and from the server: the stack's calendar keeps no leftovers of the test.
    await expect.poll(() => onServer('VEVENT', title), { timeout: 15_000 }).toEqual([]);
  });
});

/** Titles of the user's events or tasks on the CalDAV server that contain `text`, read without the app. */
async function onServer(component: 'VEVENT' | 'VTODO', text: string): Promise<string[]> {
  const stack = readStackJson();
  const token = (await signInAtProvider(stack, USER)).accessToken;
  const client = new CalDavClient({ serverUrl: stack.organization.calendar.caldavUrl, tokens: { accessToken: async () => token, renew: async () => token }, log: silentLogger });
  const out: string[] = [];
  for (const cal of (await client.discover()).calendars) {
    const hrefs = [...(await client.listEtags(cal.url)).keys()];
    for (const o of hrefs.length ? await client.multiget(cal.url, hrefs) : []) {
      const summary = /^SUMMARY:(.*)$/m.exec(o.data.replace(/\r\n[ \t]/g, ''))?.[1]?.trim();
      if (o.data.includes(`BEGIN:${component}`) && summary?.includes(text)) out.push(summary);
    }
  }
  return out;
}
