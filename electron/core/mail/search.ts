// Local search. FTS5's bm25 ordering costs time in proportion to the number
// of matches, and government mail is full of the same words ("báo cáo",
// "kế hoạch", "công văn"), so a search reads the index newest first
// (rowid = date, see store.searchKey), stops after a bounded set of
// candidates, and ranks only those. `truncated` tells the UI that older mail
// may match too (the user can narrow the query or ask the server).
import type { MailAddress, SearchResult, TextSegment } from '../../../shared/mail';
import { fold, foldWithMap, ftsQuery, queryTerms } from './fold';
import type { MailStore } from './store';

export interface SearchOptions {
  folderId?: number;
  limit: number;
}

/** Candidates ranked per query: large enough for good ranking, small enough to stay fast on any word. */
export const CANDIDATES = 200;
const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 220;
const SNIPPET_SCAN = 2000;

/**
 * Cuts `text` into segments with every word that starts with one of the
 * folded `terms` marked. Matching is on the folded copy, the segments keep the
 * original characters.
 */
export function highlight(text: string, terms: readonly string[]): TextSegment[] {
  if (text.length === 0) return [];
  const { folded, source } = foldWithMap(text);
  const marks: [number, number][] = [];
  for (const term of terms) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      const before = at === 0 ? '' : folded[at - 1] ?? '';
      if (!/[\p{L}\p{N}]/u.test(before)) {
        // The whole word is marked, so a prefix search shows what it matched.
        let end = at + term.length;
        while (end < folded.length && /[\p{L}\p{N}]/u.test(folded[end] ?? '')) end++;
        marks.push([source[at] ?? 0, source[end] ?? text.length]);
      }
      from = at + term.length;
    }
  }
  if (marks.length === 0) return [{ text, hit: false }];
  marks.sort((a, b) => a[0] - b[0]);
  const segments: TextSegment[] = [];
  let pos = 0;
  for (const [s, e] of marks) {
    if (e <= pos) continue;
    const start = Math.max(s, pos);
    if (start > pos) segments.push({ text: text.slice(pos, start), hit: false });
    segments.push({ text: text.slice(start, e), hit: true });
    pos = e;
  }
  if (pos < text.length) segments.push({ text: text.slice(pos), hit: false });
  return segments;
}

/**
 * A short passage of `body` around the first match. The folded copy is about
 * as long as the NFC original (one letter for one letter in Vietnamese), so
 * the window found in it is cut from the original and highlighted on its own.
 */
export function snippet(body: string, terms: readonly string[]): TextSegment[] {
  // Only the top of the body is looked at: most matches are near it, a match
  // in the subject or the people needs none, and folding whole bodies for
  // each of 50 hits would cost more than the query itself.
  const text = body.slice(0, SNIPPET_SCAN).normalize('NFC');
  if (text.trim().length === 0) return [];
  let first = -1;
  const folded = fold(text);
  for (const t of terms) {
    const k = folded.indexOf(t);
    if (k >= 0 && (first < 0 || k < first)) first = k;
  }
  const start = first < 0 ? 0 : Math.max(0, first - SNIPPET_BEFORE);
  let window = text.slice(start, start + SNIPPET_LENGTH).replace(/\s+/g, ' ');
  if (start > 0) window = '…' + window.replace(/^\S*\s/, '');
  if (start + SNIPPET_LENGTH < text.length) window = window.replace(/\s\S*$/, '') + '…';
  return highlight(window.trim(), terms);
}

function peopleLine(from: MailAddress[]): string {
  return from.map((a) => a.name || a.address).join(', ');
}

export class MailSearch {
  constructor(private readonly store: MailStore) {}

  search(query: string, opts: SearchOptions): SearchResult {
    const match = ftsQuery(query);
    if (!match) return { hits: [], truncated: false };
    const terms = queryTerms(query);
    // Whole words first: a prefix ("van"*) merges the postings of every word
    // it starts, many times the work. The prefix is read only when whole words
    // do not fill the set, and not for one or two letters, which start half the language.
    const exact = match.replace(/\*$/, '');
    let candidates = this.store.searchCandidates(exact, CANDIDATES, opts.folderId);
    if (candidates.length < CANDIDATES && (terms[terms.length - 1]?.length ?? 0) >= 3) {
      const seen = new Set(candidates.map((c) => c.id));
      const more = this.store.searchCandidates(match, CANDIDATES, opts.folderId).filter((c) => !seen.has(c.id));
      candidates = [...candidates, ...more].sort((a, b) => b.skey - a.skey).slice(0, CANDIDATES);
    }
    if (candidates.length === 0) return { hits: [], truncated: false };

    // bm25 is negative, more negative = better. Normalised within the set,
    // then nudged by recency: within a bounded newest-first set, a much
    // older message must be clearly more relevant to come first.
    const best = Math.min(...candidates.map((c) => c.rank));
    const phrase = terms.join(' ');
    const scored = candidates.map((c, position) => {
      const relevance = best < 0 ? c.rank / best : 0;
      const inSubject = terms.length > 1 && fold(this.store.subject(c.id)).includes(phrase) ? 0.3 : 0;
      const recency = 0.2 * (1 - position / candidates.length);
      return { id: c.id, skey: c.skey, score: relevance * 0.5 + inSubject + recency };
    });
    scored.sort((a, b) => b.score - a.score || b.skey - a.skey);

    const top = this.store.summaries(scored.slice(0, opts.limit).map((s) => s.id));
    const hits = top.map((message) => {
      const body = this.store.bodyText(message.id, SNIPPET_SCAN);
      const text = body.length > 0 ? body : peopleLine(message.from);
      return { message, subject: highlight(message.subject, terms), snippet: snippet(text, terms) };
    });
    return { hits, truncated: candidates.length >= CANDIDATES };
  }
}

/**
 * Keeps mail_search up to date in small batches between other work, so that
 * indexing 100,000 messages never holds the event loop for long. `kick()` after
 * every write; `idle()` resolves when the index has caught up (tests, bench).
 */
export class MailIndexer {
  private running = false;
  private waiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly store: MailStore,
    private readonly onError: (err: unknown) => void,
    private readonly batch = 500,
  ) {}

  kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    const step = (): void => {
      if (this.stopped) return this.finish();
      let n: number;
      try {
        n = this.store.indexPending(this.batch);
      } catch (err) {
        this.onError(err);
        return this.finish();
      }
      if (n === 0) return this.finish();
      setImmediate(step);
    };
    setImmediate(step);
  }

  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
  }

  private finish(): void {
    this.running = false;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
}
