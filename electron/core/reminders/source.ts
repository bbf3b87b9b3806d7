// The one interface between the reminder engine and the features that have
// something to remind of. A feature builds its source from its own cache and
// the composition root hands it to the engine: the engine never imports a
// feature, so a new source (documents' deadlines, urges) plugs in without a
// change here. See README.md.
import type { ReminderDetail, ReminderOpen } from '../../../shared/reminders';

export interface DueReminder {
  /**
   * Names one reminder within its source, stable across restarts and syncs
   * (the calendar: `objectId:instance:alarmUid`). Together with fireAt it
   * names one firing.
   */
  key: string;
  /** When it rings, epoch ms. */
  fireAt: number;
  title: string;
  /** When the thing itself is (a meeting's start, a task's due); null when none. */
  aboutMs: number | null;
  open: ReminderOpen | null;
  /**
   * What it is about, for the notice and the lists to word in the user's
   * language ("due in 2 days: 125/STTTT-CĐS — …"); absent, the title is shown as it is.
   */
  detail?: ReminderDetail;
  /**
   * Keys of earlier reminders of this source that this one takes the place of
   * (a document urged again: the latest urge stands for all of them). When it
   * rings they leave every list, whatever state they were in.
   */
  supersedes?: readonly string[];
}

export interface ReminderSource {
  /** Unique among sources: 'calendar', 'tasks', 'documents'… Also the i18n key `reminders.source.<id>`. */
  readonly id: string;
  /** The `changed` topics after which due() may answer differently ('calendar', 'documents'…): the engine looks again then. */
  readonly topics: readonly string[];
  /**
   * Reminders due in [fromMs, toMs), soonest first, leaving out those the
   * source knows are dealt with (acknowledged here or on another device,
   * the task completed). Read from the cache only: it is called on every
   * timer and every change.
   */
  due(fromMs: number, toMs: number): DueReminder[];
  /** The user dismissed it. Absent: the engine's record is all there is. */
  acknowledge?(key: string, atMs: number): void;
  /**
   * The user snoozed it until `untilMs`. A source that keeps snoozes itself
   * (the calendar, RFC 9074) reports the snooze later through due() under a
   * key of its own. Absent: the engine keeps the snooze and rings it again.
   */
  snooze?(key: string, untilMs: number): void;
}
