// A document due today whose deadline reminder rings is one row in Today (under
// Documents, the reminder on it) and one in the badge's count, not two.
import { describe, expect, it } from 'vitest';
import type { DeadlineRow } from '../../../electron/core/documents/store';
import { documentsTodaySource } from '../../../electron/core/documents/today-source';
import { ianaZone } from '../../../electron/core/calendar/zones';
import type { RemindersFeature } from '../../../electron/core/reminders/service';
import { attentionNow, todayDay } from '../../../electron/core/today/attention';
import { todayView } from '../../../electron/core/today/service';
import { remindersSource } from '../../../electron/core/today/sources';
import type { ReminderView } from '../../../shared/reminders';

const zone = ianaZone('Asia/Ho_Chi_Minh')!;
// 2026-12-07 09:00 in Hà Nội.
const NOW = Date.parse('2026-12-07T02:00:00Z');

function doc(id: string, deadline: string): DeadlineRow {
  return { id, code: `${id}/STTTT`, subject: `Về việc ${id}`, deadline, state: 'in_progress', urgency: 'khan' };
}

function reminder(id: string, documentId: string | null, state: ReminderView['state'], day: string | null): ReminderView {
  return {
    id,
    source: documentId ? 'documents' : 'calendar',
    title: documentId ? `${documentId}/STTTT: Về việc ${documentId}` : 'Họp giao ban',
    fireAt: NOW - 3_600_000,
    aboutMs: null,
    state,
    snoozedUntil: null,
    open: documentId ? { section: 'documents', id: documentId } : { section: 'schedule', id: 'ev-1:' },
    detail: documentId && day ? { kind: 'deadline', day, code: `${documentId}/STTTT`, subject: `Về việc ${documentId}`, urgency: 'khan' } : null,
    daysLeft: day ? Math.round((Date.parse(day) - Date.parse('2026-12-07')) / 86_400_000) : null,
  };
}

function sources(now: ReminderView[]) {
  const docs = [doc('due-today', '2026-12-07'), doc('late', '2026-12-05'), doc('later', '2026-12-09')];
  const documents = documentsTodaySource(() => ({ cache: { store: { deadlinesBetween: (from: string, to: string) => docs.filter((d) => d.deadline >= from && d.deadline <= to) } }, due: { deadlineAt: (d: string) => Date.parse(`${d}T01:00:00Z`) } }));
  const engine = { list: () => ({ now, upcoming: [], snoozed: [], dismissed: [] }) } as unknown as RemindersFeature['engine'];
  const reminders = remindersSource(() => ({ engine, start() {}, stop() {} }));
  return [documents, reminders];
}

describe('a document listed under Documents and its ringing reminder', () => {
  const ringing = [
    reminder('r-due', 'due-today', 'ringing', '2026-12-07'),
    reminder('r-late', 'late', 'missed', '2026-12-05'),
    reminder('r-late-urge', 'late', 'ringing', null),
    reminder('r-later', 'later', 'ringing', '2026-12-09'),
    reminder('r-meeting', null, 'ringing', null),
  ];

  it('shows the reminders on the document’s row, worded with their deadline, not as second rows under Reminders', () => {
    const view = todayView(sources(ringing), zone, NOW);
    const documents = view.sections.find((s) => s.id === 'documents')!.items;
    const reminders = view.sections.find((s) => s.id === 'reminders')!.items;
    expect(documents.map((i) => i.id)).toEqual(['late', 'due-today']);
    expect(documents.find((i) => i.id === 'due-today')!.reminders?.map((r) => [r.id, r.daysLeft])).toEqual([['r-due', 0]]);
    expect(documents.find((i) => i.id === 'late')!.reminders?.map((r) => r.id)).toEqual(['r-late', 'r-late-urge']);
    // Not listed under Documents (due in two days) or not a document: they stay under Reminders, with what words them.
    expect(reminders.map((i) => i.id)).toEqual(['r-later', 'r-meeting']);
    expect(reminders[0]!.reminder).toMatchObject({ daysLeft: 2, detail: { code: 'later/STTTT' } });
  });

  it('counts each thing once, in Today and in the badge alike', () => {
    const view = todayView(sources(ringing), zone, NOW);
    // due-today (its reminder rings) + late (overdue, two reminders on it) + r-later + r-meeting.
    expect(view.attention).toBe(4);
    expect(attentionNow(sources(ringing), todayDay(zone, NOW))).toBe(4);
    // Without reminders: only the overdue document needs the user.
    expect(todayView(sources([]), zone, NOW).attention).toBe(1);
    expect(attentionNow(sources([]), todayDay(zone, NOW))).toBe(1);
  });
});
