// Document deadlines with lead times from Settings (documentDeadlineLeadDays):
// when each reminder rings, on an injected clock, in the organization's zone
// (Vietnam) whatever the computer's zone, weekends moved to the Friday before,
// and a change of the setting moving the engine's next firing.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadlineLeadDays } from '../../../shared/settings';
import { ianaZone } from '../../../electron/core/calendar/zones';
import { leadFirings } from '../../../electron/core/documents/deadline-leads';
import { dueSource } from '../../../electron/core/documents/due';
import { documentsReminderSource } from '../../../electron/core/documents/reminder-source';
import { testEngine } from '../reminders/engine-fixture';
import type { Db } from '../../../electron/core/db/open';
import { clerkCache, incoming } from './cache-fixture';
import { fakeClock } from '../reminders/step-clock';

const VN = ianaZone('Asia/Ho_Chi_Minh')!;
const BERLIN = ianaZone('Europe/Berlin')!;
/** 07:30 in Vietnam (UTC+7, no DST) is 00:30 UTC. */
const vn0730 = (day: string) => Date.parse(`${day}T00:30:00Z`);

describe('deadline lead times', () => {
  it('rings 2 days before and on the day at the start of work, in Vietnam', () => {
    // Wednesday 16 December 2026.
    expect(leadFirings('2026-12-16', [2, 0], '07:30', VN)).toEqual([
      { lead: 2, day: '2026-12-14', at: vn0730('2026-12-14') },
      { lead: 0, day: '2026-12-16', at: vn0730('2026-12-16') },
    ]);
    expect(leadFirings('2026-12-16', [7, 1], '08:00', VN).map((f) => [f.lead, f.day, f.at])).toEqual([
      [7, '2026-12-09', Date.parse('2026-12-09T01:00:00Z')],
      [1, '2026-12-15', Date.parse('2026-12-15T01:00:00Z')],
    ]);
    expect(leadFirings('2026-12-16', [], '07:30', VN)).toEqual([]);
  });

  it('moves a lead that falls on a weekend to the Friday before: a Monday deadline, 2 days before, rings on Friday', () => {
    // Monday 14 December 2026: Saturday the 12th moves to Friday the 11th.
    expect(leadFirings('2026-12-14', [2, 0], '07:30', VN).map((f) => [f.lead, f.day])).toEqual([
      [2, '2026-12-11'],
      [0, '2026-12-14'],
    ]);
    // 1 day before (Sunday) and 2 days before (Saturday) both land on Friday: one reminder, under the longer lead.
    expect(leadFirings('2026-12-14', [0, 1, 2], '07:30', VN).map((f) => [f.lead, f.day])).toEqual([
      [2, '2026-12-11'],
      [0, '2026-12-14'],
    ]);
    // A week before a Monday is a Monday: nothing moves.
    expect(leadFirings('2026-12-14', [7], '07:30', VN).map((f) => f.day)).toEqual(['2026-12-07']);
  });

  it('keeps "on the day" on the deadline someone set, even a Sunday', () => {
    expect(leadFirings('2026-12-13', [1, 0], '07:30', VN).map((f) => [f.lead, f.day])).toEqual([
      [1, '2026-12-11'],
      [0, '2026-12-13'],
    ]);
  });

  it('crosses months and years', () => {
    expect(leadFirings('2027-01-01', [7, 2], '07:30', VN).map((f) => f.day)).toEqual(['2026-12-25', '2026-12-30']);
  });

  it('gives nothing for a deadline that is not a day', () => {
    expect(leadFirings('2026-13-45', [0], '07:30', VN)).toEqual([]);
    expect(leadFirings('mai', [0], '07:30', VN)).toEqual([]);
  });

  describe('time zones', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it('the computer set to another zone changes nothing: the day and the hour are Vietnam’s', () => {
      const inVietnam = leadFirings('2026-12-14', [2, 0], '07:30', VN);
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'Europe/Berlin']) {
        process.env.TZ = tz;
        expect(leadFirings('2026-12-14', [2, 0], '07:30', VN)).toEqual(inVietnam);
      }
    });

    it('in a zone with summer time, each reminder keeps the start of work on its own side of the change', () => {
      // Europe ends summer time on Sunday 25 October 2026: a week before Wednesday the 28th is in summer time (UTC+2), the day itself not (UTC+1).
      expect(leadFirings('2026-10-28', [7, 0], '07:30', BERLIN).map((f) => new Date(f.at).toISOString())).toEqual(['2026-10-21T05:30:00.000Z', '2026-10-28T06:30:00.000Z']);
    });
  });
});


describe('documents deadlines in the reminder engine', () => {
  let db: Db | null = null;
  afterEach(() => {
    db?.close();
    db = null;
  });

  function setup(start: number, leads: DeadlineLeadDays[]) {
    const settings = { leads, workDayStart: '07:30' };
    const time = fakeClock(start);
    const c = clerkCache(time.clock.now);
    db = c.db;
    // In the clerk's To process, due Monday 14 December 2026.
    c.cache.putServer(incoming('d-1', { dueDate: '2026-12-14' }));
    const due = dueSource(c.cache, { leadDays: () => settings.leads, workDayStart: () => settings.workDayStart, zone: VN });
    const { engine, notices } = testEngine({ db: c.db, clock: time.clock, sources: [documentsReminderSource(() => ({ due }))], workDayStart: () => settings.workDayStart, zone: VN });
    return { engine, settings, time, notices };
  }

  it('rings one reminder per lead time, each once, naming the deadline it is about', () => {
    // Thursday 10 December 2026, 12:00 in Vietnam.
    const { engine, time, notices } = setup(Date.parse('2026-12-10T05:00:00Z'), [2, 0]);
    engine.start();
    expect(engine.list().upcoming.map((r) => [r.fireAt, r.aboutMs])).toEqual([
      [vn0730('2026-12-11'), vn0730('2026-12-14')],
      [vn0730('2026-12-14'), vn0730('2026-12-14')],
    ]);
    time.run(vn0730('2026-12-11') + 60_000);
    // Friday before a Monday deadline: three days to go, said so, with the deadline's day.
    expect(notices.map((n) => [n.title, n.body])).toEqual([['Còn 3 ngày đến hạn xử lý: 1/UBND-TH — Văn bản d-1', 'Hạn xử lý: 14/12/2026']]);
    time.run(vn0730('2026-12-14') + 60_000);
    expect(notices.map((n) => n.title)).toEqual(['Còn 3 ngày đến hạn xử lý: 1/UBND-TH — Văn bản d-1', 'Đến hạn xử lý hôm nay: 1/UBND-TH — Văn bản d-1']);
    expect(engine.list().now.map((r) => r.id)).toEqual([`documents|deadline:d-1:2026-12-14:2d|${vn0730('2026-12-11')}`, `documents|deadline:d-1:2026-12-14|${vn0730('2026-12-14')}`]);
    engine.stop();
  });

  it('moves the next firing when the lead times or the start of work change in Settings', () => {
    // Friday 11 December 2026, 06:00 in Vietnam: "2 days before" would ring at 07:30 today.
    const { engine, settings } = setup(Date.parse('2026-12-10T23:00:00Z'), [2, 0]);
    engine.start();
    expect(engine.nextAt).toBe(vn0730('2026-12-11'));
    settings.leads = [0];
    engine.changed();
    // Only "on the day" is left, Monday, beyond the engine's six-hour look ahead: it wakes to look again then.
    expect(engine.nextFiring()).toBeNull();
    expect(engine.list().upcoming.map((r) => r.fireAt)).toEqual([vn0730('2026-12-14')]);
    settings.leads = [7, 2, 1, 0];
    settings.workDayStart = '08:00';
    engine.changed();
    expect(engine.nextAt).toBe(Date.parse('2026-12-11T01:00:00Z'));
    engine.stop();
  });
});
