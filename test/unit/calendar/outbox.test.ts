// The outbox's ordering and conflict rules, against an in-memory stand-in for
// the CalDAV server's conditional requests (the real server is exercised in
// test/integration/calendar).
import { describe, expect, it, vi } from 'vitest';
import type { CalendarServer } from '../../../electron/core/calendar/outbox';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { CalendarService } from '../../../electron/core/calendar/service';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { AppError } from '../../../electron/core/errors';
import type { EventDraft } from '../../../shared/calendar';
import { eventDraftSchema } from '../../../shared/calendar';
import { manualClock, memoryDb, testStore } from './helpers';

class FakeServer implements CalendarServer {
  objects = new Map<string, { etag: string; data: string }>();
  offline = false;
  private n = 0;
  /** Simulates a crash after the server applied a PUT but before we heard back. */
  loseNextAnswer = false;

  async put(href: string, data: string, ifMatch: string | null) {
    if (this.offline) throw new AppError('calendar.unreachable', 'offline');
    const cur = this.objects.get(href);
    if (ifMatch === null ? cur !== undefined : cur?.etag !== ifMatch) return { status: 'precondition_failed' as const };
    const etag = `"${++this.n}"`;
    this.objects.set(href, { etag, data });
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new AppError('calendar.unreachable', 'connection reset');
    }
    return { status: 'ok' as const, etag };
  }
  async delete(href: string, ifMatch: string | null) {
    if (this.offline) throw new AppError('calendar.unreachable', 'offline');
    const cur = this.objects.get(href);
    if (!cur) return 'gone' as const;
    if (ifMatch !== null && cur.etag !== ifMatch) return 'precondition_failed' as const;
    this.objects.delete(href);
    return 'ok' as const;
  }
  async get(href: string) {
    const cur = this.objects.get(href);
    return cur ? { href, etag: cur.etag, data: cur.data } : null;
  }
  /** Someone else edits on the server. */
  touch(href: string) {
    const cur = this.objects.get(href)!;
    this.objects.set(href, { etag: `"${++this.n}"`, data: cur.data.replace(/SUMMARY:[^\r\n]*/, 'SUMMARY:Sửa từ máy khác') });
  }
}

function setup() {
  const db = memoryDb();
  const clock = manualClock(Date.UTC(2025, 10, 20, 3));
  const store = testStore(db, clock.now);
  store.ensureWindow();
  const outbox = new CalendarOutbox(db, store, clock.now);
  const cal = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable: true, components: ['VEVENT'] });
  let kicks = 0;
  const service = new CalendarService({
    store, outbox, links: linkMatcher({ baseUrl: 'https://meet.so-demo.invalid' }), now: clock.now,
    user: { email: 'anh.ntm@so-demo.invalid', name: 'Nguyễn Thị Minh Anh' }, agencyName: 'Sở', meetingsBaseUrl: 'https://meet.so-demo.invalid',
    defaultZone: 'Asia/Ho_Chi_Minh', kick: () => void kicks++, syncNow: async () => undefined, emitChanged: () => undefined,
  });
  return { db, store, outbox, service, cal, server: new FakeServer(), kicks: () => kicks };
}

const draft = (cal: number, extra: Partial<EventDraft> = {}): EventDraft =>
  eventDraftSchema.parse({ calendarId: cal, summary: 'Họp giao ban', allDay: false, start: '2025-11-24T08:00', end: '2025-11-24T09:00', ...extra });

describe('calendar writes through the outbox', () => {
  it('shows a new event at once, queued, and sends it with If-None-Match on its UID', async () => {
    const { service, outbox, server, cal, kicks } = setup();
    const ev = service.create(draft(cal, { alarmsMinutesBefore: [15], newMeeting: true }));
    expect(ev.localState).toBe('pending');
    expect(ev.meeting?.url).toMatch(/^https:\/\/meet\.so-demo\.invalid\/[a-z2-7]{26}$/);
    expect(ev.alarms.map((a) => a.minutesBefore)).toEqual([15]);
    expect(kicks()).toBe(1);
    expect(service.range({ from: '2025-11-24', to: '2025-11-25' }).map((o) => o.summary)).toEqual(['Họp giao ban']);
    expect(outbox.pendingCount()).toBe(1);
    const r = await outbox.replay(server);
    expect(r).toMatchObject({ done: 1, refused: 0, blocked: null });
    expect([...server.objects.keys()]).toEqual([`/anh/lich/${ev.uid}.ics`]);
    expect(service.get(ev.id).localState).toBe('synced');
  });

  it('sends several offline edits in order, each on the ETag the previous one got', async () => {
    const { service, outbox, server, cal } = setup();
    const ev = service.create(draft(cal));
    service.update(ev.id, 'all', draft(cal, { summary: 'Lần 2' }));
    service.update(ev.id, 'all', draft(cal, { summary: 'Lần 3' }));
    server.offline = true;
    expect((await outbox.replay(server)).blocked).toBeInstanceOf(AppError);
    expect(outbox.pendingCount()).toBe(3);
    server.offline = false;
    expect(await outbox.replay(server)).toMatchObject({ done: 3, refused: 0 });
    expect([...server.objects.values()][0]!.data).toContain('SUMMARY:Lần 3');
    expect(service.get(ev.id).localState).toBe('synced');
  });

  it('treats 412 after a lost answer as its own write, not a conflict', async () => {
    const { service, outbox, server, cal } = setup();
    const ev = service.create(draft(cal));
    server.loseNextAnswer = true;
    expect((await outbox.replay(server)).blocked).not.toBeNull();
    // The replay after the "crash" gets 412 (the object exists) but finds its own change id.
    expect(await outbox.replay(server)).toMatchObject({ done: 1, refused: 0 });
    expect(service.get(ev.id).localState).toBe('synced');
    expect(server.objects.size).toBe(1);
  });

  it('turns a stale edit into a visible conflict with both versions, and resolves it either way', async () => {
    const { service, outbox, server, cal } = setup();
    const ev = service.create(draft(cal));
    await outbox.replay(server);
    const href = [...server.objects.keys()][0]!;
    server.touch(href);
    service.update(ev.id, 'all', draft(cal, { summary: 'Sửa ở đây' }));
    expect(await outbox.replay(server)).toMatchObject({ done: 0, refused: 1 });
    const c = service.get(ev.id);
    expect(c.localState).toBe('conflict');
    expect(c.summary).toBe('Sửa ở đây');
    expect(c.conflict?.server?.summary).toBe('Sửa từ máy khác');
    expect(service.conflicts()).toEqual([{ objectId: ev.objectId, summary: 'Sửa ở đây', reason: 'calendar.conflict' }]);
    expect(() => service.update(ev.id, 'all', draft(cal))).toThrow(/conflict/);

    service.resolve(ev.objectId, 'mine');
    expect(await outbox.replay(server)).toMatchObject({ done: 1, refused: 0 });
    expect(server.objects.get(href)!.data).toContain('SUMMARY:Sửa ở đây');
    expect(service.conflicts()).toEqual([]);

    server.touch(href);
    service.update(ev.id, 'all', draft(cal, { summary: 'Lại sửa' }));
    await outbox.replay(server);
    service.resolve(ev.objectId, 'theirs');
    expect(service.get(ev.id)).toMatchObject({ summary: 'Sửa từ máy khác', localState: 'synced' });
    expect(outbox.pendingCount()).toBe(0);
  });

  it('deletes an event never sent without telling the server, and a sent one with If-Match', async () => {
    const { service, outbox, server, cal } = setup();
    const a = service.create(draft(cal, { summary: 'A' }));
    service.remove(a.id, 'all');
    expect(outbox.pendingCount()).toBe(0);
    const b = service.create(draft(cal, { summary: 'B' }));
    await outbox.replay(server);
    service.remove(b.id, 'all');
    expect(service.range({ from: '2025-11-24', to: '2025-11-25' })).toEqual([]);
    expect(await outbox.replay(server)).toMatchObject({ done: 1 });
    expect(server.objects.size).toBe(0);
  });

  it('keeps an event deleted while its create was on the wire: it does not come back before the delete is sent', async () => {
    const { service, outbox, cal } = setup();
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => (release = r));
    let onWire = () => undefined as void;
    const putStarted = new Promise<void>((r) => (onWire = r));
    const server = new (class extends FakeServer {
      override async put(href: string, data: string, ifMatch: string | null) {
        onWire();
        await gate;
        return super.put(href, data, ifMatch);
      }
    })();
    const ev = service.create(draft(cal));
    const replay = outbox.replay(server);
    await putStarted;
    service.remove(ev.id, 'all');
    release();
    // The create landed; the delete queued behind it waits for the next pass.
    expect(await replay).toMatchObject({ done: 1, refused: 0 });
    expect(server.objects.size).toBe(1);
    expect(service.range({ from: '2025-11-24', to: '2025-11-25' })).toEqual([]);
    expect(await outbox.replay(server)).toMatchObject({ done: 1, refused: 0 });
    expect(server.objects.size).toBe(0);
  });

  it('edits one occurrence, this-and-following, and the whole series of a recurring event', async () => {
    const { service, outbox, server, cal } = setup();
    const ev = service.create(draft(cal, { rrule: 'FREQ=WEEKLY;COUNT=4' }));
    const weeks = () => service.range({ from: '2025-11-24', to: '2025-12-22' }).map((o) => `${new Date(o.start).toISOString().slice(5, 16)} ${o.summary}`);
    expect(weeks()).toHaveLength(4);
    const occ = service.range({ from: '2025-12-01', to: '2025-12-02' })[0]!;
    service.update(occ.id, 'this', draft(cal, { summary: 'Dời', start: '2025-12-02T14:00', end: '2025-12-02T15:00' }));
    expect(weeks()).toEqual(['11-24T01:00 Họp giao ban', '12-02T07:00 Dời', '12-08T01:00 Họp giao ban', '12-15T01:00 Họp giao ban']);
    // Moving the whole series by an hour from its third occurrence keeps its dates.
    const third = service.range({ from: '2025-12-08', to: '2025-12-09' })[0]!;
    service.update(third.id, 'all', draft(cal, { start: '2025-12-08T09:00', end: '2025-12-08T10:00' }));
    expect(weeks()[0]).toBe('11-24T02:00 Họp giao ban');
    const last = service.range({ from: '2025-12-15', to: '2025-12-16' })[0]!;
    service.update(last.id, 'following', draft(cal, { summary: 'Từ nay', start: '2025-12-15T10:00', end: '2025-12-15T11:00' }));
    expect(weeks().at(-1)).toBe('12-15T03:00 Từ nay');
    expect(weeks()).toHaveLength(4);
    // COUNT=4 split at the fourth instance: the new series has one left, not forever.
    expect(service.range({ from: '2025-12-22', to: '2026-02-01' })).toEqual([]);
    // "This and following" from the first instance deletes the whole series.
    const first = service.range({ from: '2025-11-24', to: '2025-11-25' })[0]!;
    service.remove(first.id, 'following');
    expect(weeks()).toEqual(['12-15T03:00 Từ nay']);
    expect(await outbox.replay(server)).toMatchObject({ refused: 0, blocked: null });
    expect(server.objects.size).toBe(1); // the first series was deleted before it was ever sent
    void ev;
  });
});

describe('calendar feature life cycle', () => {
  it('has no timer of its own: the scheduler pulls at once, retries when the server is back, and nothing runs after stop', async () => {
    const { createCalendarFeature } = await import('../../../electron/core/calendar/service');
    const { EventBus } = await import('../../../electron/core/events');
    const { silentLogger } = await import('../../../electron/core/log');
    const { SyncScheduler } = await import('../../../electron/core/sync/scheduler');
    const { StatusHolder } = await import('../../../electron/core/sync/status');
    const { nodePlatform } = await import('../../../electron/core/platform');
    const { FakeClock } = await import('../auth/fakes');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'govdesk-cal-unit-'));
    const clock = new FakeClock();
    const bus = new EventBus();
    const status = new StatusHolder(bus, clock.now);
    let listening = false;
    const probed: number[] = [];
    const scheduler = new SyncScheduler({ clock, status, log: silentLogger, random: () => 0.5, probe: async (e) => (probed.push(e.port), listening) });
    let tokenAsks = 0;
    const feature = createCalendarFeature({
      id: 'x', email: 'anh.ntm@so-demo.invalid', name: 'Anh', db: memoryDb(), bus, log: silentLogger, sync: scheduler,
      organization: { id: 'so-demo', name: 'Sở', oidc: { issuer: 'http://127.0.0.1:9', clientId: 'c', scopes: ['openid'] }, calendar: { caldavUrl: 'http://127.0.0.1:9/caldav/' } },
      tokens: { accessToken: async () => (tokenAsks++, 't'), renew: async () => 't' },
      platform: nodePlatform({ userData: dir, clock }),
    }, { fetch: async () => { throw new TypeError('fetch failed'); } });
    expect(clock.pending()).toEqual([]);
    feature.start();
    await clock.advance(0);
    // The CalDAV library loads on the first pull (a real module load, not the fake clock's time).
    await vi.waitFor(() => expect(status.service('calendar')).toMatchObject({ state: 'offline', error: { code: 'calendar.unreachable' } }));
    expect(tokenAsks).toBeGreaterThan(0);
    const asked = tokenAsks;
    // Down: only bare connections to the CalDAV port, no request.
    await clock.advance(60_000);
    expect(tokenAsks).toBe(asked);
    expect(probed.length).toBeGreaterThan(2);
    expect(new Set(probed)).toEqual(new Set([9]));
    listening = true;
    await clock.advance(15_000);
    expect(tokenAsks).toBeGreaterThan(asked);
    feature.stop();
    expect(clock.pending()).toEqual([]);
    expect(status.get().services).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
