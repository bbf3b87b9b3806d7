// What the documents feature has due, and when: the one source the reminder
// engine (electron/core/reminders, issue 17) reads for notifications and the
// badge. No timer lives here; the engine asks for a window of time and is told
// to look again by the `changed` event of topic 'documents'.
import type { DeadlineLeadDays } from '../../../shared/settings';
import type { ApiDocument } from './api';
import { dateKeyIn, type Zone } from '../calendar/zones';
import { BOX_BITS } from './boxes';
import type { DocumentCache } from './cache';
import { leadFirings, workStartOn } from './deadline-leads';

export interface DocumentDueItem {
  /** Stable across asks: the engine remembers what it already raised by this key. */
  key: string;
  kind: 'new' | 'urge' | 'deadline';
  documentId: string;
  /** Epoch ms it became due. */
  at: number;
  /** "125/STTTT-CĐS" and the abstract, for the notice. */
  code: string;
  subject: string;
  /** The deadline day (deadline), the urging text (urge), null (new). */
  detail: string | null;
  /** Urge: how many times the document was urged so far (this one the latest), and the keys of the earlier ones it stands for. */
  count?: number;
  earlier?: string[];
  /** The document's urgency (a deadline's notice names hỏa tốc and thượng khẩn). */
  urgency: ApiDocument['urgency'];
  /** Deadline: days before it this one rings (0: on the day), and when the deadline day's work starts. */
  lead?: DeadlineLeadDays;
  deadlineAt?: number;
}

/** What Settings say about deadline reminders, read at every ask (a change applies at once). */
export interface DeadlineReminderSettings {
  leadDays(): readonly DeadlineLeadDays[];
  /** HH:MM: reminders ring at the start of the working day. */
  workDayStart(): string;
  /** The organization's zone, in which a deadline's day is read. */
  zone: Zone;
}

export interface DocumentDueSource {
  /** Items that fall due in [fromMs, toMs), oldest first. */
  due(fromMs: number, toMs: number): DocumentDueItem[];
  /** The moment of a deadline day (YYYY-MM-DD), the one Today and the reminders both show. */
  deadlineAt(day: string): number;
}

/**
 * The moment of a deadline day: the start of work (Settings `workDayStart`)
 * on that day in the organization's zone. A deadline is a day, not an hour;
 * its reminders, Today's documents and anything else that places it in time
 * read it here, so they never disagree.
 */
export function deadlineMoment(day: string, s: Pick<DeadlineReminderSettings, 'workDayStart' | 'zone'>): number {
  return workStartOn(day, s.workDayStart(), s.zone);
}

/**
 * The organization's day at `nowMs`, against which a deadline day is due or
 * overdue (boxes.ts dueMark): the documents' lists, Today and the reminders'
 * "in 2 days" all count in this zone, not the computer's nor a fixed UTC+7.
 */
export function deadlineToday(nowMs: number, zone: Zone): string {
  return dateKeyIn(zone, nowMs);
}

const DAY_MS = 86_400_000;

/** The UTC calendar day of a moment, clamped to four-digit years so it compares as text. */
function utcDay(ms: number): string {
  const clamped = Math.min(Math.max(ms, Date.parse('0001-01-01T00:00:00Z')), Date.parse('9999-12-30T00:00:00Z'));
  return new Date(Number.isNaN(clamped) ? 0 : clamped).toISOString().slice(0, 10);
}

export function dueSource(cache: DocumentCache, deadlines: DeadlineReminderSettings): DocumentDueSource {
  return {
    deadlineAt: (day) => deadlineMoment(day, deadlines),
    due(fromMs, toMs) {
      const me = cache.me();
      if (!me || !(fromMs < toMs)) return [];
      const leads = deadlines.leadDays();
      const start = deadlines.workDayStart();
      const bit = BOX_BITS.to_process;
      const out: DocumentDueItem[] = [];
      // New documents and urges: stored moments (doc_due), one index range.
      for (const r of cache.store.dueBetween(fromMs, toMs, bit)) {
        const base = { documentId: r.id, code: r.code, subject: r.subject, urgency: r.urgency, key: r.key, at: r.at, detail: r.detail };
        if (r.kind === 'new') out.push({ ...base, kind: 'new' });
        else {
          const earlier = r.earlier ? (JSON.parse(r.earlier) as string[]) : [];
          out.push({ ...base, kind: 'urge', count: r.count, ...(earlier.length ? { earlier } : {}) });
        }
      }
      // Deadlines: a firing lies on the deadline day or up to the longest lead
      // (and a weekend) before it; the zone moves a day by at most one either
      // way. Only the deadlines that can ring in the window are read, and each
      // firing is then placed exactly by the one function for it.
      // A lead landing on a weekend moves back to the Friday: two days more.
      const maxLead = leads.length ? Math.max(...leads) + 2 : 0;
      const fromDay = utcDay(fromMs - DAY_MS);
      const toDay = utcDay(toMs + (maxLead + 1) * DAY_MS);
      for (const r of cache.store.deadlinesBetween(fromDay, toDay, bit)) {
        const dueAt = deadlineMoment(r.deadline, deadlines);
        // One per lead time, keyed by it; "on the day" keeps the key it always had.
        for (const f of leadFirings(r.deadline, leads, start, deadlines.zone)) {
          if (!(f.at >= fromMs && f.at < toMs)) continue;
          const key = f.lead === 0 ? `deadline:${r.id}:${r.deadline}` : `deadline:${r.id}:${r.deadline}:${f.lead}d`;
          out.push({ documentId: r.id, code: r.code, subject: r.subject, urgency: r.urgency, key, kind: 'deadline', at: f.at, detail: r.deadline, lead: f.lead, deadlineAt: dueAt });
        }
      }
      return out.sort((a, b) => a.at - b.at);
    },
  };
}
