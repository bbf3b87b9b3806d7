// What needs the user now: the one count behind the icon's badge (and the
// tray's, the dock's) and Today's, so the two never disagree (issue 17,
// item 4: "the window's badge ... counts what needs attention").
//
// Needs attention: what waits for the user to act on, each counted by the
// Today section that lists it (its `attention`):
// - reminders ringing, missed or held by quiet hours (not yet answered);
// - unread mail in the Inbox;
// - open tasks and documents to process past their due time;
// - the user's own changes a server refused, and calendar conflicts.
// Not counted: what is only due later today (the agenda, tasks and
// documents due today: their reminders ring when it is time) and what waits
// to be sent (it goes by itself).
//
// A document listed under Documents carries its ringing or missed reminders
// on its row (fold.ts), so it counts once, as a document that needs the user.
// Still counted twice: a missed reminder of a task that is now overdue is
// both a reminder and a task in Today.
import type { TodayItem } from '../../../shared/today';
import { addDays, dateKeyIn, startOfDate, type Zone } from '../calendar/zones';
import type { Logger } from '../log';
import { foldReminders } from './fold';
import type { TodayDay, TodaySource } from './source';

/** The day Today shows at `nowMs`, in the organization's zone. */
export function todayDay(zone: Zone, nowMs: number): TodayDay {
  const date = dateKeyIn(zone, nowMs);
  return { date, fromMs: startOfDate(date, zone), toMs: startOfDate(addDays(date, 1), zone), nowMs, zone: zone.id };
}

/** The count of sections already listed (Today's view). */
export function needsAttention(sections: readonly { source: TodaySource; items: TodayItem[] }[]): number {
  return sections.reduce((n, s) => n + (s.source.attention?.(s.items) ?? 0), 0);
}

/** The same count without a view of Today (the badge): lists only the sections that count. */
export function attentionNow(sources: readonly TodaySource[], day: TodayDay, log?: Logger): number {
  const sections = sources.flatMap((source) => {
    if (!source.attention) return [];
    try {
      return [{ source, items: source.items(day) }];
    } catch (err) {
      log?.log('error', 'today source failed', { source: source.id, err: err instanceof Error ? err.message : String(err) });
      return [];
    }
  });
  return needsAttention(foldReminders(sections));
}
