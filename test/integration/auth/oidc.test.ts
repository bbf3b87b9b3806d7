// Sign-in against the real identity provider of test/stack, through the
// loopback listener, with a scripted browser on the provider's real login
// form. Tokens are checked the way the servers check them: introspection.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountOf } from '../../stack/stack-json';
import { introspect, refreshTokenState, removeDir, revokeAtProvider, sealedRefreshToken, stack, startApp, until, type TestApp } from './helpers';

const USER = 'anh.ntm';
const apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) {
    a.close();
    removeDir(a.dataDir);
  }
});

function app(opts: Partial<Parameters<typeof startApp>[0]> = {}): TestApp {
  const a = accountOf(stack(), USER);
  const started = startApp({ script: { username: a.username, password: a.password }, ...opts });
  apps.push(started);
  return started;
}

describe('OIDC sign-in against the stack', () => {
  it('signs in through the loopback redirect and shows who signed in', async () => {
    const a = app();
    const state = await a.call('auth.signIn');
    const person = accountOf(stack(), USER);
    expect(a.browser.errors).toEqual([]);
    expect(a.browser.opened[0]).toContain('code_challenge_method=S256');
    expect(a.browser.opened[0]).toMatch(/redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback/);
    expect(state).toMatchObject({ phase: 'signed_in', account: { name: person.name, email: person.email, unit: person.department.name } });
    expect(await a.call('status.get')).toMatchObject({ account: { name: person.name, unit: person.department.name } });
    // Online once every server has answered the first sync: the status bar never says it before.
    await until('every server answered', async () => (await a.call('status.get')).connection === 'online');

    const token = await a.core.account()!.tokens.accessToken('mail');
    expect(await introspect(token)).toMatchObject({ active: true, email: person.email });
  });

  it('refreshes: a renewed token is active, and the rotated refresh token is sealed in the vault', async () => {
    const a = app();
    await a.call('auth.signIn');
    const tokens = a.core.account()!.tokens;
    const first = await tokens.accessToken('calendar');
    const sealedBefore = sealedRefreshToken(a.dataDir);
    const renewed = await tokens.renew('calendar', first);
    expect(renewed).not.toBe(first);
    expect(await introspect(renewed)).toMatchObject({ active: true });
    const sealedAfter = sealedRefreshToken(a.dataDir);
    expect(sealedAfter).toBeTruthy();
    expect(sealedAfter).not.toBe(sealedBefore); // rotation, persisted at once
    expect(await refreshTokenState(sealedAfter!)).toMatchObject({ active: true });
    // ...and, being a refresh token, it opens no server.
    expect(await introspect(sealedAfter!)).toEqual({ active: false });
  });

  it('shares one refresh between concurrent 401s (a double refresh would be a replay)', async () => {
    const a = app();
    await a.call('auth.signIn');
    const tokens = a.core.account()!.tokens;
    const rejected = await tokens.accessToken('mail');
    const renewed = await Promise.all([tokens.renew('mail', rejected), tokens.renew('calendar', rejected), tokens.renew('files', rejected)]);
    expect(new Set(renewed).size).toBe(1);
    // The grant survived: a replayed refresh token would have revoked it.
    expect(await introspect(renewed[0]!)).toMatchObject({ active: true });
    await expect(tokens.renew('mail', renewed[0]!)).resolves.toBeTruthy();
  });

  it('refreshes an expiring short-lived token by itself', async () => {
    const s = stack();
    const a = app({ clientId: s.clients.shortLived.clientId });
    await a.call('auth.signIn');
    const tokens = a.core.account()!.tokens;
    const first = await tokens.accessToken('mail');
    expect(await introspect(first)).toMatchObject({ active: true });
    // Wait (with a deadline) until the provider itself says the first token expired…
    await until('the first token to expire', async () => !(await introspect(first)).active, (s.clients.shortLived.accessTokenTtlSeconds + 10) * 1000);
    // …and the app hands out a valid one without anyone signing in.
    const next = await tokens.accessToken('mail');
    expect(next).not.toBe(first);
    expect(await introspect(next)).toMatchObject({ active: true });
    expect(a.browser.opened).toHaveLength(1);
  });

  it('restores the session after a restart without the browser', async () => {
    const a = app();
    await a.call('auth.signIn');
    a.core.close();
    const again = startApp({ script: { username: USER, password: 'unused', ignore: true }, dataDir: a.dataDir });
    apps.push(again);
    expect(await again.call('auth.state')).toMatchObject({ phase: 'signed_in' });
    const token = await until('a token after restart', () => again.core.account()!.tokens.accessToken('mail'));
    expect(await introspect(token)).toMatchObject({ active: true });
    expect(again.browser.opened).toEqual([]);
    await until('every server answered after the restart', async () => (await again.call('status.get')).connection === 'online');
  });

  it('signs out: the refresh token is inactive at introspection and the vault is empty', async () => {
    const a = app();
    await a.call('auth.signIn');
    const access = await a.core.account()!.tokens.accessToken('mail');
    const refresh = sealedRefreshToken(a.dataDir);
    expect(refresh).toBeTruthy();
    expect(await refreshTokenState(refresh!)).toMatchObject({ active: true });
    expect(await a.call('auth.signOut', { eraseCache: true })).toMatchObject({ phase: 'signed_out' });
    expect(await refreshTokenState(refresh!)).toMatchObject({ active: false });
    // Revoking the refresh token ends the grant: its access tokens die with it.
    expect(await introspect(access)).toMatchObject({ active: false });
    expect(sealedRefreshToken(a.dataDir)).toBeNull();
    // The provider's end-session page went to the browser, so its cookie session ends too.
    expect(a.browser.opened.at(-1)).toMatch(new RegExp(`^${stack().endSessionEndpoint}`));
  });

  it('asks to sign in again when the provider ended the session, keeping the account open, and resumes', async () => {
    const a = app();
    await a.call('auth.signIn');
    const ctx = a.core.account()!;
    const rejected = await ctx.tokens.accessToken('mail');
    // The organization ends the session (an administrator, a password change).
    await revokeAtProvider(sealedRefreshToken(a.dataDir)!);
    await expect(ctx.tokens.renew('mail', rejected)).rejects.toMatchObject({ code: 'auth.reauth_required' });
    expect(await a.call('auth.state')).toMatchObject({ phase: 'reauth_required', account: { email: accountOf(stack(), USER).email } });
    expect(a.core.account()).toBe(ctx); // the cache stays open: the screen and the outbox are kept

    await expect(a.call('auth.signIn')).resolves.toMatchObject({ phase: 'signed_in' });
    expect(a.core.account()).toBe(ctx);
    expect(await introspect(await ctx.tokens.accessToken('mail'))).toMatchObject({ active: true });
  });

  it('never writes a token in plain text: not in the log, not in the databases', async () => {
    const a = app();
    await a.call('auth.signIn');
    const tokens = a.core.account()!.tokens;
    const seen = [await tokens.accessToken('mail'), sealedRefreshToken(a.dataDir)!];
    seen.push(await tokens.renew('mail', seen[0]!), sealedRefreshToken(a.dataDir)!);
    await a.call('auth.signOut', { eraseCache: false });
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const everything = Buffer.concat(files(a.dataDir).filter((f) => !f.endsWith('secret.key')).map((f) => readFileSync(f)));
    expect(everything.includes(Buffer.from('signed in'))).toBe(true); // the log was written and read
    for (const token of seen) expect(everything.includes(Buffer.from(token))).toBe(false);
  });

  it('reports the user pressing cancel on the login page as a provider error, and can sign in afterwards', async () => {
    const a = app();
    const person = accountOf(stack(), USER);
    const aborting = startApp({ script: { username: person.username, password: person.password, abort: true }, dataDir: a.dataDir });
    await expect(aborting.call('auth.signIn')).rejects.toMatchObject({ code: 'auth.provider_error' });
    expect(await aborting.call('auth.state')).toMatchObject({ phase: 'signed_out' });
    aborting.close();
    await expect(a.call('auth.signIn')).resolves.toMatchObject({ phase: 'signed_in' });
  });

  it('says auth.unreachable when the provider does not answer', async () => {
    // The same organization, its issuer on a port where nothing listens.
    const a = app({ issuer: 'http://127.0.0.1:9/' });
    await expect(a.call('auth.signIn')).rejects.toMatchObject({ code: 'auth.unreachable' });
    expect(await a.call('auth.state')).toMatchObject({ phase: 'signed_out' });
  });
});
