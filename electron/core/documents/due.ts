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

/** Steps of others after which the document is still where it was: no new document to process. */
const NOT_A_HANDOVER = new Set(['urge', 'comment', 'edit', 'start']);

export function dueSource(cache: DocumentCache, deadlines: DeadlineReminderSettings): DocumentDueSource {
  return {
    deadlineAt: (day) => deadlineMoment(day, deadlines),
    due(fromMs, toMs) {
      const me = cache.me();
      if (!me) return [];
      const leads = deadlines.leadDays();
      const start = deadlines.workDayStart();
      const out: DocumentDueItem[] = [];
      for (const r of cache.store.boxRows(BOX_BITS.to_process)) {
        const doc = r.doc;
        const base = { documentId: r.id, code: r.code, subject: r.subject, urgency: doc.urgency };
        // It entered the user's queue with the last step someone else took that
        // hands work on: an urge, a comment or a co-worker starting leave it where
        // it was (an urge rings as an urge, once, not also as a new document).
        const entered = [...doc.trace].reverse().find((t) => t.actor?.username !== me.username && !NOT_A_HANDOVER.has(t.action));
        if (entered) out.push({ ...base, key: `new:${r.id}:${entered.seq}`, kind: 'new', at: Date.parse(entered.at), detail: null });
        // Repeated urges of one document are one reminder with a count: the
        // latest rings (again) and names the earlier ones, which leave the engine's lists.
        const urges = doc.opinions.filter((o) => o.kind === 'urge' && o.author.username !== me.username).sort((a, b) => a.at.localeCompare(b.at));
        const last = urges[urges.length - 1];
        if (last) out.push({ ...base, key: `urge:${last.id}`, kind: 'urge', at: Date.parse(last.at), detail: last.text, count: urges.length, ...(urges.length > 1 ? { earlier: urges.slice(0, -1).map((u) => `urge:${u.id}`) } : {}) });
        if (r.deadline) {
          const dueAt = deadlineMoment(r.deadline, deadlines);
          // One per lead time, keyed by it; "on the day" keeps the key it always had.
          for (const f of leadFirings(r.deadline, leads, start, deadlines.zone)) {
            const key = f.lead === 0 ? `deadline:${r.id}:${r.deadline}` : `deadline:${r.id}:${r.deadline}:${f.lead}d`;
            out.push({ ...base, key, kind: 'deadline', at: f.at, detail: r.deadline, lead: f.lead, deadlineAt: dueAt });
          }
        }
      }
      return out.filter((i) => i.at >= fromMs && i.at < toMs).sort((a, b) => a.at - b.at);
    },
  };
}
