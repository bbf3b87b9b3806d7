// "All occurrences" (issue 6, nothing lost): the series takes what the user
// changed and nothing else, and an instance with an override of its own
// follows the series wherever it still had the series' old value.
import { describe, expect, it } from 'vitest';
import { draftFrom, ics, testService } from './helpers';

const A = 'https://meet.jit.si/giao-ban-phong-1';
const B = 'https://meet.jit.si/giao-ban-hoi-truong';
const at = (d: number, h = 1, m = 0) => String(Date.UTC(2025, 10, d, h, m));

describe('"all occurrences" from an instance a THISANDFUTURE range governs', () => {
  it('leaves the series its own meeting link when the user did not touch the range’s', () => {
    const { store, service, cal, shown } = testService(Date.UTC(2025, 10, 12));
    const id = store.putObject({
      calendarId: cal, href: '/anh/lich/gb.ics', etag: '"1"',
      raw: ics(
        'BEGIN:VEVENT', 'UID:gb', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251103T080000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Giao ban', 'LOCATION:Phòng 1',
        `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${A}`, `URL:${A}`, 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20251110T010000Z', 'DTSTART:20251110T020000Z', 'DTEND:20251110T030000Z',
        'SUMMARY:Giao ban (9 giờ)', 'LOCATION:Hội trường', `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${B}`, `URL:${B}`, 'END:VEVENT',
      ),
    });
    const detail = service.get(`${id}:${at(17)}`);
    expect(detail.meeting?.url).toBe(B);
    service.update(`${id}:${at(17)}`, 'all', draftFrom(detail, { summary: 'Giao ban tuần' }));
    const links = service.range({ from: '2025-11-01', to: '2026-01-01', timeZone: 'Asia/Ho_Chi_Minh' }).map((o) => o.meetingUrl);
    expect(links).toEqual([A, B, B, B]);
    expect(shown()[0]).toBe('11-03T08:00 Giao ban tuần @Phòng 1');
    // What other clients read: the series names its own room only.
    const master = store.object(id)!.raw.replace(/\r\n[ \t]/g, '').split('BEGIN:VEVENT')[1]!;
    expect(master).not.toContain(B);
  });

  it('gives the series and the range a link the user did change', () => {
    const { store, service, cal } = testService(Date.UTC(2025, 10, 12));
    const id = store.putObject({
      calendarId: cal, href: '/anh/lich/gb.ics', etag: '"1"',
      raw: ics(
        'BEGIN:VEVENT', 'UID:gb', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251103T080000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Giao ban',
        `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${A}`, 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20251110T010000Z', 'DTSTART:20251110T020000Z', 'DTEND:20251110T030000Z',
        'SUMMARY:Giao ban (9 giờ)', `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${B}`, 'END:VEVENT',
      ),
    });
    const C = 'https://meet.jit.si/giao-ban-moi';
    service.update(`${id}:${at(17)}`, 'all', draftFrom(service.get(`${id}:${at(17)}`), { meetingUrl: C, removeMeetingUrl: B }));
    expect(service.range({ from: '2025-11-01', to: '2026-01-01', timeZone: 'Asia/Ho_Chi_Minh' }).map((o) => o.meetingUrl)).toEqual([C, C, C, C]);
  });
});

/**
 * Mondays 08:00-09:00 Hanoi from 3 Nov, six, "Giao ban" in Phòng 1, a
 * reminder 10 minutes before. 24 Nov has its own override: moved to 09:00 in
 * Phòng 3, the title and the reminder copies of the series'. 1 Dec's override
 * renamed that week on purpose and kept the time.
 */
function withOverrides() {
  const s = testService(Date.UTC(2025, 10, 12));
  const alarm = ['BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM'];
  const id = s.store.putObject({
    calendarId: s.cal, href: '/anh/lich/gb.ics', etag: '"1"',
    raw: ics(
      'BEGIN:VEVENT', 'UID:gb', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251103T080000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6', 'SUMMARY:Giao ban', 'LOCATION:Phòng 1', ...alarm, 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20251124T080000', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251124T090000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20251124T100000',
      'SUMMARY:Giao ban', 'LOCATION:Phòng 3', ...alarm, 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20251201T080000', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251201T080000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20251201T090000',
      'SUMMARY:Giao ban mở rộng', 'LOCATION:Phòng 1', ...alarm, 'END:VEVENT',
    ),
  });
  return { ...s, id };
}

describe('"all occurrences" and instances with overrides of their own', () => {
  it('an override follows the series where it still had the series’ old value, and keeps what it changed on purpose', () => {
    const { service, id, shown } = withOverrides();
    service.update(`${id}:${at(17)}`, 'all', draftFrom(service.get(`${id}:${at(17)}`), { summary: 'Giao ban tuần', start: '2025-11-17T08:30', end: '2025-11-17T09:30', alarmsMinutesBefore: [15] }));
    expect(shown()).toEqual([
      '11-03T08:30 Giao ban tuần @Phòng 1',
      '11-10T08:30 Giao ban tuần @Phòng 1',
      '11-17T08:30 Giao ban tuần @Phòng 1',
      // Moved to 09:00 on purpose: stays there, in its own room, with the new title.
      '11-24T09:00 Giao ban tuần @Phòng 3',
      // Renamed on purpose: keeps its title, follows the series' new time.
      '12-01T08:30 Giao ban mở rộng @Phòng 1',
      '12-08T08:30 Giao ban tuần @Phòng 1',
    ]);
    expect(service.get(`${id}:${at(24, 1, 30)}`).alarms.map((a) => a.minutesBefore)).toEqual([15]);
    expect(service.get(`${id}:${String(Date.UTC(2025, 11, 1, 1, 30))}`).alarms.map((a) => a.minutesBefore)).toEqual([15]);
  });

  it('the overridden instance the form showed takes what the user changed there, as the series does', () => {
    const { service, id, shown } = withOverrides();
    service.update(`${id}:${at(24)}`, 'all', draftFrom(service.get(`${id}:${at(24)}`), { summary: 'Giao ban tuần', location: 'Phòng 5' }));
    expect(shown()).toEqual([
      '11-03T08:00 Giao ban tuần @Phòng 5',
      '11-10T08:00 Giao ban tuần @Phòng 5',
      '11-17T08:00 Giao ban tuần @Phòng 5',
      '11-24T09:00 Giao ban tuần @Phòng 5',
      '12-01T08:00 Giao ban mở rộng @Phòng 5',
      '12-08T08:00 Giao ban tuần @Phòng 5',
    ]);
  });
});
