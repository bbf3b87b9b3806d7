// RECURRENCE-ID;RANGE=THISANDFUTURE as the cache indexes it: the later
// instances are where the override put them, with its title, and a reminder
// at a fixed time on the override rings once, not once per later instance.
import { describe, expect, it } from 'vitest';
import { ics, manualClock, memoryDb, testStore } from './helpers';

describe('THISANDFUTURE in the cache', () => {
  it('indexes the later instances moved and renamed, and a fixed-time reminder of the override once', () => {
    const db = memoryDb();
    const clock = manualClock(Date.UTC(2025, 10, 1));
    const store = testStore(db, clock.now);
    store.ensureWindow();
    const cal = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable: true, components: ['VEVENT'] });
    // Mondays 08:00 Hanoi; from the 3rd on an hour later and renamed, with a reminder at a fixed time.
    store.putObject({
      calendarId: cal, href: '/anh/lich/r.ics', etag: '"1"',
      raw: ics(
        'BEGIN:VEVENT', 'UID:r', 'DTSTART:20251103T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=5', 'SUMMARY:Giao ban', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:r', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20251117T010000Z', 'DTSTART:20251117T020000Z', 'DTEND:20251117T030000Z', 'SUMMARY:Giao ban (9 giờ)',
        'BEGIN:VALARM', 'UID:fixed', 'ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20251117T013000Z', 'END:VALARM', 'END:VEVENT',
      ),
    });
    const occ = store.range({ fromMs: Date.UTC(2025, 10, 1), toMs: Date.UTC(2025, 11, 31), fromDate: '2025-11-01', toDate: '2025-12-31', calendarIds: [cal], viewer: { email: 'x@y' } });
    expect(occ.map((o) => `${new Date(o.start).toISOString().slice(5, 16)} ${o.summary}`)).toEqual([
      '11-03T01:00 Giao ban',
      '11-10T01:00 Giao ban',
      '11-17T02:00 Giao ban (9 giờ)',
      '11-24T02:00 Giao ban (9 giờ)',
      '12-01T02:00 Giao ban (9 giờ)',
    ]);
    expect(store.alarmsBetween(Date.UTC(2025, 10, 1), Date.UTC(2025, 11, 31)).map((a) => [a.alarmUid, new Date(a.fireAt).toISOString()])).toEqual([['fixed', '2025-11-17T01:30:00.000Z']]);
  });
});
