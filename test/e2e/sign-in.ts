// Signing in the way a person does: press "Đăng nhập", the host's stand-in
// for the system browser opens the provider's real login page in a new tab,
// fill it in, and wait until the app shows who is signed in.
import type { BrowserContext, Page } from '@playwright/test';
import { stack } from '../integration/auth/provider';
import { accountOf } from '../stack/stack-json';
import { expect } from './fixtures';

/** Presses "Đăng nhập", signs in on the provider's page that opens, and waits for the app to show the user. */
export async function signIn(page: Page, context: BrowserContext, username: string): Promise<void> {
  const person = accountOf(stack(), username);
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Đang chờ bạn đăng nhập');
  const idp = await popup;
  await idp.waitForLoadState();
  expect(idp.url().startsWith(stack().issuer)).toBe(true);
  // A login page whose CSP forbids leaving its origin after the form (form-action)
  // strands the browser there: say so plainly instead of a bare time-out.
  const blocked = new Promise<string>((resolve) => idp.on('console', (m) => /form-action/.test(m.text()) && resolve(m.text())));
  await idp.getByLabel('Tên đăng nhập hoặc thư điện tử').fill(person.username);
  await idp.getByLabel('Mật khẩu').fill(person.password);
  await idp.getByRole('button', { name: 'Đăng nhập' }).click();
  // The provider sends the browser to the app's loopback listener, which says it can be closed.
  const arrived = expect(idp.locator('body'))
    .toContainText('Bạn có thể đóng cửa sổ này')
    .then(() => null, (err: unknown) => err);
  const outcome = await Promise.race([arrived, blocked.then((text) => new Error(`the provider's login page blocked the redirect to the app's loopback listener (its CSP form-action must allow http://127.0.0.1:*): ${text}`))]);
  if (outcome) throw outcome;
  await idp.close();
  await expect(page.getByTestId('status-account')).toHaveText(`${person.name} · ${person.department.name}`);
}
