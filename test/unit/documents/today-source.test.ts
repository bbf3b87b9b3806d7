// Documents in Today: what is due or late to process, most pressing first, each opening its document.
import { describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { BOX_BITS } from '../../../electron/core/documents/boxes';
import { documentsTodaySource } from '../../../electron/core/documents/today-source';
import type { TodayDay } from '../../../electron/core/today/source';

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

function source(rows: Row[], asked: number[] = []) {
  return documentsTodaySource(() => ({ cache: { store: { boxRows: (bit: number) => (asked.push(bit), rows) } } }));
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

  it("counts the deadline as Vietnam's day, whatever the hour in UTC", () => {
    // 2026-12-07 23:30 UTC is already 2026-12-08 in Vietnam: yesterday's deadline is now late.
    const late = source([row('a', '2026-12-07', 'thuong')]).items({ ...day, nowMs: Date.UTC(2026, 11, 7, 23, 30) });
    expect(late.map((i) => i.urgency)).toEqual(['overdue']);
  });

  it('is empty when the documents feature is not signed in', () => {
    expect(documentsTodaySource(() => null).items(day)).toEqual([]);
  });
});
