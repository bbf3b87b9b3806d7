// The Mail section end to end (issue 5): Debian's chromium on the headless
// host, signed in through the provider's login page, against the stack's
// Dovecot: the Inbox filled by the first sync, search typed without
// diacritics, and a message carrying a script and a remote image that the
// reader shows without either.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { deliver } from './mailbox';
import { signIn } from './sign-in';

const USER = 'anh.ntm';

test.describe('mail against the demo stack', () => {
  test('read the Inbox, search without diacritics, a hostile message shows neither script nor remote image until allowed, reply lands in Sent', async ({ app, page, context }) => {
    // The "remote" server of the hostile message's image: a 1x1 GIF on 127.0.0.1, counting requests.
    const pixelHits: string[] = [];
    const gif = Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64');
    const pixel = createServer((req, res) => {
      pixelHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/gif' }).end(gif);
    });
    await new Promise<void>((r) => pixel.listen(0, '127.0.0.1', r));
    const pixelUrl = `http://127.0.0.1:${(pixel.address() as AddressInfo).port}/pixel.gif?who=anh`;
    try {
    const tag = `kt${Date.now().toString(36)}`;
    const plainSubject = `Kế hoạch kiểm tra tại Đà Nẵng ${tag}`;
    const hostileSubject = `Thư có mã độc ${tag}`;
    await deliver(USER, `From: Trần Quốc Bảo <bao.tq@so-demo.invalid>\r\nTo: anh.ntm@so-demo.invalid\r\nMessage-ID: <${tag}@so-demo.invalid>\r\nSubject: =?UTF-8?B?${Buffer.from(plainSubject).toString('base64')}?=\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nĐoàn kiểm tra làm việc tại Đà Nẵng tuần sau.\r\n`);
    await deliver(USER, 
      `From: Người lạ <stranger@elsewhere.invalid>\r\nTo: anh.ntm@so-demo.invalid\r\nSubject: =?UTF-8?B?${Buffer.from(hostileSubject).toString('base64')}?=\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n` +
        `<html><head><style>#text{font-weight:700}</style></head><body>` +
        `<p id="text" style="color: rgb(200, 0, 0)">Xin chào</p><script>document.body.setAttribute('data-pwned', '1'); parent.pwned = true;</script>` +
        `<img id="tracker" src="${pixelUrl}" onerror="parent.pwned = true"><a href="https://example.invalid/x">liên kết</a></body></html>\r\n`,
    );

    const inlineSubject = `Biểu trưng đơn vị ${tag}`;
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await deliver(USER, 
      `From: Trần Quốc Bảo <bao.tq@so-demo.invalid>\r\nTo: anh.ntm@so-demo.invalid\r\nSubject: =?UTF-8?B?${Buffer.from(inlineSubject).toString('base64')}?=\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b1"\r\n\r\n` +
        `--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p id="logo-text">Biểu trưng:</p><img id="logo" src="cid:logo.${tag}@so-demo.invalid">\r\n` +
        `--b1\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <logo.${tag}@so-demo.invalid>\r\nContent-Disposition: inline; filename="logo.png"\r\n\r\n${png}\r\n--b1--\r\n`,
    );

    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thư điện tử');

    // The first sync fills the Inbox, newest first.
    const list = page.getByRole('list', { name: 'Danh sách thư' });
    await expect(list.getByRole('button', { name: new RegExp(hostileSubject) })).toBeVisible({ timeout: 30_000 });
    // …and the status bar says when the cache was last brought up to date.
    await expect(page.getByTestId('status-sync')).toContainText('Đồng bộ lần cuối', { timeout: 30_000 });

    // Search typed without diacritics finds the Vietnamese text, with the words marked.
    await page.getByRole('searchbox', { name: 'Tìm thư' }).fill(`da nang ${tag}`);
    const results = page.getByRole('list', { name: 'Kết quả tìm kiếm' });
    const hit = results.getByRole('button', { name: new RegExp(plainSubject) });
    await expect(hit).toBeVisible();
    await expect(hit.locator('mark').first()).toHaveText('Đà');
    await hit.click();
    await expect(page.getByRole('article')).toContainText('Đoàn kiểm tra làm việc tại Đà Nẵng');

    // The hostile message: text shown, script not run, remote image not loaded.
    await page.getByRole('searchbox', { name: 'Tìm thư' }).fill('');
    await list.getByRole('button', { name: new RegExp(hostileSubject) }).click();
    const frame = page.frameLocator('iframe.mail-frame');
    await expect(frame.locator('#text')).toHaveText('Xin chào');
    await expect(page.locator('.mail-remote-note')).toBeVisible();
    await expect(frame.locator('script')).toHaveCount(0);
    await expect(frame.locator('body')).not.toHaveAttribute('data-pwned', '1');
    expect(await frame.locator('#tracker').getAttribute('src')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    // The link shows where it really goes.
    await expect(frame.locator('a')).toHaveAttribute('title', 'https://example.invalid/x');
    // The mail's own styling shows although the app's CSP forbids inline style (applied through the CSSOM).
    await expect(frame.locator('#text')).toHaveCSS('color', 'rgb(200, 0, 0)');
    await expect(frame.locator('#text')).toHaveCSS('font-weight', '700');
    expect(pixelHits).toEqual([]);

    // "Load remote content" for this message: the core fetches the image, the frame shows it, the script still never runs.
    const note = page.locator('.mail-remote-note');
    await note.getByRole('button', { name: 'Tải nội dung bên ngoài' }).click();
    await expect(frame.locator('#tracker')).toHaveAttribute('src', /^data:image\/gif;base64,/);
    expect(pixelHits).toEqual(['/pixel.gif?who=anh']);
    await expect(frame.locator('script')).toHaveCount(0);
    await expect(frame.locator('body')).not.toHaveAttribute('data-pwned', '1');
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();

    // The choice for one message lasts while it is open; the choice for the sender is kept.
    await list.getByRole('button', { name: new RegExp(plainSubject) }).click();
    await list.getByRole('button', { name: new RegExp(hostileSubject) }).click();
    await expect(frame.locator('#text')).toHaveText('Xin chào');
    expect(await frame.locator('#tracker').getAttribute('src')).toBeNull();
    await note.getByRole('button', { name: 'Luôn tải từ stranger@elsewhere.invalid' }).click();
    await expect(frame.locator('#tracker')).toHaveAttribute('src', /^data:image\/gif;base64,/);
    await list.getByRole('button', { name: new RegExp(plainSubject) }).click();
    await list.getByRole('button', { name: new RegExp(hostileSubject) }).click();
    await expect(page.getByRole('note').filter({ hasText: 'được tự động tải' })).toBeVisible();
    await expect(frame.locator('#tracker')).toHaveAttribute('src', /^data:image\/gif;base64,/);
    expect(pixelHits.length).toBe(3);
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();

    // An inline (cid:) image shows from the cached part, with no note about remote content.
    await list.getByRole('button', { name: new RegExp(inlineSubject) }).click();
    await expect(frame.locator('#logo-text')).toHaveText('Biểu trưng:');
    await expect(frame.locator('#logo')).toHaveAttribute('src', `data:image/png;base64,${png}`);
    await expect(page.locator('.mail-remote-note')).toHaveCount(0);

    // Reply to the first one; the reply goes through the outbox and lands in Sent.
    await list.getByRole('button', { name: new RegExp(plainSubject) }).click();
    await page.getByRole('toolbar', { name: 'Thao tác với thư' }).getByRole('button', { name: 'Trả lời', exact: true }).click();
    const form = page.getByRole('form', { name: 'Soạn thư' });
    await expect(form.getByLabel('Người nhận')).toHaveValue('Trần Quốc Bảo <bao.tq@so-demo.invalid>');
    await expect(form.getByLabel('Tiêu đề')).toHaveValue(`Re: ${plainSubject}`);
    await form.getByLabel('Nội dung').press('Control+Home');
    await form.getByLabel('Nội dung').pressSequentially('Em đã nhận, cảm ơn anh.');
    await form.locator('input[type="file"]').setInputFiles({ name: 'Báo cáo.txt', mimeType: 'text/plain', buffer: Buffer.from('Nội dung báo cáo') });
    await expect(form.getByRole('list', { name: 'Tệp đính kèm' })).toContainText('Báo cáo.txt');
    await form.getByRole('button', { name: 'Gửi' }).click();
    // What is true now: the server took it (not "it will be sent when there is a connection").
    await expect(page.getByTestId('sent-note')).toHaveText('Thư đã được gửi.', { timeout: 20_000 });
    await page.getByRole('navigation', { name: 'Thư mục' }).getByRole('button', { name: /Đã gửi/ }).click();
    const reply = list.getByRole('button', { name: new RegExp(`Re: ${plainSubject}`) });
    await expect(reply).toBeVisible({ timeout: 20_000 });
    // The reply and the message it answers make one conversation.
    await reply.click();
    await expect(page.getByRole('navigation', { name: 'Cuộc hội thoại (2 thư)' })).toBeVisible();
    await expect(page.getByRole('article').getByRole('list', { name: 'Tệp đính kèm' })).toContainText('Báo cáo.txt');
    } finally {
      await new Promise((r) => pixel.close(r));
    }
  });

  test('a reply and its original are one conversation row, two rows with grouping off, and opening the row reads both', async ({ app, page, context }) => {
    const tag = `hd${Date.now().toString(36)}`;
    const subject = `Lịch họp giao ban ${tag}`;
    const b64 = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
    const root = `<${tag}-goc@so-demo.invalid>`;
    const sent = Date.now();
    await deliver(USER, 
      `From: ${b64('Trần Quốc Bảo')} <bao.tq@so-demo.invalid>\r\nTo: anh.ntm@so-demo.invalid\r\nMessage-ID: ${root}\r\nSubject: ${b64(subject)}\r\n` +
        `Date: ${new Date(sent - 120_000).toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nHọp giao ban sáng thứ Hai.\r\n`,
    );
    await deliver(USER, 
      `From: ${b64('Lê Thị Hoa')} <hoa.lt@so-demo.invalid>\r\nTo: anh.ntm@so-demo.invalid\r\nMessage-ID: <${tag}-tl@so-demo.invalid>\r\nIn-Reply-To: ${root}\r\nReferences: ${root}\r\n` +
        `Subject: ${b64(`Re: ${subject}`)}\r\nDate: ${new Date(sent - 60_000).toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nEm xin dời sang 9 giờ.\r\n`,
    );

    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
    const list = page.getByRole('list', { name: 'Danh sách thư' });
    const rows = list.getByRole('button', { name: new RegExp(tag) });
    const toggle = page.getByRole('checkbox', { name: 'Nhóm theo hội thoại' });

    // Grouped by default: one row, the reply standing for the conversation, both senders, a count of 2, unread.
    await expect(toggle).toBeChecked();
    await expect(rows.first()).toBeVisible({ timeout: 30_000 });
    await expect(rows).toHaveCount(1);
    await expect(rows).toHaveAccessibleName(/2 thư trong cuộc hội thoại/);
    await expect(rows.locator('.subject')).toHaveText(`Re: ${subject}`);
    await expect(rows.locator('.who')).toHaveText('Trần Quốc Bảo, Lê Thị Hoa');
    await expect(rows.locator('.thread-count')).toHaveText('2');
    await expect(rows).toHaveClass(/unread/);

    // Off from the keyboard: every message its own row.
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect(toggle).not.toBeChecked();
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0).locator('.subject')).toHaveText(`Re: ${subject}`);
    await expect(rows.nth(1).locator('.subject')).toHaveText(subject);
    await expect(list.locator('.thread-count')).toHaveCount(0);

    // The choice is kept: a reload of the window shows the list as it was left.
    await page.reload();
    await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
    await expect(toggle).not.toBeChecked();
    await expect(rows).toHaveCount(2);

    // On again; opening the conversation shows its newest message and reads the whole of it.
    await toggle.check();
    await expect(rows).toHaveCount(1);
    await rows.click();
    await expect(page.getByRole('article')).toContainText('Em xin dời sang 9 giờ.');
    await expect(page.getByRole('navigation', { name: 'Cuộc hội thoại (2 thư)' })).toBeVisible();
    await expect(rows).not.toHaveClass(/unread/);
    await toggle.uncheck();
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all()) await expect(row).not.toHaveClass(/unread/);
  });
});
