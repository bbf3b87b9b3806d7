import { describe, expect, it } from 'vitest';
import { alarmTimes, expand, instanceData, parseObject } from '../../../electron/core/calendar/ical';

const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const iso = (ms: number) => new Date(ms).toISOString();
const Y2025 = Date.UTC(2025, 0, 1);
const Y2026 = Date.UTC(2026, 0, 1);

describe('recurrence', () => {
  it('expands a weekly series in Hanoi time with an EXDATE and a moved instance', () => {
    const obj = parseObject(
      ics(
        'BEGIN:VEVENT',
        'UID:giao-ban',
        'DTSTART;TZID=Asia/Ho_Chi_Minh:20250106T080000',
        'DTEND;TZID=Asia/Ho_Chi_Minh:20250106T093000',
        // UNTIL in UTC is exactly 08:00 +07 on 27 January: that instance is included.
        'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20250127T010000Z',
        'EXDATE;TZID=Asia/Ho_Chi_Minh:20250113T080000',
        'SUMMARY:Giao ban tuần',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:giao-ban',
        'RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20250120T080000',
        'DTSTART;TZID=Asia/Ho_Chi_Minh:20250121T140000',
        'DTEND;TZID=Asia/Ho_Chi_Minh:20250121T153000',
        'SUMMARY:Giao ban tuần (dời sang chiều thứ Ba)',
        'END:VEVENT',
      ),
    );
    expect(obj.warnings).toEqual([]);
    expect(obj.recurring).toBe(true);
    const { occurrences, firstStart, lastEnd } = expand(obj, Y2025, Y2026);
    expect(occurrences.map((o) => [iso(o.startMs), iso(o.endMs), o.overridden])).toEqual([
      ['2025-01-06T01:00:00.000Z', '2025-01-06T02:30:00.000Z', false],
      ['2025-01-21T07:00:00.000Z', '2025-01-21T08:30:00.000Z', true],
      ['2025-01-27T01:00:00.000Z', '2025-01-27T02:30:00.000Z', false],
    ]);
    expect(occurrences[1]!.data.summary).toContain('chiều thứ Ba');
    expect(occurrences[1]!.instance).toBe(String(Date.UTC(2025, 0, 20, 1)));
    expect(firstStart).toBe(Date.UTC(2025, 0, 6, 1));
    expect(lastEnd).toBe(Date.UTC(2025, 0, 27, 2, 30));
  });

  it('keeps wall-clock time across a DST change, matching EXDATE and RECURRENCE-ID written in UTC', () => {
    const obj = parseObject(
      ics(
        'BEGIN:VEVENT',
        'UID:ny',
        'DTSTART;TZID=America/New_York:20250301T090000',
        'DURATION:PT1H',
        'RRULE:FREQ=WEEKLY;COUNT=4',
        // 15 March 09:00 EDT = 13:00Z (after the 9 March change)
        'EXDATE:20250315T130000Z',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:ny',
        'RECURRENCE-ID:20250322T130000Z',
        'DTSTART;TZID=Asia/Ho_Chi_Minh:20250323T080000',
        'DURATION:PT2H',
        'END:VEVENT',
      ),
    );
    expect(obj.warnings).toEqual([]);
    const occ = expand(obj, Y2025, Y2026).occurrences;
    expect(occ.map((o) => iso(o.startMs))).toEqual([
      '2025-03-01T14:00:00.000Z', // 09:00 EST
      '2025-03-08T14:00:00.000Z',
      '2025-03-23T01:00:00.000Z', // the moved one, 08:00 in Hanoi
    ]);
    expect(occ[2]!.endMs - occ[2]!.startMs).toBe(2 * 3_600_000);
  });

  it('adds RDATEs and uses the object’s own VTIMEZONE for a non-IANA TZID', () => {
    const obj = parseObject(
      ics(
        'BEGIN:VTIMEZONE',
        'TZID:SE Asia Custom',
        'BEGIN:STANDARD',
        'DTSTART:16010101T000000',
        'TZOFFSETFROM:+0700',
        'TZOFFSETTO:+0700',
        'TZNAME:ICT',
        'END:STANDARD',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:vtz',
        'DTSTART;TZID=SE Asia Custom:20250505T083000',
        'DTEND;TZID=SE Asia Custom:20250505T090000',
        'RRULE:FREQ=DAILY;COUNT=2',
        'RDATE;TZID=SE Asia Custom:20250510T083000',
        'END:VEVENT',
      ),
    );
    expect(obj.warnings).toEqual([]);
    expect(expand(obj, Y2025, Y2026).occurrences.map((o) => iso(o.startMs))).toEqual([
      '2025-05-05T01:30:00.000Z',
      '2025-05-06T01:30:00.000Z',
      '2025-05-10T01:30:00.000Z',
    ]);
  });

  it('reads an unknown TZID without VTIMEZONE in the default zone, with a warning', () => {
    const obj = parseObject(ics('BEGIN:VEVENT', 'UID:x', 'DTSTART;TZID=Nowhere/Special:20250505T083000', 'END:VEVENT'));
    expect(obj.warnings.map((w) => w.code)).toEqual(['unknown_tzid']);
    expect(iso(obj.master!.startMs!)).toBe('2025-05-05T01:30:00.000Z');
  });

  it('stops an endless daily rule at the range end and reports no last end', () => {
    const obj = parseObject(ics('BEGIN:VEVENT', 'UID:d', 'DTSTART:20250101T010000Z', 'RRULE:FREQ=DAILY', 'END:VEVENT'));
    const r = expand(obj, Date.UTC(2025, 5, 1), Date.UTC(2025, 5, 8));
    expect(r.occurrences).toHaveLength(7);
    expect(r.lastEnd).toBeNull();
  });
});

describe('all-day events', () => {
  const allDay = ics('BEGIN:VEVENT', 'UID:tet', 'DTSTART;VALUE=DATE:20260217', 'DTEND;VALUE=DATE:20260220', 'SUMMARY:Tết', 'RRULE:FREQ=YEARLY;COUNT=2', 'END:VEVENT');

  it.each(['Asia/Ho_Chi_Minh', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('stay on their dates when the default zone is %s', (zone) => {
    const obj = parseObject(allDay, { defaultZone: zone });
    const occ = expand(obj, Date.UTC(2026, 0, 1), Date.UTC(2028, 0, 1)).occurrences;
    expect(occ.map((o) => [o.allDay, o.instance, iso(o.startMs), iso(o.endMs)])).toEqual([
      [true, '2026-02-17', '2026-02-17T00:00:00.000Z', '2026-02-20T00:00:00.000Z'],
      [true, '2027-02-17', '2027-02-17T00:00:00.000Z', '2027-02-20T00:00:00.000Z'],
    ]);
  });

  it('excludes a date EXDATE and defaults to one day without DTEND', () => {
    const obj = parseObject(ics('BEGIN:VEVENT', 'UID:a', 'DTSTART;VALUE=DATE:20250901', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;VALUE=DATE:20250902', 'END:VEVENT'));
    const occ = expand(obj, Y2025, Y2026).occurrences;
    expect(occ.map((o) => o.instance)).toEqual(['2025-09-01', '2025-09-03']);
    expect(occ[0]!.endMs - occ[0]!.startMs).toBe(86_400_000);
  });
});

describe('bad input', () => {
  it('keeps a malformed object readable, with warnings', () => {
    const obj = parseObject(
      ics('BEGIN:VEVENT', 'UID:bad', 'SUMMARY:Họp chi bộ', 'this line is not iCalendar', 'DTSTART:garbage', 'LOCATION:Phòng họp 2', 'END:VEVENT'),
    );
    expect(obj.uid).toBe('bad');
    expect(obj.master?.summary).toBe('Họp chi bộ');
    expect(obj.master?.location).toBe('Phòng họp 2');
    expect(obj.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['invalid_line', 'bad_value']));
    expect(expand(obj, Y2025, Y2026).occurrences).toEqual([]);
  });

  it('returns warnings instead of throwing for something that is not iCalendar at all', () => {
    const obj = parseObject('<html>502 Bad Gateway</html>');
    expect(obj.component).toBe('UNKNOWN');
    expect(obj.warnings.length).toBeGreaterThan(0);
    expect(expand(obj, Y2025, Y2026).occurrences).toEqual([]);
  });

  it('applies RECURRENCE-ID;RANGE=THISANDFUTURE to its instance and every later one: an hour later, a new title and length', () => {
    // Another client moved "from Wednesday on" an hour later and renamed it.
    const obj = parseObject(
      ics(
        'BEGIN:VEVENT', 'UID:r', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20250106T080000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20250106T090000',
        'RRULE:FREQ=DAILY;COUNT=5', 'SUMMARY:Giao ban', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:r', 'RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh;RANGE=THISANDFUTURE:20250108T080000',
        'DTSTART;TZID=Asia/Ho_Chi_Minh:20250108T090000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20250108T103000', 'SUMMARY:Giao ban (giờ mới)', 'END:VEVENT',
      ),
    );
    expect(obj.warnings).toEqual([]);
    const { occurrences, lastEnd } = expand(obj, Y2025, Y2026);
    expect(occurrences.map((o) => [iso(o.startMs), iso(o.endMs), o.data.summary, o.overridden])).toEqual([
      ['2025-01-06T01:00:00.000Z', '2025-01-06T02:00:00.000Z', 'Giao ban', false],
      ['2025-01-07T01:00:00.000Z', '2025-01-07T02:00:00.000Z', 'Giao ban', false],
      ['2025-01-08T02:00:00.000Z', '2025-01-08T03:30:00.000Z', 'Giao ban (giờ mới)', true],
      ['2025-01-09T02:00:00.000Z', '2025-01-09T03:30:00.000Z', 'Giao ban (giờ mới)', true],
      ['2025-01-10T02:00:00.000Z', '2025-01-10T03:30:00.000Z', 'Giao ban (giờ mới)', true],
    ]);
    // The later instances keep their own keys (their original starts): edits and alarms still find them.
    expect(occurrences[3]!.instance).toBe(String(Date.UTC(2025, 0, 9, 1)));
    expect(lastEnd).toBe(Date.UTC(2025, 0, 10, 3, 30));
    expect(instanceData(obj, String(Date.UTC(2025, 0, 10, 1)))?.summary).toBe('Giao ban (giờ mới)');
    expect(instanceData(obj, String(Date.UTC(2025, 0, 7, 1)))?.summary).toBe('Giao ban');
  });

  it('a later override of its own, or a later THISANDFUTURE, takes over from an earlier THISANDFUTURE', () => {
    const obj = parseObject(
      ics(
        'BEGIN:VEVENT', 'UID:r2', 'DTSTART:20250101T010000Z', 'DTEND:20250101T020000Z', 'RRULE:FREQ=DAILY;COUNT=6', 'SUMMARY:A', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:r2', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20250102T010000Z', 'DTSTART:20250102T020000Z', 'DTEND:20250102T030000Z', 'SUMMARY:B', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:r2', 'RECURRENCE-ID:20250103T010000Z', 'DTSTART:20250103T050000Z', 'DTEND:20250103T060000Z', 'SUMMARY:own', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:r2', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20250105T010000Z', 'DTSTART:20250105T000000Z', 'DTEND:20250105T010000Z', 'SUMMARY:C', 'END:VEVENT',
      ),
    );
    expect(expand(obj, Y2025, Y2026).occurrences.map((o) => `${iso(o.startMs).slice(8, 13)} ${o.data.summary}`)).toEqual([
      '01T01 A',
      '02T02 B',
      '03T05 own',
      '04T02 B',
      '05T00 C',
      '06T00 C',
    ]);
  });

  it('shows no override of an instance an EXDATE removes, and a THISANDFUTURE one there still governs the later instances', () => {
    const obj = parseObject(
      ics(
        'BEGIN:VEVENT', 'UID:x', 'DTSTART:20250101T010000Z', 'DTEND:20250101T020000Z', 'RRULE:FREQ=DAILY;COUNT=5', 'SUMMARY:A',
        'EXDATE:20250102T010000Z', 'EXDATE:20250104T010000Z', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:x', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20250102T010000Z', 'DTSTART:20250102T030000Z', 'DTEND:20250102T040000Z', 'SUMMARY:B', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:x', 'RECURRENCE-ID:20250104T010000Z', 'DTSTART:20250104T050000Z', 'DTEND:20250104T060000Z', 'SUMMARY:own', 'END:VEVENT',
      ),
    );
    expect(expand(obj, Y2025, Y2026).occurrences.map((o) => `${iso(o.startMs).slice(8, 13)} ${o.data.summary}`)).toEqual(['01T01 A', '03T03 B', '05T03 B']);
  });

  it('still warns about a RANGE it does not apply (THISANDPRIOR, withdrawn), and applies that override to its instance', () => {
    const obj = parseObject(
      ics(
        'BEGIN:VEVENT', 'UID:r', 'DTSTART:20250101T010000Z', 'RRULE:FREQ=DAILY;COUNT=3', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:r', 'RECURRENCE-ID;RANGE=THISANDPRIOR:20250102T010000Z', 'DTSTART:20250102T030000Z', 'END:VEVENT',
      ),
    );
    expect(obj.warnings.map((w) => w.code)).toEqual(['unsupported']);
    expect(expand(obj, Y2025, Y2026).occurrences.map((o) => iso(o.startMs))).toEqual([
      '2025-01-01T01:00:00.000Z',
      '2025-01-02T03:00:00.000Z',
      '2025-01-03T01:00:00.000Z',
    ]);
  });
});

describe('alarms and tasks', () => {
  it('computes alarm times per occurrence and reads RFC 9074 acknowledgements', () => {
    const obj = parseObject(
      ics(
        'BEGIN:VEVENT', 'UID:al', 'DTSTART:20250101T020000Z', 'DTEND:20250101T030000Z', 'RRULE:FREQ=DAILY;COUNT=2',
        'BEGIN:VALARM', 'UID:alarm-1', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'ACKNOWLEDGED:20250101T014600Z', 'END:VALARM',
        'BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER;RELATED=END:PT0S', 'END:VALARM',
        'END:VEVENT',
      ),
    );
    const occ = expand(obj, Y2025, Y2026).occurrences;
    expect(alarmTimes(occ[1]!).map((a) => [a.alarm.uid, iso(a.fireAt)])).toEqual([
      ['alarm-1', '2025-01-02T01:45:00.000Z'],
      ['#1', '2025-01-02T03:00:00.000Z'],
    ]);
    expect(occ[0]!.data.alarms[0]!.acknowledgedMs).toBe(Date.UTC(2025, 0, 1, 1, 46));
  });

  it('places a task without DTSTART at its due time', () => {
    const obj = parseObject(ics('BEGIN:VTODO', 'UID:t', 'SUMMARY:Nộp báo cáo', 'DUE;TZID=Asia/Ho_Chi_Minh:20250110T170000', 'END:VTODO'));
    expect(obj.component).toBe('VTODO');
    const occ = expand(obj, Y2025, Y2026).occurrences;
    expect(occ.map((o) => iso(o.startMs))).toEqual(['2025-01-10T10:00:00.000Z']);
  });
});
