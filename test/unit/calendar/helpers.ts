import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { CalendarStore } from '../../../electron/core/calendar/store';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { CalendarService } from '../../../electron/core/calendar/service';
import { eventDraftSchema, type EventDetail, type EventDraft } from '../../../shared/calendar';

/** A manual clock: tests move time by hand, never sleep. */
export function manualClock(start: number) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms), advance: (ms: number) => void (t += ms) };
}

export function memoryDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db, accountMigrations);
  return db;
}

export function testStore(db: Db, now: () => number): CalendarStore {
  return new CalendarStore(db, { now, links: linkMatcher({ baseUrl: 'https://meet.so-demo.invalid' }), defaultZone: 'Asia/Ho_Chi_Minh' });
}

export const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');

/** What the event form sends when the user changes only what `over` says (it starts from calendar.get), times in Hanoi. */
export function draftFrom(detail: EventDetail, over: Partial<EventDraft> = {}): EventDraft {
  const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
  return eventDraftSchema.parse({
    calendarId: detail.calendarId, summary: detail.summary, allDay: false, start: local(detail.start), end: local(detail.end), timeZone: detail.timeZone,
    location: detail.location, description: detail.description, alarmsMinutesBefore: detail.alarms.flatMap((a) => (a.minutesBefore === null ? [] : [a.minutesBefore])),
    attendees: detail.attendees.map((a) => ({ email: a.email, name: a.name })), meetingUrl: detail.meeting?.url ?? null, ...over,
  });
}

/** A service over a fresh cache with one writable calendar, the clock at `now` (a meeting service and the user's name if a test needs them). */
export function testService(now: number, opts: { meetingsBaseUrl?: string; userName?: string } = {}) {
  const db = memoryDb();
  const clock = manualClock(now);
  const store = testStore(db, clock.now);
  store.ensureWindow();
  const outbox = new CalendarOutbox(db, store, clock.now);
  const cal = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable: true, components: ['VEVENT'] });
  const service = new CalendarService({
    store, outbox, links: linkMatcher(opts.meetingsBaseUrl ? { baseUrl: opts.meetingsBaseUrl } : {}), now: clock.now,
    user: { email: 'anh.ntm@so-demo.invalid', name: opts.userName ?? 'Anh' }, agencyName: 'Sở',
    meetingsBaseUrl: opts.meetingsBaseUrl ?? null, defaultZone: 'Asia/Ho_Chi_Minh', kick: () => undefined, syncNow: async () => undefined, emitChanged: () => undefined,
  });
  /** The calendar's occurrences in Nov-Dec 2025, as 'MM-DDTHH:mm summary @place' in Hanoi time. */
  const shown = () =>
    service.range({ from: '2025-11-01', to: '2026-01-01', timeZone: 'Asia/Ho_Chi_Minh' })
      .map((o) => `${new Date(o.start + 7 * 3_600_000).toISOString().slice(5, 16)} ${o.summary} @${o.location}`);
  return { db, clock, store, outbox, cal, service, shown };
}
