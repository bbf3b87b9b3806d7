import { z } from 'zod';
import type { CallSpec } from './api';
import type { ReminderOpen, ReminderView } from './reminders';

/** A reminder as Today shows it: worded like the Reminders page (its detail and days left), answered by its id. */
export type TodayReminder = Pick<ReminderView, 'id' | 'source' | 'title' | 'state' | 'detail' | 'daysLeft' | 'open'>;

/** One line of Today: what it is, when, and where one click or key opens it. */
export interface TodayItem {
  id: string;
  title: string;
  /** A second line: place, sender, list name… */
  detail: string;
  /** When it starts or is due; null when it has no time. */
  at: number | null;
  end: number | null;
  allDay: boolean;
  /** Online meetings: Join opens this (through shell.openExternal). */
  meetingUrl: string | null;
  /** overdue / due (today) / normal: how it is marked. */
  urgency: 'overdue' | 'due' | 'normal';
  open: ReminderOpen | null;
  /** The Reminders section's rows: the reminder itself. */
  reminder?: TodayReminder;
  /**
   * A document's row: its reminders ringing, missed or held (a deadline, an
   * urge), shown on the row with Snooze and Dismiss instead of a second row
   * under Reminders (today/fold.ts).
   */
  reminders?: TodayReminder[];
}

export interface TodaySection {
  /** 'agenda', 'tasks', 'documents', 'reminders', 'mail', 'outbox': also the i18n key `today.section.<id>`. */
  id: string;
  /** The first TODAY_SECTION_CAP lines, most pressing first. */
  items: TodayItem[];
  /** How many more the section has beyond those ("and N more" opens its full list); 0 when all are listed. */
  more: number;
}

/** Lines Today shows per section: a glance, not the full list (issue 17). */
export const TODAY_SECTION_CAP = 10;

export interface TodayView {
  /** The day shown, YYYY-MM-DD in the organization's zone. */
  date: string;
  sections: TodaySection[];
  /** What needs the user (the icon's badge says the same). */
  attention: number;
}

export type CallFactory = <R>() => <P extends z.ZodType>(params: P) => CallSpec<P, R>;

export const todayCalls = (call: CallFactory) => ({
  /** The home screen: today's agenda, tasks due, reminders due and missed, unread mail from people who matter, what waits to be sent. */
  'today.get': call<TodayView>()(z.object({}).strict()),
});
