// The reminder engine on an injected clock: one timer, firing once, missed
// after sleep or a closed app gathered into one notice, restart mid-firing,
// quiet hours, snoozes (also across midnight and DST), dismissals from
// another device.
import { describe, expect, it } from 'vitest';
import { reminderId } from '../../../electron/core/reminders/engine';
import type { DueReminder, ReminderSource } from '../../../electron/core/reminders/source';
import type { QuietHours } from '../../../electron/core/reminders/clock-times';
import { ianaZone } from '../../../electron/core/calendar/zones';
import type { Clock } from '../../../electron/core/platform';
import type { Db } from '../../../electron/core/db/open';
import { memoryDb } from '../calendar/helpers';
import { testEngine } from './engine-fixture';
import { fakeClock } from './step-clock';

const MIN = 60_000;
const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;


function listSource(id: string, items: DueReminder[], opts: { keepsSnoozes?: boolean } = {}) {
  const acked: string[] = [];
  const snoozed: { key: string; until: number }[] = [];
  const source: ReminderSource = {
    id,
    topics: [id],
    due: (from, to) => items.filter((i) => i.fireAt >= from && i.fireAt < to && !acked.includes(i.key)).sort((a, b) => a.fireAt - b.fireAt),
    acknowledge: (key) => void acked.push(key),
    ...(opts.keepsSnoozes
      ? {
          snooze: (key: string, until: number) => {
            acked.push(key);
            snoozed.push({ key, until });
            items.push({ key: `${key}~snooze`, fireAt: until, title: items.find((i) => i.key === key)?.title ?? '', aboutMs: null, open: null });
          },
        }
      : {}),
  };
  return { source, items, acked, snoozed };
}

function engineOn(db: Db, clock: Clock, sources: ReminderSource[], quiet?: QuietHours) {
  return testEngine({ db, clock, sources, ...(quiet ? { quiet } : {}), zone: HANOI });
}

const at = (iso: string) => Date.parse(iso);
const item = (key: string, fireAt: number, title = key): DueReminder => ({ key, fireAt, title, aboutMs: fireAt + 10 * MIN, open: { section: 'schedule', id: key } });

describe('reminder engine', () => {
  it('rings each reminder once at its time, with one timer for the next', () => {
    const c = fakeClock(at('2026-03-02T00:00:00Z'));
    const src = listSource('calendar', [item('a', at('2026-03-02T01:50:00Z'), 'Giao ban'), item('b', at('2026-03-02T03:00:00Z'), 'Họp')]);
    const { engine, notices } = engineOn(memoryDb(), c.clock, [src.source]);
    engine.start();
    expect(engine.nextAt).toBe(at('2026-03-02T01:50:00Z'));
    expect(c.live()).toBe(1);
    c.run(at('2026-03-02T01:49:59Z'));
    expect(notices).toHaveLength(0);
    c.run(at('2026-03-02T01:50:00Z'));
    expect(notices.map((n) => n.title)).toEqual(['Giao ban']);
    expect(notices[0]!.actions?.map((a) => a.id)).toEqual(['snooze:5m', 'snooze:10m', 'snooze:1h', 'snooze:tomorrow', 'dismiss']);
    expect(c.live()).toBe(1);
    // A change (a sync) makes it look again: nothing rings twice.
    engine.changed();
    engine.check();
    c.run(at('2026-03-02T03:00:00Z'));
    expect(notices.map((n) => n.title)).toEqual(['Giao ban', 'Họp']);
    expect(engine.list().now.map((r) => r.title)).toEqual(['Giao ban', 'Họp']);
  });

  it('gathers what came due while the machine slept into one missed notice, never a storm', () => {
    const c = fakeClock(at('2026-03-02T00:00:00Z'));
    const items = Array.from({ length: 40 }, (_, i) => item(`m${i}`, at('2026-03-02T01:00:00Z') + i * 5 * MIN));
    const { engine, notices } = engineOn(memoryDb(), c.clock, [listSource('calendar', items).source]);
    engine.start();
    c.jump(at('2026-03-02T08:00:00Z'));
    engine.check(); // the wake-up
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe('Bạn đã lỡ 40 lời nhắc');
    expect(engine.list().now.filter((r) => r.state === 'missed')).toHaveLength(40);
    expect(engine.attentionCount()).toBe(40);
  });

  it('finds reminders missed while the app was closed on the next start, and does not ring twice after a restart mid-firing', () => {
    const db = memoryDb();
    const c = fakeClock(at('2026-03-02T00:00:00Z'));
    const items = [item('a', at('2026-03-02T01:00:00Z'), 'A'), item('b', at('2026-03-02T05:00:00Z'), 'B')];
    const first = engineOn(db, c.clock, [listSource('calendar', items).source]);
    first.engine.start();
    // The first notice is shown and the process dies right after (before anything else).
    c.run(at('2026-03-02T01:00:00Z'));
    expect(first.notices.map((n) => n.title)).toEqual(['A']);
    first.engine.stop();
    // Restart half a minute later: A is not shown again.
    c.jump(at('2026-03-02T01:00:30Z'));
    const second = engineOn(db, c.clock, [listSource('calendar', items).source]);
    second.engine.start();
    expect(second.notices).toHaveLength(0);
    second.engine.stop();
    // Closed until the afternoon: B is missed, gathered in one notice on the next start.
    c.jump(at('2026-03-02T09:00:00Z'));
    const third = engineOn(db, c.clock, [listSource('calendar', items).source]);
    third.engine.start();
    expect(third.notices.map((n) => n.title)).toEqual(['Bạn đã lỡ 1 lời nhắc']);
    expect(third.engine.list().now.map((r) => `${r.title} ${r.state}`)).toEqual(['A ringing', 'B missed']);
    // The window's ringing panel asks for what rings only: the missed one is in the list, not there.
    expect(third.engine.ringing().map((r) => `${r.title} ${r.state}`)).toEqual(['A ringing']);
  });

  it('holds reminders in quiet hours (past midnight) and shows them in one notice when they end', () => {
    const c = fakeClock(at('2026-03-02T14:00:00Z')); // 21:00 Hanoi
    const items = [item('late', at('2026-03-02T16:00:00Z'), 'Late'), item('early', at('2026-03-02T22:00:00Z'), 'Early')]; // 23:00, 05:00 Hanoi
    const { engine, notices } = engineOn(memoryDb(), c.clock, [listSource('calendar', items).source], { enabled: true, start: '22:00', end: '06:30' });
    engine.start();
    c.run(at('2026-03-02T23:00:00Z')); // 06:00 Hanoi: still quiet
    expect(notices).toHaveLength(0);
    expect(engine.list().now.map((r) => r.state)).toEqual(['held', 'held']);
    expect(engine.ringing()).toEqual([]);
    expect(engine.nextAt).toBe(at('2026-03-02T23:30:00Z')); // 06:30 Hanoi
    c.run(at('2026-03-02T23:30:00Z'));
    expect(notices.map((n) => n.title)).toEqual(['2 lời nhắc trong giờ yên lặng']);
    expect(engine.list().now.map((r) => r.state)).toEqual(['ringing', 'ringing']);
  });

  it('snoozes a reminder the source keeps (calendar, RFC 9074): it rings again under the source’s snooze', () => {
    const c = fakeClock(at('2026-03-02T01:50:00Z'));
    const src = listSource('calendar', [item('a', at('2026-03-02T01:50:00Z'), 'Giao ban')], { keepsSnoozes: true });
    const { engine, notices } = engineOn(memoryDb(), c.clock, [src.source]);
    engine.start();
    expect(notices).toHaveLength(1);
    const id = reminderId('calendar', 'a', at('2026-03-02T01:50:00Z'));
    engine.snooze(id, '5m');
    expect(src.snoozed).toEqual([{ key: 'a', until: at('2026-03-02T01:55:00Z') }]);
    expect(engine.list().snoozed.map((r) => r.snoozedUntil)).toEqual([at('2026-03-02T01:55:00Z')]);
    c.run(at('2026-03-02T01:55:00Z'));
    expect(notices.map((n) => n.title)).toEqual(['Giao ban', 'Giao ban']);
    expect(engine.list().snoozed).toHaveLength(0);
  });

  it('keeps the snooze itself for a source without one (a task due), across midnight and a restart', () => {
    const db = memoryDb();
    const c = fakeClock(at('2026-03-02T16:55:00Z')); // 23:55 Hanoi
    const items = [item('t', at('2026-03-02T16:55:00Z'), 'Nộp báo cáo')];
    const first = engineOn(db, c.clock, [listSource('tasks', items).source]);
    first.engine.start();
    first.engine.snooze(reminderId('tasks', 't', at('2026-03-02T16:55:00Z')), '10m'); // to 00:05 the next day
    first.engine.stop();
    c.jump(at('2026-03-02T17:04:00Z'));
    const second = engineOn(db, c.clock, [listSource('tasks', items).source]);
    second.engine.start();
    expect(second.engine.nextAt).toBe(at('2026-03-02T17:05:00Z'));
    c.run(at('2026-03-02T17:05:00Z'));
    expect(second.notices.map((n) => n.title)).toEqual(['Nộp báo cáo']);
  });

  it('"tomorrow" is the start of the working day in the organization’s zone, also across a DST change', () => {
    const c = fakeClock(at('2026-03-02T10:00:00Z'));
    const { engine } = engineOn(memoryDb(), c.clock, []);
    expect(engine.snoozeUntil('tomorrow', at('2026-03-02T10:00:00Z'))).toBe(at('2026-03-03T00:30:00Z')); // 07:30 Hanoi
    const { engine: berlin } = testEngine({ db: memoryDb(), clock: c.clock, language: () => 'en', zone: ianaZone('Europe/Berlin')! });
    // Saturday 28 March 2026 noon CET; Sunday 29 March is CEST (UTC+2): 07:30 there is 05:30Z.
    expect(berlin.snoozeUntil('tomorrow', at('2026-03-28T11:00:00Z'))).toBe(at('2026-03-29T05:30:00Z'));
  });

  it('a reminder dismissed on another device stops needing the user here', () => {
    const c = fakeClock(at('2026-03-02T01:50:00Z'));
    const src = listSource('calendar', [item('a', at('2026-03-02T01:50:00Z'))]);
    const { engine } = engineOn(memoryDb(), c.clock, [src.source]);
    engine.start();
    expect(engine.attentionCount()).toBe(1);
    src.acked.push('a'); // the sync brought the other device's ACKNOWLEDGED
    engine.changed();
    expect(engine.attentionCount()).toBe(0);
    expect(engine.list().dismissed.map((r) => r.state)).toEqual(['done_elsewhere']);
  });

  it('dismissing writes back through the source and is not undone by the next look', () => {
    const c = fakeClock(at('2026-03-02T01:50:00Z'));
    const src = listSource('calendar', [item('a', at('2026-03-02T01:50:00Z'))]);
    const { engine, notices } = engineOn(memoryDb(), c.clock, [src.source]);
    engine.start();
    engine.dismiss([reminderId('calendar', 'a', at('2026-03-02T01:50:00Z'))]);
    expect(src.acked).toEqual(['a']);
    engine.check();
    c.run(at('2026-03-02T05:00:00Z'));
    expect(notices).toHaveLength(1);
    expect(engine.list().dismissed.map((r) => r.state)).toEqual(['dismissed']);
  });

  it('rings a reminder found late whose meeting has not begun (a short sleep, a sync that brought it already due)', () => {
    const c = fakeClock(at('2026-03-02T01:40:00Z'));
    const items = [item('a', at('2026-03-02T01:45:00Z'), 'Họp lãnh đạo')]; // about 01:55
    const src = listSource('calendar', items);
    const { engine, notices } = engineOn(memoryDb(), c.clock, [src.source]);
    engine.start();
    c.jump(at('2026-03-02T01:50:00Z')); // slept through 01:45
    engine.check();
    expect(notices.map((n) => n.title)).toEqual(['Họp lãnh đạo']);
    // A sync brings an invitation whose reminder was due ten minutes ago, for a meeting still ahead.
    items.push({ ...item('late', at('2026-03-02T01:40:00Z'), 'Mời họp'), aboutMs: at('2026-03-02T02:00:00Z') });
    engine.changed();
    expect(notices.map((n) => n.title)).toEqual(['Họp lãnh đạo', 'Mời họp']);
    engine.changed();
    expect(notices).toHaveLength(2);
  });

  it('lists the next seven days as upcoming, with their source', () => {
    const c = fakeClock(at('2026-03-02T00:00:00Z'));
    const { engine } = engineOn(memoryDb(), c.clock, [listSource('calendar', [item('a', at('2026-03-04T00:00:00Z')), item('far', at('2026-03-20T00:00:00Z'))]).source]);
    engine.start();
    expect(engine.list().upcoming.map((r) => `${r.source} ${r.title}`)).toEqual(['calendar a']);
  });
});
