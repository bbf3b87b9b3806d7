// The Outbox end to end (issue 5): a message to an address the stack's Postfix
// does not know is refused and stays in the Outbox with the server's words;
// Edit opens it in Compose as it was queued, with the reason above the form;
// the address fixed, it goes out once and lands in Sent. And a message that
// arrives by IDLE raises one notification and the count on the app's badge
// (the headless host prints what the Platform was asked to show).
import { expect, test } from './fixtures';
import { deliver } from './mailbox';
import { signIn } from './sign-in';

const USER = 'cuong.lv';

const notices = (output: string[]) =>
  output.flatMap((l) => {
    const m = /^GOVDESK_NOTIFY (.+)$/.exec(l);
    return m?.[1] ? [JSON.parse(m[1]) as { title: string; body: string }] : [];
  });
const badges = (output: string[]) => output.flatMap((l) => /^GOVDESK_BADGE (\d+)$/.exec(l)?.[1] ?? []).map(Number);

test.describe('outbox against the demo stack', () => {
  test('a refused send keeps its reason, is edited from the Outbox and sent once; new mail by IDLE raises one notification and the badge', async ({ app, page, context }) => {
    const tag = `hd${Date.now().toString(36)}`;
    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
    await expect(page.getByTestId('status-sync')).toContainText('Đồng bộ lần cuối', { timeout: 30_000 });

    // New mail after the first sync: one notification, and the badge counts it.
    // The badge counts what needs the user, the same count as Today's
    // (electron/core/today/attention.ts): the Inbox's unread mail, reminders
    // waiting for an answer, overdue tasks and documents, refused work. It
    // settles on Today's count once the first sync is done.
    const inboxCount = page.getByRole('navigation', { name: 'Thư mục' }).getByRole('button', { name: /Hộp thư đến/ }).locator('.count');
    const unread = async () => ((await inboxCount.count()) > 0 ? Number(await inboxCount.textContent()) : 0);
    const sidebar = page.locator('.sidebar');
    const todayCount = async () => {
      await sidebar.getByRole('button', { name: /Hôm nay/ }).click();
      const line = page.getByTestId('today-attention');
      await expect(line).toBeVisible();
      const n = Number(await line.getAttribute('data-count'));
      await sidebar.getByRole('button', { name: /Thư điện tử/ }).click();
      await expect(page.getByRole('navigation', { name: 'Thư mục' })).toBeVisible();
      return n;
    };
    await expect.poll(async () => badges(app.host.output).at(-1) === (await todayCount()), { timeout: 30_000 }).toBe(true);
    expect(await todayCount()).toBeGreaterThanOrEqual(await unread());
    const before = await unread();
    const badgeBefore = badges(app.host.output).at(-1) ?? 0;
    const arriving = `Giấy mời họp giao ban ${tag}`;
    await deliver(USER, 
      `From: Trần Quốc Bảo <bao.tq@so-demo.invalid>\r\nTo: ${USER}@so-demo.invalid\r\nMessage-ID: <${tag}@so-demo.invalid>\r\nSubject: =?UTF-8?B?${Buffer.from(arriving).toString('base64')}?=\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nMời anh dự họp giao ban sáng thứ Hai.\r\n`,
    );
    await expect.poll(() => badges(app.host.output).at(-1), { timeout: 20_000 }).toBe(badgeBefore + 1);
    await expect(inboxCount).toHaveText(String(before + 1));
    expect(notices(app.host.output).filter((n) => n.body.includes(arriving))).toEqual([{ title: 'Trần Quốc Bảo', body: arriving, tag: expect.any(String) }]);
    await expect(page.getByRole('list', { name: 'Danh sách thư' }).getByRole('button', { name: new RegExp(arriving) })).toBeVisible();

    // A send to an address the server does not know.
    const subject = `Báo cáo kết quả kiểm tra ${tag}`;
    await page.getByRole('button', { name: 'Soạn thư mới' }).click();
    let form = page.getByRole('form', { name: 'Soạn thư' });
    await form.getByLabel('Người nhận').fill('Phạm Thị Dung <dung.tp@so-demo.invalid>');
    await form.getByLabel('Tiêu đề').fill(subject);
    await form.getByLabel('Nội dung').fill('Kính gửi chị Dung, em gửi báo cáo kết quả kiểm tra.');
    await form.locator('input[type="file"]').setInputFiles({ name: 'Kết quả.txt', mimeType: 'text/plain', buffer: Buffer.from('Đạt yêu cầu') });
    await form.getByRole('button', { name: 'Gửi' }).click();
    await expect(page.getByTestId('sent-note')).toContainText('Máy chủ từ chối gửi thư này', { timeout: 20_000 });

    const outbox = page.getByRole('region', { name: 'Hộp thư đi' });
    const entry = outbox.getByRole('listitem', { name: subject });
    await expect(entry).toContainText('bị từ chối', { timeout: 20_000 });
    await entry.getByText('Chi tiết kỹ thuật').click();
    await expect(entry.locator('code')).toContainText('550');

    // Edit: Compose holds what was queued, with the reason above it.
    await entry.getByRole('button', { name: 'Sửa' }).click();
    form = page.getByRole('form', { name: 'Soạn thư' });
    const reason = form.getByRole('note', { name: 'Lý do máy chủ từ chối' });
    await expect(reason).toContainText('Máy chủ không nhận một hoặc nhiều người nhận');
    await expect(reason).toContainText('550');
    await expect(form.getByLabel('Người nhận')).toHaveValue('Phạm Thị Dung <dung.tp@so-demo.invalid>');
    await expect(form.getByLabel('Tiêu đề')).toHaveValue(subject);
    await expect(form.getByLabel('Nội dung')).toHaveValue(/em gửi báo cáo kết quả kiểm tra/);
    await expect(form.getByRole('list', { name: 'Tệp đính kèm' })).toContainText('Kết quả.txt');
    await expect(entry).toContainText('đang sửa');
    await expect(entry.getByRole('button')).toHaveCount(0);

    // Fix the address (keyboard only), send again: the refused entry gives way to the edit, which goes out.
    await form.getByLabel('Người nhận').fill('Phạm Thị Dung <dung.pt@so-demo.invalid>');
    await form.getByLabel('Người nhận').press('Enter');
    await expect(page.getByTestId('sent-note')).toHaveText('Thư đã được gửi.', { timeout: 20_000 });
    await expect(outbox).toHaveCount(0, { timeout: 20_000 });

    await page.getByRole('navigation', { name: 'Thư mục' }).getByRole('button', { name: /Đã gửi/ }).click();
    const sent = page.getByRole('list', { name: 'Danh sách thư' }).getByRole('button', { name: new RegExp(subject) });
    await expect(sent).toHaveCount(1, { timeout: 20_000 });
    await sent.click();
    await expect(page.getByRole('article')).toContainText('dung.pt@so-demo.invalid');
    await expect(page.getByRole('article').getByRole('list', { name: 'Tệp đính kèm' })).toContainText('Kết quả.txt');
  });
});
