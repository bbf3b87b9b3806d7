// What the documents feature has due, and when: the one source the reminder
// engine (electron/core/reminders, issue 17) reads for notifications and the
// badge. No timer lives here; the engine asks for a window of time and is told
// to look again by the `changed` event of topic 'documents'.
import type { DeadlineLeadDays } from '../../../shared/settings';
import type { Zone } from '../calendar/zones';
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
  /** Urge: how many times the document was urged so far (this one the latest). */
  count?: number;
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
}

/** A deadline is a day in Vietnam: it falls due at 08:00 there (01:00 UTC) on that day. */
export function deadlineAt(day: string): number {
  return Date.parse(`${day}T01:00:00Z`);
}

export function dueSource(cache: DocumentCache, deadlines: DeadlineReminderSettings): DocumentDueSource {
  return {
    due(fromMs, toMs) {
      const me = cache.me();
      if (!me) return [];
      const leads = deadlines.leadDays();
      const start = deadlines.workDayStart();
      const out: DocumentDueItem[] = [];
      for (const r of cache.store.boxRows(BOX_BITS.to_process)) {
        const doc = r.doc;
        const base = { documentId: r.id, code: r.code, subject: r.subject };
        // It entered the user's queue with the last step someone else took.
        const entered = [...doc.trace].reverse().find((t) => t.actor?.username !== me.username);
        if (entered) out.push({ ...base, key: `new:${r.id}:${entered.seq}`, kind: 'new', at: Date.parse(entered.at), detail: null });
        // Repeated urges of one document are one reminder with a count: the
        // latest rings (again); the engine retires the earlier ones still open.
        const urges = doc.opinions.filter((o) => o.kind === 'urge' && o.author.username !== me.username).sort((a, b) => a.at.localeCompare(b.at));
        const last = urges[urges.length - 1];
        if (last) out.push({ ...base, key: `urge:${last.id}`, kind: 'urge', at: Date.parse(last.at), detail: last.text, count: urges.length });
        if (r.deadline) {
          const dueAt = workStartOn(r.deadline, start, deadlines.zone);
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
