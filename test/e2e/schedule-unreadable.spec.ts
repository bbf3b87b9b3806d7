// A calendar object the app can read only in part (another client wrote it
// with its end before its start): it shows in the week, marked, and the
// Schedule section lists it as "1 mục không đọc được" with the server's path
// and the reason, so the user can tell IT which item is broken.
import { chownSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { readStackJson } from '../stack/stack-json';
import { signIn } from './sign-in';

const USER = 'kiemthu';

test('an object read in part is shown, marked, and listed with its path and reason', async ({ app, page, context }) => {
  const stack = readStackJson();
  const dir = join(stack.stackDir, 'radicale', 'collections', 'collection-root', USER, 'lich-ca-nhan');
  const name = `govdesk-e2e-${Math.random().toString(36).slice(2, 8)}.ics`;
  const title = `Họp ngược giờ ${name.slice(12, 18)}`;
  // Today 10:00-09:00 in Hanoi: a start that reads, an end before it.
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  writeFileSync(
    join(dir, name),
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\nBEGIN:VEVENT\r\nUID:${name}\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:${day}T030000Z\r\nDTEND:${day}T020000Z\r\nSUMMARY:${title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
  );
  const owner = statSync(dir);
  chownSync(join(dir, name), owner.uid, owner.gid);
  try {
    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Lịch công tác/ }).click();

    const entry = page.locator('.week-grid .entry', { hasText: title });
    await expect(entry).toBeVisible({ timeout: 30_000 });
    await expect(entry.getByLabel('Mục này không đọc được đầy đủ')).toBeVisible();

    const section = page.getByRole('region', { name: 'Mục lịch không đọc được' });
    await section.getByText('1 mục không đọc được').click();
    const item = section.locator('li', { hasText: name }).first();
    await expect(item.locator('.path')).toHaveText(`/caldav/${USER}/lich-ca-nhan/${name}`);
    await expect(item).toContainText('Một giá trị trong sự kiện không hợp lệ');
    await expect(item).toContainText('end before start');
  } finally {
    rmSync(join(dir, name), { force: true });
  }
});
