// Document reminders as a specialist lives them, on an injected clock, through
// the real cache, the documents' source and the reminder engine: a deadline's
// notice and row say which lead it is (and name hỏa tốc, thượng khẩn); a
// document finished, taken back or re-assigned away rings no more; a document
// urged again shows once, with a count, in Reminders and in Today.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { ianaZone } from '../../../electron/core/calendar/zones';
import { dueSource } from '../../../electron/core/documents/due';
import { documentsReminderSource } from '../../../electron/core/documents/reminder-source';
import { testEngine } from '../reminders/engine-fixture';
import { deadlineTitle } from '../../../electron/core/reminders/notice-text';
import type { RemindersFeature } from '../../../electron/core/reminders/service';
import { remindersSource } from '../../../electron/core/today/sources';
import type { Db } from '../../../electron/core/db/open';
import type { Language } from '../../../shared/settings';
import { clerkCache, incoming } from './cache-fixture';
import { fakeClock } from '../reminders/step-clock';

const VN = ianaZone('Asia/Ho_Chi_Minh')!;
/** 07:30 in Vietnam (UTC+7) is 00:30 UTC. */
const vn0730 = (day: string) => Date.parse(`${day}T00:30:00Z`);
const ME = { username: 'anh.ntm', name: 'Nguyễn Thị Minh Anh' };
const LEADER = { username: 'cuong.lv', name: 'Lê Văn Cường' };

/** Assigned to me by the leader, due Monday 14 December 2026. */
function assigned(opts: { version?: number; urgency?: ApiDocument['urgency']; assignee?: string; state?: ApiDocument['state']; urges?: string[] } = {}): ApiDocument {
  const doc = incoming('d-125', { dueDate: '2026-12-14' });
  const done = opts.state === 'finished';
  return {
    ...doc,
    version: opts.version ?? 2,
    number: '125',
    notation: 'STTTT-CĐS',
    subject: 'Về việc triển khai nền tảng số',
    state: opts.state ?? 'assigned',
    urgency: opts.urgency ?? 'thuong',
    assignments: [
      { id: 'a-1', role: 'lead', assignee: { kind: 'person', id: opts.assignee ?? ME.username }, deadline: '2026-12-14', assignedBy: LEADER, assignedAt: '2026-12-01T02:00:00.000Z', parentId: null, state: done ? 'done' : 'open' },
    ],
    trace: [
      { seq: 1, at: '2026-12-01T02:00:00.000Z', actor: LEADER, action: 'assign', fromState: 'registered', toState: 'assigned', note: null },
      ...(opts.urges ?? []).map((at, i) => ({ seq: 2 + i, at, actor: LEADER, action: 'urge', fromState: 'assigned', toState: 'assigned', note: `Đôn đốc lần ${i + 1}` })),
    ],
    opinions: (opts.urges ?? []).map((at, i) => ({ id: `o-${i + 1}`, kind: 'urge' as const, author: LEADER, at, text: `Đôn đốc lần ${i + 1}` })),
  } as unknown as ApiDocument;
}


let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

function setup(start: number, doc: ApiDocument, language: Language = 'vi') {
  const time = fakeClock(start);
  const c = clerkCache(time.clock.now);
  db = c.db;
  c.cache.setMe({ username: ME.username, name: ME.name, role: 'specialist', unit: { id: 'cds', name: 'Phòng Chuyển đổi số' }, organization: { organId: '000.00.01.H01', name: 'Sở' } } as Parameters<typeof c.cache.setMe>[0]);
  c.cache.putServer(doc);
  const due = dueSource(c.cache, { leadDays: () => [2, 0], workDayStart: () => '07:30', zone: VN });
  const settings = { language };
  const { engine, notices } = testEngine({ db: c.db, clock: time.clock, sources: [documentsReminderSource(() => ({ due }))], language: () => settings.language, zone: VN });
  const today = remindersSource(() => ({ engine }) as unknown as RemindersFeature);
  return { c, engine, time, notices, settings, today };
}

// Thursday 10 December 2026, 12:00 in Vietnam.
const THURSDAY_NOON = Date.parse('2026-12-10T05:00:00Z');

describe('what a document deadline reminder says', () => {
  it('says how far off the deadline is, in Vietnamese and English, and names hỏa tốc', () => {
    const { engine, time, notices, settings } = setup(THURSDAY_NOON, assigned({ urgency: 'hoa_toc' }));
    engine.start();
    // Upcoming rows carry what the renderer words, counted on the engine's clock.
    expect(engine.list().upcoming.map((r) => [r.detail, r.daysLeft])).toEqual([
      [{ kind: 'deadline', day: '2026-12-14', code: '125/STTTT-CĐS', subject: 'Về việc triển khai nền tảng số', urgency: 'hoa_toc' }, 4],
      [{ kind: 'deadline', day: '2026-12-14', code: '125/STTTT-CĐS', subject: 'Về việc triển khai nền tảng số', urgency: 'hoa_toc' }, 4],
    ]);
    time.run(vn0730('2026-12-11') + 60_000);
    expect(notices.map((n) => [n.title, n.body])).toEqual([['Hỏa tốc · Còn 3 ngày đến hạn xử lý: 125/STTTT-CĐS — Về việc triển khai nền tảng số', 'Hạn xử lý: 14/12/2026']]);
    expect(engine.list().now.map((r) => r.daysLeft)).toEqual([3]);
    settings.language = 'en';
    time.run(vn0730('2026-12-14') + 60_000);
    expect(notices.slice(1).map((n) => [n.title, n.body])).toEqual([['Flash · Due today: 125/STTTT-CĐS — Về việc triển khai nền tảng số', 'Deadline: 14/12/2026']]);
    // The Friday reminder still listed on Monday reads from Monday: due today.
    expect(engine.list().now.map((r) => r.daysLeft)).toEqual([0, 0]);
    engine.stop();
  });

  it('words every lead and urgency, and an overdue one, in both languages', () => {
    const d = { kind: 'deadline' as const, day: '2026-12-14', code: '125/STTTT-CĐS', subject: 'Về việc…', urgency: 'thuong_khan' as const };
    expect(deadlineTitle('vi', d, '2026-12-12')).toBe('Thượng khẩn · Còn 2 ngày đến hạn xử lý: 125/STTTT-CĐS — Về việc…');
    expect(deadlineTitle('en', d, '2026-12-13')).toBe('Very urgent · Due in 1 day: 125/STTTT-CĐS — Về việc…');
    expect(deadlineTitle('vi', { ...d, urgency: 'khan' }, '2026-12-14')).toBe('Đến hạn xử lý hôm nay: 125/STTTT-CĐS — Về việc…');
    expect(deadlineTitle('vi', { ...d, urgency: 'thuong' }, '2026-12-16')).toBe('Quá hạn xử lý 2 ngày: 125/STTTT-CĐS — Về việc…');
    expect(deadlineTitle('en', { ...d, urgency: 'thuong', code: '' }, '2026-12-15')).toBe('Overdue by 1 day: Về việc…');
  });

  it('keeps the detail of a ringing reminder across a restart of the engine', () => {
    const { engine, time, c } = setup(THURSDAY_NOON, assigned({ urgency: 'thuong_khan' }));
    engine.start();
    time.run(vn0730('2026-12-11') + 60_000);
    engine.stop();
    const { engine: again } = testEngine({ db: c.db, clock: time.clock, zone: VN });
    expect(again.list().now.map((r) => [r.detail?.urgency, r.daysLeft])).toEqual([['thuong_khan', 3]]);
  });
});

describe('a document dealt with rings no more', () => {
  const cases: [string, (c: ReturnType<typeof setup>['c']) => void][] = [
    ['finished', (c) => c.cache.putServer(assigned({ version: 3, state: 'finished' }))],
    ['taken back (removed from my view)', (c) => void c.store.remove('d-125')],
    ['re-assigned to someone else', (c) => c.cache.putServer(assigned({ version: 3, assignee: 'binh.tv' }))],
  ];

  for (const [what, change] of cases) {
    it(`${what}: its next lead does not ring, asked at firing time from the cache`, () => {
      const { c, engine, time, notices } = setup(THURSDAY_NOON, assigned());
      engine.start();
      expect(engine.list().upcoming.map((r) => r.fireAt)).toEqual([vn0730('2026-12-11'), vn0730('2026-12-14')]);
      // No `changed` reaches the engine: the timer still fires, and the source answers from the cache then.
      change(c);
      time.run(vn0730('2026-12-15'));
      expect(notices).toEqual([]);
      expect(engine.list()).toMatchObject({ now: [], upcoming: [] });
      engine.stop();
    });

    it(`${what}: a reminder already ringing stops needing me`, () => {
      const { c, engine, time, notices, today } = setup(THURSDAY_NOON, assigned());
      engine.start();
      time.run(vn0730('2026-12-11') + 60_000);
      expect(notices).toHaveLength(1);
      expect(today.items({ date: '2026-12-11', fromMs: 0, toMs: 0, nowMs: 0, zone: 'Asia/Ho_Chi_Minh' })).toHaveLength(1);
      change(c);
      engine.changed();
      const list = engine.list();
      expect(list.now).toEqual([]);
      expect(list.dismissed.map((r) => r.state)).toEqual(['done_elsewhere']);
      expect(today.items({ date: '2026-12-11', fromMs: 0, toMs: 0, nowMs: 0, zone: 'Asia/Ho_Chi_Minh' })).toEqual([]);
      time.run(vn0730('2026-12-15'));
      expect(notices).toHaveLength(1);
      engine.stop();
    });
  }
});

describe('a document urged again', () => {
  const day = { date: '2026-12-10', fromMs: 0, toMs: 0, nowMs: 0, zone: 'Asia/Ho_Chi_Minh' };

  it('shows once, the latest urge with a count, in Reminders and in Today; an urge is not also a new document', () => {
    const { c, engine, time, notices, today } = setup(THURSDAY_NOON, assigned());
    engine.start();
    c.cache.putServer(assigned({ version: 3, urges: ['2026-12-10T05:30:00Z'] }));
    engine.changed();
    time.run(Date.parse('2026-12-10T05:31:00Z'));
    expect(notices.map((n) => n.title)).toEqual(['125/STTTT-CĐS: Đôn đốc lần 1']);
    c.cache.putServer(assigned({ version: 4, urges: ['2026-12-10T05:30:00Z', '2026-12-10T06:00:00Z'] }));
    time.run(Date.parse('2026-12-10T06:01:00Z'));
    engine.changed();
    expect(notices.map((n) => n.title)).toEqual(['125/STTTT-CĐS: Đôn đốc lần 1', '125/STTTT-CĐS: Đôn đốc lần 2 (×2)']);
    const list = engine.list();
    expect(list.now.map((r) => r.title)).toEqual(['125/STTTT-CĐS: Đôn đốc lần 2 (×2)']);
    // The first urge is not listed again as dealt with elsewhere: the second stands for it.
    expect(list.dismissed).toEqual([]);
    expect(today.items(day).map((i) => i.title)).toEqual(['125/STTTT-CĐS: Đôn đốc lần 2 (×2)']);
    engine.stop();
  });

  it('also when the earlier urge was dismissed or snoozed: the snooze does not ring it again', () => {
    const { c, engine, time, notices } = setup(THURSDAY_NOON, assigned({ urges: ['2026-12-10T04:59:00Z'] }));
    engine.start();
    const [first] = engine.list().now;
    expect(first?.title).toBe('125/STTTT-CĐS: Đôn đốc lần 1');
    engine.snooze(first!.id, '10m');
    c.cache.putServer(assigned({ version: 3, urges: ['2026-12-10T04:59:00Z', '2026-12-10T05:05:00Z'] }));
    time.run(Date.parse('2026-12-10T05:06:00Z'));
    engine.changed();
    time.run(Date.parse('2026-12-10T05:30:00Z'));
    const list = engine.list();
    expect([...list.now, ...list.snoozed, ...list.dismissed].map((r) => r.title)).toEqual(['125/STTTT-CĐS: Đôn đốc lần 2 (×2)']);
    // The first rang when it came, the second replaced it; the first's snooze ended with it.
    expect(notices.map((n) => n.title)).toEqual(['125/STTTT-CĐS: Đôn đốc lần 1', '125/STTTT-CĐS: Đôn đốc lần 2 (×2)']);
    engine.dismiss([list.now[0]!.id]);
    c.cache.putServer(assigned({ version: 4, urges: ['2026-12-10T04:59:00Z', '2026-12-10T05:05:00Z', '2026-12-10T05:40:00Z'] }));
    time.run(Date.parse('2026-12-10T05:41:00Z'));
    engine.changed();
    const after = engine.list();
    expect([...after.now, ...after.snoozed, ...after.dismissed].map((r) => r.title)).toEqual(['125/STTTT-CĐS: Đôn đốc lần 3 (×3)']);
    engine.stop();
  });
});
