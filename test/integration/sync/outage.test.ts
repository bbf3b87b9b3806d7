// One server of the stack stopped for real while the app has work queued,
// then started again: the queue empties within seconds, with no call from
// the test to sync, and the status said the service was down, then back.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Reachability, ServiceId } from '../../../shared/status';
import { EventBus } from '../../../electron/core/events';
import { silentLogger, type Logger } from '../../../electron/core/log';
import { systemClock } from '../../../electron/core/platform';
import { SyncScheduler } from '../../../electron/core/sync/scheduler';
import { StatusHolder } from '../../../electron/core/sync/status';
import { stackPaths } from '../../stack/config';
import { startServers, stopServers, type ServerName } from '../../stack/servers';
import { device, hanoiDate, rawClient, runId, type Device } from '../calendar/helpers';
import { startMail, stack, uniqueSubject, type TestMail } from '../mail/helpers';

/** A scheduler as the core builds it (real clock, real probes), and every state each service went through. */
function engine() {
  const bus = new EventBus();
  const status = new StatusHolder(bus, systemClock.now);
  const seen = new Map<ServiceId, Reachability[]>();
  bus.subscribe((m) => {
    if (m.event !== 'status') return;
    for (const s of m.payload.services) {
      const list = seen.get(s.service) ?? [];
      if (list.at(-1) !== s.state) list.push(s.state);
      seen.set(s.service, list);
    }
  });
  const log: Logger = silentLogger;
  const scheduler = new SyncScheduler({ clock: systemClock, status, log });
  /** Resolves when `cond` holds, looked at on every status event; rejects after `ms`. */
  const until = (cond: () => boolean, what: string, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (cond()) return resolve();
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${ms} ms waiting for: ${what}`));
      }, ms);
      const off = bus.subscribe(() => {
        if (!cond()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  return { status, scheduler, seen, until, state: (id: ServiceId) => status.service(id)?.state };
}

const paths = () => stackPaths(stack().stackDir);
let stopped: ServerName[] = [];
const open: { close(): unknown }[] = [];

afterEach(async () => {
  // Whatever a failed test left stopped runs again for the next file.
  if (stopped.length) await startServers(paths(), stopped);
  stopped = [];
  for (const o of open.splice(0)) await o.close();
});
afterAll(async () => {
  if (stopped.length) await startServers(paths(), stopped);
});

async function stop(names: ServerName[]) {
  stopped = names;
  await stopServers(paths(), names);
}
async function start() {
  const names = stopped;
  await startServers(paths(), names);
  stopped = [];
  return Date.now();
}

describe('a server of the stack goes down while work is queued, then comes back', () => {
  it('mail: the status says mail is offline and the send waits; once Dovecot and Postfix are back it is sent within seconds', async () => {
    const e = engine();
    const a: TestMail = startMail('cuong.lv', { sync: e.scheduler });
    open.push(a, e.scheduler);
    a.feature.start();
    await e.until(() => e.state('mail') === 'online', 'mail online', 30_000);

    await stop(['dovecot', 'postfix']);
    // The IDLE connection drops: the service is offline without anyone sending anything.
    await e.until(() => e.state('mail') === 'offline', 'mail offline after the server stopped', 15_000);
    expect((await a.feature.handlers['mail.status']({})).connection).toBe('offline');

    const subject = uniqueSubject('Gửi khi máy chủ thư dừng');
    const to = [{ name: 'Phạm Thị Dung', address: 'dung.pt@so-demo.invalid' }];
    const { messageId } = await a.feature.handlers['mail.send']({ to, cc: [], bcc: [], subject, text: 'Nội dung', attachments: [] });
    await e.until(() => e.status.service('mail')?.waiting === 1, 'the send counted as waiting', 5_000);
    // Waiting, not "sending": nothing is on the wire while the server is down.
    expect(await a.feature.handlers['mail.outbox']({})).toMatchObject([{ id: messageId, state: 'pending', subject }]);
    expect(e.status.service('mail')).toMatchObject({ state: 'offline', sending: false, error: { code: expect.stringMatching(/^(sync|mail)\./) } });
    expect(e.status.get().connection).not.toBe('online');

    const back = await start();
    await e.until(() => e.status.service('mail')?.waiting === 0 && e.state('mail') === 'online', 'the outbox empty and mail online', 10_000);
    const took = Date.now() - back;
    expect(took).toBeLessThan(10_000);
    expect(await a.feature.handlers['mail.outbox']({})).toEqual([]);
    expect(e.seen.get('mail')).toEqual(expect.arrayContaining(['online', 'offline']));
    expect(e.seen.get('mail')!.slice(-2)).toEqual(['offline', 'online']);

    // It reached the recipient, once.
    const d = startMail('dung.pt');
    open.push(d);
    await d.feature.parts.sync!.syncNow();
    const inbox = d.feature.parts.store.folderBySpecialUse('inbox')!;
    expect(d.feature.parts.store.page(inbox.id, null, 500).items.filter((m) => m.subject === subject)).toHaveLength(1);
  });

  it('calendar: the event made while the CalDAV server is down waits, and reaches the server within seconds of its return', async () => {
    const e = engine();
    const a: Device = await device('bao.tq', { sync: e.scheduler });
    open.push(a, e.scheduler);
    a.feature.start();
    await e.until(() => e.state('calendar') === 'online', 'calendar online', 30_000);
    const personal = (await a.call('calendar.calendars', {})).find((c) => c.kind === 'event')!;

    await stop(['apache']);
    const day = hanoiDate(2);
    const run = runId();
    const ev = await a.call('calendar.create', { calendarId: personal.id, summary: `Lịch khi máy chủ dừng ${run}`, allDay: false, start: `${day}T09:00`, end: `${day}T10:00` });
    // The write is tried at once, refused, and then waits.
    await e.until(() => e.state('calendar') === 'offline', 'calendar offline', 15_000);
    expect(e.status.service('calendar')).toMatchObject({ waiting: 1, sending: false });
    expect((await a.call('calendar.get', { id: ev.id })).localState).toBe('pending');

    const back = await start();
    await e.until(() => e.status.service('calendar')?.waiting === 0 && e.state('calendar') === 'online', 'the event sent and calendar online', 10_000);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect((await a.call('calendar.get', { id: ev.id })).localState).toBe('synced');
    expect(e.seen.get('calendar')!.slice(-2)).toEqual(['offline', 'online']);
    const server = await (await rawClient('bao.tq')).get(a.feature.store.object(ev.objectId)!.href);
    expect(server?.data).toContain(`Lịch khi máy chủ dừng ${run}`);
    await a.call('calendar.delete', { id: ev.id, scope: 'all' });
    await a.feature.syncNow();
  });
});
