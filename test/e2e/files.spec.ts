// The Files section end to end (issue 16): Debian's chromium on the headless
// host against the stack's Apache mod_dav. A department folder browsed, an
// upload with its progress, a conflict made by a second client and resolved,
// and a folder kept on the device and read with the file server stopped.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { FilesClient } from '../../electron/core/files/client';
import { stackPaths } from '../stack/config';
import { signIn as signInAtProvider } from '../stack/login';
import { startServers, stopServers } from '../stack/servers';
import { accountOf, readStackJson } from '../stack/stack-json';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

const USER = 'anh.ntm';
const DEPT = 'departments/phong-cntt';

async function rawClient(): Promise<FilesClient> {
  const s = readStackJson();
  const t = await signInAtProvider(s, USER);
  return new FilesClient({ rootUrl: s.organization.files.webdavUrl, tokens: { accessToken: async () => t.accessToken, renew: async () => t.accessToken } });
}

/** The copy of a file the app keeps on this device, found in the data folder by its name. */
function copyOnDevice(dataDir: string, name: string): string | null {
  const walk = (dir: string): string | null => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const hit = walk(p);
        if (hit) return hit;
      } else if (e.name === name && p.includes(`${join('files', 'cache')}`)) return p;
    }
    return null;
  };
  return walk(dataDir);
}

test.describe('files against the demo stack', () => {
  let apacheStopped = false;
  test.afterEach(async () => {
    if (apacheStopped) await startServers(stackPaths(readStackJson().stackDir), ['apache']);
    apacheStopped = false;
  });

  test('browse a department folder, upload with progress, make and resolve a conflict, keep a folder and read it offline', async ({ app, page, context }) => {
    test.setTimeout(150_000);
    const run = Date.now().toString(36);
    const raw = await rawClient();
    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Tệp tin/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tệp tin');

    // The department folder, with the seeded files, sorted, and a folder opened from the keyboard.
    await page.getByRole('navigation', { name: 'Thư mục' }).getByRole('button', { name: /Phòng Công nghệ thông tin/ }).click();
    const list = page.getByRole('grid', { name: 'Danh sách tệp' });
    await expect(list.getByRole('row').filter({ hasText: 'Danh sách cán bộ.csv' })).toBeVisible({ timeout: 30_000 });
    await expect(list.getByRole('row').nth(1)).toContainText('Biên bản họp'); // folders first
    await list.getByRole('button', { name: 'Sắp xếp theo Tên' }).click();
    await expect(list.getByRole('columnheader', { name: /Tên/ })).toHaveAttribute('aria-sort', 'descending');
    await list.getByRole('button', { name: 'Sắp xếp theo Tên' }).click();
    await page.getByTestId('file-grid').focus();
    await page.keyboard.type('mau');
    await expect(list.locator('.file-row.is-current')).toContainText('Mẫu biểu');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('navigation', { name: 'Đường dẫn' })).toContainText('Mẫu biểu');
    await expect(list.getByRole('row').filter({ hasText: 'Mau-to-trinh.pdf' })).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('file-grid').focus();
    await page.keyboard.press('Backspace');
    await expect(page.getByRole('navigation', { name: 'Đường dẫn' })).not.toContainText('Mẫu biểu');

    // A new folder of this run, then an upload into it with progress.
    await page.getByRole('button', { name: 'Thư mục mới' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên').fill('CON');
    await expect(dialog).toContainText('dành riêng cho Windows');
    await dialog.getByLabel('Tên').fill(`E2E ${run}`);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await list.getByRole('button', { name: `E2E ${run}`, exact: true }).click();
    await expect(page.getByRole('navigation', { name: 'Đường dẫn' })).toContainText(`E2E ${run}`);
    const body = Buffer.alloc(3 * 1024 * 1024, 'Báo cáo tuần. ');
    await page.locator('.file-picker input[type="file"]').setInputFiles([{ name: 'bao-cao.txt', mimeType: 'text/plain', buffer: body }]);
    const uploads = page.getByRole('region', { name: 'Đang tải lên' });
    await expect(uploads.getByRole('progressbar').first()).toBeVisible();
    await expect(uploads.locator('.upload-item[data-state="queued"]')).toHaveCount(1, { timeout: 30_000 });
    const row = list.getByRole('row').filter({ hasText: 'bao-cao.txt' });
    await expect(row).toBeVisible();
    await expect(row).not.toContainText('Chờ gửi', { timeout: 30_000 });
    const folder = `${DEPT}/E2E ${run}`;
    await expect.poll(async () => (await raw.stat(`${folder}/bao-cao.txt`))?.size, { timeout: 30_000 }).toBe(body.length);

    // A link for a colleague, shown as text (the host's browser may not give the clipboard).
    await row.getByRole('button', { name: 'Thao tác: bao-cao.txt' }).click();
    await page.getByRole('menuitem', { name: 'Sao chép liên kết' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'govdesk://files/' })).toContainText(`govdesk://files/departments/phong-cntt/E2E%20${run}/bao-cao.txt`);

    // Kept on this device: the whole folder.
    await page.getByRole('button', { name: 'Giữ trên máy này' }).click();
    await expect(row.getByText('Có trên máy')).toBeAttached({ timeout: 30_000 });
    await expect.poll(() => copyOnDevice(app.dataDir, 'bao-cao.txt'), { timeout: 30_000 }).not.toBeNull();
    const copy = copyOnDevice(app.dataDir, 'bao-cao.txt') as string;
    await expect.poll(() => statSync(copy).size, { timeout: 30_000 }).toBe(body.length);

    // A conflict: someone else changes it on the server while it is edited here.
    const theirs = join(app.dataDir, 'theirs.txt');
    writeFileSync(theirs, 'bản của đồng nghiệp');
    await raw.upload(`${folder}/bao-cao.txt`, theirs);
    writeFileSync(copy, 'bản của tôi');
    await page.getByRole('button', { name: 'Làm mới' }).click();
    const conflicts = page.getByRole('region', { name: /Xung đột/ });
    await expect(conflicts).toContainText(`${folder}/bao-cao.txt`, { timeout: 30_000 });
    await conflicts.getByRole('button', { name: 'Giữ cả hai' }).click();
    await expect(conflicts).toHaveCount(0, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Làm mới' }).click();
    await expect(list.getByRole('row').filter({ hasText: `bao-cao (${USER} ` })).toBeVisible({ timeout: 30_000 });
    await expect(row).toBeVisible();
    // Theirs is the copy kept here now (mine went up beside it).
    await expect
      .poll(() => {
        const p = copyOnDevice(app.dataDir, 'bao-cao.txt');
        return p ? readFileSync(p, 'utf8') : null;
      }, { timeout: 30_000 })
      .toBe('bản của đồng nghiệp');

    // The file server stops: the kept folder still lists, and its files are here to read.
    await stopServers(stackPaths(readStackJson().stackDir), ['apache']);
    apacheStopped = true;
    await app.restart();
    await app.open(page);
    await page.locator('.sidebar').getByRole('button', { name: /Tệp tin/ }).click();
    await page.getByRole('navigation', { name: 'Thư mục' }).getByRole('button', { name: /Phòng Công nghệ thông tin/ }).click();
    await list.getByRole('button', { name: `E2E ${run}`, exact: true }).click();
    await expect(list.getByRole('row').filter({ hasText: 'bao-cao.txt' }).first()).toBeVisible();
    expect(readFileSync(copyOnDevice(app.dataDir, 'bao-cao.txt') as string, 'utf8')).toBe('bản của đồng nghiệp');
    await startServers(stackPaths(readStackJson().stackDir), ['apache']);
    apacheStopped = false;
    await raw.delete(folder, null);
  });
});

/** The source of the message with this subject in a user's Inbox, once delivered. */
async function inboxSource(username: string, subject: string): Promise<Buffer | null> {
  const s = readStackJson();
  const c = new ImapFlow({ ...s.services.imap, auth: { user: accountOf(s, username).email, accessToken: (await signInAtProvider(s, username)).accessToken }, logger: false });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const lock = await c.getMailboxLock('INBOX');
    try {
      const uid = ((await c.search({ subject }, { uid: true })) || [])[0];
      if (uid === undefined) return null;
      const msg = await c.fetchOne(String(uid), { source: true }, { uid: true });
      return msg && msg.source ? msg.source : null;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

test.describe('moving with the folder picker, downloading, attaching from Files', () => {
  test('move a file with the picker from the keyboard, download it to the host’s folder, attach it to a mail from Files', async ({ app, page, context }) => {
    test.setTimeout(150_000);
    const run = Date.now().toString(36);
    const raw = await rawClient();
    const folder = `home/${USER}/Chọn ${run}`;
    const body = `Tờ trình ${run}: nội dung để gửi kèm.`;
    await raw.mkdir(folder);
    await raw.mkdir(`${folder}/Đích`);
    const src = join(app.dataDir, 'to-trinh.txt');
    writeFileSync(src, body);
    await raw.upload(`${folder}/tờ trình.txt`, src);
    try {
      await app.open(page);
      await signIn(page, context, USER);
      await page.locator('.sidebar').getByRole('button', { name: /Tệp tin/ }).click();
      await page.getByRole('navigation', { name: 'Thư mục' }).getByRole('button', { name: 'Thư mục của tôi' }).click();
      const list = page.getByRole('grid', { name: 'Danh sách tệp' });
      await list.getByRole('button', { name: `Chọn ${run}`, exact: true }).click({ timeout: 30_000 });
      const row = list.getByRole('row').filter({ hasText: 'tờ trình.txt' });
      await expect(row).toBeVisible({ timeout: 30_000 });

      // Move…: the picker opens on the file's folder; the keyboard walks the tree and Enter moves it.
      await row.getByRole('button', { name: 'Thao tác: tờ trình.txt' }).click();
      await page.getByRole('menuitem', { name: 'Di chuyển' }).click();
      const picker = page.getByRole('dialog', { name: 'Di chuyển “tờ trình.txt” đến…' });
      const tree = picker.getByRole('tree', { name: 'Cây thư mục' });
      const here = tree.getByRole('treeitem', { name: `Chọn ${run}` });
      await expect(here.getByRole('treeitem', { name: 'Đích' })).toBeVisible({ timeout: 20_000 });
      // Its own folder (focused: the focused folder is the chosen one) is refused, with the reason.
      await here.focus();
      await expect(picker).toContainText('Mục này đã ở trong thư mục này.');
      await expect(picker.getByRole('button', { name: 'Di chuyển đến đây' })).toBeDisabled();
      await page.keyboard.press('ArrowDown');
      await expect(picker.getByRole('status').filter({ hasText: 'Đã chọn' })).toContainText(`${folder}/Đích`);
      await page.keyboard.press('Enter');
      await expect(picker).toHaveCount(0);
      await expect(row).toHaveCount(0);
      await expect.poll(async () => (await raw.stat(`${folder}/Đích/tờ trình.txt`))?.size, { timeout: 30_000 }).toBe(Buffer.byteLength(body));

      // Download…: the host has no dialog; it saves into its downloads folder and says where.
      await list.getByRole('button', { name: 'Đích', exact: true }).click();
      const moved = list.getByRole('row').filter({ hasText: 'tờ trình.txt' });
      await expect(moved).toBeVisible({ timeout: 30_000 });
      await moved.getByRole('button', { name: 'Thao tác: tờ trình.txt' }).click();
      await page.getByRole('menuitem', { name: 'Tải về…' }).click();
      const downloads = join(app.dataDir, 'downloads');
      await expect(page.getByRole('status').filter({ hasText: 'thư mục tải về' })).toContainText(join(downloads, 'tờ trình.txt'));
      const panel = page.getByRole('region', { name: 'Tải về máy' });
      await expect(panel.locator('.download-item[data-state="done"]')).toHaveCount(1, { timeout: 30_000 });
      expect(readFileSync(join(downloads, 'tờ trình.txt'), 'utf8')).toBe(body);
      expect(readdirSync(downloads)).toEqual(['tờ trình.txt']);

      // Attach from Files in Compose: the picker in file mode, then sent; the recipient gets the bytes.
      await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
      await page.getByRole('button', { name: 'Soạn thư mới' }).click();
      const subject = `Gửi kèm từ Tệp tin ${run}`;
      await page.getByLabel('Người nhận').fill(accountOf(readStackJson(), 'bao.tq').email);
      await page.getByLabel('Tiêu đề').fill(subject);
      await page.getByRole('button', { name: 'Đính kèm từ Tệp tin' }).click();
      const filePicker = page.getByRole('dialog', { name: 'Đính kèm tệp từ Tệp tin' });
      const fileTree = filePicker.getByRole('tree', { name: 'Cây thư mục' });
      await fileTree.getByRole('treeitem', { name: 'Thư mục của tôi' }).locator(':scope > div').click();
      await fileTree.getByRole('treeitem', { name: `Chọn ${run}` }).locator(':scope > div').click({ timeout: 20_000 });
      await fileTree.getByRole('treeitem', { name: 'Đích' }).locator(':scope > div').click({ timeout: 20_000 });
      await filePicker.getByRole('region', { name: 'Tệp trong thư mục đã chọn' }).getByRole('button', { name: /tờ trình\.txt/ }).click({ timeout: 20_000 });
      await filePicker.getByRole('button', { name: 'Đính kèm', exact: true }).click();
      await expect(page.getByRole('list', { name: 'Tệp từ Tệp tin (gửi kèm khi gửi thư)' })).toContainText('tờ trình.txt');
      await page.getByRole('button', { name: 'Gửi', exact: true }).click();
      await expect(page.getByTestId('sent-note')).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
      let source: Buffer | null = null;
      await expect.poll(async () => (source = await inboxSource('bao.tq', subject)) !== null, { timeout: 30_000 }).toBe(true);
      const parsed = await simpleParser(source as unknown as Buffer);
      expect(parsed.attachments.map((x) => [x.filename, x.content.toString('utf8')])).toEqual([['tờ trình.txt', body]]);
    } finally {
      await raw.delete(folder, null).catch(() => undefined);
    }
  });
});
