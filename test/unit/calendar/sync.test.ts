// Pull rules of sync.ts against an in-memory stand-in of a CalDAV collection
// (the real server is in test/integration/calendar): sync-collection deltas,
// the ETag fallback when the token is refused, and local changes never
// overwritten by a pull.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../shared/errors';
import { AppError } from '../../../electron/core/errors';
import { SyncTokenRejected, type RemoteCalendar, type RemoteObject, type SyncDelta } from '../../../electron/core/calendar/client';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { CalendarSync, type SyncReport } from '../../../electron/core/calendar/sync';
import { silentLogger } from '../../../electron/core/log';
import { ics, manualClock, memoryDb, testStore } from './helpers';

const CAL = 'http://dav/caldav/anh/lich/';
const PATH = '/caldav/anh/lich/';
const ev = (uid: string, summary: string) => ics('BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20251118T010000Z', 'DURATION:PT1H', `SUMMARY:${summary}`, 'END:VEVENT');

class FakeDav {
  objects = new Map<string, { etag: string; data: string }>();
  version = 0;
  log: Array<{ version: number; href: string; deleted: boolean }> = [];
  acceptTokens = true;
  /** The collection fails as a whole (Radicale: 500 when one stored object is broken). */
  failing: ErrorCode | null = null;
  private n = 0;
  set(name: string, data: string) {
    this.objects.set(PATH + name, { etag: `"${++this.n}"`, data });
    this.log.push({ version: ++this.version, href: PATH + name, deleted: false });
  }
  remove(name: string) {
    this.objects.delete(PATH + name);
    this.log.push({ version: ++this.version, href: PATH + name, deleted: true });
  }
  private info(): RemoteCalendar {
    return { url: CAL, displayName: 'Lịch', color: null, components: ['VEVENT'], writable: true, ctag: `c${this.version}`, syncToken: `t${this.version}`, isCalendar: true };
  }
  async discover() {
    // Radicale fails the home's PROPFIND too when one of its collections is broken.
    if (this.failing) throw new AppError(this.failing, 'PROPFIND home: 500 Internal Server Error');
    return { homeUrl: 'http://dav/caldav/anh/', calendars: [this.info()] };
  }
  async probe() {
    return this.info();
  }
  async makeCalendar() {}
  async syncCollection(_url: string, token: string): Promise<SyncDelta> {
    if (this.failing) throw new AppError(this.failing, 'sync-collection: 500 Internal Server Error');
    if (token && !this.acceptTokens) throw new SyncTokenRejected('sync-collection 403');
    const since = token ? Number(token.slice(1)) : 0;
    const latest = new Map<string, boolean>();
    for (const e of this.log) if (e.version > since) latest.set(e.href, e.deleted);
    const delta: SyncDelta = { changed: [], deleted: [], syncToken: `t${this.version}` };
    for (const [href, deleted] of latest) {
      if (deleted) delta.deleted.push(href);
      else delta.changed.push({ href, etag: this.objects.get(href)?.etag ?? null });
    }
    return delta;
  }
  async listEtags() {
    return new Map([...this.objects].map(([href, o]) => [href, o.etag]));
  }
  async multiget(_url: string, hrefs: readonly string[]): Promise<RemoteObject[]> {
    return hrefs.flatMap((href) => {
      const o = this.objects.get(href);
      return o ? [{ href, etag: o.etag, data: o.data }] : [];
    });
  }
  async get(href: string) {
    const o = this.objects.get(href);
    return o ? { href, etag: o.etag, data: o.data } : null;
  }
  async put() {
    return { status: 'ok' as const, etag: '"x"' };
  }
  async delete() {
    return 'ok' as const;
  }
}

function setup() {
  const db = memoryDb();
  const clock = manualClock(Date.UTC(2025, 10, 17));
  const store = testStore(db, clock.now);
  const outbox = new CalendarOutbox(db, store, clock.now);
  const dav = new FakeDav();
  const sync = new CalendarSync(store, dav, outbox, { defaultZone: 'Asia/Ho_Chi_Minh', log: silentLogger });
  const summaries = () => store.range({ fromMs: Date.UTC(2025, 10, 17), toMs: Date.UTC(2025, 10, 24), fromDate: '2025-11-17', toDate: '2025-11-24', viewer: { email: 'x' } }).map((o) => o.summary).sort();
  return { store, dav, sync, summaries };
}

describe('calendar sync', () => {
  it('pulls the whole collection first, then only what changed since the token', async () => {
    const { dav, sync, summaries, store } = setup();
    dav.set('a.ics', ev('a', 'A'));
    dav.set('b.ics', ev('b', 'B'));
    const first: SyncReport = await sync.syncAll();
    expect(first).toMatchObject({ calendars: 1, fetched: 2, deleted: 0, fellBack: 0 });
    expect(summaries()).toEqual(['A', 'B']);
    dav.set('a.ics', ev('a', 'A2'));
    dav.remove('b.ics');
    dav.set('c.ics', ev('c', 'C'));
    expect(await sync.syncAll()).toMatchObject({ fetched: 2, deleted: 1, fellBack: 0 });
    expect(summaries()).toEqual(['A2', 'C']);
    expect(store.calendars()[0]!.sync_token).toBe(`t${dav.version}`);
  });

  it('falls back to comparing ETags when the server refuses the token, and gets a new one', async () => {
    const { dav, sync, summaries, store } = setup();
    dav.set('a.ics', ev('a', 'A'));
    dav.set('b.ics', ev('b', 'B'));
    await sync.syncAll();
    dav.acceptTokens = false;
    dav.set('a.ics', ev('a', 'A2'));
    dav.remove('b.ics');
    expect(await sync.syncAll()).toMatchObject({ fetched: 1, deleted: 1, fellBack: 1 });
    expect(summaries()).toEqual(['A2']);
    expect(store.calendars()[0]!.sync_token).toBe(`t${dav.version}`);
  });

  it('keeps a local change waiting for the server, with the server’s version beside it', async () => {
    const { dav, sync, summaries, store } = setup();
    dav.set('a.ics', ev('a', 'A'));
    await sync.syncAll();
    const id = store.objectByHref(store.calendars()[0]!.id, PATH + 'a.ics')!.id;
    store.putObject({ calendarId: store.calendars()[0]!.id, href: PATH + 'a.ics', etag: store.object(id)!.etag, raw: ev('a', 'Mine'), localState: 'pending' });
    dav.set('a.ics', ev('a', 'Theirs'));
    // Only the pull (syncAll would push the outbox first).
    await sync.syncCalendar(store.calendars()[0]!, { calendars: 0, fetched: 0, deleted: 0, fellBack: 0, changedIds: [], failed: [], errorsChanged: false });
    const row = store.object(id)!;
    expect(row.raw).toContain('SUMMARY:Mine');
    expect(row.server_raw).toContain('SUMMARY:Theirs');
    expect(row.local_state).toBe('pending');
    expect(summaries()).toEqual(['Mine']);
  });

  it('stores a broken object with warnings and goes on with the rest', async () => {
    const { dav, sync, summaries, store } = setup();
    dav.set('bad.ics', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:bad\r\nDTSTART:yesterday\r\nSUMMARY:Hỏng\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    dav.set('ok.ics', ev('ok', 'Được'));
    expect(await sync.syncAll()).toMatchObject({ fetched: 2 });
    expect(summaries()).toEqual(['Được']);
    const bad = store.objectByHref(store.calendars()[0]!.id, PATH + 'bad.ics')!;
    expect(bad.summary).toBe('Hỏng');
    expect(JSON.parse(bad.warnings).length).toBeGreaterThan(0);
  });

  it('shows an object whose start is readable (marked) and lists every object read with warnings', async () => {
    const { dav, sync, store } = setup();
    // Never closed, and a rule ical.js refuses: both have a readable start.
    dav.set('unclosed.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART:20251118T020000Z\r\nSUMMARY:Chưa đóng\r\n');
    dav.set('rule.ics', ics('BEGIN:VEVENT', 'UID:r', 'DTSTART:20251119T020000Z', 'RRULE:FREQ=SOMETIMES', 'SUMMARY:Luật lạ', 'END:VEVENT'));
    dav.set('nostart.ics', ics('BEGIN:VEVENT', 'UID:n', 'SUMMARY:Không giờ', 'END:VEVENT'));
    dav.set('ok.ics', ev('ok', 'Được'));
    await sync.syncAll();
    const week = store.range({ fromMs: Date.UTC(2025, 10, 17), toMs: Date.UTC(2025, 10, 24), fromDate: '2025-11-17', toDate: '2025-11-24', viewer: { email: 'x' } });
    expect(week.map((o) => [o.summary, o.incomplete]).sort()).toEqual([
      ['Chưa đóng', true],
      ['Luật lạ', true],
      ['Được', false],
    ]);
    const list = store.unreadable('x');
    expect(list.map((u) => [u.path, u.shown, u.reasons[0]?.code])).toEqual([
      [PATH + 'nostart.ics', false, 'bad_value'],
      [PATH + 'rule.ics', true, 'invalid_line'],
      [PATH + 'unclosed.ics', true, 'unclosed'],
    ]);
    expect(list[1]?.reasons[0]?.detail).toMatch(/RRULE:FREQ=SOMETIMES/);
  });

  it('a collection the server fails is a sync error of that calendar: its cached copy stays', async () => {
    const { dav, sync, summaries, store } = setup();
    dav.set('a.ics', ev('a', 'A'));
    await sync.syncAll();
    const cal = store.calendars()[0]!;
    expect(store.syncError(cal.id)).toBeNull();
    dav.failing = 'calendar.server_error';
    const report = await sync.syncAll();
    expect(report).toMatchObject({ failed: [cal.id], errorsChanged: true });
    expect(store.syncError(cal.id)).toMatchObject({ code: 'calendar.server_error', detail: expect.stringMatching(/500/) });
    // Not an empty calendar: what was there before is still shown.
    expect(summaries()).toEqual(['A']);
    dav.failing = null;
    expect(await sync.syncAll()).toMatchObject({ failed: [], errorsChanged: true });
    expect(store.syncError(cal.id)).toBeNull();
    expect((await sync.syncAll()).errorsChanged).toBe(false);
  });

  it('a refused session still ends the whole pass (sign in again), not one calendar', async () => {
    const { dav, sync, store } = setup();
    await sync.syncAll();
    dav.failing = 'calendar.unauthorized';
    await expect(sync.syncAll()).rejects.toMatchObject({ code: 'calendar.unauthorized' });
    expect(store.syncError(store.calendars()[0]!.id)).toBeNull();
  });
});
