// Writing iCalendar: edits are made on the stored object, so what Govdesk
// does not understand survives, and what it writes reads back the same.
import { describe, expect, it } from 'vitest';
import { buildEvent, editEvent, type WriteContext } from '../../../electron/core/calendar/ical-write';
import { parseObject } from '../../../electron/core/calendar/ical';
import { agencyFields } from '../../../electron/core/calendar/week-schedule';
import { eventDraftSchema } from '../../../shared/calendar';
import { ics } from './helpers';

const ctx = (over: Partial<WriteContext> = {}): WriteContext => ({ now: Date.UTC(2025, 10, 17), changeId: 'cal:1', meetingUrl: null, userEmail: 'dung.pt@so-demo.invalid', userName: 'Phạm Thị Dung', ...over });
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

describe('iCalendar writing', () => {
  it('keeps other clients’ properties, their dial-in CONFERENCE and a kept alarm’s acknowledgement through an edit', () => {
    const stored = ics(
      'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20250101T000000Z', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251120T080000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20251120T090000',
      'SUMMARY:Cũ', 'X-OTHER-CLIENT:giữ nguyên', 'CONFERENCE;VALUE=URI;FEATURE=PHONE:tel:+842412345678', 'SEQUENCE:2',
      'BEGIN:VALARM', 'UID:keep-me', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'ACKNOWLEDGED:20251120T004600Z', 'END:VALARM',
      'BEGIN:VALARM', 'UID:drop-me', 'ACTION:DISPLAY', 'TRIGGER:-PT60M', 'END:VALARM', 'END:VEVENT',
    );
    const draft = eventDraftSchema.parse({ calendarId: 1, summary: 'Mới', allDay: false, start: '2025-11-20T09:00', end: '2025-11-20T10:00', alarmsMinutesBefore: [15, 5] });
    const out = unfold(editEvent(stored, '', 'all', draft, ctx({ meetingUrl: 'https://meet.so-demo.invalid/abc' })));
    expect(out).toContain('X-OTHER-CLIENT:giữ nguyên');
    expect(out).toContain('tel:+842412345678');
    expect(out).toMatch(/CONFERENCE;[^\r\n]*:https:\/\/meet\.so-demo\.invalid\/abc/);
    expect(out).toContain('SEQUENCE:3');
    expect(out).toContain('X-GOVDESK-CHANGE-ID:cal:1');
    const p = parseObject(out);
    expect(p.warnings).toEqual([]);
    expect(p.master!.summary).toBe('Mới');
    expect(p.master!.alarms.map((a) => [a.uid, a.offsetMs! / -60_000, a.acknowledgedMs !== null])).toEqual([
      ['keep-me', 15, true],
      [expect.any(String), 5, false],
    ]);
    expect(new Date(p.master!.startMs!).toISOString()).toBe('2025-11-20T02:00:00.000Z');
  });

  it('writes agency fields with commas and semicolons that read back whole', () => {
    const draft = eventDraftSchema.parse({
      calendarId: 1, summary: 'Họp; bàn kế hoạch, quý IV', allDay: false, start: '2025-11-20T08:00', end: '2025-11-20T09:00',
      agency: { chair: 'Đ/c Cường, Phó Giám đốc', attendees: 'Lãnh đạo các phòng; Văn phòng', preparingUnit: 'Phòng CNTT, Văn phòng' },
    });
    const raw = buildEvent('u1', draft, ctx(), { review: 'tentative' });
    expect(raw).toContain('BEGIN:VTIMEZONE');
    expect(agencyFields(parseObject(raw).master!)).toEqual({
      content: 'Họp; bàn kế hoạch, quý IV', chair: 'Đ/c Cường, Phó Giám đốc', attendees: 'Lãnh đạo các phòng; Văn phòng', place: '',
      preparingUnit: 'Phòng CNTT, Văn phòng', review: 'tentative', reviewComment: '', proposer: 'dung.pt@so-demo.invalid',
    });
  });

  it('keeps an all-day event on its dates', () => {
    const raw = buildEvent('u2', eventDraftSchema.parse({ calendarId: 1, summary: 'Nghỉ lễ', allDay: true, start: '2026-04-30', end: '2026-05-02' }), ctx());
    expect(raw).toContain('DTSTART;VALUE=DATE:20260430');
    expect(raw).toContain('DTEND;VALUE=DATE:20260502');
    expect(raw).not.toContain('BEGIN:VTIMEZONE');
  });
});
