// RECURRENCE-ID;RANGE=THISANDFUTURE as the cache indexes it: the later
// instances are where the override put them, with its title, and a reminder
// at a fixed time on the override rings once, not once per later instance.
import { describe, expect, it } from 'vitest';
import type { CalendarService } from '../../../electron/core/calendar/service';
import { eventDraftSchema, type EventDraft } from '../../../shared/calendar';
import { ics, manualClock, memoryDb, testService, testStore } from './helpers';

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

/**
 * Mondays 08:00 Hanoi from 3 Nov, six of them, organized by Hùng; another
 * client moved them from 10 Nov on to 09:00-10:30 in the hall, renamed them,
 * and Bảo accepted that range (RECURRENCE-ID;RANGE=THISANDFUTURE). The
 * instance of 17 Nov has no override of its own.
 */
function governedSeries() {
  const { store, outbox, cal, service } = testService(Date.UTC(2025, 10, 12));
  const id = store.putObject({
    calendarId: cal, href: '/anh/lich/gb.ics', etag: '"1"',
    raw: ics(
      'BEGIN:VEVENT', 'UID:gb', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251103T080000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6', 'SUMMARY:Giao ban', 'LOCATION:Phòng 1',
      'CATEGORIES:Họp', 'ORGANIZER;CN=Hùng:mailto:hung.dv@so-demo.invalid', 'ATTENDEE;CN=Bảo;PARTSTAT=NEEDS-ACTION:mailto:bao.tq@so-demo.invalid',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20251110T010000Z', 'DTSTART:20251110T020000Z', 'DTEND:20251110T033000Z',
      'SUMMARY:Giao ban (9 giờ)', 'LOCATION:Hội trường', 'CATEGORIES:Giao ban', 'X-OTHER-CLIENT:từ phạm vi',
      'ORGANIZER;CN=Hùng:mailto:hung.dv@so-demo.invalid', 'ATTENDEE;CN=Bảo;PARTSTAT=ACCEPTED:mailto:bao.tq@so-demo.invalid',
      'BEGIN:VALARM', 'UID:r1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'END:VALARM', 'END:VEVENT',
    ),
  });
  const instance = String(Date.UTC(2025, 10, 17, 1));
  const shown = () =>
    service.range({ from: '2025-11-01', to: '2025-12-31', timeZone: 'Asia/Ho_Chi_Minh' })
      .map((o) => `${new Date(o.start).toISOString().slice(5, 16)}-${new Date(o.end).toISOString().slice(11, 16)} ${o.summary} @${o.location}`);
  /** What the form sends when the user changes only what `over` says (it starts from calendar.get). */
  const draftOf = (detail: ReturnType<CalendarService['get']>, over: Partial<EventDraft> = {}): EventDraft => {
    const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
    return eventDraftSchema.parse({
      calendarId: detail.calendarId, summary: detail.summary, allDay: false, start: local(detail.start), end: local(detail.end), timeZone: detail.timeZone,
      location: detail.location, description: detail.description, alarmsMinutesBefore: detail.alarms.flatMap((a) => (a.minutesBefore === null ? [] : [a.minutesBefore])),
      attendees: detail.attendees.map((a) => ({ email: a.email, name: a.name })), ...over,
    });
  };
  /** The component of a stored object that RECURRENCE-ID `rid` names (or the master), unfolded. */
  const component = (raw: string, rid: string | null) =>
    raw.replace(/\r\n[ \t]/g, '').split('BEGIN:VEVENT').slice(1).map((c) => c.split('END:VEVENT')[0]!)
      .find((c) => (rid === null ? !c.includes('RECURRENCE-ID') : new RegExp(`^RECURRENCE-ID[^:\\r\\n]*:${rid}\\r?$`, 'm').test(c))) ?? '';
  return { store, service, outbox, id, instance, shown, draftOf, component };
}

describe('editing an instance a THISANDFUTURE override governs', () => {
  it('"this occurrence" starts the new override from the range, not the series: its time, title, place, attendees’ replies, other clients’ properties', () => {
    const { store, service, id, instance, shown, draftOf, component } = governedSeries();
    const detail = service.get(`${id}:${instance}`);
    expect(detail).toMatchObject({ summary: 'Giao ban (9 giờ)', location: 'Hội trường', start: Date.UTC(2025, 10, 17, 2), end: Date.UTC(2025, 10, 17, 3, 30) });
    const edited = service.update(`${id}:${instance}`, 'this', draftOf(detail, { description: 'Mang báo cáo tuần' }));
    expect(edited).toMatchObject({ summary: 'Giao ban (9 giờ)', location: 'Hội trường', description: 'Mang báo cáo tuần', start: Date.UTC(2025, 10, 17, 2), end: Date.UTC(2025, 10, 17, 3, 30) });
    expect(edited.attendees).toEqual([{ email: 'bao.tq@so-demo.invalid', name: 'Bảo', role: 'REQ-PARTICIPANT', partstat: 'ACCEPTED' }]);
    expect(edited.organizer).toBe('hung.dv@so-demo.invalid');
    // What other clients read: the override of 17 Nov alone, carrying what the range said.
    const own = component(store.object(id)!.raw, '20251117T080000');
    expect(own).not.toMatch(/RANGE=/);
    expect(own).toMatch(/^CATEGORIES:Giao ban\r?$/m);
    expect(own).toMatch(/^X-OTHER-CLIENT:từ phạm vi\r?$/m);
    expect(own).toMatch(/^UID:r1\r?$/m);
    expect(shown()).toEqual([
      '11-03T01:00-02:00 Giao ban @Phòng 1',
      '11-10T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '11-17T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '11-24T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-01T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-08T02:00-03:30 Giao ban (9 giờ) @Hội trường',
    ]);
    expect(service.get(`${id}:${String(Date.UTC(2025, 10, 24, 1))}`).description).toBe('');
  });

  it('"this and following" starts the new series from what the instance is, and leaves the range on the weeks before', () => {
    const { store, service, id, instance, shown, draftOf, component } = governedSeries();
    const detail = service.get(`${id}:${instance}`);
    const next = service.update(`${id}:${instance}`, 'following', draftOf(detail, { summary: 'Giao ban tuần' }));
    expect(next).toMatchObject({ summary: 'Giao ban tuần', location: 'Hội trường', start: Date.UTC(2025, 10, 17, 2), end: Date.UTC(2025, 10, 17, 3, 30), organizer: 'hung.dv@so-demo.invalid' });
    expect(next.attendees.map((a) => a.partstat)).toEqual(['ACCEPTED']);
    const series = component(store.object(next.objectId)!.raw, null);
    expect(series).toMatch(/^RRULE:FREQ=WEEKLY;COUNT=4\r?$/m);
    expect(series).toMatch(/^CATEGORIES:Giao ban\r?$/m);
    expect(series).toMatch(/^X-OTHER-CLIENT:từ phạm vi\r?$/m);
    expect(series).not.toMatch(/RECURRENCE-ID/);
    expect(component(store.object(id)!.raw, '20251110T010000Z')).toMatch(/RANGE=THISANDFUTURE/);
    expect(shown()).toEqual([
      '11-03T01:00-02:00 Giao ban @Phòng 1',
      '11-10T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '11-17T02:00-03:30 Giao ban tuần @Hội trường',
      '11-24T02:00-03:30 Giao ban tuần @Hội trường',
      '12-01T02:00-03:30 Giao ban tuần @Hội trường',
      '12-08T02:00-03:30 Giao ban tuần @Hội trường',
    ]);
  });

  it('"this occurrence" of the instance that carries the range changes that week only: the range goes on from the week after', () => {
    const { store, service, id, shown, draftOf, component } = governedSeries();
    const carrier = `${id}:${String(Date.UTC(2025, 10, 10, 1))}`;
    service.update(carrier, 'this', draftOf(service.get(carrier), { summary: 'Giao ban (họp chung)' }));
    expect(shown()).toEqual([
      '11-03T01:00-02:00 Giao ban @Phòng 1',
      '11-10T02:00-03:30 Giao ban (họp chung) @Hội trường',
      '11-17T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '11-24T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-01T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-08T02:00-03:30 Giao ban (9 giờ) @Hội trường',
    ]);
    // Clients that ignore ranges now read the range's week from 17 Nov too, and 10 Nov as one override.
    const raw = store.object(id)!.raw;
    expect(component(raw, '20251110T010000Z')).not.toMatch(/RANGE=/);
    expect(component(raw, '20251117T080000')).toMatch(/^RECURRENCE-ID;TZID=Asia\/Ho_Chi_Minh;RANGE=THISANDFUTURE:20251117T080000\r?$/m);
    expect(component(raw, '20251117T080000')).toMatch(/^DTSTART:20251117T020000Z\r?$/m);
  });

  it('"all occurrences" from it changes what the user changed everywhere, and leaves what they did not: the range’s place and length, the series’ own', () => {
    const { service, id, instance, shown, draftOf } = governedSeries();
    // Renamed, and half an hour later.
    service.update(`${id}:${instance}`, 'all', draftOf(service.get(`${id}:${instance}`), { summary: 'Giao ban tuần', start: '2025-11-17T09:30', end: '2025-11-17T11:00' }));
    expect(shown()).toEqual([
      '11-03T01:30-02:30 Giao ban tuần @Phòng 1',
      '11-10T02:30-04:00 Giao ban tuần @Hội trường',
      '11-17T02:30-04:00 Giao ban tuần @Hội trường',
      '11-24T02:30-04:00 Giao ban tuần @Hội trường',
      '12-01T02:30-04:00 Giao ban tuần @Hội trường',
      '12-08T02:30-04:00 Giao ban tuần @Hội trường',
    ]);
    expect(service.get(`${id}:${instance}`).attendees.map((a) => a.partstat)).toEqual(['ACCEPTED']);
  });

  it('shows a governed instance beyond the cached window where the range puts it', () => {
    const { store, service } = governedSeries();
    const cal = store.calendars()[0]!.id;
    // Weekly without end; three years on is past the two the cache holds.
    const id = store.putObject({
      calendarId: cal, href: '/anh/lich/xa.ics', etag: '"1"',
      raw: ics('BEGIN:VEVENT', 'UID:xa', 'DTSTART:20251103T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Giao ban', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:xa', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20251110T010000Z', 'DTSTART:20251111T020000Z', 'DTEND:20251111T033000Z', 'SUMMARY:Giao ban (thứ Ba)', 'END:VEVENT'),
    });
    const far = Date.UTC(2028, 10, 13, 1);
    expect(store.occurrence(id, String(far))).toBeNull();
    expect(service.get(`${id}:${String(far)}`)).toMatchObject({ summary: 'Giao ban (thứ Ba)', start: far + 25 * 3_600_000, end: far + 26.5 * 3_600_000 });
  });

  it('deleting it names its original start in EXDATE, and the range still governs the weeks after', () => {
    const { store, service, id, instance, shown } = governedSeries();
    service.remove(`${id}:${instance}`, 'this');
    expect(component0(store.object(id)!.raw)).toMatch(/^EXDATE;TZID=Asia\/Ho_Chi_Minh:20251117T080000\r?$/m);
    expect(shown()).toEqual([
      '11-03T01:00-02:00 Giao ban @Phòng 1',
      '11-10T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '11-24T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-01T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-08T02:00-03:30 Giao ban (9 giờ) @Hội trường',
    ]);
  });

  it('deleting the instance that carries the range removes that one week only', () => {
    const { service, id, shown } = governedSeries();
    service.remove(`${id}:${String(Date.UTC(2025, 10, 10, 1))}`, 'this');
    expect(shown()).toEqual([
      '11-03T01:00-02:00 Giao ban @Phòng 1',
      '11-17T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '11-24T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-01T02:00-03:30 Giao ban (9 giờ) @Hội trường',
      '12-08T02:00-03:30 Giao ban (9 giờ) @Hội trường',
    ]);
  });
});

const component0 = (raw: string) => raw.replace(/\r\n[ \t]/g, '').split('BEGIN:VEVENT')[1] ?? '';
