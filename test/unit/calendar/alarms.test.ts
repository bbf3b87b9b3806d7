// Reminders stored right (issue 6.6): alarms of recurring events per
// instance, acknowledgement and snooze written back as RFC 9074 says.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { CalendarService } from '../../../electron/core/calendar/service';
import { CalendarStore } from '../../../electron/core/calendar/store';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { parseObject } from '../../../electron/core/calendar/ical';
import { ics, manualClock, memoryDb, testStore } from './helpers';

const MIN = 60_000;
const unfoldRaw = (s: string) => s.replace(/\r\n[ \t]/g, '');

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

/**
 * Mondays 08:00 Hanoi from 3 Nov with a 10-minute reminder; another client
 * moved the series an hour later from 10 Nov on (RECURRENCE-ID;RANGE=
 * THISANDFUTURE) with a reminder of its own, r1. The instance of 17 Nov has
 * no override of its own: r1 on the range is the reminder that rings for it.
 */
function governed() {
  const s = setup();
  s.clock.set(Date.UTC(2025, 10, 17, 1, 51));
  const cal = s.store.calendars()[0]!.id;
  const id = s.store.putObject({
    calendarId: cal, href: '/anh/lich/range.ics', etag: '"1"',
    raw: ics('BEGIN:VEVENT', 'UID:range', 'DTSTART:20251103T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Giao ban',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:range', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20251110T010000Z', 'DTSTART:20251110T020000Z', 'DTEND:20251110T030000Z', 'SUMMARY:Giao ban (9 giờ)',
      'BEGIN:VALARM', 'UID:r1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban (9 giờ)', 'END:VALARM', 'END:VEVENT'),
  });
  const instance = String(Date.UTC(2025, 10, 17, 1));
  const firings = () => s.store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 11, 1)).filter((a) => a.objectId === id)
    .map((a) => `${new Date(a.fireAt).toISOString().slice(5, 16)} ${a.alarmUid === 'r1' || a.alarmUid === 'a1' ? a.alarmUid : 'snooze'} ${new Date(a.aboutMs).toISOString().slice(5, 16)}`);
  return { ...s, id, instance, firings };
}

describe('alarms of an instance a THISANDFUTURE override governs', () => {
  it('rings the range’s reminder for it, and a dismissal covers it on the range’s VALARM while later instances still ring', () => {
    const { store, service, id, instance, firings } = governed();
    expect(firings()).toEqual(['11-17T01:50 r1 11-17T02:00', '11-24T01:50 r1 11-24T02:00']);
    service.acknowledgeAlarm(id, instance, 'r1');
    const obj = parseObject(store.object(id)!.raw);
    // Where the alarm lives (RFC 9074): other clients that apply the range read it there.
    expect(obj.overrides[0]!.alarms.map((a) => [a.uid, a.acknowledgedMs && new Date(a.acknowledgedMs).toISOString()])).toEqual([['r1', '2025-11-17T01:51:00.000Z']]);
    expect(obj.master!.alarms[0]!.acknowledgedMs).toBeNull();
    expect(obj.overrides).toHaveLength(1);
    expect(firings()).toEqual(['11-24T01:50 r1 11-24T02:00']);
  });

  it('snoozes it with a sibling of the range’s VALARM, shown for this instance, and the snooze can be dismissed', () => {
    const { store, service, clock, id, instance, firings } = governed();
    service.snoozeAlarm(id, instance, 'r1', Date.UTC(2025, 10, 17, 1, 56));
    const range = parseObject(store.object(id)!.raw).overrides[0]!;
    expect(range.alarms.map((a) => [a.uid === 'r1' ? 'r1' : 'snooze', a.absoluteMs && new Date(a.absoluteMs).toISOString()])).toEqual([['r1', null], ['snooze', '2025-11-17T01:56:00.000Z']]);
    expect(unfoldRaw(store.object(id)!.raw)).toMatch(/RELATED-TO;RELTYPE=SNOOZE:r1/);
    // The snooze is about the meeting of 17 Nov at 09:00, not the one of the week before.
    expect(firings()).toEqual(['11-17T01:56 snooze 11-17T02:00', '11-24T01:50 r1 11-24T02:00']);
    const snooze = store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 18)).find((a) => a.objectId === id)!;
    expect(snooze.instance).toBe(instance);
    clock.set(Date.UTC(2025, 10, 17, 1, 56, 30));
    service.acknowledgeAlarm(id, snooze.instance, snooze.alarmUid);
    expect(firings()).toEqual(['11-24T01:50 r1 11-24T02:00']);
  });
});

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

describe('a fixed-time reminder', () => {
  function withFixed(trigger: string, recurring = true) {
    const s = setup();
    const cal = s.store.calendars()[0]!.id;
    const id = s.store.putObject({
      calendarId: cal, href: '/anh/lich/fixed.ics', etag: '"1"',
      raw: ics('BEGIN:VEVENT', 'UID:fixed', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', ...(recurring ? ['RRULE:FREQ=WEEKLY;COUNT=4'] : []), 'SUMMARY:Họp tuần',
        'BEGIN:VALARM', 'UID:f1', 'ACTION:DISPLAY', `TRIGGER;VALUE=DATE-TIME:${trigger}`, 'DESCRIPTION:Họp', 'END:VALARM', 'END:VEVENT'),
    });
    return s.store.alarmsBetween(Date.UTC(2025, 10, 1), Date.UTC(2026, 0, 1)).filter((a) => a.objectId === id)
      .map((a) => `${new Date(a.fireAt).toISOString().slice(5, 16)} about ${new Date(a.aboutMs).toISOString().slice(5, 16)}`);
  }

  it('set before a meeting of a series speaks of that meeting, not the one a week earlier', () => {
    // 07:30 Hanoi on 24 Nov, for the 08:00 meeting that day.
    expect(withFixed('20251124T003000Z')).toEqual(['11-24T00:30 about 11-24T01:00']);
  });

  it('snoozed, before or past the meeting’s start, is still about that meeting', () => {
    const s = setup();
    const cal = s.store.calendars()[0]!.id;
    const id = s.store.putObject({
      calendarId: cal, href: '/anh/lich/fixed.ics', etag: '"1"',
      raw: ics('BEGIN:VEVENT', 'UID:fixed', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Họp tuần',
        'BEGIN:VALARM', 'UID:f1', 'ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20251124T003000Z', 'DESCRIPTION:Họp', 'END:VALARM', 'END:VEVENT'),
    });
    s.clock.set(Date.UTC(2025, 10, 24, 0, 31));
    const firings = () => s.store.alarmsBetween(Date.UTC(2025, 10, 1), Date.UTC(2026, 0, 1)).filter((a) => a.objectId === id)
      .map((a) => [new Date(a.fireAt).toISOString().slice(5, 16), a.instance]);
    s.service.snoozeAlarm(id, String(Date.UTC(2025, 10, 24, 1)), 'f1', Date.UTC(2025, 10, 24, 0, 45));
    expect(firings()).toEqual([['11-24T00:45', String(Date.UTC(2025, 10, 24, 1))]]);
    s.service.snoozeAlarm(id, String(Date.UTC(2025, 10, 24, 1)), 'f1', Date.UTC(2025, 10, 24, 1, 5));
    expect(firings()).toEqual([['11-24T01:05', String(Date.UTC(2025, 10, 24, 1))]]);
  });

  it('past the series’ last meeting stays with the last one, and on a single event with that event', () => {
    expect(withFixed('20251215T030000Z')).toEqual(['12-15T03:00 about 12-08T01:00']);
    expect(withFixed('20251116T120000Z', false)).toEqual(['11-16T12:00 about 11-17T01:00']);
  });
});

describe('a reminder dismissed on this device only (a calendar the user cannot write)', () => {
  const gb = (summary: string) => ics('BEGIN:VEVENT', 'UID:gb', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', `SUMMARY:${summary}`,
    'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT');
  const ringing = (store: CalendarStore) => store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 11, 1)).map((a) => new Date(a.fireAt).toISOString().slice(5, 16));

  it('stays dismissed when a sync changes the object, and when the occurrence window moves', () => {
    const { store, service, clock, id } = setup(false);
    service.acknowledgeAlarm(id, String(Date.UTC(2025, 10, 17, 1)), 'a1');
    expect(ringing(store)).toEqual(['11-24T00:50']);
    // The agency changed the entry's title: the object is stored and indexed again.
    store.putObject({ calendarId: store.calendars()[0]!.id, href: '/anh/lich/gb.ics', etag: '"2"', raw: gb('Giao ban (đổi tên)') });
    expect(ringing(store)).toEqual(['11-24T00:50']);
    // A quarter year on, every object is expanded again into the moved window.
    clock.advance(100 * 24 * 3_600_000);
    expect(store.ensureWindow()).toBe(true);
    expect(store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 11, 1)).map((a) => [new Date(a.fireAt).toISOString().slice(5, 16), a.acknowledgedAt !== null])).toEqual([['11-24T00:50', false]]);
    expect(store.alarmsBetween(Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 18), true).map((a) => a.acknowledgedAt)).toEqual([Date.UTC(2025, 10, 17, 0, 50)]);
  });

  it('is forgotten with the object: the same UID coming back later rings again', () => {
    const { store, service, id } = setup(false);
    const cal = store.calendars()[0]!.id;
    service.acknowledgeAlarm(id, String(Date.UTC(2025, 10, 17, 1)), 'a1');
    store.deleteByHref(cal, '/anh/lich/gb.ics');
    store.putObject({ calendarId: cal, href: '/anh/lich/gb.ics', etag: '"3"', raw: gb('Giao ban') });
    expect(ringing(store)).toEqual(['11-17T00:50', '11-24T00:50']);
  });
});

describe('a reminder snoozed on this device only (a calendar the user cannot write)', () => {
  const instance = String(Date.UTC(2025, 10, 17, 1));
  const gb = (...extra: string[]) => ics('BEGIN:VEVENT', 'UID:gb', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Giao ban', ...extra,
    'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT');
  /** What the reminders feature is told is due in [from, to): 'MM-DDTHH:mm what about-MM-DDTHH:mm summary'. */
  const due = (store: CalendarStore, fromMs = Date.UTC(2025, 10, 17), toMs = Date.UTC(2025, 11, 1)) =>
    store.alarmsBetween(fromMs, toMs).map((a) => `${new Date(a.fireAt).toISOString().slice(5, 16)} ${a.alarmUid === 'a1' ? 'a1' : 'snooze'} about-${new Date(a.aboutMs).toISOString().slice(5, 16)} ${a.summary}`);
  /** 08:50 Hanoi on 17 Nov the reminder rang; at 08:51 the user snoozes it for 5 minutes. */
  function snoozed() {
    const s = setup(false);
    const cal = s.store.calendars()[0]!.id;
    const put = (etag: string, raw: string) => s.store.putObject({ calendarId: cal, href: '/anh/lich/gb.ics', etag, raw });
    s.clock.set(Date.UTC(2025, 10, 17, 0, 51));
    s.service.snoozeAlarm(s.id, instance, 'a1', Date.UTC(2025, 10, 17, 0, 56));
    return { ...s, cal, put };
  }

  it('is not due before the chosen time, is due at it once, and nothing goes to the server', () => {
    const { store, outbox } = snoozed();
    expect(outbox.pendingCount()).toBe(0);
    expect(due(store, Date.UTC(2025, 10, 17, 0, 51), Date.UTC(2025, 10, 17, 0, 56))).toEqual([]);
    expect(due(store, Date.UTC(2025, 10, 17, 0, 56), Date.UTC(2025, 10, 17, 0, 57))).toEqual(['11-17T00:56 snooze about-11-17T01:00 Giao ban']);
    // The firing that rang is dealt with; next week's still rings.
    expect(due(store)).toEqual(['11-17T00:56 snooze about-11-17T01:00 Giao ban', '11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });

  it('snoozed again (from its own ringing) moves to the new time instead of ringing twice', () => {
    const { store, service, clock, id } = snoozed();
    clock.set(Date.UTC(2025, 10, 17, 0, 56, 10));
    const ringing = store.alarmsBetween(Date.UTC(2025, 10, 17, 0, 56), Date.UTC(2025, 10, 17, 0, 57))[0]!;
    service.snoozeAlarm(id, ringing.instance, ringing.alarmUid, Date.UTC(2025, 10, 17, 1, 1));
    expect(due(store)).toEqual(['11-17T01:01 snooze about-11-17T01:00 Giao ban', '11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });

  it('ends when the user dismisses it, and stays ended after a re-index', () => {
    const { store, service, clock, id, put } = snoozed();
    clock.set(Date.UTC(2025, 10, 17, 0, 56, 10));
    const ringing = store.alarmsBetween(Date.UTC(2025, 10, 17, 0, 56), Date.UTC(2025, 10, 17, 0, 57))[0]!;
    service.acknowledgeAlarm(id, ringing.instance, ringing.alarmUid);
    expect(due(store)).toEqual(['11-24T00:50 a1 about-11-24T01:00 Giao ban']);
    put('"2"', gb('DESCRIPTION:đổi'));
    expect(due(store)).toEqual(['11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });

  it('ends when the reminder it snoozed is dismissed', () => {
    const { store, service, id } = snoozed();
    expect(due(store)[0]).toBe('11-17T00:56 snooze about-11-17T01:00 Giao ban');
    service.acknowledgeAlarm(id, instance, 'a1');
    expect(due(store)).toEqual(['11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });

  it('survives a sync change of the object and the occurrence window moving', () => {
    const { store, clock, put } = snoozed();
    put('"2"', gb().replace('SUMMARY:Giao ban', 'SUMMARY:Giao ban (đổi tên)'));
    expect(due(store)).toEqual(['11-17T00:56 snooze about-11-17T01:00 Giao ban (đổi tên)', '11-24T00:50 a1 about-11-24T01:00 Giao ban (đổi tên)']);
    clock.advance(100 * 24 * 3_600_000);
    expect(store.ensureWindow()).toBe(true);
    expect(due(store, Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 18))).toEqual(['11-17T00:56 snooze about-11-17T01:00 Giao ban (đổi tên)']);
  });

  it('survives an app restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govdesk-snooze-'));
    try {
      const path = join(dir, 'account.sqlite');
      const open = () => {
        const db = openDatabase(path);
        migrate(db, accountMigrations);
        return { db, store: testStore(db, () => Date.UTC(2025, 10, 17, 0, 51)) };
      };
      const first = open();
      first.store.ensureWindow();
      const cal = first.store.upsertCalendar({ url: 'http://dav/agency/lich/', kind: 'event', displayName: 'Lịch công tác', color: null, writable: false, components: ['VEVENT'] });
      const id = first.store.putObject({ calendarId: cal, href: '/agency/gb.ics', etag: '"1"', raw: gb() });
      const service = new CalendarService({
        store: first.store, outbox: new CalendarOutbox(first.db, first.store, () => Date.UTC(2025, 10, 17, 0, 51)), links: linkMatcher({}), now: () => Date.UTC(2025, 10, 17, 0, 51),
        user: { email: 'anh.ntm@so-demo.invalid', name: 'Anh' }, agencyName: 'Sở', meetingsBaseUrl: null, defaultZone: 'Asia/Ho_Chi_Minh',
        kick: () => undefined, syncNow: async () => undefined, emitChanged: () => undefined,
      });
      service.snoozeAlarm(id, instance, 'a1', Date.UTC(2025, 10, 17, 0, 56));
      first.db.close();
      const second = open();
      second.store.ensureWindow();
      expect(due(second.store)).toEqual(['11-17T00:56 snooze about-11-17T01:00 Giao ban', '11-24T00:50 a1 about-11-24T01:00 Giao ban']);
      second.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('goes with the object: the same UID coming back does not ring at the snooze time', () => {
    const { store, cal, put } = snoozed();
    expect(due(store)[0]).toBe('11-17T00:56 snooze about-11-17T01:00 Giao ban');
    store.deleteByHref(cal, '/anh/lich/gb.ics');
    expect(due(store)).toEqual([]);
    put('"3"', gb());
    expect(due(store)).toEqual(['11-17T00:50 a1 about-11-17T01:00 Giao ban', '11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });

  it('is dropped when the server cancels the instance (EXDATE), and does not come back with it', () => {
    const { store, put } = snoozed();
    expect(due(store)[0]).toBe('11-17T00:56 snooze about-11-17T01:00 Giao ban');
    put('"2"', gb('EXDATE:20251117T010000Z'));
    expect(due(store)).toEqual(['11-24T00:50 a1 about-11-24T01:00 Giao ban']);
    put('"3"', gb());
    expect(due(store)).toEqual(['11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });

  it('is dropped when the server marks the instance CANCELLED', () => {
    const { store, put } = snoozed();
    expect(due(store)[0]).toBe('11-17T00:56 snooze about-11-17T01:00 Giao ban');
    put('"2"', ics('BEGIN:VEVENT', 'UID:gb', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Giao ban',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID:20251117T010000Z', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', 'SUMMARY:Giao ban', 'STATUS:CANCELLED',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT'));
    expect(due(store)).toEqual(['11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });

  it('is dropped when the server moves the instance: its reminder rings before the new time instead', () => {
    const { store, put } = snoozed();
    expect(due(store)[0]).toBe('11-17T00:56 snooze about-11-17T01:00 Giao ban');
    // The 08:00 meeting of 17 Nov moved to 10:00 Hanoi (03:00Z).
    const moved = ics('BEGIN:VEVENT', 'UID:gb', 'DTSTART:20251117T010000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Giao ban',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:gb', 'RECURRENCE-ID:20251117T010000Z', 'DTSTART:20251117T030000Z', 'DURATION:PT1H', 'SUMMARY:Giao ban (10 giờ)',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT');
    put('"2"', moved);
    expect(due(store)).toEqual(['11-17T02:50 a1 about-11-17T03:00 Giao ban (10 giờ)', '11-24T00:50 a1 about-11-24T01:00 Giao ban']);
    // Moved back, it is the first firing (already dismissed) again, not the snooze.
    put('"3"', gb());
    expect(due(store)).toEqual(['11-24T00:50 a1 about-11-24T01:00 Giao ban']);
  });
});
