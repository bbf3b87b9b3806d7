// The auth calls through the core's contract gate, with a fake provider:
// the per-account cache, account switching, erasing, policy, events.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/api';
import { createCore, type Core } from '../../../electron/core/core';
import type { AccountEvent } from '../../../electron/core/auth/service';
import type { Policy } from '../../../electron/core/config/policy';
import { silentLogger } from '../../../electron/core/log';
import { nodePlatform } from '../../../electron/core/platform';
import { tempDir } from '../core/helpers';
import { ANH, BAO, FakeClock, FakeIdp, fakeBrowser } from './fakes';

const ORG = { id: 'so-demo', name: 'Sở Demo', oidc: { issuer: 'http://127.0.0.1:1', clientId: 'govdesk-desktop', scopes: ['openid'] } };
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

function boot(opts: { policy?: Policy; organization?: typeof ORG | null; dir?: string; idp?: FakeIdp } = {}) {
  const dir = opts.dir ?? (() => {
    const d = tempDir();
    cleanup.push(d.remove);
    return d.path;
  })();
  const clock = new FakeClock();
  const idp = opts.idp ?? new FakeIdp(clock);
  const browser = fakeBrowser();
  const platform = nodePlatform({ userData: dir, clock, openExternal: browser.openExternal });
  const core: Core = createCore(platform, {
    organization: opts.organization === undefined ? ORG : opts.organization,
    logger: silentLogger,
    ...(opts.policy ? { policy: opts.policy } : {}),
    auth: { oidc: idp },
  });
  const events: EventMessage[] = [];
  core.subscribe((m) => events.push(m));
  const accountEvents: AccountEvent['kind'][] = [];
  core.onAccount((e) => accountEvents.push(e.kind));
  cleanup.push(() => core.close());
  return { core, dir, idp, events, accountEvents };
}

async function call(core: Core, name: string, params: unknown = {}) {
  const r = await core.call(name, params);
  if (!r.ok) throw Object.assign(new Error(r.error.code), { code: r.error.code });
  return r.result as Record<string, unknown>;
}

function cacheFile(dir: string, id: string): string {
  return join(dir, 'accounts', id, 'cache.db');
}

describe('auth service', () => {
  it('starts without an organization and explains auth.not_configured', async () => {
    const { core } = boot({ organization: null });
    expect(await call(core, 'auth.state')).toMatchObject({ phase: 'signed_out', configured: false, organization: null });
    await expect(call(core, 'auth.signIn')).rejects.toMatchObject({ code: 'auth.not_configured' });
    expect(core.account()).toBeNull();
  });

  it('signs in: status shows name, email and unit; the account cache opens; features are told', async () => {
    const { core, dir, events, accountEvents } = boot();
    const state = await call(core, 'auth.signIn');
    expect(state).toMatchObject({ phase: 'signed_in', organization: { id: 'so-demo', name: 'Sở Demo' } });
    expect(await call(core, 'status.get')).toMatchObject({ connection: 'online', account: { name: ANH.name, email: ANH.email, unit: ANH.unit } });
    const ctx = core.account();
    expect(ctx?.email).toBe(ANH.email);
    expect(existsSync(cacheFile(dir, ctx!.id))).toBe(true);
    expect(ctx!.db.prepare("SELECT name FROM sqlite_master WHERE name = 'outbox'").get()).toBeTruthy();
    await expect(ctx!.tokens.accessToken('mail')).resolves.toMatch(/^at-/);
    expect(accountEvents).toEqual(['opened']);
    expect(events.filter((e) => e.event === 'auth').map((e) => (e.payload as { phase: string }).phase)).toEqual(['signing_in', 'signed_in']);
    expect(events.some((e) => e.event === 'changed' && e.payload.topic === 'account')).toBe(true);
  });

  it('gives each user their own cache: signing in as someone else never shows the previous data', async () => {
    const { core, dir, idp, accountEvents } = boot();
    await call(core, 'auth.signIn');
    const anh = core.account()!;
    anh.db.prepare("INSERT INTO outbox (id, seq, topic, kind, payload, state, created_at, updated_at) VALUES ('m1', 1, 'mail', 'send', '{}', 'pending', 0, 0)").run();
    await call(core, 'auth.signOut', { eraseCache: false });
    expect(core.account()).toBeNull();
    expect(existsSync(cacheFile(dir, anh.id))).toBe(true);

    idp.user = BAO;
    await call(core, 'auth.signIn');
    const bao = core.account()!;
    expect(bao.id).not.toBe(anh.id);
    expect(bao.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(accountEvents).toEqual(['opened', 'closing', 'opened']);
    expect(await call(core, 'status.get')).toMatchObject({ account: { email: BAO.email } });
  });

  it('erases the account cache when asked: the database files are really gone', async () => {
    const { core, dir } = boot();
    await call(core, 'auth.signIn');
    const id = core.account()!.id;
    expect(await call(core, 'auth.signOut', { eraseCache: true })).toMatchObject({ phase: 'signed_out', account: null });
    expect(existsSync(join(dir, 'accounts', id))).toBe(false);
    expect(await call(core, 'status.get')).toMatchObject({ account: null });
  });

  it('follows the keepCacheOnSignOut setting when the user does not choose', async () => {
    const { core, dir } = boot();
    await call(core, 'settings.set', { keepCacheOnSignOut: false });
    await call(core, 'auth.signIn');
    const id = core.account()!.id;
    await call(core, 'auth.signOut');
    expect(existsSync(join(dir, 'accounts', id))).toBe(false);
  });

  it('erases whatever the user asked when a policy locks keepCacheOnSignOut to false', async () => {
    const { core, dir } = boot({ policy: { settings: { keepCacheOnSignOut: false } } });
    await call(core, 'auth.signIn');
    const id = core.account()!.id;
    await call(core, 'auth.signOut', { eraseCache: false });
    expect(existsSync(join(dir, 'accounts', id))).toBe(false);
  });

  it('restores the session after a restart, with the same account cache', async () => {
    const first = boot();
    await call(first.core, 'auth.signIn');
    const id = first.core.account()!.id;
    first.core.close();
    const second = boot({ dir: first.dir, idp: first.idp });
    expect(await call(second.core, 'auth.state')).toMatchObject({ phase: 'signed_in', account: { id, email: ANH.email } });
    expect(second.core.account()?.id).toBe(id);
  });

  it('refuses unknown sign-out params at the gate', async () => {
    const { core } = boot();
    await expect(call(core, 'auth.signOut', { erase: true })).rejects.toMatchObject({ code: 'call.invalid_params' });
  });
});
