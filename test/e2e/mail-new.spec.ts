// Mail that arrives while the Inbox is on screen (issue 10): it appears by
// IDLE, opens on click (after another message was opened, so the connection
// that fetches bodies already exists) and stays in the list; a forwarded
// message reads as a nested one, and a file whose name was made safe shows
// its original name in a tooltip.
import { expect, test } from './fixtures';
import { deliver } from './mailbox';
import { signIn } from './sign-in';

const USER = 'nhung.vth';

function plain(subject: string, text: string): string {
  return `From: Trần Quốc Bảo <bao.tq@so-demo.invalid>\r\nTo: nhung.vth@so-demo.invalid\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`;
}

test('a message delivered while the Inbox is shown opens on click and stays listed; a forward reads nested', async ({ app, page, context }) => {
  await app.open(page);
  await signIn(page, context, USER);
  await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
  const list = page.getByRole('list', { name: 'Danh sách thư' });
  const rows = list.getByRole('button');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status-sync')).toContainText('Đồng bộ lần cuối', { timeout: 30_000 });
  // An older message opened first: the body connection exists and has the Inbox selected.
  await rows.nth(3).click();
  await expect(page.getByRole('article')).toBeVisible();

  const tag = `moi${Date.now().toString(36)}`;
  for (const n of [1, 2]) {
    const subject = `Thư đến khi đang mở ${n} ${tag}`;
    await deliver(USER, plain(subject, `Nội dung thư đến số ${n}`));
    const row = list.getByRole('button', { name: new RegExp(subject) });
    await expect(row).toBeVisible({ timeout: 20_000 });
    await row.click();
    await expect(page.getByRole('article')).toContainText(`Nội dung thư đến số ${n}`);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(row).toBeVisible();
  }

  const fwd = `Chuyển tiếp tờ trình ${tag}`;
  const inner = [
    'From: =?UTF-8?Q?L=C3=AA_V=C4=83n_C=C6=B0=E1=BB=9Dng?= <cuong.lv@so-demo.invalid>',
    'Subject: =?UTF-8?Q?T=E1=BB=9D_tr=C3=ACnh_g=E1=BB=91c?=',
    'Date: Tue, 24 Nov 2026 08:00:00 +0700',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary=IN',
    '',
    '--IN',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Nội dung tờ trình gốc',
    '--IN',
    `Content-Type: application/octet-stream; name="=?UTF-8?B?${Buffer.from('bao-cao\u202efdp.exe').toString('base64')}?="`,
    'Content-Disposition: attachment',
    '',
    'MZ',
    '--IN--',
    '',
  ].join('\r\n');
  await deliver(
    USER,
    [
      'From: Trần Quốc Bảo <bao.tq@so-demo.invalid>',
      `Subject: =?UTF-8?B?${Buffer.from(fwd).toString('base64')}?=`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=OUT',
      '',
      '--OUT',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Em chuyển tiếp.',
      '--OUT',
      'Content-Type: message/rfc822',
      '',
      inner,
      '--OUT--',
      '',
    ].join('\r\n'),
  );
  await list.getByRole('button', { name: new RegExp(fwd) }).click();
  const nested = page.getByRole('region', { name: /Thư chuyển tiếp: Tờ trình gốc/ });
  await expect(nested).toContainText('Nội dung tờ trình gốc');
  await expect(nested).toContainText('Lê Văn Cường');
  const file = nested.getByRole('button', { name: /bao-caofdp\.exe/ });
  await expect(file).toHaveAttribute('title', 'Tên gốc trong thư: bao-cao\u202efdp.exe');
});
