// Documents' due items as reminders: what rings, for which document, and when.
import { describe, expect, it } from 'vitest';
import type { DocumentDueItem } from '../../../electron/core/documents/due';
import { deadlineAt } from '../../../electron/core/documents/due';
import { documentsReminderSource } from '../../../electron/core/documents/reminder-source';

const base = { documentId: 'd-125', code: '125/STTTT-CĐS', subject: 'Về việc triển khai nền tảng số' };
const items: DocumentDueItem[] = [
  { ...base, key: 'new:d-125:3', kind: 'new', at: Date.UTC(2026, 11, 1, 2), detail: null },
  { ...base, key: 'urge:o-9', kind: 'urge', at: Date.UTC(2026, 11, 3, 4), detail: 'Đề nghị báo cáo trước 16 giờ' },
  { ...base, key: 'deadline:d-125:2026-12-07', kind: 'deadline', at: deadlineAt('2026-12-07'), detail: '2026-12-07' },
];
const feature = { due: { due: (from: number, to: number) => items.filter((i) => i.at >= from && i.at < to) } };

describe('documents as a reminder source', () => {
  it('rings each due item once per key, opening its document; a deadline is about 08:00 of its day in Vietnam', () => {
    const due = documentsReminderSource(() => feature).due(0, Date.UTC(2027, 0, 1));
    expect(due.map((d) => d.key)).toEqual(['new:d-125:3', 'urge:o-9', 'deadline:d-125:2026-12-07']);
    expect(due.every((d) => d.open?.section === 'documents' && d.open.id === 'd-125')).toBe(true);
    expect(due[2]).toMatchObject({ fireAt: Date.UTC(2026, 11, 7, 1), aboutMs: Date.UTC(2026, 11, 7, 1) });
    expect(due[0]!.aboutMs).toBeNull();
  });

  it("says what the urging person wrote, and names the document otherwise", () => {
    const [fresh, urge] = documentsReminderSource(() => feature).due(0, Date.UTC(2026, 11, 4));
    expect(fresh!.title).toBe('125/STTTT-CĐS: Về việc triển khai nền tảng số');
    expect(urge!.title).toBe('125/STTTT-CĐS: Đề nghị báo cáo trước 16 giờ');
  });

  it('has nothing due when nobody is signed in', () => {
    expect(documentsReminderSource(() => null).due(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});
