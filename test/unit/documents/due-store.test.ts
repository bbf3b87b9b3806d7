// The documents' due items read from what the cache stored when each document
// was written (doc_due, the deadline index), not from every document's JSON.
import { describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { dueSource, type DeadlineReminderSettings } from '../../../electron/core/documents/due';
import { leadFirings } from '../../../electron/core/documents/deadline-leads';
import type { DeadlineLeadDays } from '../../../shared/settings';
import { ianaZone } from '../../../electron/core/calendar/zones';
import { clerkCache, incoming } from './cache-fixture';
import { documentsTodaySource } from '../../../electron/core/documents/today-source';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
const ALL = [0, Date.UTC(2100, 0, 1)] as const;

function withDoc(doc: ApiDocument, leads: DeadlineLeadDays[] = [7, 2, 1, 0]) {
  const fx = clerkCache(() => 0);
  fx.store.put(doc, doc, fx.cache.me(), true);
  const settings: DeadlineReminderSettings = { leadDays: () => leads, workDayStart: () => '07:30', zone: HANOI };
  return { ...fx, settings, due: dueSource(fx.cache, settings) };
}

const handedOver = (doc: ApiDocument): ApiDocument => ({
  ...doc,
  trace: [{ seq: 4, action: 'forward', at: '2026-12-02T01:00:00Z', actor: { username: 'cuong.lv', name: 'Cường' } }],
  opinions: [{ id: 'o-1', kind: 'urge', author: { username: 'cuong.lv', name: 'Cường' }, at: '2026-12-03T02:00:00Z', text: 'Khẩn trương' }],
} as unknown as ApiDocument);

describe('documents due from the cache', () => {
  it('gives the new document, the urge and every lead of the deadline, each in exactly the narrow window around its moment', () => {
    // A Monday deadline: 1 and 2 days before both land on Friday 2026-12-11 (rings once, as 2 days).
    const { due, settings } = withDoc(handedOver(incoming('d-7', { dueDate: '2026-12-14' })));
    const all = due.due(...ALL);
    const firings = leadFirings('2026-12-14', settings.leadDays(), '07:30', HANOI);
    expect(all.map((i) => i.key)).toEqual(['new:d-7:4', 'urge:o-1', ...firings.map((f) => (f.lead === 0 ? 'deadline:d-7:2026-12-14' : `deadline:d-7:2026-12-14:${f.lead}d`))]);
    expect(firings.map((f) => f.lead)).toEqual([7, 2, 0]);
    for (const i of all) {
      expect(due.due(i.at, i.at + 1).map((x) => x.key)).toEqual([i.key]);
      expect(due.due(i.at - 60_000, i.at)).toEqual([]);
    }
  });

  it('reads the lead times and the start of work at every ask', () => {
    let leads: DeadlineLeadDays[] = [0];
    const fx = clerkCache(() => 0);
    const doc = incoming('d-8', { dueDate: '2026-12-10' });
    fx.store.put(doc, doc, fx.cache.me(), true);
    let start = '07:30';
    const due = dueSource(fx.cache, { leadDays: () => leads, workDayStart: () => start, zone: HANOI });
    expect(due.due(...ALL).map((i) => i.at)).toEqual([Date.UTC(2026, 11, 10, 0, 30)]);
    leads = [7, 0];
    start = '08:00';
    expect(due.due(...ALL).map((i) => i.at)).toEqual([Date.UTC(2026, 11, 3, 1), Date.UTC(2026, 11, 10, 1)]);
  });

  it('forgets what was due once the document leaves To process, and when it is removed', () => {
    const { due, store, cache } = withDoc(handedOver(incoming('d-9', { dueDate: '2026-12-14' })));
    expect(due.due(...ALL)).not.toEqual([]);
    const done = handedOver(incoming('d-9', { dueDate: '2026-12-14', state: 'finished' }));
    store.put(done, done, cache.me(), false);
    expect(due.due(...ALL)).toEqual([]);
    const again = handedOver(incoming('d-9', { dueDate: '2026-12-14' }));
    store.put(again, again, cache.me(), false);
    expect(due.due(...ALL).length).toBeGreaterThan(0);
    store.remove('d-9');
    expect(due.due(...ALL)).toEqual([]);
  });

  it('fills what a cache from before the due table lacks, once', () => {
    const { due, store, db, cache } = withDoc(handedOver(incoming('d-10')));
    const before = due.due(...ALL);
    db.prepare(`DELETE FROM doc_due`).run();
    store.setMeta('due_fill', '1');
    expect(due.due(...ALL)).toEqual([]);
    expect(store.fillDue(cache.me())).toBe(1);
    expect(due.due(...ALL)).toEqual(before);
    expect(store.fillDue(cache.me())).toBe(0);
  });

  it("lists in Today the to-process documents due today or late, from the deadline index, and not a closed or later one", () => {
    const fx = clerkCache(() => 0);
    for (const [id, dueDate, state] of [['late', '2026-12-04', 'arrived'], ['today', '2026-12-07', 'arrived'], ['later', '2026-12-08', 'arrived'], ['closed', '2026-12-01', 'finished']] as const) {
      const d = incoming(id, { dueDate, state });
      fx.store.put(d, d, fx.cache.me(), true);
    }
    const due = dueSource(fx.cache, { leadDays: () => [0], workDayStart: () => '07:30', zone: HANOI });
    const today = documentsTodaySource(() => ({ cache: fx.cache, due }));
    const items = today.items({ date: '2026-12-07', fromMs: Date.UTC(2026, 11, 6, 17), toMs: Date.UTC(2026, 11, 7, 17), nowMs: Date.UTC(2026, 11, 7, 3), zone: 'Asia/Ho_Chi_Minh' });
    expect(items.map((i) => [i.id, i.urgency, i.at])).toEqual([
      ['late', 'overdue', Date.UTC(2026, 11, 4, 0, 30)],
      ['today', 'due', Date.UTC(2026, 11, 7, 0, 30)],
    ]);
  });
});
