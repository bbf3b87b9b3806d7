// Mail flagged for follow-up with a date: the choices a person picks from
// (today, tomorrow, this week, next week, a date and time of their own), the
// writes (the date in the cache, \Flagged through the outbox, one
// transaction), and the reminder source that rings at that date. The date has
// no home on an IMAP server (see 018_mail_followups.sql and README.md).
import type { FollowUpPresets } from '../../../shared/mail';
import { dateKeyToMs, type Zone } from '../calendar/zones';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { atWallTime } from '../reminders/clock-times';
import type { ReminderSource } from '../reminders/source';
import type { MailActions } from './outbox';
import type { MailStore } from './store';

/** The hour a follow-up "today" or "this week" is due: late enough to act on it the same day. */
export const FOLLOW_UP_HOUR = '16:00';
const FLAGGED = '\\Flagged';

/**
 * The presets as instants in the organization's zone: today at 16:00, tomorrow
 * at the start of the working day, this Friday at 16:00, next Monday at the
 * start of the working day. One already past is null (the menu disables it).
 */
export function followUpPresets(zone: Zone, nowMs: number, workDayStart: string): FollowUpPresets {
  const w = zone.toWall(nowMs);
  // 0 Sunday … 6 Saturday, of the wall date.
  const weekday = new Date(dateKeyToMs(`${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`)).getUTCDay();
  const toFriday = (5 - weekday + 7) % 7;
  const toMonday = ((1 - weekday + 7) % 7) || 7;
  const future = (ms: number) => (ms > nowMs ? ms : null);
  return {
    today: future(atWallTime(zone, nowMs, FOLLOW_UP_HOUR)),
    tomorrow: atWallTime(zone, nowMs, workDayStart, 1),
    // Saturday and Sunday: this week's Friday is behind; next week is the choice.
    thisWeek: weekday === 0 || weekday === 6 ? null : future(atWallTime(zone, nowMs, FOLLOW_UP_HOUR, toFriday)),
    nextWeek: atWallTime(zone, nowMs, workDayStart, toMonday),
  };
}

/** A date and time the user typed (YYYY-MM-DD, HH:mm) as an instant in the organization's zone. */
export function wallToMs(zone: Zone, date: string, time: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return zone.toUtc({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 });
}

export class MailFollowUps {
  constructor(
    private readonly db: Db,
    private readonly store: MailStore,
    private readonly actions: MailActions,
  ) {}

  private keys(ids: readonly number[]): string[] {
    const keys = this.store.followUpKeys(ids);
    if (keys.length === 0) throw new AppError('mail.not_found', `messages ${ids.join(',')}`);
    return keys;
  }

  /** Due at `dueAt`: the date kept here, \Flagged queued for the server, in one transaction. */
  set(ids: readonly number[], dueAt: number): void {
    this.db.transaction(() => {
      this.store.setFollowUps(this.keys(ids), dueAt);
      const unflagged = this.store.summaries(ids).filter((m) => !m.flagged).map((m) => m.id);
      if (unflagged.length) this.actions.setFlags(unflagged, [FLAGGED], []);
    })();
  }

  /**
   * Done (`complete`) or no longer wanted (`clear`): the flag goes from the
   * server too, which is how other devices and mail programs learn of it.
   */
  end(ids: readonly number[], how: 'complete' | 'clear'): void {
    this.db.transaction(() => {
      const keys = this.keys(ids);
      this.store.endFollowUps(keys, how === 'complete' ? 'done' : 'unflagged');
      const flagged = this.store.summaries(ids).filter((m) => m.flagged).map((m) => m.id);
      if (flagged.length) this.actions.setFlags(flagged, [], [FLAGGED]);
    })();
  }
}

/**
 * Follow-ups behind the reminder engine: one firing at the due date, Open
 * opening the message. Completing it, unflagging it here or on another device
 * (the flag gone from the server), or the message gone from every folder
 * leaves it out of due(), which silences a reminder still ringing. Snoozes
 * are the engine's: the server has no notion of them.
 */
export function mailFollowUpSource(store: () => MailStore | null): ReminderSource {
  return {
    id: 'mail',
    topics: ['mail'],
    due(fromMs, toMs) {
      const s = store();
      if (!s) return [];
      return s.followUpsDue(fromMs, toMs).map((f) => ({
        key: `followup:${f.id}`,
        fireAt: f.dueAt,
        title: f.message.subject || f.message.from[0]?.name || f.message.from[0]?.address || '',
        aboutMs: f.dueAt,
        open: { section: 'mail', id: String(f.message.id) },
      }));
    },
  };
}
