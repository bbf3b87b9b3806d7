// The calendar's alarms and tasks reaching the engine through the source
// interface: relative and absolute VALARMs across time zones, DST and
// midnight, RELATED=END on tasks, date-only dues, and dismiss/snooze written
// back into the object (RFC 9074) or kept on this device for a read-only calendar.
import { describe, expect, it } from 'vitest';
import { calendarAlarmSource, taskDueSource } from '../../../electron/core/calendar/reminder-sources';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { CalendarService } from '../../../electron/core/calendar/service';
import { ianaZone } from '../../../electron/core/calendar/zones';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { testEngine } from './engine-fixture';
import { ics, manualClock, memoryDb, testStore } from '../calendar/helpers';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
const at = (iso: string) => Date.parse(iso);

function setup(now: number, writable = true) {
  const db = memoryDb();
  const clock = manualClock(now);
  const store = testStore(db, clock.now);
  store.ensureWindow();
  const outbox = new CalendarOutbox(db, store, clock.now);
  const cal = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable, components: ['VEVENT', 'VTODO'] });
  const service = new CalendarService({
    store, outbox, links: linkMatcher({}), now: clock.now, user: { email: 'anh.ntm@so-demo.invalid', name: 'Anh' }, agencyName: 'Sở',
    meetingsBaseUrl: null, defaultZone: 'Asia/Ho_Chi_Minh', kick: () => undefined, syncNow: async () => undefined, emitChanged: () => undefined,
  });
  const feature = {
    store,
    reminders: {
      due: (f: number, t: number) => store.alarmsBetween(f, t),
      acknowledge: (o: number, i: string, a: string) => service.acknowledgeAlarm(o, i, a),
      snooze: (o: number, i: string, a: string, u: number) => service.snoozeAlarm(o, i, a, u),
    },
  };
  const timers: { at: number; fn: () => void }[] = [];
  const sources = [calendarAlarmSource(() => feature), taskDueSource(() => feature, HANOI, () => '07:30')];
  const { engine, notices } = testEngine({
    db,
    clock: { now: clock.now, setTimer: (ms, fn) => { const t = { at: clock.now() + ms, fn }; timers.push(t); return () => void timers.splice(timers.indexOf(t), 1); } },
    sources,
    language: () => 'en',
    zone: HANOI,
  });
  const put = (href: string, ...lines: string[]) => store.putObject({ calendarId: cal, href, etag: '"1"', raw: ics(...lines) });
  return { db, clock, store, outbox, service, engine, notices, sources, put, cal };
}

describe('calendar reminders through the engine', () => {
  it('relative alarms in another zone, across a DST change, and an absolute one', () => {
    const s = setup(at('2026-03-27T00:00:00Z'));
    // Weekly 09:00 Berlin on Fridays: 27 March is CET (08:00Z), 3 April CEST (07:00Z); 15 minutes before.
    s.put('/a.ics', 'BEGIN:VEVENT', 'UID:berlin', 'DTSTART;TZID=Europe/Berlin:20260327T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=2', 'SUMMARY:Berlin call',
      'BEGIN:VALARM', 'UID:r', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT');
    // Absolute trigger at 23:59 Hanoi for a meeting just after midnight.
    s.put('/b.ics', 'BEGIN:VEVENT', 'UID:midnight', 'DTSTART:20260327T170500Z', 'DURATION:PT30M', 'SUMMARY:After midnight',
      'BEGIN:VALARM', 'UID:abs', 'ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20260327T165900Z', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT');
    const due = s.sources[0]!.due(at('2026-03-27T00:00:00Z'), at('2026-04-05T00:00:00Z'));
    expect(due.map((d) => `${new Date(d.fireAt).toISOString().slice(5, 16)} ${d.title}`)).toEqual([
      '03-27T07:45 Berlin call',
      '03-27T16:59 After midnight',
      '04-03T06:45 Berlin call',
    ]);
    expect(due[0]!.open).toEqual({ section: 'schedule', id: `${due[0]!.key.split(':')[0]}:${due[0]!.key.split(':')[1]}` });
  });

  it('a task alarm RELATED=END and a date-only due (at the start of the working day)', () => {
    const s = setup(at('2026-03-02T00:00:00Z'));
    s.put('/t1.ics', 'BEGIN:VTODO', 'UID:t1', 'DUE:20260302T100000Z', 'SUMMARY:Báo cáo',
      'BEGIN:VALARM', 'UID:e', 'ACTION:DISPLAY', 'TRIGGER;RELATED=END:-PT30M', 'DESCRIPTION:x', 'END:VALARM', 'END:VTODO');
    s.put('/t2.ics', 'BEGIN:VTODO', 'UID:t2', 'DUE;VALUE=DATE:20260303', 'SUMMARY:Nộp hồ sơ', 'END:VTODO');
    const alarms = s.sources[0]!.due(at('2026-03-02T00:00:00Z'), at('2026-03-04T00:00:00Z'));
    expect(alarms.map((d) => `${new Date(d.fireAt).toISOString().slice(5, 16)} ${d.title}`)).toEqual(['03-02T09:30 Báo cáo']);
    const dues = s.sources[1]!.due(at('2026-03-02T00:00:00Z'), at('2026-03-04T00:00:00Z'));
    // 07:30 Hanoi on 3 March is 00:30Z.
    expect(dues.map((d) => `${new Date(d.fireAt).toISOString().slice(5, 16)} ${d.title}`)).toEqual(['03-02T10:00 Báo cáo', '03-03T00:30 Nộp hồ sơ']);
  });

  it('dismissing writes ACKNOWLEDGED into the object and queues it for the server', () => {
    const s = setup(at('2026-03-02T01:50:00Z'));
    const id = s.put('/g.ics', 'BEGIN:VEVENT', 'UID:gb', 'DTSTART:20260302T020000Z', 'DURATION:PT1H', 'SUMMARY:Giao ban',
      'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT');
    s.engine.start();
    expect(s.notices.map((n) => n.title)).toEqual(['Giao ban']);
    const [ringing] = s.engine.list().now;
    s.engine.dismiss([ringing!.id]);
    expect(s.store.object(id)!.raw).toMatch(/ACKNOWLEDGED:20260302T015000Z/);
    expect(s.outbox.pendingCount()).toBe(1);
    expect(s.engine.list().now).toHaveLength(0);
  });

  it('snoozing writes an RFC 9074 snooze that rings again; on a read-only calendar it stays on this device', () => {
    for (const writable of [true, false]) {
      const s = setup(at('2026-03-02T01:50:00Z'), writable);
      const id = s.put('/g.ics', 'BEGIN:VEVENT', 'UID:gb', 'DTSTART:20260302T020000Z', 'DURATION:PT1H', 'SUMMARY:Giao ban',
        'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT');
      s.engine.start();
      s.engine.snooze(s.engine.list().now[0]!.id, '5m');
      if (writable) expect(s.store.object(id)!.raw).toMatch(/RELTYPE=SNOOZE/);
      else expect(s.store.object(id)!.raw).not.toMatch(/SNOOZE/);
      expect(s.engine.nextAt).toBe(at('2026-03-02T01:55:00Z'));
      s.clock.set(at('2026-03-02T01:55:00Z'));
      s.engine.check();
      expect(s.notices.map((n) => n.title)).toEqual(['Giao ban', 'Giao ban']);
      expect(s.engine.list().now.map((r) => r.state)).toEqual(['ringing']);
    }
  });
});
