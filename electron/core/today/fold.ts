// One thing, one row: a document Today lists under Documents (due today or
// overdue) whose reminder rings or was missed (its deadline, an urge) would
// otherwise show twice, once in each section, and count twice in the badge.
// The user expects the document once, with its reminder on the row (the lead
// "Đến hạn xử lý hôm nay", Snooze, Dismiss), so the reminder leaves the
// Reminders section for that row. A reminder of a document not listed under
// Documents (due in 2 days, an urge on one not due) stays under Reminders.
import type { TodayItem } from '../../../shared/today';

export interface Listed<S> {
  source: S & { readonly id: string };
  items: TodayItem[];
}

export function foldReminders<S>(listed: readonly Listed<S>[]): Listed<S>[] {
  const docs = listed.find((s) => s.source.id === 'documents');
  const rems = listed.find((s) => s.source.id === 'reminders');
  if (!docs || !rems) return [...listed];
  const rows = new Map(docs.items.map((i) => [i.id, i] as const));
  const onRow = new Map<string, TodayItem[]>();
  const kept: TodayItem[] = [];
  for (const r of rems.items) {
    const open = r.reminder?.open;
    if (open?.section === 'documents' && rows.has(open.id)) onRow.set(open.id, [...(onRow.get(open.id) ?? []), r]);
    else kept.push(r);
  }
  if (onRow.size === 0) return [...listed];
  const docItems = docs.items.map((i) => {
    const mine = onRow.get(i.id);
    return mine ? { ...i, reminders: [...(i.reminders ?? []), ...mine.flatMap((r) => (r.reminder ? [r.reminder] : []))] } : i;
  });
  return listed.map((s) => (s === docs ? { ...s, items: docItems } : s === rems ? { ...s, items: kept } : s));
}
