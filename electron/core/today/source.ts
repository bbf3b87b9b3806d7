// A section of Today, provided by the feature that owns its data, the same
// way reminder sources are: the composition root hands the list to the
// service, so documents (due and overdue, with their urgency) plug in
// without a change here.
import type { TodayItem } from '../../../shared/today';

export interface TodayDay {
  /** YYYY-MM-DD in the organization's zone. */
  date: string;
  /** Start of that day and of the next, epoch ms. */
  fromMs: number;
  toMs: number;
  nowMs: number;
  zone: string;
}

export interface TodaySource {
  /** The section's id: 'agenda', 'tasks', 'reminders', 'mail', 'outbox', 'documents'… */
  readonly id: string;
  /** What the section lists today, from the cache only. Empty when the feature is not signed in or configured. */
  items(day: TodayDay): TodayItem[];
  /** Of those, how many need the user (the badge and Today's count, attention.ts); default none. */
  attention?(items: TodayItem[]): number;
}
