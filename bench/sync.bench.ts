// Sync engine benchmark (BENCH.md format; figures on stdout, progress on stderr):
//   sync.idle_requests_per_min   requests per minute per service while nothing
//                                changes, beyond IDLE: a quiet hour simulated on
//                                the scheduler's injected clock against the demo
//                                stack (IMAP commands counted on the wire by a
//                                relay, CalDAV requests by the fetch). Target <= 1.
//   sync.asleep_requests         requests in a simulated hour of sleep (target 0).
//   sync.resume_s                from a stopped server answering again to its
//                                outbox emptied (mail: Dovecot and Postfix; CalDAV:
//                                Apache), real time. Target < 5.
// Run: npm run bench sync   (needs the demo stack: it stops and starts servers of it).
import { register } from 'node:module';
import net from 'node:net';
import type { AccountContext } from '../electron/core/account';
import type { Clock } from '../electron/core/platform';
import { emit, log } from './report';

register('./sql-loader.mjs', import.meta.url);

const { createMailFeature } = await import('../electron/core/mail/service.ts');
const { createCalendarFeature } = await import('../electron/core/calendar/service.ts');
const { organizationSchema } = await import('../electron/core/config/organization.ts');
const { silentLogger } = await import('../electron/core/log.ts');
const { EventBus } = await import('../electron/core/events.ts');
const { systemClock } = await import('../electron/core/platform.ts');
const { SyncScheduler } = await import('../electron/core/sync/scheduler.ts');
const { StatusHolder } = await import('../electron/core/sync/status.ts');
const { benchAccount } = await import('./account.ts');
const { calls } = await import('../shared/api.ts');
const { readStackJson, accountOf } = await import('../test/stack/stack-json.ts');
const { signIn, refresh } = await import('../test/stack/login.ts');
const { stackPaths } = await import('../test/stack/config.ts');
const { startServers, stopServers } = await import('../test/stack/servers.ts');

const USER = 'nhung.vth';
const QUIET_MS = 60 * 60_000;
const STEP_MS = 5_000;
const RESUME_ROUNDS = 3;

/** The scheduler's clock in the quiet hour: time moves only when the benchmark says. */
class ManualClock implements Clock {
  private t = Date.now();
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private next = 1;
  now = (): number => this.t;
  setTimer = (ms: number, fn: () => void): (() => void) => {
    const id = this.next++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return () => void (this.timers = this.timers.filter((x) => x.id !== id));
  };
  /** Moves to `to`, running each due timer in order, and lets what they started finish (real I/O). */
  async advanceTo(to: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x.id !== due.id);
      this.t = due.at;
      due.fn();
      await settle();
    }
    this.t = to;
    await settle();
  }
}

/**
 * A relay between the app and a server that counts what the app asks: IMAP
 * commands (tagged lines, IDLE and its DONE aside), SMTP commands, and
 * connections opened.
 */
function countingRelay(target: { host: string; port: number }) {
  const counts = { commands: 0, connections: 0 };
  const server = net.createServer((client) => {
    counts.connections++;
    const upstream = net.connect(target);
    let line = '';
    client.on('data', (d: Buffer) => {
      line += d.toString('latin1');
      let i: number;
      while ((i = line.indexOf('\r\n')) >= 0) {
        const l = line.slice(0, i);
        line = line.slice(i + 2);
        if (/^\S+ IDLE$/i.test(l) || /^DONE$/i.test(l) || l.length === 0) continue;
        if (/^\S+ [A-Z]/i.test(l)) counts.commands++;
      }
      upstream.write(d);
    });
    upstream.on('data', (d) => client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return {
    counts,
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  let stack: ReturnType<typeof readStackJson>;
  try {
    stack = readStackJson();
  } catch (err) {
    log(`no demo stack (${(err as Error).message}): nothing to measure`);
    return;
  }
  const account = accountOf(stack, USER);
  let t = await signIn(stack, USER);
  const tokens: AccountContext['tokens'] = {
    accessToken: async () => t.accessToken,
    renew: async () => ((t = await refresh(stack, t.refreshToken)), t.accessToken),
  };
  await quietHour(stack, account, tokens);
  log('resume after a server comes back, real time');
  await resume(stack, account, tokens);
}

async function quietHour(stack: ReturnType<typeof readStackJson>, account: { email: string; name: string }, tokens: AccountContext['tokens']): Promise<void> {
  const imap = countingRelay(stack.services.imap);
  const smtp = countingRelay(stack.services.smtp);
  const [imapPort, smtpPort] = [await imap.listen(), await smtp.listen()];
  let davRequests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    davRequests++;
    return fetch(input, init);
  };
  const organization = organizationSchema.parse({
    ...stack.organization,
    mail: { imap: { ...stack.services.imap, port: imapPort }, smtp: { ...stack.services.smtp, port: smtpPort } },
  });
  const clock = new ManualClock();
  const status = new StatusHolder(new EventBus(), clock.now);
  const scheduler = new SyncScheduler({ clock, status, log: silentLogger });
  const { ctx, remove } = benchAccount('sync', { email: account.email, name: account.name, organization, tokens }, { clock, sync: scheduler });
  const mail = createMailFeature(ctx);
  const calendar = createCalendarFeature(ctx, { fetch: countingFetch });
  // Between two steps of the injected clock: whatever the due timers started, over real sockets.
  const settle = async () => {
    await scheduler.idle();
    await new Promise((r) => setTimeout(r, 5));
    await scheduler.idle();
  };
  try {
    mail.start();
    calendar.start();
    log('first sync of the account');
    await clock.advanceTo(clock.now() + 1_000, settle);
    for (let i = 0; i < 50 && scheduler.statuses().some((s) => s.state !== 'online'); i++) await clock.advanceTo(clock.now() + STEP_MS, settle);
    log(`services: ${scheduler.statuses().map((s) => `${s.service} ${s.state}`).join(', ')}`);
    // Let the first minutes' extra work (body prefetch, index) end before counting.
    await clock.advanceTo(clock.now() + 10 * 60_000, settle);
    const start = { imap: imap.counts.commands, smtp: smtp.counts.commands, dav: davRequests, conns: imap.counts.connections + smtp.counts.connections };
    log('a quiet hour on the injected clock');
    const end = clock.now() + QUIET_MS;
    while (clock.now() < end) await clock.advanceTo(Math.min(end, clock.now() + STEP_MS), settle);
    const mailReq = imap.counts.commands - start.imap + (smtp.counts.commands - start.smtp);
    const calReq = davRequests - start.dav;
    const minutes = QUIET_MS / 60_000;
    const note = `${USER}, ${minutes} simulated quiet minutes against the demo stack; IMAP commands beyond IDLE/DONE counted on the wire, CalDAV HTTP requests`;
    emit('sync.idle_requests_per_min', Math.max(mailReq, calReq) / minutes, 'per_min', minutes, `the busiest service; ${note}`);
    emit('sync.idle_requests_per_min.mail', mailReq / minutes, 'per_min', minutes, `${mailReq} requests, ${imap.counts.connections + smtp.counts.connections - start.conns} new connections; ${note}`);
    emit('sync.idle_requests_per_min.calendar', calReq / minutes, 'per_min', minutes, `${calReq} requests; ${note}`);

    // The machine sleeps for an hour: nothing at all.
    scheduler.suspend();
    const asleep = { imap: imap.counts.commands, dav: davRequests };
    await clock.advanceTo(clock.now() + QUIET_MS, settle);
    emit('sync.asleep_requests', imap.counts.commands - asleep.imap + (davRequests - asleep.dav), 'count', minutes, 'requests of mail and calendar during a simulated hour of sleep (target 0)');
  } finally {
    calendar.stop();
    await mail.stop();
    scheduler.close();
    ctx.db.close();
    remove();
    await imap.close();
    await smtp.close();
  }
}

async function resume(stack: ReturnType<typeof readStackJson>, account: { email: string; name: string }, tokens: AccountContext['tokens']): Promise<void> {
  const paths = stackPaths(stack.stackDir);
  const status = new StatusHolder(new EventBus(), systemClock.now);
  const scheduler = new SyncScheduler({ clock: systemClock, status, log: silentLogger });
  const organization = organizationSchema.parse(stack.organization);
  const { ctx, remove } = benchAccount('sync-resume', { email: account.email, name: account.name, organization, tokens }, { sync: scheduler });
  const mail = createMailFeature(ctx);
  const calendar = createCalendarFeature(ctx);
  const until = async (cond: () => boolean, what: string, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const state = (id: 'mail' | 'calendar') => status.service(id);
  const samples: { service: string; s: number }[] = [];
  let stopped: ('dovecot' | 'postfix' | 'apache')[] = [];
  try {
    mail.start();
    calendar.start();
    await until(() => state('mail')?.state === 'online' && state('calendar')?.state === 'online', 'both services online');
    log('both services online');
    const personal = calendar.store.calendars().find((c) => c.kind === 'event');
    for (let round = 0; round < RESUME_ROUNDS; round++) {
      // Mail: Dovecot and Postfix stop; a reply and a flag change wait; they start again.
      stopped = ['dovecot', 'postfix'];
      await stopServers(paths, stopped);
      await until(() => state('mail')?.state === 'offline', 'mail offline');
      await mail.handlers['mail.send']({
        to: [{ name: account.name, address: account.email }],
        cc: [],
        bcc: [],
        subject: `Đo thời gian gửi lại ${round}`,
        text: 'Thư đo thời gian gửi lại sau khi máy chủ thư trở lại.',
        attachments: [],
      });
      await until(() => (state('mail')?.waiting ?? 0) > 0, 'the send waiting');
      await startServers(paths, stopped);
      stopped = [];
      let back = Date.now();
      await until(() => state('mail')?.waiting === 0, 'mail outbox empty');
      samples.push({ service: 'mail', s: (Date.now() - back) / 1000 });

      // CalDAV: Apache stops; an event waits; it starts again.
      if (!personal) continue;
      stopped = ['apache'];
      await stopServers(paths, stopped);
      const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await calendar.handlers['calendar.create'](
        calls['calendar.create'].params.parse({ calendarId: personal.id, summary: `Đo thời gian đồng bộ lại ${round}`, allDay: false, start: `${day}T08:00`, end: `${day}T08:30` }),
      );
      await until(() => state('calendar')?.state === 'offline' && (state('calendar')?.waiting ?? 0) > 0, 'calendar offline with the event waiting');
      await startServers(paths, stopped);
      stopped = [];
      back = Date.now();
      await until(() => state('calendar')?.waiting === 0, 'calendar outbox empty');
      samples.push({ service: 'calendar', s: (Date.now() - back) / 1000 });
    }
    const all = samples.map((x) => x.s).sort((a, b) => a - b);
    const detail = samples.map((x) => `${x.service} ${x.s.toFixed(2)}`).join(', ');
    emit('sync.resume_s', all.reduce((a, b) => a + b, 0) / all.length, 's', all.length, `mean, server answering again -> outbox empty (${detail}); real servers stopped and started`);
    emit('sync.resume_s.max', all.at(-1) ?? 0, 's', all.length, 'the slowest of the same samples');
  } finally {
    if (stopped.length) await startServers(paths, stopped);
    calendar.stop();
    await mail.stop();
    scheduler.close();
    ctx.db.close();
    remove();
  }
}

await main();
