// Today, the home screen: every section from its source, in one call.
import { TODAY_SECTION_CAP, type TodayItem, type TodayView } from '../../../shared/today';
import type { Zone } from '../calendar/zones';
import type { Logger } from '../log';
import { needsAttention, todayDay } from './attention';
import { foldReminders } from './fold';
import type { TodaySource } from './source';

export function todayView(sources: readonly TodaySource[], zone: Zone, nowMs: number, log?: Logger): TodayView {
  const day = todayDay(zone, nowMs);
  const listed = sources.map((source) => {
    try {
      return { source, items: source.items(day) };
    } catch (err) {
      // One section that fails must not blank the home screen.
      log?.log('error', 'today source failed', { source: source.id, err: err instanceof Error ? err.message : String(err) });
      return { source, items: [] as TodayItem[] };
    }
  });
  // A document's reminders go on its row: one thing, one row, one count (fold.ts).
  const shown = foldReminders(listed);
  // The count needs every line (the badge says the same); the screen gets the first few of each.
  return {
    date: day.date,
    sections: shown.map((s) => ({ id: s.source.id, items: s.items.slice(0, TODAY_SECTION_CAP), more: Math.max(0, s.items.length - TODAY_SECTION_CAP) })),
    attention: needsAttention(shown),
  };
}
