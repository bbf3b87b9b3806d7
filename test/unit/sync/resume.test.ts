// Through the core as built: a feature's job on the one scheduler, the auth
// session's hooks, and the platform's sleep and network events. A session
// that ran out and is renewed by a new sign-in, or a token renewed after the
// provider was unreachable, makes every job run again at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/status';
import { AppError } from '../../../electron/core/errors';
import { createCore, type Core } from '../../../electron/core/core';
import { silentLogger } from '../../../electron/core/log';
import { nodePlatform, systemEventSource, type SystemEvent } from '../../../electron/core/platform';
import { tempDir } from '../core/helpers';
import { FakeClock, FakeIdp, fakeBrowser } from '../auth/fakes';

const ORG = { id: 'so-demo', name: 'Sở Demo', oidc: { issuer: 'http://127.0.0.1:1', clientId: 'govdesk-desktop', scopes: ['openid'] } };
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

function boot() {
  const dir = tempDir();
  cleanup.push(dir.remove);
  const clock = new FakeClock();
  const idp = new FakeIdp(clock);
  let emit: (e: SystemEvent) => void = () => undefined;
  const system = systemEventSource((e) => {
    emit = e;
    return () => undefined;
  });
  const platform = nodePlatform({ userData: dir.path, clock, openExternal: fakeBrowser().openExternal, system });
  const core: Core = createCore(platform, { organization: ORG, logger: silentLogger, auth: { oidc: idp } });
  cleanup.push(() => core.close());
  // A feature as mail and calendar are: its pull asks the session for a token, as every server request does.
  const pulls: number[] = [];
  core.onAccount((e) => {
    if (e.kind !== 'opened') return;
    e.account.sync.register({
      id: 'mail',
      service: 'mail',
      intervalMs: 60_000,
      pull: async () => {
        await e.account.tokens.accessToken('mail');
        pulls.push(clock.now());
      },
    });
  });
  const status = async () => {
    const r = await core.call('status.get', {});
    if (!r.ok) throw new Error(r.error.code);
    return r.result as SyncStatus;
  };
  const service = async (id: string) => (await status()).services.find((s) => s.service === id);
  return { core, clock, idp, pulls, status, service, system: (e: SystemEvent) => emit(e) };
}

describe('resuming sync', () => {
  it('after the session ran out, waits for the user, and syncs within a second of signing in again', async () => {
    const { core, clock, idp, pulls, service } = boot();
    expect((await core.call('auth.signIn', {})).ok).toBe(true);
    await clock.advance(1);
    expect(pulls).toHaveLength(1);
    expect(await service('mail')).toMatchObject({ state: 'online' });

    // The organization ends the session: the next refresh is refused.
    idp.mode = 'invalid_grant';
    await clock.advance(15 * 60_000);
    expect(await service('signin')).toMatchObject({ state: 'signed_out', error: { code: 'auth.reauth_required' } });
    expect(await service('mail')).toMatchObject({ state: 'signed_out' });
    const before = pulls.length;
    await clock.advance(30 * 60_000);
    expect(pulls).toHaveLength(before);

    idp.mode = 'ok';
    expect((await core.call('auth.signIn', {})).ok).toBe(true);
    const signedInAt = clock.now();
    await clock.advance(1_000);
    expect(pulls.length).toBe(before + 1);
    expect(pulls.at(-1)! - signedInAt).toBeLessThan(1_000);
    expect(await service('mail')).toMatchObject({ state: 'online' });
    expect(await service('signin')).toMatchObject({ state: 'online' });
  });

  it('runs what could not get a token the moment the provider answers again, not at its next back-off', async () => {
    const { core, clock, idp, pulls, service } = boot();
    await core.call('auth.signIn', {});
    await clock.advance(1);
    idp.mode = 'unreachable';
    // The access token expires; its refresh fails: sign-in and mail both say they cannot connect.
    await clock.advance(11 * 60_000);
    expect(await service('signin')).toMatchObject({ state: 'offline' });
    expect(await service('mail')).toMatchObject({ state: 'offline', error: { code: 'auth.unreachable' } });
    const before = pulls.length;
    idp.mode = 'ok';
    // The session's own probe renews the token within its next wait; mail follows at once.
    for (let i = 0; i < 600 && pulls.length === before; i++) await clock.advance(100);
    expect(await service('signin')).toMatchObject({ state: 'online' });
    expect(await service('mail')).toMatchObject({ state: 'online' });
    expect(pulls.length).toBe(before + 1);
  });

  it('stops while the machine sleeps and catches up when it wakes or the network comes back', async () => {
    const { core, clock, pulls, system } = boot();
    await core.call('auth.signIn', {});
    await clock.advance(1);
    system('suspend');
    const before = pulls.length;
    await clock.advance(8 * 60 * 60_000);
    // Only the session's own token renewals remain on the clock; no pull ran.
    expect(pulls).toHaveLength(before);
    system('resume');
    await clock.advance(1);
    expect(pulls).toHaveLength(before + 1);
    system('online');
    await clock.advance(1);
    expect(pulls).toHaveLength(before + 2);
  });

  it('"try now" through the contract runs a service at once and answers the status after it', async () => {
    const { core, clock } = boot();
    let fail = true;
    core.onAccount((e) => {
      if (e.kind === 'opened')
        e.account.sync.register({ id: 'calendar', service: 'calendar', intervalMs: 60_000, pull: async () => { if (fail) throw new AppError('calendar.server_error', '503'); } });
    });
    await core.call('auth.signIn', {});
    await clock.advance(1);
    fail = false;
    const r = await core.call('sync.tryNow', { service: 'calendar' });
    expect(r.ok && (r.result as SyncStatus).services.find((s) => s.service === 'calendar')).toMatchObject({ state: 'online' });
    expect((await core.call('sync.tryNow', { service: 'nowhere' })).ok).toBe(false);
  });
});
