// Reminders stored right (issue 6.6): alarms of recurring events per
// instance, acknowledgement and snooze written back as RFC 9074 says.
import { describe, expect, it } from 'vitest';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { CalendarService } from '../../../electron/core/calendar/service';
import { CalendarStore } from '../../../electron/core/calendar/store';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { ics, manualClock, memoryDb, testStore } from './helpers';

const MIN = 60_000;

function setup(writable = true) {
  const db = memoryDb();
  const clock = manualClock(Date.UTC(2025, 10, 17, 0, 50));
  const store = testStore(db, clock.now);
  store.ensureWindow();
  const outbox = new CalendarOutbox(db, store, clock.now);
  const cal = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable, components: ['VEVENT'] });
  const service = new CalendarService({
    store, outbox, links: linkMatcher({}), now: clock.now, user: { email: 'anh.ntm@so-demo.invalid', name: 'Anh' }, agencyName: 'Sở',
    meetingsBaseUrl: null, defaultZone: 'Asia/Ho_Chi_Minh', kick: () => undefined, syncNow: async () => undefined, emitChanged: () => undefined,
  });
  // Every Monday 08:00 Hanoi (01:00Z), a reminder 10 minutes before.
  const id = store.putObject({
    calendarId: cal, href: '/anh/lich/gb.ics', etag: '"1"',
    raw: ics('BEGIN:VEVENT', 'UID:gb', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Giao ban',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT'),
  });
  return { store, outbox, service, clock, id };
}

describe('alarms', () => {
  it('lists each instance’s alarm for the reminders feature', () => {
    const { store } = setup();
    const due = store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 11, 1));
    expect(due.map((a) => [new Date(a.fireAt).toISOString(), a.alarmUid, a.summary])).toEqual([
      ['2025-11-17T00:50:00.000Z', 'a1', 'Giao ban'],
      ['2025-11-24T00:50:00.000Z', 'a1', 'Giao ban'],
    ]);
  });

  it('writes a dismissal back as ACKNOWLEDGED, covering this firing and not the next', () => {
    const { store, service, outbox, id } = setup();
    service.acknowledgeAlarm(id, String(Date.UTC(2025, 10, 17, 1)), 'a1');
    expect(store.object(id)!.raw).toMatch(/ACKNOWLEDGED:20251117T005000Z/);
    expect(store.object(id)!.local_state).toBe('pending');
    expect(outbox.pendingCount()).toBe(1);
    expect(store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 11, 1)).map((a) => new Date(a.fireAt).toISOString())).toEqual(['2025-11-24T00:50:00.000Z']);
  });

  it('snoozes with a related VALARM that fires once, at the chosen time', () => {
    const { store, service, clock, id } = setup();
    clock.advance(2 * MIN);
    service.snoozeAlarm(id, String(Date.UTC(2025, 10, 17, 1)), 'a1', clock.now() + 5 * MIN);
    const raw = store.object(id)!.raw.replace(/\r\n[ \t]/g, '');
    expect(raw).toMatch(/RELATED-TO;RELTYPE=SNOOZE:a1/);
    expect(raw).toMatch(/TRIGGER;VALUE=DATE-TIME:20251117T005700Z/);
    const due = store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 11, 1));
    expect(due.map((a) => new Date(a.fireAt).toISOString())).toEqual(['2025-11-17T00:57:00.000Z', '2025-11-24T00:50:00.000Z']);
    // Snoozing again replaces the snooze instead of stacking another.
    service.snoozeAlarm(id, String(Date.UTC(2025, 10, 17, 1)), 'a1', clock.now() + 10 * MIN);
    expect(store.object(id)!.raw.match(/RELTYPE=SNOOZE/g)).toHaveLength(1);
  });

  it('an edit of the event keeps its snooze and an absolute-time reminder; removing the reminder removes its snooze', () => {
    const { store, service, clock } = setup();
    const cal = store.calendars()[0]!.id;
    // Tuesday 08:00 Hanoi (01:00Z): 10 minutes before, and one at 07:00Z another client set at a fixed time.
    const id = store.putObject({
      calendarId: cal, href: '/anh/lich/hop.ics', etag: '"1"',
      raw: ics('BEGIN:VEVENT', 'UID:hop', 'DTSTART:20251118T010000Z', 'DTEND:20251118T020000Z', 'SUMMARY:Họp',
        'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Họp', 'END:VALARM',
        'BEGIN:VALARM', 'UID:fixed', 'ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20251118T000000Z', 'DESCRIPTION:Họp', 'END:VALARM', 'END:VEVENT'),
    });
    clock.set(Date.UTC(2025, 10, 18, 0, 51));
    service.snoozeAlarm(id, '', 'a1', Date.UTC(2025, 10, 18, 0, 56));
    const firings = () => store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 19)).filter((a) => a.objectId === id).map((a) => new Date(a.fireAt).toISOString()).sort();
    expect(firings()).toEqual(['2025-11-18T00:00:00.000Z', '2025-11-18T00:56:00.000Z']);

    // The form sends the minutes-before reminders it shows; the rest is not its to drop.
    const draft = (alarms: number[]) => ({ calendarId: cal, summary: 'Họp (đổi phòng)', allDay: false, start: '2025-11-18T08:00', end: '2025-11-18T09:00', timeZone: 'Asia/Ho_Chi_Minh', location: 'Phòng 2', description: '', alarmsMinutesBefore: alarms, attendees: [], meetingUrl: null, newMeeting: false });
    const edited = service.update(`${id}:`, 'all', draft([10]));
    expect(edited.summary).toBe('Họp (đổi phòng)');
    // The 10-minute reminder, the fixed one, and the snooze (its uid is random, so no sorting on it).
    const minutesByUid = new Map(edited.alarms.map((a) => [a.uid, a.minutesBefore]));
    expect(minutesByUid.get('a1')).toBe(10);
    expect(minutesByUid.get('fixed')).toBeNull();
    expect(edited.alarms.filter((a) => a.uid !== 'a1' && a.uid !== 'fixed').map((a) => a.minutesBefore)).toEqual([null]);
    const raw = store.object(id)!.raw.replace(/\r\n[ \t]/g, '');
    expect(raw).toMatch(/RELATED-TO;RELTYPE=SNOOZE:a1/);
    expect(raw).toMatch(/TRIGGER;VALUE=DATE-TIME:20251118T000000Z/);
    expect(firings()).toEqual(['2025-11-18T00:00:00.000Z', '2025-11-18T00:56:00.000Z']);

    // Removing the 10-minute reminder takes its snooze with it; the fixed one stays.
    service.update(`${id}:`, 'all', draft([]));
    expect(store.object(id)!.raw).not.toMatch(/RELTYPE=SNOOZE/);
    expect(service.get(`${id}:`).alarms.map((a) => a.uid)).toEqual(['fixed']);
    expect(firings()).toEqual(['2025-11-18T00:00:00.000Z']);
  });

  it('rings for agency entries only for their organizer and attendees', () => {
    const db = memoryDb();
    const store = new CalendarStore(db, { now: () => Date.UTC(2025, 10, 17), links: linkMatcher({}), defaultZone: 'Asia/Ho_Chi_Minh', userEmail: 'bao.tq@so-demo.invalid' });
    store.ensureWindow();
    const agency = store.upsertCalendar({ url: 'http://dav/agency/lich/', kind: 'agency', displayName: 'Lịch công tác', color: null, writable: false, components: ['VEVENT'] });
    const entry = (uid: string, attendee: string) =>
      store.putObject({ calendarId: agency, href: `/agency/${uid}.ics`, etag: '"1"', raw: ics('BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20251118T010000Z', 'DURATION:PT1H', `SUMMARY:${uid}`, 'X-GOVDESK-REVIEW:CONFIRMED',
        `ATTENDEE;CN=X:mailto:${attendee}`, 'BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT30M', 'END:VALARM', 'END:VEVENT') });
    entry('toi-du', 'bao.tq@so-demo.invalid');
    entry('nguoi-khac', 'hung.dv@so-demo.invalid');
    expect(store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 19)).map((a) => a.summary)).toEqual(['toi-du']);
  });

  it('keeps the acknowledgement on this device for a calendar the user cannot write', () => {
    const { store, service, outbox, id } = setup(false);
    service.acknowledgeAlarm(id, String(Date.UTC(2025, 10, 17, 1)), 'a1');
    expect(outbox.pendingCount()).toBe(0);
    expect(store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 11, 1))).toHaveLength(1);
  });
});
