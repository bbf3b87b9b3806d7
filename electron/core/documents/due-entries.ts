// The "new document" and "urged" moments of one document to process, derived
// from the view the user sees. Computed when the row is written to the cache
// (store.put, rederive) and kept in doc_due, so the reminder engine's ask is
// an indexed range; due.ts adds the deadlines, which depend on Settings.
import type { ApiDocument } from './api';
import type { Me } from './boxes';

export interface DueEntry {
  key: string;
  kind: 'new' | 'urge';
  at: number;
  /** The urging text (urge), null (new). */
  detail: string | null;
  /** Urge: how many times so far, and the keys of the earlier urges this one stands for. */
  count: number;
  earlier: string[];
}

/** Steps of others after which the document is still where it was: no new document to process. */
const NOT_A_HANDOVER = new Set(['urge', 'comment', 'edit', 'start']);

export function dueEntriesOf(doc: ApiDocument, me: Pick<Me, 'username'>): DueEntry[] {
  const out: DueEntry[] = [];
  // It entered the user's queue with the last step someone else took that
  // hands work on: an urge, a comment or a co-worker starting leave it where
  // it was (an urge rings as an urge, once, not also as a new document).
  const entered = [...doc.trace].reverse().find((t) => t.actor?.username !== me.username && !NOT_A_HANDOVER.has(t.action));
  if (entered) out.push({ key: `new:${doc.id}:${entered.seq}`, kind: 'new', at: Date.parse(entered.at), detail: null, count: 1, earlier: [] });
  // Repeated urges of one document are one reminder with a count: the
  // latest rings (again) and names the earlier ones, which leave the engine's lists.
  const urges = doc.opinions.filter((o) => o.kind === 'urge' && o.author.username !== me.username).sort((a, b) => a.at.localeCompare(b.at));
  const last = urges[urges.length - 1];
  if (last) out.push({ key: `urge:${last.id}`, kind: 'urge', at: Date.parse(last.at), detail: last.text, count: urges.length, earlier: urges.slice(0, -1).map((u) => `urge:${u.id}`) });
  // An unreadable moment never falls in any window.
  return out.filter((e) => Number.isFinite(e.at));
}
