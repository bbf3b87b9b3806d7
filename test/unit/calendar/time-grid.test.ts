// The day view's time grid: where an entry sits, and how overlapping entries share the width.
import { describe, expect, it } from 'vitest';
import { dayColumns, minuteOfDay } from '../../../renderer/src/features/schedule/timeGrid';

describe('day view time grid', () => {
  it('places an instant at its minute of the day in Viet Nam, and off the grid on another day', () => {
    // 07:30 in Ha Noi is 00:30 UTC.
    expect(minuteOfDay(Date.UTC(2026, 11, 7, 0, 30), '2026-12-07')).toBe(450);
    expect(minuteOfDay(Date.UTC(2026, 11, 6, 16, 0), '2026-12-07')).toBe(-1);
    expect(minuteOfDay(Date.UTC(2026, 11, 7, 17, 0), '2026-12-07')).toBe(1441);
  });

  it('puts overlapping entries side by side and a later free entry back at full width', () => {
    const placed = dayColumns([
      { item: 'a', span: [480, 600] },
      { item: 'b', span: [540, 570] },
      { item: 'c', span: [570, 630] },
      { item: 'd', span: [700, 760] },
    ]);
    const at = (x: string) => placed.find((p) => p.item === x)!;
    expect([at('a').column, at('b').column, at('c').column]).toEqual([0, 1, 1]);
    expect([at('a').columns, at('b').columns, at('c').columns]).toEqual([2, 2, 2]);
    expect([at('d').column, at('d').columns]).toEqual([0, 1]);
  });
});
