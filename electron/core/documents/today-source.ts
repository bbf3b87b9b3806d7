// Documents to process that are due today or overdue, for Today (issue 17,
// item 4). Read from the cache's to-process rows (the deadline index): the deadline there is the
// user's own (their assignment's, else the document's), a day in the
// organization's zone (Today's day.date is that zone's today),
// placed in time where its reminders place it (due.ts deadlineAt: the start
// of work that day), so Today and Reminders show the same moment.
import type { TodayItem } from '../../../shared/today';
import type { TodaySource } from '../today/source';
import { BOX_BITS, dueMark, URGENCY_RANK } from './boxes';
import type { DocumentStore } from './store';
import type { DocumentDueSource } from './due';

export function documentsTodaySource(feature: () => { cache: { store: Pick<DocumentStore, 'deadlinesBetween'> }; due: Pick<DocumentDueSource, 'deadlineAt'> } | null): TodaySource {
  return {
    id: 'documents',
    items(day) {
      const f = feature();
      if (!f) return [];
      const out: (TodayItem & { rank: number; deadline: string })[] = [];
      // Deadlines up to today, the organization's day (the deadline index; no document's JSON is read).
      for (const r of f.cache.store.deadlinesBetween('0000-01-01', day.date, BOX_BITS.to_process)) {
        const mark = dueMark(r.deadline, r.state, day.date);
        if (!mark || !r.deadline) continue;
        out.push({
          id: r.id,
          title: r.code ? `${r.code}: ${r.subject}` : r.subject,
          // The renderer names the urgency in the user's language.
          detail: r.urgency,
          at: f.due.deadlineAt(r.deadline),
          end: null,
          allDay: false,
          meetingUrl: null,
          urgency: mark === 'overdue' ? 'overdue' : 'due',
          open: { section: 'documents', id: r.id },
          rank: URGENCY_RANK[r.urgency],
          deadline: r.deadline,
        });
      }
      // Late first, then the most urgent (hỏa tốc before khẩn), then the oldest deadline.
      out.sort((a, b) => (a.urgency === b.urgency ? 0 : a.urgency === 'overdue' ? -1 : 1) || b.rank - a.rank || a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
      return out.map(({ rank: _r, deadline: _d, ...item }) => item);
    },
    // Overdue, or a reminder of it waits for an answer on its row (today/fold.ts): once either way.
    attention: (items) => items.filter((i) => i.urgency === 'overdue' || (i.reminders?.length ?? 0) > 0).length,
  };
}
