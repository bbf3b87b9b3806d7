// Only an active access token of the desktop app opens the document service,
// as every server of the stack (refresh and ID tokens, revoked, expired and
// made-up tokens are refused).
import { describe, expect, it } from 'vitest';
import { revoke, signIn, waitUntilInactive } from '../../stack/login';
import { stack } from './helpers';

async function status(token: string | undefined): Promise<number> {
  const res = await fetch(new URL('me', stack().services.documents.url), { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

describe('document service: which tokens it takes', () => {
  it('takes the access token and refuses the refresh token and the ID token of the same sign-in', async () => {
    const t = await signIn(stack(), 'nhung.vth');
    expect(await status(t.accessToken)).toBe(200);
    expect(await status(t.refreshToken)).toBe(401);
    expect(await status(t.idToken)).toBe(401);
  });

  it('refuses a revoked token, an expired one, a made-up one and none', async () => {
    const t = await signIn(stack(), 'nhung.vth');
    await revoke(stack(), t.accessToken, undefined, 'access_token');
    expect(await status(t.accessToken)).toBe(401);
    const short = await signIn(stack(), 'nhung.vth', { clientId: stack().clients.shortLived.clientId });
    await waitUntilInactive(stack(), short.accessToken);
    expect(await status(short.accessToken)).toBe(401);
    expect(await status('khong-phai-token')).toBe(401);
    expect(await status(undefined)).toBe(401);
  });
});
