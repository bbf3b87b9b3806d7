import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthState } from '../../../shared/auth';
import type { Connection } from '../../../shared/status';
import { Session, type SessionHooks } from '../../../electron/core/auth/session';
import type { ServiceName } from '../../../electron/core/auth/token-source';
import { Vault, type AccountProfile } from '../../../electron/core/auth/vault';
import { appMigrations } from '../../../electron/core/db/migrations/app';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { silentLogger } from '../../../electron/core/log';
import { keyFileSecrets, noSecrets, type SecretStorage } from '../../../electron/core/platform';
import { ANH, BAO, FakeClock, FakeIdp, fakeBrowser, settle } from './fakes';

const ORG = { id: 'so-demo', name: 'Sở Demo' };
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

function recorder() {
  const states: AuthState[] = [];
  const connections: Connection[] = [];
  const opened: string[] = [];
  const closed: { id: string; erase: boolean }[] = [];
  const hooks: SessionHooks = {
    onState: (s) => states.push(s),
    onConnection: (c) => connections.push(c),
    openAccount: (p: AccountProfile) => opened.push(p.id),
    closeAccount: (p, erase) => closed.push({ id: p.id, erase }),
  };
  return { states, connections, opened, closed, hooks, last: () => states[states.length - 1] };
}

/** One installation: an app database and a secret store that outlive a Session (restarts). */
function installation(secrets?: SecretStorage) {
  const dir = mkdtempSync(join(tmpdir(), 'govdesk-session-'));
  const db: Db = openDatabase(join(dir, 'govdesk.db'));
  migrate(db, appMigrations);
  cleanup.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const vault = new Vault(db, secrets ?? keyFileSecrets(dir), silentLogger);
  return { db, vault };
}

function makeSession(
  opts: {
    clock?: FakeClock;
    idp?: FakeIdp;
    vault?: Vault;
    browser?: ReturnType<typeof fakeBrowser>;
    timeoutMs?: number;
    configured?: boolean;
    resources?: Partial<Record<ServiceName, string>>;
  } = {},
) {
  const clock = opts.clock ?? new FakeClock();
  const idp = opts.idp ?? new FakeIdp(clock);
  const vault = opts.vault ?? installation().vault;
  const browser = opts.browser ?? fakeBrowser();
  const rec = recorder();
  const configured = opts.configured ?? true;
  const session = new Session({
    oidc: configured ? idp : null,
    organization: configured ? ORG : null,
    vault,
    clock,
    openExternal: browser.openExternal,
    log: silentLogger,
    hooks: rec.hooks,
    ...(opts.timeoutMs ? { signInTimeoutMs: opts.timeoutMs } : {}),
    ...(opts.resources ? { resources: opts.resources } : {}),
  });
  cleanup.push(() => session.close());
  return { session, clock, idp, vault, browser, rec };
}

describe('sign-in', () => {
  it('goes signed_out -> signing_in -> signed_in and opens the account', async () => {
    const { session, rec, browser } = makeSession();
    session.start();
    expect(session.state()).toMatchObject({ phase: 'signed_out', configured: true, account: null, persistent: true });
    const state = await session.signIn();
    expect(state.phase).toBe('signed_in');
    expect(state.account).toMatchObject({ name: ANH.name, email: ANH.email, unit: ANH.unit });
    expect(rec.states.map((s) => s.phase)).toEqual(['signed_out', 'signing_in', 'signed_in']);
    expect(rec.opened).toEqual([state.account!.id]);
    expect(rec.connections).toEqual(['online']);
    expect(browser.opened[0]).toMatch(/^https:\/\/idp\.test\/auth\?redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback/);
  });

  it('explains auth.not_configured when no organization is set, and stays signed out', async () => {
    const { session } = makeSession({ configured: false });
    session.start();
    expect(session.state()).toMatchObject({ phase: 'signed_out', configured: false });
    await expect(session.signIn()).rejects.toMatchObject({ code: 'auth.not_configured' });
  });

  it.each([
    ['a wrong state', { state: 'forged' }, 'auth.state_mismatch'],
    ['an error from the provider', { error: 'access_denied' }, 'auth.provider_error'],
    ['a code the provider refuses', { code: 'stale' }, 'auth.provider_error'],
  ])('ends in a clear error after %s, and the next sign-in works', async (_what, browserOpts, code) => {
    const clock = new FakeClock();
    const idp = new FakeIdp(clock);
    const vault = installation().vault;
    const first = makeSession({ clock, idp, vault, browser: fakeBrowser(browserOpts) });
    await expect(first.session.signIn()).rejects.toMatchObject({ code });
    expect(first.session.state().phase).toBe('signed_out');
    // Same provider, a browser that now answers right: the button works again.
    const again = makeSession({ clock, idp, vault });
    await expect(again.session.signIn()).resolves.toMatchObject({ phase: 'signed_in' });
  });

  it('can be cancelled while the browser is open, and then started again', async () => {
    const { session, clock } = makeSession({ browser: { opened: [], openExternal: async () => undefined } });
    const pending = session.signIn();
    await settle();
    expect(session.state().phase).toBe('signing_in');
    await expect(session.signIn()).rejects.toMatchObject({ code: 'auth.in_progress' });
    expect(session.cancelSignIn()).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'auth.cancelled' });
    expect(session.state().phase).toBe('signed_out');
    expect(clock.pending()).toEqual([]); // the time-out timer went with the listener
    expect(session.cancelSignIn()).toBe(false);
  });

  it('times out when the browser never comes back', async () => {
    const { session, clock } = makeSession({ timeoutMs: 120_000, browser: { opened: [], openExternal: async () => undefined } });
    const pending = session.signIn();
    const failed = expect(pending).rejects.toMatchObject({ code: 'auth.timeout' });
    await settle();
    await clock.advance(120_000);
    await failed;
    expect(session.state().phase).toBe('signed_out');
  });

  it('says auth.unreachable when the provider cannot be reached', async () => {
    const { session, idp } = makeSession();
    idp.mode = 'unreachable';
    await expect(session.signIn()).rejects.toMatchObject({ code: 'auth.unreachable' });
    expect(session.state().phase).toBe('signed_out');
  });
});

describe('tokens', () => {
  it('schedules the refresh before the access token expires, and keeps doing so', async () => {
    const { session, clock, idp } = makeSession();
    idp.accessLifetimeMs = 10 * 60_000;
    await session.signIn();
    const first = await session.accessToken('mail');
    // One minute before expiry at the latest.
    expect(clock.pending()).toEqual([9 * 60_000]);
    await clock.advance(9 * 60_000 - 1);
    expect(idp.refreshCalls).toBe(0);
    await clock.advance(1);
    expect(idp.refreshCalls).toBe(1);
    const second = await session.accessToken('mail');
    expect(second).not.toBe(first);
    await clock.advance(9 * 60_000);
    expect(idp.refreshCalls).toBe(2);
  });

  it('refreshes a short-lived token at three quarters of its life', async () => {
    const { session, clock, idp } = makeSession();
    idp.accessLifetimeMs = 8_000;
    await session.signIn();
    expect(clock.pending()).toEqual([6_000]);
  });

  it('shares one refresh between concurrent callers (single flight)', async () => {
    const { session, clock, idp } = makeSession();
    await session.signIn();
    let open!: () => void;
    idp.gate = new Promise((resolve) => (open = resolve));
    // The scheduled refresh starts at 9 minutes and waits at the gate; at 10 the token has expired.
    await clock.advance(10 * 60_000);
    const callers = Promise.all([session.accessToken('mail'), session.accessToken('calendar'), session.renew('files', 'at-1'), session.accessToken('documents')]);
    open();
    const tokens = await callers;
    expect(idp.refreshCalls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    // The rotated refresh token is the only live one, and it is what the vault holds.
    expect(idp.liveRefreshTokens()).toHaveLength(1);
  });

  it('on a 401 renews once; a renew for a token already replaced does not refresh again', async () => {
    const { session, idp } = makeSession();
    await session.signIn();
    const rejected = await session.accessToken('mail');
    const [a, b] = await Promise.all([session.renew('mail', rejected), session.renew('calendar', rejected)]);
    expect(a).toBe(b);
    expect(a).not.toBe(rejected);
    expect(idp.refreshCalls).toBe(1);
    expect(await session.renew('mail', rejected)).toBe(a);
    expect(idp.refreshCalls).toBe(1);
  });

  it('goes to reauth_required when the renewal is refused, keeping the account open', async () => {
    const { session, idp, rec } = makeSession();
    await session.signIn();
    const rejected = await session.accessToken('mail');
    idp.mode = 'invalid_grant';
    await expect(session.renew('mail', rejected)).rejects.toMatchObject({ code: 'auth.reauth_required' });
    expect(session.state()).toMatchObject({ phase: 'reauth_required', account: { email: ANH.email } });
    expect(rec.closed).toEqual([]);
    await expect(session.accessToken('mail')).rejects.toMatchObject({ code: 'auth.reauth_required' });

    // Signing in again resumes the same account: not reopened, not closed.
    idp.mode = 'ok';
    const states = rec.states.length;
    await expect(session.signIn()).resolves.toMatchObject({ phase: 'signed_in' });
    expect(rec.states.slice(states).map((s) => [s.phase, s.account?.email])).toEqual([
      ['signing_in', ANH.email],
      ['signed_in', ANH.email],
    ]);
    expect(rec.opened).toHaveLength(1);
    expect(rec.closed).toEqual([]);
    await expect(session.accessToken('mail')).resolves.toMatch(/^at-/);
  });

  it('switches accounts when someone else signs in from the reauth banner', async () => {
    const { session, idp, rec, vault } = makeSession();
    await session.signIn();
    const anhId = session.state().account!.id;
    idp.mode = 'invalid_grant';
    await expect(session.renew('mail', await session.accessToken('mail'))).rejects.toMatchObject({ code: 'auth.reauth_required' });
    idp.mode = 'ok';
    idp.user = BAO;
    const state = await session.signIn();
    expect(state.account?.email).toBe(BAO.email);
    expect(state.account?.id).not.toBe(anhId);
    expect(rec.closed).toEqual([{ id: anhId, erase: false }]);
    expect(rec.opened).toEqual([anhId, state.account!.id]);
    // The previous person's (dead) session is not what a restart brings back.
    expect(vault.restore('so-demo')?.profile.subject).toBe(BAO.subject);
  });

  it('refuses tokens when nobody is signed in', async () => {
    const { session } = makeSession();
    await expect(session.accessToken('mail')).rejects.toMatchObject({ code: 'auth.required' });
  });
});

describe('restart and offline start', () => {
  it('restores the session from the vault without the browser', async () => {
    const clock = new FakeClock();
    const idp = new FakeIdp(clock);
    const { vault } = installation();
    const first = makeSession({ clock, idp, vault });
    await first.session.signIn();
    first.session.close();

    const browser = fakeBrowser();
    const second = makeSession({ clock, idp, vault, browser });
    second.session.start();
    expect(second.session.state()).toMatchObject({ phase: 'signed_in', account: { email: ANH.email } });
    await settle();
    await expect(second.session.accessToken('mail')).resolves.toMatch(/^at-/);
    expect(browser.opened).toEqual([]);
    expect(second.rec.connections).toEqual(['online']);
  });

  it('starts offline from the vault and the cache, probes with backoff, and comes online by itself', async () => {
    const clock = new FakeClock();
    const idp = new FakeIdp(clock);
    const { vault } = installation();
    const first = makeSession({ clock, idp, vault });
    await first.session.signIn();
    first.session.close();

    idp.mode = 'unreachable';
    const second = makeSession({ clock, idp, vault });
    second.session.start();
    await settle();
    expect(second.session.state()).toMatchObject({ phase: 'signed_in', account: { email: ANH.email } });
    expect(second.rec.opened).toHaveLength(1);
    expect(second.rec.connections).toEqual(['offline']);
    await expect(second.session.accessToken('mail')).rejects.toMatchObject({ code: 'auth.unreachable' });
    const calls = idp.refreshCalls;
    expect(clock.pending()).toEqual([5_000]);
    await clock.advance(5_000);
    expect(idp.refreshCalls).toBe(calls + 1);
    expect(clock.pending()).toEqual([10_000]);

    idp.mode = 'ok';
    await clock.advance(10_000);
    expect(second.rec.connections).toEqual(['offline', 'online']);
    expect(second.session.state().phase).toBe('signed_in');
    // Online: the next thing on the clock is the refresh before expiry, not a probe.
    expect(clock.pending()).toEqual([9 * 60_000]);
    await expect(second.session.accessToken('mail')).resolves.toMatch(/^at-/);
  });

  it('comes back to reauth_required after a restart if the provider ended the session meanwhile', async () => {
    const clock = new FakeClock();
    const idp = new FakeIdp(clock);
    const { vault } = installation();
    const first = makeSession({ clock, idp, vault });
    await first.session.signIn();
    first.session.close();
    idp.mode = 'invalid_grant';
    const second = makeSession({ clock, idp, vault });
    second.session.start();
    await settle();
    expect(second.session.state()).toMatchObject({ phase: 'reauth_required', account: { email: ANH.email } });
    expect(second.rec.opened).toHaveLength(1);
  });

  it('keeps the session in memory only where there is no secret storage, and says so', async () => {
    const clock = new FakeClock();
    const idp = new FakeIdp(clock);
    const { vault } = installation(noSecrets);
    const first = makeSession({ clock, idp, vault });
    expect(first.session.state().persistent).toBe(false);
    await first.session.signIn();
    expect(first.session.state()).toMatchObject({ phase: 'signed_in', persistent: false });
    // Refresh still works from memory.
    await first.session.renew('mail', await first.session.accessToken('mail'));
    first.session.close();
    const second = makeSession({ clock, idp, vault });
    second.session.start();
    expect(second.session.state().phase).toBe('signed_out');
  });
});

describe('sign-out', () => {
  it('revokes the refresh token, wipes it, closes the account and opens the end-session page', async () => {
    const { session, idp, vault, rec, browser } = makeSession();
    await session.signIn();
    await session.renew('mail', await session.accessToken('mail')); // rotate once: the newest must be revoked
    const live = idp.liveRefreshTokens();
    expect(live).toHaveLength(1);
    const id = session.state().account!.id;
    const result = await session.signOut(false);
    expect(result.revoked).toBe(true);
    expect(idp.revoked).toEqual(live);
    expect(idp.liveRefreshTokens()).toEqual([]);
    expect(result.endSessionUrl).toBe('https://idp.test/session/end?client_id=govdesk');
    expect(browser.opened.at(-1)).toBe(result.endSessionUrl);
    expect(rec.closed).toEqual([{ id, erase: false }]);
    expect(session.state()).toMatchObject({ phase: 'signed_out', account: null });
    expect(vault.restore('so-demo')).toBeNull();
    await expect(session.accessToken('mail')).rejects.toMatchObject({ code: 'auth.required' });
  });

  it('passes the erase choice on to the account cache', async () => {
    const { session, rec } = makeSession();
    await session.signIn();
    await session.signOut(true);
    expect(rec.closed[0]?.erase).toBe(true);
  });

  it('signs out locally when the provider is unreachable, without opening the browser', async () => {
    const { session, idp, vault, browser, clock } = makeSession();
    await session.signIn();
    const opened = browser.opened.length;
    idp.mode = 'unreachable';
    const result = await session.signOut(false);
    expect(result).toEqual({ revoked: false, endSessionUrl: null });
    expect(browser.opened).toHaveLength(opened);
    expect(session.state().phase).toBe('signed_out');
    expect(vault.restore('so-demo')).toBeNull();
    expect(clock.pending()).toEqual([]); // no refresh or probe left behind
  });

  it('revokes at the next contact a refresh token that an offline sign-out could not, kept sealed meanwhile', async () => {
    const clock = new FakeClock();
    const idp = new FakeIdp(clock);
    const { vault, db } = installation();
    const first = makeSession({ clock, idp, vault });
    await first.session.signIn();
    const [token] = idp.liveRefreshTokens();
    idp.mode = 'unreachable';
    await first.session.signOut(false);
    first.session.close();
    const rows = db.prepare('SELECT sealed_token FROM pending_revocations').all() as { sealed_token: Buffer }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sealed_token.includes(Buffer.from(token!))).toBe(false);

    // Next start, the provider answers: the token is revoked without anyone signing in.
    idp.mode = 'ok';
    const second = makeSession({ clock, idp, vault });
    second.session.start();
    await settle();
    expect(idp.revoked).toEqual([token]);
    expect(db.prepare('SELECT count(*) AS n FROM pending_revocations').get()).toEqual({ n: 0 });
  });

  it('without secret storage, keeps the unrevoked token in memory and revokes it once the provider answers', async () => {
    const clock = new FakeClock();
    const idp = new FakeIdp(clock);
    const { session } = makeSession({ clock, idp, vault: installation(noSecrets).vault });
    await session.signIn();
    const [token] = idp.liveRefreshTokens();
    idp.mode = 'unreachable';
    await session.signOut(false);
    idp.mode = 'ok';
    await session.signIn();
    await settle();
    expect(idp.revoked).toEqual([token]);
  });

  it('from reauth_required, signs out too', async () => {
    const { session, idp, rec } = makeSession();
    await session.signIn();
    idp.mode = 'invalid_grant';
    await expect(session.renew('mail', await session.accessToken('mail'))).rejects.toMatchObject({ code: 'auth.reauth_required' });
    idp.mode = 'ok';
    await session.signOut(false);
    expect(session.state().phase).toBe('signed_out');
    expect(rec.closed).toHaveLength(1);
  });
});

describe('per-service tokens (RFC 8707 resource indicators)', () => {
  const FILES = 'https://files.so-demo.invalid/';
  const DOCS = 'https://documents.so-demo.invalid/api';

  it('gets a service its own token with its resource, cached with its own expiry; the default token is unaffected', async () => {
    const { session, clock, idp, vault } = makeSession({ resources: { files: FILES } });
    await session.signIn();
    const mail = await session.accessToken('mail');
    expect(mail).toBe('at-1'); // the default token from the code exchange
    const files = await session.accessToken('files');
    expect(files).toBe(`at-2@${FILES}`);
    expect(idp.refreshResources).toEqual([FILES]);
    // The rotated refresh token is the live one, and it is what the vault holds.
    expect(vault.restore(ORG.id)?.refreshToken).toBe(idp.liveRefreshTokens()[0]);
    expect(idp.liveRefreshTokens()).toHaveLength(1);

    expect(await session.accessToken('files')).toBe(files);
    expect(await session.accessToken('mail')).toBe(mail);
    expect(await session.accessToken('calendar')).toBe(mail);
    expect(idp.refreshCalls).toBe(1);
    // Only the default token has a timer.
    expect(clock.pending()).toEqual([9 * 60_000]);

    // Both are renewed a minute before expiry: the default by its timer, the service's by the next caller.
    await clock.advance(9 * 60_000 - 1);
    expect(await session.accessToken('files')).toBe(files);
    await clock.advance(1);
    expect(idp.refreshResources).toEqual([FILES, null]);
    const files2 = await session.accessToken('files');
    expect(files2).not.toBe(files);
    expect(idp.refreshResources).toEqual([FILES, null, FILES]);
    expect(await session.accessToken('mail')).toBe('at-3');
    expect(session.state().phase).toBe('signed_in');
  });

  it('never refreshes two tokens at once: each refresh spends the token the previous one rotated', async () => {
    const { session, idp } = makeSession({ resources: { files: FILES, documents: DOCS } });
    await session.signIn();
    const rejected = await session.accessToken('mail');
    let open!: () => void;
    idp.gate = new Promise((resolve) => (open = resolve));
    const callers = Promise.all([
      session.accessToken('files'),
      session.accessToken('documents'),
      session.accessToken('files'),
      session.renew('mail', rejected),
      session.renew('calendar', rejected),
    ]);
    await settle();
    expect(idp.refreshCalls).toBe(1); // the others wait their turn
    open();
    const [files, docs, filesAgain, mail, calendar] = await callers;
    expect(idp.maxConcurrentRefreshes).toBe(1);
    expect(idp.refreshResources).toEqual([FILES, DOCS, null]);
    expect(files).toContain(`@${FILES}`);
    expect(docs).toContain(`@${DOCS}`);
    expect(filesAgain).toBe(files);
    expect(mail).toBe(calendar);
    expect(mail).not.toBe(rejected);
    expect(session.state().phase).toBe('signed_in');
    expect(idp.liveRefreshTokens()).toHaveLength(1);
  });

  it('on a 401 renews only that service token', async () => {
    const { session, idp } = makeSession({ resources: { files: FILES, documents: DOCS } });
    await session.signIn();
    const mail = await session.accessToken('mail');
    const docs = await session.accessToken('documents');
    const files = await session.accessToken('files');
    const renewed = await session.renew('files', files);
    expect(renewed).not.toBe(files);
    expect(renewed).toContain(`@${FILES}`);
    expect(idp.refreshResources).toEqual([DOCS, FILES, FILES]);
    // Already replaced: no second refresh.
    expect(await session.renew('files', files)).toBe(renewed);
    expect(await session.accessToken('mail')).toBe(mail);
    expect(await session.accessToken('documents')).toBe(docs);
    // And a 401 with the default token leaves the service's own token alone.
    expect(await session.renew('mail', mail)).not.toBe(mail);
    expect(await session.accessToken('files')).toBe(renewed);
    expect(idp.refreshResources).toEqual([DOCS, FILES, FILES, null]);
  });

  it('drops every per-service token at reauth_required; the next sign-in gets new ones', async () => {
    const { session, idp } = makeSession({ resources: { files: FILES } });
    await session.signIn();
    const files = await session.accessToken('files');
    idp.mode = 'invalid_grant';
    await expect(session.renew('mail', await session.accessToken('mail'))).rejects.toMatchObject({ code: 'auth.reauth_required' });
    await expect(session.accessToken('files')).rejects.toMatchObject({ code: 'auth.reauth_required' });
    idp.mode = 'ok';
    await session.signIn();
    const again = await session.accessToken('files');
    expect(again).not.toBe(files);
    expect(idp.refreshResources.at(-1)).toBe(FILES);
  });

  it('drops them at sign-out, and revokes the refresh token a per-service refresh in flight rotated', async () => {
    const { session, idp } = makeSession({ resources: { files: FILES } });
    await session.signIn();
    const files = await session.accessToken('files');
    await session.renew('files', files);
    let open!: () => void;
    idp.gate = new Promise((resolve) => (open = resolve));
    // The user signs out while a per-service refresh is in flight.
    const inFlight = session.renew('files', await session.accessToken('files')).catch((e: unknown) => e);
    await settle();
    const signingOut = session.signOut(false);
    open();
    idp.gate = null;
    await signingOut;
    await inFlight;
    expect(idp.liveRefreshTokens()).toEqual([]);
    await expect(session.accessToken('files')).rejects.toMatchObject({ code: 'auth.required' });
    await session.signIn();
    const calls = idp.refreshCalls;
    expect(await session.accessToken('files')).toContain(`@${FILES}`);
    expect(idp.refreshCalls).toBe(calls + 1);
  });

  it('drops a per-service token that arrives after the session changed hands', async () => {
    const { session, idp } = makeSession({ resources: { files: FILES } });
    await session.signIn();
    let open!: () => void;
    idp.gate = new Promise((resolve) => (open = resolve));
    const late = session.accessToken('files');
    await settle();
    session.close();
    open();
    await expect(late).rejects.toMatchObject({ code: 'auth.required' });
  });
});
