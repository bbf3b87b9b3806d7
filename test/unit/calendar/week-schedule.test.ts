import { describe, expect, it } from 'vitest';
import { parseObject } from '../../../electron/core/calendar/ical';
import { agencyFields, layoutWeek, mondayOf, type WeekEntryInput } from '../../../electron/core/calendar/week-schedule';
import { ianaZone } from '../../../electron/core/calendar/zones';

const hcm = ianaZone('Asia/Ho_Chi_Minh')!;
// Local Hanoi time to UTC ms.
const at = (d: string, hh: number, mm = 0) => hcm.toUtc({ year: +d.slice(0, 4), month: +d.slice(5, 7), day: +d.slice(8, 10), hour: hh, minute: mm, second: 0 });

function entry(id: string, startMs: number, content: string, extra: Partial<WeekEntryInput> = {}): WeekEntryInput {
  return {
    id, startMs, endMs: startMs + 3_600_000, allDay: false, meetingUrl: null, content,
    chair: 'Đ/c Cường, PGĐ', attendees: '', place: 'Phòng họp tầng 3', preparingUnit: 'Văn phòng', review: 'confirmed', reviewComment: '', proposer: '',
    ...extra,
  };
}

describe('agency week layout', () => {
  it('puts entries in weekday rows, morning before noon and afternoon after, sorted by time', () => {
    const week = layoutWeek('2025-11-19', [
      entry('b', at('2025-11-17', 14), 'Làm việc với Sở Tài chính'),
      entry('a', at('2025-11-17', 8), 'Giao ban Ban Giám đốc'),
      entry('c', at('2025-11-17', 7, 30), 'Chào cờ'),
      entry('d', at('2025-11-21', 11, 59), 'Họp trực tuyến với Bộ'),
      entry('e', at('2025-11-21', 12), 'Tiếp công dân'),
      entry('x', at('2025-11-24', 8), 'Tuần sau: không hiện'),
    ], hcm);
    expect(week.weekStart).toBe('2025-11-17');
    expect(week.weekEnd).toBe('2025-11-23');
    expect(week.days.map((d) => [d.date, d.weekday])).toEqual([
      ['2025-11-17', 1], ['2025-11-18', 2], ['2025-11-19', 3], ['2025-11-20', 4], ['2025-11-21', 5], ['2025-11-22', 6], ['2025-11-23', 7],
    ]);
    const mon = week.days[0]!;
    expect(mon.morning.map((e) => [e.time, e.content])).toEqual([['07:30', 'Chào cờ'], ['08:00', 'Giao ban Ban Giám đốc']]);
    expect(mon.afternoon.map((e) => e.time)).toEqual(['14:00']);
    expect(week.days[4]!.morning.map((e) => e.id)).toEqual(['d']);
    expect(week.days[4]!.afternoon.map((e) => e.id)).toEqual(['e']);
    expect(week.days.flatMap((d) => [...d.morning, ...d.afternoon]).some((e) => e.id === 'x')).toBe(false);
  });

  it('shows an all-day entry on each day it covers, first in the morning, without a time', () => {
    const start = Date.UTC(2025, 10, 20);
    const week = layoutWeek('2025-11-17', [entry('t', start, 'Công tác tại Hà Nội', { allDay: true, endMs: start + 2 * 86_400_000 }), entry('m', at('2025-11-20', 7), 'Họp sớm')], hcm);
    expect(week.days[3]!.morning.map((e) => [e.id, e.time])).toEqual([['t', ''], ['m', '07:00']]);
    expect(week.days[4]!.morning.map((e) => e.id)).toEqual(['t']);
    expect(week.days[5]!.morning).toEqual([]);
  });

  it('finds the Monday of any date', () => {
    expect(mondayOf('2025-11-23')).toBe('2025-11-17');
    expect(mondayOf('2025-11-17')).toBe('2025-11-17');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
  });

  it('takes the chair from ATTENDEE;ROLE=CHAIR when Govdesk’s property is absent', () => {
    const obj = parseObject(['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:b', 'DTSTART:20251117T010000Z', 'SUMMARY:Hội nghị', 'STATUS:CONFIRMED',
      'ATTENDEE;CN=Lê Văn Cường;ROLE=CHAIR:mailto:cuong.lv@so-demo.invalid', 'ATTENDEE;CN=Trần Quốc Bảo:mailto:bao.tq@so-demo.invalid', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
    expect(agencyFields(obj.master!)).toMatchObject({ chair: 'Lê Văn Cường', attendees: 'Trần Quốc Bảo', review: 'confirmed' });
  });

  it('reads chair, attendees, preparing unit and review state from the iCalendar object', () => {
    const obj = parseObject(['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:a', 'DTSTART:20251117T010000Z', 'SUMMARY:Họp giao ban',
      'LOCATION:Phòng họp số 1', 'STATUS:TENTATIVE', 'X-GOVDESK-CHAIR:Đ/c Lê Văn Cường\\, PGĐ', 'X-GOVDESK-PREPARING-UNIT:Văn phòng Sở',
      'ATTENDEE;CN=Trần Quốc Bảo:mailto:bao.tq@so-demo.invalid', 'X-GOVDESK-PROPOSER:mailto:dung.pt@so-demo.invalid', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
    expect(agencyFields(obj.master!)).toEqual({
      content: 'Họp giao ban', chair: 'Đ/c Lê Văn Cường, PGĐ', attendees: 'Trần Quốc Bảo', place: 'Phòng họp số 1',
      preparingUnit: 'Văn phòng Sở', review: 'tentative', reviewComment: '', proposer: 'dung.pt@so-demo.invalid',
    });
  });
});
