// Local search. FTS5's bm25 costs time in proportion to the number of
// matches (its idf counts every row holding each word), and government mail
// is full of the same words ("báo cáo", "kế hoạch", "công văn"), so a search
// reads the index newest first (rowid = date, see store.searchKey), stops
// after a bounded set of candidates, and ranks only those, by itself. `truncated` tells the UI that older mail
// may match too (the user can narrow the query or ask the server).
import type { MailAddress, SearchResult, TextSegment } from '../../../shared/mail';
import { fold, foldedHas, foldedWordLine, matchText, parseQuery, wordMatch, textWords, type ParsedQuery, type QueryWord, type TextWord } from '../../../shared/text-search';
import type { IndexHealth, SearchIndexer } from './indexer';
import type { MailStore, SearchCandidate } from './store';
import { INDEXED_BODY_CHARS } from './store';

export interface SearchOptions {
  folderId?: number;
  limit: number;
}

/** Candidates ranked per query: large enough for good ranking, small enough to stay fast on any word. */
export const CANDIDATES = 200;
/** Candidates read at most when the diacritics typed rule most of them out. */
const MAX_SCANNED = 1000;
const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 220;
const SNIPPET_SCAN = 2000;

/**
 * Cuts `text` into segments with every word that answers a word of the query
 * marked (whole words; the last one typed as a prefix; diacritics as typed
 * or none). The segments keep the original characters.
 */
export function highlight(text: string, q: ParsedQuery | null, words: TextWord[] = textWords(text)): TextSegment[] {
  if (text.length === 0) return [];
  if (!q) return [{ text, hit: false }];
  const marks: [number, number][] = [];
  for (const w of words) {
    if (q.words.some((t) => wordAnswers(t, w))) marks.push([w.start, w.end]);
  }
  if (marks.length === 0) return [{ text, hit: false }];
  const segments: TextSegment[] = [];
  let pos = 0;
  for (const [s, e] of marks) {
    if (s > pos) segments.push({ text: text.slice(pos, s), hit: false });
    segments.push({ text: text.slice(s, e), hit: true });
    pos = e;
  }
  if (pos < text.length) segments.push({ text: text.slice(pos), hit: false });
  return segments;
}

/**
 * A short passage of `body` around the first match (of the whole query if
 * it is there, else of any of its words), highlighted.
 */
export function snippet(body: string, q: ParsedQuery | null): TextSegment[] {
  // Only the top of the body is looked at: most matches are near it, a match
  // in the subject or the people needs none.
  const text = body.slice(0, SNIPPET_SCAN).normalize('NFC');
  if (text.trim().length === 0) return [];
  let first = -1;
  if (q) {
    // Where the first phrase (else any word) starts in the folded copy, which
    // lines up with the NFC text letter for letter in Vietnamese.
    const folded = fold(text);
    const phrase = q.phrases[0]!.map((w) => w.folded).join(' ');
    const at = (needle: string) => {
      for (let k = folded.indexOf(needle); k >= 0; k = folded.indexOf(needle, k + 1)) {
        if (k === 0 || !/[\p{L}\p{N}]/u.test(folded[k - 1] ?? '')) return k;
      }
      return -1;
    };
    first = at(phrase);
    for (const w of q.words) if (first < 0) first = at(w.folded);
  }
  const start = first < 0 ? 0 : Math.max(0, first - SNIPPET_BEFORE);
  let window = text.slice(start, start + SNIPPET_LENGTH).replace(/\s+/g, ' ');
  if (start > 0) window = '…' + window.replace(/^\S*\s/, '');
  if (start + SNIPPET_LENGTH < text.length) window = window.replace(/\s\S*$/, '') + '…';
  return highlight(window.trim(), q);
}

function peopleLine(from: MailAddress[]): string {
  return from.map((a) => a.name || a.address).join(', ');
}

/** Names and addresses of a candidate's people, as one text. */
function peopleText(c: SearchCandidate): string {
  return (c.from_json + ' ' + c.to_json).replace(/"(?:name|address)":/g, ' ');
}

interface Verdict {
  /** Every phrase answered somewhere (subject, people, body, file names). */
  ok: boolean;
  /** With the user's own diacritics. */
  own: boolean;
  inSubject: number;
  inPeople: number;
}

export class MailSearch {
  constructor(private readonly store: MailStore) {}

  search(query: string, opts: SearchOptions): SearchResult {
    const q = parseQuery(query);
    if (!q) return { hits: [], truncated: false };
    const { candidates, truncated } = this.candidates(q, opts.folderId);
    if (candidates.length === 0) return { hits: [], truncated: false };

    // Rank: the user's own diacritics first, then where the words are (the
    // subject, the people), with recency as the tie-breaker within this
    // newest-first set.
    const scored = candidates.map(({ c, v }, position) => {
      const recency = 1 - position / candidates.length;
      return { id: c.id, skey: c.skey, score: (v.own ? 0.4 : 0) + 0.3 * v.inSubject + 0.1 * v.inPeople + 0.2 * recency };
    });
    scored.sort((a, b) => b.score - a.score || b.skey - a.skey);

    const top = this.store.summaries(scored.slice(0, opts.limit).map((s) => s.id));
    const hits = top.map((message) => {
      const body = this.store.bodyText(message.id, SNIPPET_SCAN);
      const text = body.length > 0 ? body : peopleLine(message.from);
      return { message, subject: highlight(message.subject, q), snippet: snippet(text, q) };
    });
    return { hits, truncated };
  }

  /**
   * The newest candidates the index gives (whole words first; the word being
   * typed as a prefix only when whole words do not fill the set, and not for
   * one or two letters, which start half the language), each checked against
   * the rule the index cannot answer: diacritics typed.
   */
  private candidates(q: ParsedQuery, folderId: number | undefined): { candidates: { c: SearchCandidate; v: Verdict }[]; truncated: boolean } {
    const exact = this.store.searchExpression(q, false);
    const prefixed = this.store.searchExpression(q, true);
    const last = q.words[q.words.length - 1]!;
    // A prefix of one or two letters alone starts half the language; after another word (a pair) it is selective.
    const lastPhrase = q.phrases[q.phrases.length - 1]!;
    const usePrefix = prefixed !== exact && (last.folded.length >= 3 || lastPhrase.length > 1);
    // Diacritics typed are checked on the text. A phrase of three words or more is
    // not: its pairs all match, and a letter holding "a b" and "b c" apart is rare enough.
    const mustVerify = q.marked;
    const out: { c: SearchCandidate; v: Verdict }[] = [];
    let scanned = 0;
    let truncated = false;
    const seen = new Set<number>();
    for (const match of usePrefix ? [exact, prefixed] : [exact]) {
      let before: number | null = null;
      for (;;) {
        const batch = this.store.searchCandidates(match, CANDIDATES, folderId, before);
        for (const c of batch) {
          if (seen.has(c.id)) continue;
          seen.add(c.id);
          scanned++;
          const v = this.verdict(c, q, mustVerify);
          if (v.ok) out.push({ c, v });
        }
        if (batch.length < CANDIDATES) break;
        if (out.length >= CANDIDATES || scanned >= MAX_SCANNED) {
          truncated = true;
          break;
        }
        before = batch[batch.length - 1]!.skey;
      }
      if (out.length >= CANDIDATES) break;
    }
    out.sort((a, b) => b.c.skey - a.c.skey);
    return { candidates: out.slice(0, CANDIDATES), truncated: truncated || out.length > CANDIDATES };
  }

  private verdict(c: SearchCandidate, q: ParsedQuery, full: boolean): Verdict {
    const subject = fold(c.subject);
    const people = fold(peopleText(c));
    const inSubject = q.words.filter((w) => foldedHas(subject, w)).length / q.words.length;
    const inPeople = q.words.filter((w) => foldedHas(people, w)).length / q.words.length;
    // The index answered whole words and pairs: nothing more to check.
    if (!full) return { ok: true, own: false, inSubject, inPeople };
    const subjectLine = foldedWordLine(c.subject);
    const peopleLine = foldedWordLine(peopleText(c));
    // Each phrase must be found, its words in a row, in one of the message's
    // texts (the body and file names read only when needed); one typed with
    // diacritics is then checked word by word on that text.
    const texts: { line: string; text: () => string }[] = [
      { line: subjectLine, text: () => c.subject.normalize('NFC') },
      { line: peopleLine, text: () => peopleText(c) },
    ];
    let more = true;
    const further = () => {
      if (!more) return;
      more = false;
      const body = this.store.bodyText(c.id, INDEXED_BODY_CHARS).normalize('NFC');
      const files = this.store.attachmentNames(c.id).join(' ').normalize('NFC');
      texts.push({ line: foldedWordLine(body), text: () => body }, { line: foldedWordLine(files), text: () => files });
    };
    let own = true;
    for (const phrase of q.phrases) {
      const needle = phraseNeedle(phrase);
      const marked = phrase.some((w) => w.marked);
      const one: ParsedQuery = { phrases: [phrase], words: phrase, marked };
      let best = null as boolean | null;
      for (let i = 0; best !== true; i++) {
        if (i === texts.length) {
          if (best !== null || !more) break;
          further();
        }
        const t = texts[i];
        if (!t) break;
        if (!t.line.includes(needle)) continue;
        if (!marked) {
          best = false;
          break;
        }
        const m = matchText(t.text(), one);
        if (m) best = m.own;
      }
      if (best === null) return { ok: false, own: false, inSubject, inPeople };
      own &&= best;
    }
    return { ok: true, own: q.marked && own, inSubject, inPeople };
  }
}

/** A phrase as it shows in a foldedWordLine(): its words between spaces, the last one open when it is being typed. */
function phraseNeedle(phrase: readonly QueryWord[]): string {
  const last = phrase[phrase.length - 1]!;
  return ` ${phrase.map((w) => w.folded).join(' ')}${last.prefix ? '' : ' '}`;
}

function wordAnswers(w: QueryWord, t: TextWord): boolean {
  return wordMatch(w, t) !== 0;
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
