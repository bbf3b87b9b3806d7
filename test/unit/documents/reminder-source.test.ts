// Documents' due items as reminders: what rings, for which document, and when.
import { describe, expect, it } from 'vitest';
import type { DocumentDueItem } from '../../../electron/core/documents/due';
import { deadlineMoment, dueSource } from '../../../electron/core/documents/due';
import { clerkCache, incoming } from './cache-fixture';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { documentsReminderSource } from '../../../electron/core/documents/reminder-source';
import { ianaZone, utcZone } from '../../../electron/core/calendar/zones';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
const deadlineAt = (day: string) => deadlineMoment(day, { workDayStart: () => '08:00', zone: HANOI });

const base = { documentId: 'd-125', code: '125/STTTT-CĐS', subject: 'Về việc triển khai nền tảng số', urgency: 'thuong' as const };
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

  it('names how many times a document was urged when it was urged again', () => {
    const again = { due: { due: (): DocumentDueItem[] => [{ ...base, key: 'urge:o-12', kind: 'urge', at: Date.UTC(2026, 11, 4, 2), detail: 'Báo cáo ngay trong sáng nay', count: 3 }] } };
    expect(documentsReminderSource(() => again).due(0, Date.UTC(2027, 0, 1))[0]!.title).toBe('125/STTTT-CĐS: Báo cáo ngay trong sáng nay (×3)');
  });

  it('has nothing due when nobody is signed in', () => {
    expect(documentsReminderSource(() => null).due(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('folds repeated urges of one document into one due item, the latest, with how many there were; the user’s own urges do not count', () => {
    const leader = { username: 'cuong.lv', name: 'Lê Văn Cường' };
    const urge = (id: string, at: string, author = leader) => ({ id, kind: 'urge' as const, author, at, text: `Đôn đốc ${id}` });
    // In the clerk's To process, through the real cache: what is stored when it is written is what rings.
    const { cache, store } = clerkCache(() => 0);
    const doc = { ...incoming('d-125'), number: '125', notation: 'STTTT-CĐS', subject: base.subject, opinions: [urge('o-2', '2026-12-03T02:00:00Z'), { ...urge('o-1', '2026-12-02T02:00:00Z'), kind: 'comment' as const }, urge('o-3', '2026-12-01T02:00:00Z'), urge('o-4', '2026-12-04T02:00:00Z'), urge('o-5', '2026-12-05T02:00:00Z', { username: 'van.thu', name: 'Văn thư' })] } as ApiDocument;
    store.put(doc, doc, cache.me(), true);
    const due = dueSource(cache, { leadDays: () => [2, 0], workDayStart: () => '07:30', zone: utcZone }).due(0, Date.UTC(2027, 0, 1));
    expect(due).toEqual([{ ...base, key: 'urge:o-4', kind: 'urge', at: Date.parse('2026-12-04T02:00:00Z'), detail: 'Đôn đốc o-4', count: 3, earlier: ['urge:o-3', 'urge:o-2'] }]);
  });
});
