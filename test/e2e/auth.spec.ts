// Log in once, end to end: Debian's chromium on the headless host, signing in
// on the identity provider's real login page (the page the host's
// openExternal opens), restarting, signing out, and a short-lived token.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountOf } from '../stack/stack-json';
import { refreshTokenState, revokeAtProvider, sealedRefreshToken, stack, until } from '../integration/auth/provider';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

const USER = 'anh.ntm';

test.describe('with no organization configured', () => {
  test.use({ withOrganization: false });

  test('the shell opens, and the Sign in button explains what to do', async ({ app, page }) => {
    await app.open(page);
    await expect(page.locator('.shell')).toBeVisible();
    await expect(page.getByTestId('status-account')).toHaveText('Chưa đăng nhập');
    // Today, the home screen, says what signing in brings rather than showing an error.
    await expect(page.getByTestId('today-signed-out')).toContainText('Đăng nhập để xem');
    await page.getByRole('contentinfo').getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveAttribute('data-code', 'auth.not_configured');
    await expect(alert).toContainText('liên hệ bộ phận CNTT');
    expect(app.host.openedExternally).toEqual([]);
  });
});

test.describe('against the demo stack', () => {
  test('sign in on the provider page, stay signed in across a restart, sign out with revocation', async ({ app, page, context }) => {
    const person = accountOf(stack(), USER);
    await app.open(page);
    await expect(page.locator('.signin')).toBeVisible();
    await expect(page.getByTestId('signin-organization')).toHaveText(stack().organization.name);
    await signIn(page, context, USER);
    await expect(page.locator('.shell')).toBeVisible();
    expect(app.host.openedExternally).toHaveLength(1);
    expect(app.host.openedExternally[0]).toContain('code_challenge_method=S256');

    // Restart: still signed in, and no browser opened.
    await app.restart();
    await app.open(page);
    await expect(page.getByTestId('status-account')).toHaveText(`${person.name} · ${person.department.name}`);
    await expect(page.getByTestId('status-connection')).toHaveText('Trực tuyến');
    expect(app.host.openedExternally).toEqual([]);

    // The token the app holds, as the provider sees it (unsealed with the test key file).
    const refresh = await until('the sealed refresh token', () => sealedRefreshToken(app.dataDir));
    expect(await refreshTokenState(refresh)).toMatchObject({ active: true });

    // Sign out from Settings, erasing this account's data.
    await page.keyboard.press('Control+7');
    await expect(page.getByTestId('account-signed-in-as')).toContainText(person.email);
    await page.getByRole('button', { name: 'Đăng xuất…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đăng xuất khỏi Govdesk?' });
    await dialog.getByLabel(/Xóa dữ liệu của tài khoản/).check();
    await dialog.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect(page.locator('.signin')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeFocused();

    expect(await refreshTokenState(refresh)).toMatchObject({ active: false });
    expect(sealedRefreshToken(app.dataDir)).toBeNull();
    const accounts = join(app.dataDir, 'accounts');
    expect(existsSync(accounts) ? readdirSync(accounts) : []).toEqual([]);
    // The provider's end-session page went to the browser too, so its own session ends.
    await until('the end-session page', () => app.host.openedExternally.some((u) => u.startsWith(stack().endSessionEndpoint)));
  });

  test('cancel while waiting for the browser leaves a working Sign in button', async ({ app, page }) => {
    await app.open(page);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('button', { name: 'Hủy' }).click();
    await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'auth.cancelled');
    await expect(page.getByRole('alert')).toContainText('Đã hủy đăng nhập');
    await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeEnabled();
  });

  /** An organization file: the demo organization with some OIDC settings changed. */
  function organizationWith(oidc: Partial<ReturnType<typeof stack>['organization']['oidc']>): string {
    const s = stack();
    const file = join(mkdtempSync(join(tmpdir(), 'govdesk-org-')), 'organization.json');
    writeFileSync(file, JSON.stringify({ ...s.organization, oidc: { ...s.organization.oidc, ...oidc } }));
    return file;
  }

  /** Restarts the host with the demo organization's short-lived client (access tokens of a few seconds). */
  async function useShortLivedClient(app: { restart(extra: { org: string }): Promise<unknown> }): Promise<void> {
    await app.restart({ org: organizationWith({ clientId: stack().clients.shortLived.clientId }) });
  }

  test('an expired access token is refreshed transparently (short-lived client)', async ({ app, page, context }) => {
    const s = stack();
    await useShortLivedClient(app);
    await app.open(page);
    await signIn(page, context, USER);

    const first = await until('the sealed refresh token', () => sealedRefreshToken(app.dataDir));
    // Several access-token lifetimes later, the provider has rotated the refresh
    // token (each refresh does): the app renewed by itself, and is still signed in.
    const ttlMs = s.clients.shortLived.accessTokenTtlSeconds * 1000;
    const later = await until('a refresh by the app', () => {
      const now = sealedRefreshToken(app.dataDir);
      return now && now !== first ? now : null;
    }, ttlMs * 4 + 10_000);
    expect(await refreshTokenState(later, s.clients.shortLived.clientId)).toMatchObject({ active: true, client_id: s.clients.shortLived.clientId });
    await expect(page.getByTestId('reauth-banner')).toHaveCount(0);
    await expect(page.getByTestId('status-connection')).toHaveText('Trực tuyến');
    expect(app.host.openedExternally).toHaveLength(1);
  });

  test('a session ended at the provider asks to sign in again over the current screen, which stays', async ({ app, page, context }) => {
    const s = stack();
    const person = accountOf(s, USER);
    await useShortLivedClient(app);
    await app.open(page);
    await signIn(page, context, USER);
    await page.keyboard.press('Control+7');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cài đặt');

    // The organization ends the session; the app finds out at its next refresh, within seconds.
    await revokeAtProvider(await until('the sealed refresh token', () => sealedRefreshToken(app.dataDir)), s.clients.shortLived.clientId);
    const banner = page.getByTestId('reauth-banner');
    await expect(banner).toContainText('Phiên đăng nhập đã hết hạn', { timeout: s.clients.shortLived.accessTokenTtlSeconds * 1000 + 10_000 });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cài đặt');
    await expect(page.getByTestId('status-account')).toHaveText(`${person.name} · ${person.department.name}`);

    // Sign in again from the banner: the browser still has its session at the
    // provider, so it may come straight back without the login form.
    const popup = context.waitForEvent('page');
    await banner.getByRole('button', { name: 'Đăng nhập lại' }).click();
    const idp = await popup;
    const done = idp.getByText('Bạn có thể đóng cửa sổ này');
    const form = idp.getByLabel('Mật khẩu');
    await expect(done.or(form)).toBeVisible();
    if (await form.isVisible()) {
      await idp.getByLabel('Tên đăng nhập hoặc thư điện tử').fill(person.username);
      await form.fill(person.password);
      await idp.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect(done).toBeVisible();
    }
    await idp.close();
    await expect(banner).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cài đặt');
  });

  test('offline start: with the provider unreachable, the signed-in user works from the cache and the status says offline', async ({ app, page, context }) => {
    const person = accountOf(stack(), USER);
    await app.open(page);
    await signIn(page, context, USER);
    // The same organization, its identity provider unreachable (nothing listens on port 9).
    await app.restart({ org: organizationWith({ issuer: 'http://127.0.0.1:9' }) });
    await app.open(page);
    await expect(page.locator('.shell')).toBeVisible();
    await expect(page.getByTestId('status-account')).toHaveText(`${person.name} · ${person.department.name}`);
    // Nothing can get a token: sign-in, mail and calendar all say they do not answer.
    await expect(page.getByTestId('status-connection')).toContainText('Ngoại tuyến', { timeout: 20_000 });
    await expect(page.getByTestId('status-connection')).toContainText('Đăng nhập');
    await expect(page.getByTestId('reauth-banner')).toHaveCount(0);
    expect(app.host.openedExternally).toEqual([]);
    // The network is back: online again, still without the browser.
    await app.restart();
    await app.open(page);
    await expect(page.getByTestId('status-connection')).toHaveText('Trực tuyến');
    expect(app.host.openedExternally).toEqual([]);
  });
});
