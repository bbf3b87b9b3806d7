// Writing iCalendar: edits are made on the stored object, so what Govdesk
// does not understand survives, and what it writes reads back the same.
import { describe, expect, it } from 'vitest';
import { acknowledgeAlarm, buildEvent, editEvent, excludeInstance, type WriteContext } from '../../../electron/core/calendar/ical-write';
import { expand, parseObject } from '../../../electron/core/calendar/ical';
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

  it('moves a fixed-time reminder with the event, and leaves a snooze where the user put it', () => {
    // Thursday 08:00 Hanoi; another client's reminder at 07:30 that morning (00:30Z), and a snooze of the 15-minute one.
    const stored = ics(
      'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20250101T000000Z', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251120T080000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20251120T090000', 'SUMMARY:Họp',
      'BEGIN:VALARM', 'UID:rel', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'ACKNOWLEDGED:20251120T004600Z', 'END:VALARM',
      'BEGIN:VALARM', 'UID:fixed', 'ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20251120T003000Z', 'END:VALARM',
      'BEGIN:VALARM', 'UID:snz', 'ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20251120T005000Z', 'RELATED-TO;RELTYPE=SNOOZE:rel', 'END:VALARM', 'END:VEVENT',
    );
    const triggers = (raw: string) => new Map(parseObject(raw).master!.alarms.map((a) => [a.uid, a.absoluteMs === null ? a.offsetMs : new Date(a.absoluteMs).toISOString()]));
    // A day and an hour later: Friday 09:00.
    const later = editEvent(stored, '', 'all', eventDraftSchema.parse({ calendarId: 1, summary: 'Họp', allDay: false, start: '2025-11-21T09:00', end: '2025-11-21T10:00', alarmsMinutesBefore: [15] }), ctx());
    expect(triggers(later)).toEqual(new Map<string, number | string | null>([
      ['rel', -15 * 60_000],
      ['fixed', '2025-11-21T01:30:00.000Z'],
      ['snz', '2025-11-20T00:50:00.000Z'],
    ]));
    // Changing only the title moves nothing.
    const renamed = editEvent(later, '', 'all', eventDraftSchema.parse({ calendarId: 1, summary: 'Họp giao ban', allDay: false, start: '2025-11-21T09:00', end: '2025-11-21T10:00', alarmsMinutesBefore: [15] }), ctx());
    expect(triggers(renamed).get('fixed')).toBe('2025-11-21T01:30:00.000Z');
    expect(unfold(renamed)).toMatch(/TRIGGER;VALUE=DATE-TIME:20251121T013000Z/);
  });

  it('takes a removed or replaced meeting link off every place it was read from', () => {
    const old = 'https://us02web.zoom.us/j/81234567890';
    const stored = ics(
      'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20250101T000000Z', 'DTSTART:20251120T010000Z', 'DTEND:20251120T020000Z', 'SUMMARY:Họp',
      `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${old}`, `URL:${old}`, `X-ZOOM-MEETING-URL:${old}`, 'CONFERENCE;VALUE=URI;FEATURE=PHONE:tel:+842412345678',
      'LOCATION:Phòng 2', `DESCRIPTION:Tham gia tại ${old} nhé`, 'END:VEVENT',
    );
    const draft = (over: object) => eventDraftSchema.parse({ calendarId: 1, summary: 'Họp', allDay: false, start: '2025-11-20T08:00', end: '2025-11-20T09:00', location: 'Phòng 2', description: `Tham gia tại ${old} nhé`, removeMeetingUrl: old, ...over });
    const removed = unfold(editEvent(stored, '', 'all', draft({}), ctx()));
    expect(removed).not.toContain(old);
    expect(removed).toContain('tel:+842412345678');
    expect(parseObject(removed).master!.description).toBe('Tham gia tại nhé');

    const zoom2 = 'https://zoom.us/j/99988877766';
    const replaced = unfold(editEvent(stored, '', 'all', draft({ meetingUrl: zoom2 }), ctx({ meetingUrl: zoom2 })));
    expect(replaced).not.toContain(old);
    expect(replaced).toMatch(new RegExp(`CONFERENCE;[^\\r\\n]*:${zoom2.replace(/[./]/g, '\\$&')}`));
    expect(replaced).toContain(`URL:${zoom2}`);
  });

  it('finds an instance’s own override by its start, however its RECURRENCE-ID is written, instead of adding a second one', () => {
    // The series in Hanoi time; another client named the override of 17 Nov in UTC.
    const stored = ics(
      'BEGIN:VEVENT', 'UID:x', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251110T080000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Giao ban', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:x', 'RECURRENCE-ID:20251117T010000Z', 'DTSTART:20251117T013000Z', 'DTEND:20251117T023000Z', 'SUMMARY:Giao ban (muộn)', 'X-OTHER-CLIENT:giữ',
      'BEGIN:VALARM', 'UID:o1', 'ACTION:DISPLAY', 'TRIGGER:-PT5M', 'END:VALARM', 'END:VEVENT',
    );
    const instance = String(Date.UTC(2025, 10, 17, 1));
    const draft = eventDraftSchema.parse({ calendarId: 1, summary: 'Giao ban (phòng 3)', allDay: false, start: '2025-11-17T08:30', end: '2025-11-17T09:30', alarmsMinutesBefore: [5] });
    const edited = unfold(editEvent(stored, instance, 'this', draft, ctx()));
    expect(edited.match(/^RECURRENCE-ID/gm)).toHaveLength(1);
    expect(edited).toContain('X-OTHER-CLIENT:giữ');
    expect(parseObject(edited).overrides.map((o) => o.summary)).toEqual(['Giao ban (phòng 3)']);
    // Its reminder is that override's, and is acknowledged there.
    const acked = parseObject(acknowledgeAlarm(stored, instance, 'o1', Date.UTC(2025, 10, 17, 1, 26), ctx()));
    expect(acked.overrides[0]!.alarms[0]!.acknowledgedMs).toBe(Date.UTC(2025, 10, 17, 1, 26));
  });

  it('acknowledges the reminder of an instance a THISANDFUTURE override governs on that override’s VALARM', () => {
    const stored = ics(
      'BEGIN:VEVENT', 'UID:x', 'DTSTART:20251103T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Giao ban',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:x', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20251110T010000Z', 'DTSTART:20251110T020000Z', 'DTEND:20251110T030000Z', 'SUMMARY:Giao ban (9 giờ)',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM', 'END:VEVENT',
    );
    // The same UID in both, as clients copy it: the range's is the one that rang on 17 Nov.
    const out = parseObject(acknowledgeAlarm(stored, String(Date.UTC(2025, 10, 17, 1)), 'a1', Date.UTC(2025, 10, 17, 1, 51), ctx()));
    expect(out.overrides[0]!.alarms[0]!.acknowledgedMs).toBe(Date.UTC(2025, 10, 17, 1, 51));
    expect(out.master!.alarms[0]!.acknowledgedMs).toBeNull();
  });

  it('deletes the instance carrying a THISANDFUTURE override with an EXDATE, and the range goes on from the next instance', () => {
    const stored = ics(
      'BEGIN:VEVENT', 'UID:x', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251103T080000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Giao ban', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:x', 'RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh;RANGE=THISANDFUTURE:20251110T080000', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251110T090000',
      'DTEND;TZID=Asia/Ho_Chi_Minh:20251110T100000', 'SUMMARY:Giao ban (9 giờ)', 'END:VEVENT',
    );
    const out = unfold(excludeInstance(stored, String(Date.UTC(2025, 10, 10, 1)), ctx()));
    expect(out).toMatch(/^EXDATE;TZID=Asia\/Ho_Chi_Minh:20251110T080000\r?$/m);
    // Every client reads it the same now: no override of the deleted week, the range from the next one.
    expect(out.match(/^RECURRENCE-ID.*$/gm)).toEqual(['RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh;RANGE=THISANDFUTURE:20251117T080000']);
    expect(out).toMatch(/^DTSTART;TZID=Asia\/Ho_Chi_Minh:20251117T090000\r?$/m);
    expect(expand(parseObject(out), Date.UTC(2025, 10, 1), Date.UTC(2025, 11, 1)).occurrences.map((o) => `${new Date(o.startMs).toISOString().slice(5, 13)} ${o.data.summary}`)).toEqual([
      '11-03T01 Giao ban',
      '11-17T02 Giao ban (9 giờ)',
      '11-24T02 Giao ban (9 giờ)',
    ]);
  });
});
