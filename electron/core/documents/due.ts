// What the documents feature has due, and when: the one source the reminder
// engine (electron/core/reminders, issue 17) reads for notifications and the
// badge. No timer lives here; the engine asks for a window of time and is told
// to look again by the `changed` event of topic 'documents'.
import { BOX_BITS } from './boxes';
import type { DocumentCache } from './cache';

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
}

export interface DocumentDueSource {
  /** Items that fall due in [fromMs, toMs), oldest first. */
  due(fromMs: number, toMs: number): DocumentDueItem[];
}

/** A deadline is a day in Vietnam: it falls due at 08:00 there (01:00 UTC) on that day. */
export function deadlineAt(day: string): number {
  return Date.parse(`${day}T01:00:00Z`);
}

export function dueSource(cache: DocumentCache, _now: () => number): DocumentDueSource {
  return {
    due(fromMs, toMs) {
      const me = cache.me();
      if (!me) return [];
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
        if (r.deadline) out.push({ ...base, key: `deadline:${r.id}:${r.deadline}`, kind: 'deadline', at: deadlineAt(r.deadline), detail: r.deadline });
      }
      return out.filter((i) => i.at >= fromMs && i.at < toMs).sort((a, b) => a.at - b.at);
    },
  };
}
