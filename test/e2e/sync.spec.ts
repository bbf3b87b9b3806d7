// The connection told as it is (issue 11): with the demo organization's mail
// and calendar servers stopped for real, the status bar says which do not
// answer and a message sent waits "for connection"; once they are started
// again, the status bar, the outbox and the note after the send change by
// themselves, without a click.
import { stackPaths } from '../stack/config';
import { startServers, stopServers, type ServerName } from '../stack/servers';
import { stack } from '../integration/auth/provider';
import { accountOf } from '../stack/stack-json';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

const USER = 'hung.dv';
// Everything but the identity provider, which keeps its sessions in memory:
// restarting it would end the session too (that is another test's subject).
const SERVERS: ServerName[] = ['dovecot', 'postfix', 'apache'];
const paths = () => stackPaths(stack().stackDir);

test.describe('connection state and waiting work with the servers stopped and started', () => {
  let stopped = false;
  test.afterEach(async () => {
    // Whatever a failed test left stopped runs again (a running server is left as it is).
    if (stopped) await startServers(paths(), ['idp', ...SERVERS]);
    stopped = false;
  });

  test('the status bar says what does not answer, the send waits for the connection, and all of it catches up by itself', async ({ app, page, context }) => {
    test.setTimeout(120_000);
    await app.open(page);
    await signIn(page, context, USER);
    await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
    const connection = page.getByTestId('status-connection');
    await expect(connection).toHaveText('Trực tuyến', { timeout: 30_000 });

    await stopServers(paths(), SERVERS);
    stopped = true;
    // Mail's IDLE connection drops: the bar says so at once, not "online" with an old "last sync".
    await expect(connection).toContainText('Không kết nối được: Thư điện tử', { timeout: 20_000 });
    await expect(connection).toHaveAttribute('data-connection', 'partial');

    // The detail: which server, since when, why; "try now" while it is still down changes nothing.
    await connection.click();
    const detail = page.getByRole('region', { name: 'Chi tiết kết nối' });
    await expect(detail).toBeVisible();
    await expect(detail.locator('[data-service="mail"]')).toContainText('không kết nối được');
    await expect(detail.locator('[data-service="signin"]')).toContainText('đang trả lời');
    await detail.getByRole('button', { name: 'Thử ngay' }).click();
    await expect(detail.getByRole('button', { name: 'Thử ngay' })).toBeEnabled();
    await expect(detail.locator('[data-service="mail"]')).toHaveAttribute('data-state', 'offline');
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);

    // A message sent now: the note and the outbox say it waits for the connection, not "sending".
    const subject = `Báo cáo gửi khi mất kết nối ${Date.now().toString(36)}`;
    await page.getByRole('button', { name: 'Soạn thư mới' }).click();
    const form = page.getByRole('form', { name: 'Soạn thư' });
    await form.getByLabel('Người nhận').fill('Võ Thị Hồng Nhung <nhung.vth@so-demo.invalid>');
    await form.getByLabel('Tiêu đề').fill(subject);
    await form.getByLabel('Nội dung').fill('Kính gửi chị Nhung, em gửi báo cáo.');
    await form.getByRole('button', { name: 'Gửi' }).click();
    const note = page.getByTestId('sent-note');
    await expect(note).toContainText('Chưa gửi được: không kết nối được máy chủ thư');
    const outbox = page.getByRole('region', { name: 'Hộp thư đi' });
    const entry = outbox.getByRole('listitem', { name: subject });
    await expect(entry.getByTestId('outbox-state')).toHaveText('chờ kết nối');
    await expect(page.getByTestId('status-waiting')).toHaveText(/^\d+ thay đổi chờ gửi$/);

    // The servers come back: no click from here on.
    await startServers(paths(), SERVERS);
    stopped = false;
    await expect(outbox).toHaveCount(0, { timeout: 15_000 });
    await expect(note).toHaveText('Thư đã được gửi.');
    await expect(connection).toHaveText('Trực tuyến', { timeout: 15_000 });
    await expect(page.getByTestId('status-waiting')).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Thư mục' }).getByRole('button', { name: /Đã gửi/ }).click();
    await expect(page.getByRole('list', { name: 'Danh sách thư' }).getByRole('button', { name: new RegExp(subject) })).toHaveCount(1, { timeout: 20_000 });
  });

  test('the whole organization restarts: the send waits for a new sign-in, and signing in again is all it takes', async ({ app, page, context }) => {
    test.setTimeout(150_000);
    const person = accountOf(stack(), 'dung.pt');
    await app.open(page);
    await signIn(page, context, person.username);
    await page.locator('.sidebar').getByRole('button', { name: /Thư điện tử/ }).click();
    const connection = page.getByTestId('status-connection');
    await expect(connection).toHaveText('Trực tuyến', { timeout: 30_000 });

    // Every server stops, the identity provider too (it forgets every session).
    const ALL: ServerName[] = ['idp', ...SERVERS];
    await stopServers(paths(), ALL);
    stopped = true;
    await expect(connection).toContainText('Thư điện tử', { timeout: 20_000 });
    const subject = `Công văn gửi khi hệ thống dừng ${Date.now().toString(36)}`;
    await page.getByRole('button', { name: 'Soạn thư mới' }).click();
    const form = page.getByRole('form', { name: 'Soạn thư' });
    await form.getByLabel('Người nhận').fill('Hoàng Minh Đức <duc.hm@so-demo.invalid>');
    await form.getByLabel('Tiêu đề').fill(subject);
    await form.getByLabel('Nội dung').fill('Kính gửi anh Đức.');
    await form.getByRole('button', { name: 'Gửi' }).click();
    const entry = page.getByRole('region', { name: 'Hộp thư đi' }).getByRole('listitem', { name: subject });
    await expect(entry.getByTestId('outbox-state')).toHaveText('chờ kết nối');

    // Back, but the provider no longer knows the session: the app says a new sign-in is needed, and the send waits for it.
    await startServers(paths(), ALL);
    stopped = false;
    const banner = page.getByTestId('reauth-banner');
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(entry.getByTestId('outbox-state')).toHaveText('chờ đăng nhập lại');
    await expect(page.getByTestId('sent-note')).toContainText('cần đăng nhập lại');

    const popup = context.waitForEvent('page');
    await banner.getByRole('button', { name: 'Đăng nhập lại' }).click();
    const idp = await popup;
    await idp.getByLabel('Tên đăng nhập hoặc thư điện tử').fill(person.username);
    await idp.getByLabel('Mật khẩu').fill(person.password);
    await idp.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(idp.getByText('Bạn có thể đóng cửa sổ này')).toBeVisible();
    await idp.close();
    // Signing in again is the last thing the user does: within seconds it is sent and every server answers.
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('sent-note')).toHaveText('Thư đã được gửi.', { timeout: 10_000 });
    await expect(page.getByRole('region', { name: 'Hộp thư đi' })).toHaveCount(0);
    await expect(connection).toHaveText('Trực tuyến', { timeout: 10_000 });
  });
});
