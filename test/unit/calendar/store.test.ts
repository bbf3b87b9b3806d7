import { describe, expect, it } from 'vitest';
import { ics, manualClock, memoryDb, testStore } from './helpers';

const NOW = Date.UTC(2025, 10, 20, 3); // Thursday 20 Nov 2025, 10:00 in Hanoi
const viewer = { email: 'anh.ntm@so-demo.invalid' };
const weekOf17Nov = { fromMs: Date.UTC(2025, 10, 16, 17), toMs: Date.UTC(2025, 10, 23, 17), fromDate: '2025-11-17', toDate: '2025-11-24', viewer };

function setup() {
  const db = memoryDb();
  const clock = manualClock(NOW);
  const store = testStore(db, clock.now);
  store.ensureWindow();
  const cal = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable: true, components: ['VEVENT'] });
  return { db, clock, store, cal };
}

const weekly = ics(
  'BEGIN:VEVENT', 'UID:w', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20250106T080000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20250106T090000',
  'RRULE:FREQ=WEEKLY;BYDAY=MO', 'SUMMARY:Giao ban', 'LOCATION:https://meet.so-demo.invalid/abc',
  'BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM', 'END:VEVENT',
);

describe('calendar store', () => {
  it('indexes a recurring event so a week is one range query, with its meeting link and alarms', () => {
    const { store, cal } = setup();
    const id = store.putObject({ calendarId: cal, href: '/anh/lich/w.ics', etag: '"1"', raw: weekly });
    const week = store.range(weekOf17Nov);
    expect(week).toHaveLength(1);
    expect(week[0]).toMatchObject({ objectId: id, start: Date.UTC(2025, 10, 17, 1), recurring: true, meetingUrl: 'https://meet.so-demo.invalid/abc', localState: 'synced' });
    const alarms = store.alarmsBetween(NOW, NOW + 7 * 86_400_000);
    expect(alarms.map((a) => new Date(a.fireAt).toISOString())).toEqual(['2025-11-24T00:50:00.000Z']);
    expect(store.object(id)).toMatchObject({ first_start: Date.UTC(2025, 0, 6, 1), last_end: null });
  });

  it('answers a range outside the expansion window by expanding on the fly', () => {
    const { store, cal } = setup();
    store.putObject({ calendarId: cal, href: '/anh/lich/w.ics', etag: '"1"', raw: weekly });
    const far = store.range({ fromMs: Date.UTC(2030, 0, 6, -7), toMs: Date.UTC(2030, 0, 13, -7), fromDate: '2030-01-06', toDate: '2030-01-13', viewer });
    expect(far.map((o) => new Date(o.start).toISOString())).toEqual(['2030-01-07T01:00:00.000Z']);
  });

  it('puts all-day events on their dates and finds a long event that began before the range', () => {
    const { store, cal } = setup();
    store.putObject({ calendarId: cal, href: '/a.ics', etag: '"1"', raw: ics('BEGIN:VEVENT', 'UID:a', 'DTSTART;VALUE=DATE:20251117', 'DTEND;VALUE=DATE:20251118', 'SUMMARY:Ngày', 'END:VEVENT') });
    store.putObject({ calendarId: cal, href: '/b.ics', etag: '"1"', raw: ics('BEGIN:VEVENT', 'UID:b', 'DTSTART:20251101T000000Z', 'DTEND:20251130T000000Z', 'SUMMARY:Dài', 'END:VEVENT') });
    store.putObject({ calendarId: cal, href: '/c.ics', etag: '"1"', raw: ics('BEGIN:VEVENT', 'UID:c', 'DTSTART;VALUE=DATE:20251116', 'SUMMARY:Hôm trước', 'END:VEVENT') });
    const week = store.range(weekOf17Nov);
    expect(week.map((o) => [o.summary, o.startDate])).toEqual([['Dài', null], ['Ngày', '2025-11-17']]);
  });

  it('keeps a malformed object with its warnings', () => {
    const { store, cal } = setup();
    const id = store.putObject({ calendarId: cal, href: '/bad.ics', etag: '"1"', raw: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:bad\r\nDTSTART:nonsense\r\nSUMMARY:Vẫn đọc được\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' });
    const row = store.object(id)!;
    expect(row.summary).toBe('Vẫn đọc được');
    expect(JSON.parse(row.warnings).map((w: { code: string }) => w.code)).toContain('bad_value');
  });

  it('hides agency entries awaiting review from staff, except from their proposer', () => {
    const { store } = setup();
    const agency = store.upsertCalendar({ url: 'http://dav/agency/lich-cong-tac/', kind: 'agency', displayName: 'Lịch công tác', color: null, writable: false, components: ['VEVENT'] });
    const entry = (uid: string, review: string, proposer: string) =>
      ics('BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20251118T010000Z', 'DTEND:20251118T020000Z', `SUMMARY:${uid}`, `X-GOVDESK-REVIEW:${review}`, `X-GOVDESK-PROPOSER:mailto:${proposer}`, 'END:VEVENT');
    store.putObject({ calendarId: agency, href: '/agency/1.ics', etag: '"1"', raw: entry('confirmed', 'CONFIRMED', 'dung.pt@so-demo.invalid') });
    store.putObject({ calendarId: agency, href: '/agency/2.ics', etag: '"1"', raw: entry('tentative', 'TENTATIVE', 'dung.pt@so-demo.invalid') });
    store.putObject({ calendarId: agency, href: '/agency/3.ics', etag: '"1"', raw: entry('mine', 'TENTATIVE', viewer.email) });
    expect(store.range({ ...weekOf17Nov, calendarIds: [agency] }).map((o) => o.summary).sort()).toEqual(['confirmed', 'mine']);
    // A reviewer (who can write the agency calendar) sees everything.
    store.upsertCalendar({ url: 'http://dav/agency/lich-cong-tac/', kind: 'agency', displayName: 'Lịch công tác', color: null, writable: true, components: ['VEVENT'] });
    expect(store.range({ ...weekOf17Nov, calendarIds: [agency] })).toHaveLength(3);
  });

  it('re-expands everything when the clock has moved the window', () => {
    const { store, cal, clock } = setup();
    store.putObject({ calendarId: cal, href: '/w.ics', etag: '"1"', raw: weekly });
    expect(store.ensureWindow()).toBe(false);
    clock.advance(200 * 86_400_000);
    expect(store.ensureWindow()).toBe(true);
    expect(store.window()!.fromMs).toBe(clock.now() - 365 * 86_400_000);
  });
});
