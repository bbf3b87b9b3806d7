// Local search. FTS5's bm25 costs time in proportion to the number of
// matches (its idf counts every row holding each word), and government mail
// is full of the same words ("báo cáo", "kế hoạch", "công văn"), so a search
// reads the index newest first (rowid = date, see store.searchKey), stops
// after a bounded set of candidates, and ranks only those, by itself. `truncated` tells the UI that older mail
// may match too (the user can narrow the query or ask the server).
import type { MailAddress, SearchResult, TextSegment } from '../../../shared/mail';
import { fold, foldWithMap, ftsQuery, queryTerms } from './fold';
import type { IndexHealth, SearchIndexer } from './indexer';
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

/** `term` starts a word of folded `text`. */
function containsWord(text: string, term: string): boolean {
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1] ?? '')) return true;
  }
  return false;
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

    // Every candidate holds every word somewhere; rank by where: the whole
    // phrase in the subject first, then words in the subject, then in the
    // people, with recency as the tie-breaker within this newest-first set.
    const phrase = terms.join(' ');
    const scored = candidates.map((c, position) => {
      const subject = fold(c.subject);
      const people = fold((c.from_json + ' ' + c.to_json).replace(/"(?:name|address)":/g, ' '));
      const inSubject = terms.filter((t) => containsWord(subject, t)).length / terms.length;
      const inPeople = terms.filter((t) => containsWord(people, t)).length / terms.length;
      const wholePhrase = terms.length > 1 && subject.includes(phrase) ? 1 : 0;
      const recency = 1 - position / candidates.length;
      return { id: c.id, skey: c.skey, score: 0.35 * wholePhrase + 0.3 * inSubject + 0.15 * inPeople + 0.2 * recency };
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
 * The in-process indexer, for a cache no second connection can open (an
 * in-memory database: unit tests). A cache on disk is indexed by a worker
 * thread instead (indexer.ts, index-worker.ts). Works in short slices between
 * other work: each slice indexes small batches until its time budget is spent,
 * then yields. `kick()` after every write; `idle()` resolves when the index
 * has caught up.
 */
export class MailIndexer implements SearchIndexer {
  private running = false;
  private waiters: (() => void)[] = [];
  private stopped = false;
  private error: string | null = null;

  constructor(
    private readonly store: MailStore,
    private readonly onError: (err: unknown) => void,
    private readonly opts: { batch?: number; sliceMs?: number; now?: () => number } = {},
  ) {}

  kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    const batch = this.opts.batch ?? 50;
    const sliceMs = this.opts.sliceMs ?? 8;
    const now = this.opts.now ?? (() => performance.now());
    const step = (): void => {
      if (this.stopped) return this.finish();
      const until = now() + sliceMs;
      try {
        do {
          if (this.store.indexPending(batch) === 0) {
            this.error = null;
            return this.finish();
          }
        } while (now() < until);
      } catch (err) {
        this.error = String(err);
        this.onError(err);
        return this.finish();
      }
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

  health(): IndexHealth {
    return { indexing: this.running, restarts: 0, error: this.error };
  }

  private finish(): void {
    this.running = false;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
}
