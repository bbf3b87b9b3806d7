// Today is a glance: each section shows its first lines and says how many more
// it has; the count of what needs the user still counts every one.
import { describe, expect, it } from 'vitest';
import { TODAY_SECTION_CAP, type TodayItem } from '../../../shared/today';
import { todayView } from '../../../electron/core/today/service';
import type { TodaySource } from '../../../electron/core/today/source';
import { ianaZone } from '../../../electron/core/calendar/zones';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
const item = (n: number): TodayItem => ({ id: `d${n}`, title: `Văn bản ${n}`, detail: '', at: n, end: null, allDay: false, meetingUrl: null, urgency: 'overdue', open: { section: 'documents', id: `d${n}` } });
const source = (id: string, n: number): TodaySource => ({ id, items: () => Array.from({ length: n }, (_, i) => item(i)), attention: (items) => items.length });

describe('Today sections', () => {
  it('lists the first lines of a long section, most pressing first, and how many more; a short one whole', () => {
    const view = todayView([source('documents', TODAY_SECTION_CAP + 13), source('tasks', 3)], HANOI, Date.UTC(2026, 11, 7, 3));
    const [docs, tasks] = view.sections;
    expect(docs!.items.map((i) => i.id)).toEqual(Array.from({ length: TODAY_SECTION_CAP }, (_, i) => `d${i}`));
    expect(docs!.more).toBe(13);
    expect(tasks!.items).toHaveLength(3);
    expect(tasks!.more).toBe(0);
    // Every overdue line needs the user, listed or not.
    expect(view.attention).toBe(TODAY_SECTION_CAP + 13 + 3);
  });
});
