import { z } from 'zod';
import type { CallSpec } from './api';
import { SNOOZE_PRESETS, type SnoozePreset } from './snooze';

/** Where "Open" takes the user: a section of the app and the id that section understands. */
export interface ReminderOpen {
  section: 'schedule' | 'mail' | 'documents' | 'reminders';
  /** For schedule: `objectId:instance`; for mail: the message id; for documents: the document id. */
  id: string;
}

/**
 * A reminder's state on this device: `ringing` (fired, waiting for the user),
 * `missed` (came due while the app was closed or the machine slept),
 * `held` (came due in quiet hours: shown when they end), `snoozed`,
 * `dismissed` (here), `done_elsewhere` (dismissed on another device, or the
 * thing itself is gone or done), and `upcoming` (not fired yet).
 */
export const REMINDER_STATES = ['upcoming', 'ringing', 'missed', 'held', 'snoozed', 'dismissed', 'done_elsewhere'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** A document's urgency as the document API names it (the renderer and the notice word it). */
export const REMINDER_URGENCIES = ['thuong', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export type ReminderUrgency = (typeof REMINDER_URGENCIES)[number];

/**
 * What a reminder is about beyond its title, in no language, so that each
 * side words it in the user's language when it shows it: the core's notice
 * (reminders/notice-text.ts, the window may be closed) and the renderer's
 * rows (i18next). A deadline: its day (YYYY-MM-DD, the organization's), the
 * document's number/notation and abstract, and its urgency.
 */
export const ReminderDetailSchema = z.object({
  kind: z.literal('deadline'),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  code: z.string(),
  subject: z.string(),
  urgency: z.enum(REMINDER_URGENCIES),
});
export type ReminderDetail = z.infer<typeof ReminderDetailSchema>;

export interface ReminderView {
  /** Stable id for reminders.snooze / reminders.dismiss: `source|key|fireAt`. */
  id: string;
  /** Which feature it comes from: 'calendar', 'tasks', later 'documents'… (an i18n key `reminders.source.<source>`). */
  source: string;
  title: string;
  /** When it rings (or rang). */
  fireAt: number;
  /** When the thing itself is (the meeting's start, the task's due); null when it has none. */
  aboutMs: number | null;
  state: ReminderState;
  /** Snoozed until (state snoozed). */
  snoozedUntil: number | null;
  open: ReminderOpen | null;
  /** What it is about, to be worded by the renderer (a document's deadline); null: the title says it all. */
  detail: ReminderDetail | null;
  /** A deadline: whole days from today (the organization's day, when the list was made) to its day; negative once past. */
  daysLeft: number | null;
}

export interface ReminderList {
  /** Ringing, missed and held: what needs the user now, oldest first. */
  now: ReminderView[];
  /** Not fired yet, in the next seven days, soonest first. */
  upcoming: ReminderView[];
  snoozed: ReminderView[];
  /** Dismissed here or elsewhere in the last seven days, newest first. */
  dismissed: ReminderView[];
}

export { SNOOZE_PRESETS, type SnoozePreset };

const reminderId = z.string().min(3).max(600);

export const reminderParams = {
  snooze: z.object({ id: reminderId, preset: z.enum(SNOOZE_PRESETS) }).strict(),
  dismiss: z.object({ ids: z.array(reminderId).min(1).max(500) }).strict(),
};

/** How api.ts builds a call entry (passed in, so this file adds its calls without api.ts listing them one by one). */
export type CallFactory = <R>() => <P extends z.ZodType>(params: P) => CallSpec<P, R>;

export const reminderCalls = (call: CallFactory) => ({
  /** What needs the user now (ringing, missed, held), upcoming in the next seven days, snoozed, dismissed in the last seven. */
  'reminders.list': call<ReminderList>()(z.object({}).strict()),
  /** Only what rings now (the window's own ringing panel, drawn on every screen from the start: the whole list is far larger). */
  'reminders.ringing': call<ReminderView[]>()(z.object({}).strict()),
  /** 5 or 10 minutes, an hour, or tomorrow at the start of the working day; a calendar reminder's snooze goes to the server (RFC 9074). */
  'reminders.snooze': call<ReminderView>()(reminderParams.snooze),
  /** Dismissed here, and on the server where the source writes back (a calendar's ACKNOWLEDGED). */
  'reminders.dismiss': call<{ dismissed: number }>()(reminderParams.dismiss),
});
