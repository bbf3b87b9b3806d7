// "This and following" (issue 6, nothing lost): what the old series said of
// its later instances, a meeting moved one week, a week cancelled, goes on in
// the new series instead of vanishing with the old one's end.
import { describe, expect, it } from 'vitest';
import { parseObject } from '../../../electron/core/calendar/ical';
import { draftFrom, ics, testService } from './helpers';

/**
 * Mondays 08:00-09:00 Hanoi from 3 Nov, six of them, in Phòng 1. The user
 * moved the meeting of 1 Dec to Tuesday 2 Dec 14:00 in Phòng 3 (its own
 * override, the title as the series has it), and cancelled 8 Dec.
 */
function series() {
  const { store, service, cal, shown } = testService(Date.UTC(2025, 10, 12));
  const id = store.putObject({
    calendarId: cal, href: '/anh/lich/gb.ics', etag: '"1"',
    raw: ics(
      'BEGIN:VEVENT', 'UID:gb', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251103T080000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6', 'SUMMARY:Giao ban', 'LOCATION:Phòng 1',
      'EXDATE;TZID=Asia/Ho_Chi_Minh:20251208T080000',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20251201T080000', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251202T140000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20251202T150000',
      'SUMMARY:Giao ban', 'LOCATION:Phòng 3', 'X-OTHER-CLIENT:giữ', 'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM', 'END:VEVENT',
    ),
  });
  return { store, service, id, shown, draftOf: draftFrom, instance: String(Date.UTC(2025, 10, 17, 1)) };
}

describe('"this and following"', () => {
  it('carries a later moved meeting into the new series, with the title the user changed and the place it had, and keeps a cancelled week cancelled', () => {
    const { store, service, id, shown, draftOf, instance } = series();
    const next = service.update(`${id}:${instance}`, 'following', draftOf(service.get(`${id}:${instance}`), { summary: 'Giao ban tuần' }));
    expect(shown()).toEqual([
      '11-03T08:00 Giao ban @Phòng 1',
      '11-10T08:00 Giao ban @Phòng 1',
      '11-17T08:00 Giao ban tuần @Phòng 1',
      '11-24T08:00 Giao ban tuần @Phòng 1',
      '12-02T14:00 Giao ban tuần @Phòng 3',
    ]);
    // What other clients read: the old object holds nothing from the split on, the new one the override under its own UID.
    const old = parseObject(store.object(id)!.raw);
    expect(old.overrides).toEqual([]);
    const carried = parseObject(store.object(next.objectId)!.raw);
    expect(carried.overrides.map((o) => [o.recurrenceKey, new Date(o.startMs!).toISOString(), o.summary, o.location, o.xprops.find(([n]) => n === 'X-OTHER-CLIENT')?.[1]])).toEqual([
      [String(Date.UTC(2025, 11, 1, 1)), '2025-12-02T07:00:00.000Z', 'Giao ban tuần', 'Phòng 3', 'giữ'],
    ]);
    const uids = store.object(next.objectId)!.raw.replace(/\r\n[ \t]/g, '').match(/^UID:[^\r\n]*/gm)!.filter((l) => l !== 'UID:a1');
    expect(uids).toEqual([`UID:${next.uid}`, `UID:${next.uid}`]);
  });

  it('moves the carried meeting by as much as the split moved the series, and its instance key with the new series', () => {
    const { store, service, id, shown, draftOf, instance } = series();
    const next = service.update(`${id}:${instance}`, 'following', draftOf(service.get(`${id}:${instance}`), { start: '2025-11-17T08:30', end: '2025-11-17T09:30' }));
    expect(shown().slice(2)).toEqual([
      '11-17T08:30 Giao ban @Phòng 1',
      '11-24T08:30 Giao ban @Phòng 1',
      '12-02T14:30 Giao ban @Phòng 3',
    ]);
    const ov = parseObject(store.object(next.objectId)!.raw).overrides[0]!;
    expect(ov.recurrenceKey).toBe(String(Date.UTC(2025, 11, 1, 1, 30)));
  });
});
