// Documents in Today: what is due or late to process, most pressing first, each opening its document.
import { describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { BOX_BITS } from '../../../electron/core/documents/boxes';
import { documentsTodaySource } from '../../../electron/core/documents/today-source';
import type { TodayDay } from '../../../electron/core/today/source';
import type { DocumentCache } from '../../../electron/core/documents/cache';
import { deadlineMoment, dueSource } from '../../../electron/core/documents/due';
import { documentsReminderSource } from '../../../electron/core/documents/reminder-source';
import { ianaZone, utcZone } from '../../../electron/core/calendar/zones';
import { todayDay } from '../../../electron/core/today/attention';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;

type Row = { id: string; code: string; subject: string; deadline: string | null; doc: ApiDocument };
const row = (id: string, deadline: string | null, urgency: ApiDocument['urgency'], state: ApiDocument['state'] = 'assigned'): Row => ({
  id,
  code: `${id}/UBND-VP`,
  subject: `Văn bản ${id}`,
  deadline,
  doc: { state, urgency } as unknown as ApiDocument,
});

// 2026-12-07 10:00 in Vietnam.
const nowMs = Date.UTC(2026, 11, 7, 3);
const day: TodayDay = { date: '2026-12-07', fromMs: Date.UTC(2026, 11, 6, 17), toMs: Date.UTC(2026, 11, 7, 17), nowMs, zone: 'Asia/Ho_Chi_Minh' };

function source(rows: Row[], asked: number[] = [], workDayStart = '08:00') {
  const due = { deadlineAt: (d: string) => deadlineMoment(d, { workDayStart: () => workDayStart, zone: HANOI }) };
  // The store's deadline range over these rows, as the index answers it.
  const deadlinesBetween = (from: string, to: string, bit: number) => (asked.push(bit), rows.filter((r) => r.deadline !== null && r.deadline >= from && r.deadline <= to).map((r) => ({ id: r.id, code: r.code, subject: r.subject, urgency: r.doc.urgency, state: r.doc.state, deadline: r.deadline! })));
  return documentsTodaySource(() => ({ cache: { store: { deadlinesBetween } }, due }));
}

describe('documents in Today', () => {
  it('lists to-process documents due today or overdue, late first, then by urgency, then by deadline; later and closed ones stay out', () => {
    const asked: number[] = [];
    const s = source(
      [
        row('later', '2026-12-08', 'hoa_toc'),
        row('today-normal', '2026-12-07', 'thuong'),
        row('late-normal-old', '2026-12-01', 'thuong'),
        row('today-fire', '2026-12-07', 'hoa_toc'),
        row('late-urgent', '2026-12-05', 'khan'),
        row('late-normal', '2026-12-04', 'thuong'),
        row('none', null, 'hoa_toc'),
        row('done', '2026-12-01', 'khan', 'finished'),
      ],
      asked,
    );
    const items = s.items(day);
    expect(asked).toEqual([BOX_BITS.to_process]);
    expect(items.map((i) => i.id)).toEqual(['late-urgent', 'late-normal-old', 'late-normal', 'today-fire', 'today-normal']);
    expect(items.map((i) => i.urgency)).toEqual(['overdue', 'overdue', 'overdue', 'due', 'due']);
    expect(items[0]).toMatchObject({ title: 'late-urgent/UBND-VP: Văn bản late-urgent', detail: 'khan', at: Date.UTC(2026, 11, 5, 1), open: { section: 'documents', id: 'late-urgent' } });
    expect(s.attention?.(items)).toBe(3);
  });

  it("counts the deadline by the organization's day (Today's), whatever the hour in UTC", () => {
    // 2026-12-07 23:30 UTC is already 2026-12-08 in Vietnam: yesterday's deadline is now late.
    const late = source([row('a', '2026-12-07', 'thuong')]).items(todayDay(HANOI, Date.UTC(2026, 11, 7, 23, 30)));
    expect(late.map((i) => i.urgency)).toEqual(['overdue']);
    // For an organization in UTC it is still the 7th: due today, not late.
    expect(source([row('a', '2026-12-07', 'thuong')]).items(todayDay(utcZone, Date.UTC(2026, 11, 7, 23, 30))).map((i) => i.urgency)).toEqual(['due']);
  });

  it('places a deadline at the start of work from Settings, the very moment its reminders give it', () => {
    let start = '07:30';
    const rows = [row('a', '2026-12-07', 'hoa_toc'), row('b', '2026-12-03', 'thuong')].map((r) => ({ ...r, doc: { ...r.doc, trace: [], opinions: [] } as unknown as ApiDocument }));
    const cache = { me: () => ({ username: 'anh.ntm', role: 'specialist', unitId: 'cntt' }), store: {
        // No trace nor opinions: only the deadlines, by the day range the source asks.
        dueBetween: () => [],
        deadlinesBetween: (from: string, to: string) => rows.filter((r) => r.deadline !== null && r.deadline >= from && r.deadline <= to).map((r) => ({ id: r.id, code: r.code, subject: r.subject, urgency: r.doc.urgency, state: r.doc.state, deadline: r.deadline })),
      },
    } as unknown as DocumentCache;
    const due = dueSource(cache, { leadDays: () => [0], workDayStart: () => start, zone: HANOI });
    const today = documentsTodaySource(() => ({ cache, due }));
    const reminders = documentsReminderSource(() => ({ due }));
    const aboutOf = (id: string) => reminders.due(0, Date.UTC(2027, 0, 1)).find((r) => r.open?.id === id)?.aboutMs;
    // 07:30 in Vietnam is 00:30 UTC.
    expect(today.items(day).map((i) => [i.id, i.at])).toEqual([
      ['b', Date.UTC(2026, 11, 3, 0, 30)],
      ['a', Date.UTC(2026, 11, 7, 0, 30)],
    ]);
    expect(today.items(day).map((i) => i.at)).toEqual([aboutOf('b'), aboutOf('a')]);
    // Work starting later moves both, at once.
    start = '08:15';
    expect(today.items(day).find((i) => i.id === 'a')?.at).toBe(Date.UTC(2026, 11, 7, 1, 15));
    expect(aboutOf('a')).toBe(Date.UTC(2026, 11, 7, 1, 15));
  });

  it('is empty when the documents feature is not signed in', () => {
    expect(documentsTodaySource(() => null).items(day)).toEqual([]);
  });
});
