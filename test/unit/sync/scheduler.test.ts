import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/status';
import { AppError } from '../../../electron/core/errors';
import { EventBus } from '../../../electron/core/events';
import type { Logger } from '../../../electron/core/log';
import { backoffCeiling, backoffDelay, PROBE_BACKOFF, RETRY_BACKOFF } from '../../../electron/core/sync/backoff';
import { classifyFailure } from '../../../electron/core/sync/outcome';
import type { Endpoint } from '../../../electron/core/sync/probe';
import { SyncScheduler, type SyncJob } from '../../../electron/core/sync/scheduler';
import { StatusHolder } from '../../../electron/core/sync/status';
import { FakeClock } from '../auth/fakes';

const quiet: Logger = { log: () => undefined, child: () => quiet };

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:51143'), { code: 'ECONNREFUSED' });
}

/** A feature's server as the test wants it: up, refusing connections, erroring, or refusing the token. */
class FakeServer {
  mode: 'up' | 'down' | 'error' | 'auth' = 'up';
  pulls = 0;
  sent: string[] = [];
  queue: string[] = [];
  listening = true;

  answer(): void {
    if (this.mode === 'down') throw refused();
    if (this.mode === 'error') throw new AppError('calendar.server_error', 'PROPFIND: 503 Service Unavailable');
    if (this.mode === 'auth') throw new AppError('auth.reauth_required', 'refresh token refused');
  }

  job(id: string, service: SyncJob['service'], intervalMs = 5 * 60_000, endpoints: Endpoint[] = []): SyncJob {
    return {
      id,
      service,
      intervalMs,
      pull: async () => {
        this.pulls++;
        this.answer();
      },
      outbox: {
        pending: () => this.queue.length,
        flush: async () => {
          while (this.queue.length > 0) {
            this.answer();
            this.sent.push(this.queue.shift()!);
          }
        },
      },
      endpoints: () => endpoints,
    };
  }
}

function setup(opts: { random?: () => number; listening?: () => boolean } = {}) {
  const clock = new FakeClock();
  const bus = new EventBus();
  const pushed: SyncStatus[] = [];
  bus.subscribe((m) => m.event === 'status' && pushed.push(m.payload));
  const status = new StatusHolder(bus, clock.now);
  const probes: Endpoint[] = [];
  const scheduler = new SyncScheduler({
    clock,
    status,
    log: quiet,
    random: opts.random ?? (() => 0.5),
    probe: async (e) => {
      probes.push(e);
      return opts.listening?.() ?? true;
    },
  });
  const service = (id: string) => status.get().services.find((s) => s.service === id);
  return { clock, status, scheduler, pushed, probes, service };
}

describe('back-off with jitter', () => {
  it('doubles from the first wait to the cap, each wait within the upper half of its ceiling', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeiling(RETRY_BACKOFF, n))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    for (const policy of [RETRY_BACKOFF, PROBE_BACKOFF]) {
      for (let n = 0; n < 12; n++) {
        const ceiling = backoffCeiling(policy, n);
        expect(backoffDelay(policy, n, () => 0)).toBe(ceiling / 2);
        expect(backoffDelay(policy, n, () => 0.999999)).toBeLessThanOrEqual(ceiling);
        expect(backoffDelay(policy, n, () => 0.999999)).toBeGreaterThan(ceiling * 0.99);
      }
    }
  });

  it('spreads clients that failed together: different random draws give different waits', () => {
    const waits = [0, 0.25, 0.5, 0.75].map((r) => backoffDelay(RETRY_BACKOFF, 3, () => r));
    expect(new Set(waits).size).toBe(4);
    expect(Math.min(...waits)).toBe(8_000);
  });
});

describe('what a failure says about a service', () => {
  it('reads refusals and time-outs as unreachable, 5xx as a server error, a refused session as sign-in', () => {
    expect(classifyFailure(refused())).toMatchObject({ kind: 'unreachable', code: 'sync.unreachable' });
    expect(classifyFailure(Object.assign(new Error('Socket timeout'), { code: 'ETIMEOUT' }))).toMatchObject({ kind: 'unreachable', code: 'sync.timeout' });
    expect(classifyFailure(new TypeError('fetch failed', { cause: refused() }))).toMatchObject({ kind: 'unreachable' });
    expect(classifyFailure(new AppError('calendar.unreachable', 'fetch failed'))).toMatchObject({ kind: 'unreachable', code: 'calendar.unreachable' });
    expect(classifyFailure(new AppError('calendar.server_error', '503'))).toMatchObject({ kind: 'server', code: 'calendar.server_error' });
    expect(classifyFailure(new AppError('auth.reauth_required'))).toMatchObject({ kind: 'auth' });
    expect(classifyFailure(new Error('Command failed'))).toMatchObject({ kind: 'server', code: 'sync.server_error' });
  });
});

/** nodemailer's error when the SMTP server cannot check the token right now (its auth backend is down). */
function smtpTemporaryAuthFailure(): Error {
  return Object.assign(new Error('Invalid login: 454 4.7.0 Temporary authentication failure'), {
    code: 'EAUTH',
    response: '454 4.7.0 Temporary authentication failure',
    responseCode: 454,
    command: 'AUTH XOAUTH2',
  });
}

describe('failures that concern signing in', () => {
  it('reads a calendar that refuses even the renewed token as a needed sign-in, not a server error', () => {
    expect(classifyFailure(new AppError('calendar.unauthorized', '401 from http://127.0.0.1/dav/'))).toMatchObject({ kind: 'auth', code: 'calendar.unauthorized' });
  });

  it('reads SMTP 454 (temporary authentication failure) as a server that cannot take work now, without a bare connection to tell when', () => {
    expect(classifyFailure(smtpTemporaryAuthFailure())).toMatchObject({ kind: 'unreachable', code: 'mail.auth_unavailable', probe: false });
    // the identity provider out of reach: the mail or calendar port answers a bare connection all along
    expect(classifyFailure(new AppError('auth.unreachable', 'token endpoint'))).toMatchObject({ kind: 'unreachable', probe: false });
    expect(classifyFailure(refused())).toMatchObject({ kind: 'unreachable', probe: true });
  });

  it('asks for a sign-in when the calendar refuses the renewed token, and runs again within a second of signing in', async () => {
    const { clock, scheduler, service } = setup();
    let refuse = true;
    let pulls = 0;
    scheduler.register({
      id: 'calendar',
      service: 'calendar',
      intervalMs: 3 * 60_000,
      pull: async () => {
        pulls++;
        if (refuse) throw new AppError('calendar.unauthorized', '401 from http://127.0.0.1/dav/');
      },
      endpoints: () => [{ host: '127.0.0.1', port: 51180 }],
    });
    await clock.advance(1);
    expect(service('calendar')).toMatchObject({ state: 'signed_out', nextRetryAt: null, error: { code: 'calendar.unauthorized' } });
    await clock.advance(30 * 60_000);
    // no back-off knocking with a token the server refuses
    expect(pulls).toBe(1);
    refuse = false;
    scheduler.resume('signed_in');
    await clock.advance(1_000);
    expect(service('calendar')?.state).toBe('online');
    expect(pulls).toBe(2);
  });

  it('after SMTP 454 shows mail offline with what waits, retries on its back-off rather than on bare connections, and sends once auth is back', async () => {
    const { clock, scheduler, service, probes } = setup();
    let authDown = true;
    const sent: string[] = [];
    const queue = ['report.eml'];
    const handle = scheduler.register({
      id: 'mail',
      service: 'mail',
      intervalMs: 5 * 60_000,
      pull: async () => undefined,
      outbox: {
        pending: () => queue.length,
        flush: async () => {
          if (authDown) throw smtpTemporaryAuthFailure();
          sent.push(queue.shift()!);
        },
      },
      endpoints: () => [{ host: '127.0.0.1', port: 51587 }],
    });
    handle.queued();
    await clock.advance(1);
    expect(service('mail')).toMatchObject({ state: 'offline', waiting: 1, error: { code: 'mail.auth_unavailable' } });
    // first retry on the server back-off (2 s at the middle of its jitter), not a knock every half second
    const wait = service('mail')!.nextRetryAt! - clock.now();
    expect(wait).toBeGreaterThanOrEqual(1_000);
    await clock.advance(10 * 60_000);
    expect(probes).toEqual([]);
    authDown = false;
    await clock.advance(60_000);
    expect(sent).toEqual(['report.eml']);
    expect(service('mail')).toMatchObject({ state: 'online', waiting: 0 });
  });
});

describe('the sync scheduler', () => {
  it('pulls each job on its interval while its service answers', async () => {
    const { clock, scheduler, service } = setup();
    const mail = new FakeServer();
    scheduler.register(mail.job('mail', 'mail', 60_000));
    await clock.advance(1);
    expect(mail.pulls).toBe(1);
    expect(service('mail')).toMatchObject({ state: 'online', error: null });
    await clock.advance(60_000 * 10);
    expect(mail.pulls).toBe(11);
  });

  it('keeps one service’s outage to itself: the other goes on, and the bar says which one does not answer', async () => {
    const { clock, scheduler, service, status } = setup();
    const mail = new FakeServer();
    const cal = new FakeServer();
    mail.mode = 'down';
    scheduler.register(mail.job('mail', 'mail', 60_000));
    scheduler.register(cal.job('calendar', 'calendar', 60_000));
    await clock.advance(1);
    expect(service('mail')).toMatchObject({ state: 'offline', since: clock.now() - 1, error: { code: 'sync.unreachable' } });
    expect(service('calendar')).toMatchObject({ state: 'online' });
    expect(status.get().connection).toBe('partial');
    const before = cal.pulls;
    await clock.advance(5 * 60_000);
    expect(cal.pulls).toBe(before + 5);
    expect(service('mail')?.state).toBe('offline');
  });

  it('backs off after server errors with jitter inside its bounds, and goes back to the interval once it answers', async () => {
    const draws = [0, 0.999, 0, 0.999];
    const { clock, scheduler, service } = setup({ random: () => draws.shift() ?? 0.5 });
    const cal = new FakeServer();
    cal.mode = 'error';
    scheduler.register(cal.job('calendar', 'calendar', 5 * 60_000));
    await clock.advance(0);
    expect(service('calendar')).toMatchObject({ state: 'error', error: { code: 'calendar.server_error' } });
    // first wait: random 0 -> exactly half of 2 s
    expect(service('calendar')?.nextRetryAt).toBe(clock.now() + 1_000);
    await clock.advance(999);
    expect(cal.pulls).toBe(1);
    await clock.advance(1);
    expect(cal.pulls).toBe(2);
    // second wait: random ~1 -> just under its 4 s ceiling, never over it
    const wait = service('calendar')!.nextRetryAt! - clock.now();
    expect(wait).toBeGreaterThan(3_900);
    expect(wait).toBeLessThanOrEqual(4_000);
    cal.mode = 'up';
    await clock.advance(wait);
    expect(cal.pulls).toBe(3);
    expect(service('calendar')).toMatchObject({ state: 'online', error: null, nextRetryAt: null });
    await clock.advance(5 * 60_000);
    expect(cal.pulls).toBe(4);
  });

  it('never waits more than a minute between attempts at a failing server (the idle budget)', async () => {
    const { clock, scheduler } = setup({ random: () => 0.999999 });
    const cal = new FakeServer();
    cal.mode = 'error';
    scheduler.register(cal.job('calendar', 'calendar'));
    await clock.advance(1);
    const at = [cal.pulls];
    await clock.advance(60 * 60_000);
    at.push(cal.pulls);
    // about one attempt a minute after the first few
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(55);
    expect(at[1]! - at[0]!).toBeLessThanOrEqual(70);
  });

  it('says a queued change waits while the server is down, probes without requests, and sends it in order the moment it is back', async () => {
    let listening = false;
    const { clock, scheduler, service, probes } = setup({ listening: () => listening });
    const mail = new FakeServer();
    const handle = scheduler.register(mail.job('mail', 'mail', 5 * 60_000, [{ host: '127.0.0.1', port: 51143 }]));
    await clock.advance(1);
    mail.mode = 'down';
    handle.report(refused());
    expect(service('mail')?.state).toBe('offline');
    mail.queue.push('first', 'second');
    handle.queued();
    expect(service('mail')).toMatchObject({ waiting: 2, sending: false });
    const pullsWhileDown = mail.pulls;
    await clock.advance(10 * 60_000);
    // only bare connections while down: no pull, no send
    expect(mail.pulls).toBe(pullsWhileDown);
    expect(mail.sent).toEqual([]);
    expect(probes.length).toBeGreaterThan(10);
    expect(probes.every((p) => p.port === 51143)).toBe(true);
    // probes never wait longer than 4 s in the first minutes of an outage
    expect(service('mail')!.nextRetryAt! - clock.now()).toBeLessThanOrEqual(4_000);
    mail.mode = 'up';
    listening = true;
    await clock.advance(4_000);
    expect(mail.sent).toEqual(['first', 'second']);
    expect(service('mail')).toMatchObject({ state: 'online', waiting: 0 });
  });

  it('knocks less often once an outage has lasted a quarter of an hour', async () => {
    const { clock, scheduler, service, probes } = setup({ listening: () => false, random: () => 0.999 });
    const mail = new FakeServer();
    mail.mode = 'down';
    scheduler.register(mail.job('mail', 'mail', 5 * 60_000, [{ host: '127.0.0.1', port: 51143 }]));
    await clock.advance(14 * 60_000);
    const early = probes.length;
    expect(early).toBeGreaterThan(14 * 15);
    await clock.advance(2 * 60_000);
    const mark = probes.length;
    await clock.advance(60 * 60_000);
    // at most one every 30 s now, never more than 30 s apart
    expect(probes.length - mark).toBeLessThanOrEqual(120);
    expect(probes.length - mark).toBeGreaterThanOrEqual(119);
    expect(service('mail')!.nextRetryAt! - clock.now()).toBeLessThanOrEqual(30_000);
    expect(mail.pulls).toBe(1);
  });

  it('still pulls when only the sending half is down, and does not call the service back while its work cannot go', async () => {
    const { clock, scheduler, service } = setup();
    let smtpUp = false;
    const sent: string[] = [];
    const queue = ['reply'];
    let pulls = 0;
    const handle = scheduler.register({
      id: 'mail',
      service: 'mail',
      intervalMs: 5 * 60_000,
      pull: async () => void pulls++,
      outbox: {
        pending: () => queue.length,
        flush: async () => {
          if (!smtpUp) throw refused();
          sent.push(...queue.splice(0));
        },
      },
    });
    await clock.advance(0);
    // New mail still arrives (the pull ran), the reply waits, and the bar does not say online.
    expect(pulls).toBe(1);
    expect(service('mail')).toMatchObject({ state: 'offline', waiting: 1 });
    // A pass woken by IDLE goes well: the waiting reply is tried again, and still cannot go.
    handle.report(null);
    await clock.advance(0);
    expect(service('mail')).toMatchObject({ state: 'offline', waiting: 1 });
    smtpUp = true;
    await clock.advance(60_000);
    expect(sent).toEqual(['reply']);
    expect(service('mail')).toMatchObject({ state: 'online', waiting: 0 });
  });

  it('sends a change queued while online at once, showing it as sending only while it is on the wire', async () => {
    const { clock, scheduler, service, pushed } = setup();
    const mail = new FakeServer();
    const handle = scheduler.register(mail.job('mail', 'mail'));
    await clock.advance(1);
    mail.queue.push('reply');
    handle.queued();
    expect(service('mail')).toMatchObject({ waiting: 1, sending: false });
    await clock.advance(200);
    expect(mail.sent).toEqual(['reply']);
    expect(pushed.some((s) => s.services.find((x) => x.service === 'mail')?.sending)).toBe(true);
    expect(service('mail')).toMatchObject({ waiting: 0, sending: false });
  });

  it('does nothing while the machine sleeps, and catches up at once when it wakes', async () => {
    const { clock, scheduler } = setup();
    const mail = new FakeServer();
    const cal = new FakeServer();
    scheduler.register(mail.job('mail', 'mail', 60_000));
    scheduler.register(cal.job('calendar', 'calendar', 60_000));
    await clock.advance(1);
    scheduler.suspend();
    const before = [mail.pulls, cal.pulls];
    await clock.advance(8 * 60 * 60_000);
    expect([mail.pulls, cal.pulls]).toEqual(before);
    expect(clock.pending()).toEqual([]);
    scheduler.resume('wake');
    await clock.advance(1);
    expect([mail.pulls, cal.pulls]).toEqual([before[0]! + 1, before[1]! + 1]);
    await clock.advance(60_000);
    expect(mail.pulls).toBe(before[0]! + 2);
  });

  it('waits for a new sign-in after a refused session instead of retrying, then resumes every job within a second', async () => {
    const { clock, scheduler, service } = setup();
    const mail = new FakeServer();
    const cal = new FakeServer();
    mail.mode = cal.mode = 'auth';
    scheduler.register(mail.job('mail', 'mail'));
    scheduler.register(cal.job('calendar', 'calendar'));
    await clock.advance(1);
    expect(service('mail')).toMatchObject({ state: 'signed_out', nextRetryAt: null });
    const pulls = mail.pulls + cal.pulls;
    cal.queue.push('event made offline');
    await clock.advance(30 * 60_000);
    expect(mail.pulls + cal.pulls).toBe(pulls);
    mail.mode = cal.mode = 'up';
    scheduler.resume('signed_in');
    await clock.advance(1_000);
    expect(service('mail')?.state).toBe('online');
    expect(service('calendar')).toMatchObject({ state: 'online', waiting: 0 });
    expect(cal.sent).toEqual(['event made offline']);
  });

  it('retries what did not answer when a token is renewed, and leaves what answers alone', async () => {
    const { clock, scheduler, service } = setup();
    const mail = new FakeServer();
    const cal = new FakeServer();
    cal.mode = 'error';
    scheduler.register(mail.job('mail', 'mail'));
    scheduler.register(cal.job('calendar', 'calendar'));
    await clock.advance(1);
    const mailPulls = mail.pulls;
    cal.mode = 'up';
    scheduler.resume('token_renewed');
    await clock.advance(1);
    expect(service('calendar')?.state).toBe('online');
    expect(mail.pulls).toBe(mailPulls);
  });

  it('"try now" runs a failing service at once and resets its back-off', async () => {
    const { clock, scheduler, service } = setup();
    const cal = new FakeServer();
    cal.mode = 'error';
    scheduler.register(cal.job('calendar', 'calendar'));
    await clock.advance(1);
    for (let i = 0; i < 5; i++) await clock.advance(service('calendar')!.nextRetryAt! - clock.now());
    expect(service('calendar')!.nextRetryAt! - clock.now()).toBeGreaterThan(16_000);
    cal.mode = 'up';
    await scheduler.tryNow('calendar');
    expect(service('calendar')).toMatchObject({ state: 'online', nextRetryAt: null });
  });

  it('forgets a service when its last job leaves (sign-out)', async () => {
    const { clock, scheduler, status } = setup();
    const mail = new FakeServer();
    const handle = scheduler.register(mail.job('mail', 'mail'));
    await clock.advance(1);
    handle.unregister();
    expect(status.get().services).toEqual([]);
    await clock.advance(60 * 60_000);
    expect(mail.pulls).toBe(1);
    expect(clock.pending()).toEqual([]);
  });
});
