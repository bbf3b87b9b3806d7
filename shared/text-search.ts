// The search rules of the whole app (mail today; documents, files and
// schedules reuse them), in one place so every search box behaves the same.
//
// Vietnamese folding: NFD, combining marks dropped, đ/Đ → d, lowercase, so
// "ha noi" finds "Hà Nội". FTS5's unicode61 remove_diacritics handles the
// marks but not đ, a letter of its own in Unicode (toolchain-notes.md), hence
// our own fold, applied to the indexed copy and to queries alike.
//
// What a query means:
// - Words match whole words after folding; only the word being typed last
//   may be the start of a longer word ("bao ca" finds "báo cáo", "da" alone
//   finds "danh" only because it is being typed).
// - Words typed together are a phrase: they must follow each other in the
//   text, as Vietnamese syllables make up one word ("da nang" is Đà Nẵng, not
//   a letter with "đã" in one line and "kỹ năng" in another). A comma or a
//   semicolon separates independent phrases: "nguyễn, báo cáo".
// - A word typed with diacritics matches the same word with exactly those
//   diacritics, or written without any ("Đà Nẵng" finds "Đà Nẵng" and
//   "Da Nang", not "đã năng"); a word typed without matches every spelling.
// - Ranking puts first the matches that carry the user's own diacritics.

const COMBINING = /[\u0300-\u036f]/g;

/** Folds one string: NFD, drop combining marks, đ→d, Đ→D, lowercase. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The form a word is compared in when its diacritics count: NFC, lowercase. */
export function exactForm(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** True when the word carries a diacritic (a mark, or đ). */
export function hasMarks(word: string): boolean {
  return fold(word) !== word.normalize('NFC').toLowerCase();
}

/**
 * The folded text plus, for each folded UTF-16 unit, the index of the original
 * unit it came from: highlighting finds a match in the folded copy and cuts
 * the original at the same place, so the user sees their own diacritics.
 */
export interface FoldedMap {
  folded: string;
  /** source[i] = index in the original string of folded[i]; length folded.length + 1. */
  source: number[];
}

const foldedChars = new Map<string, string>();

/** fold() of one code point, remembered: highlighting folds every character of every hit. */
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
  let f = foldedChars.get(ch);
  if (f === undefined) {
    f = fold(ch);
    if (foldedChars.size < 10_000) foldedChars.set(ch, f);
  }
  return f;
}

export function foldWithMap(text: string): FoldedMap {
  let folded = '';
  const source: number[] = [];
  // Per code point: every Vietnamese letter folds on its own (marks combine
  // with the preceding base), so folding piecewise equals folding the whole.
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) source.push(i);
    folded += f;
    i += ch.length;
  }
  source.push(text.length);
  return { folded, source };
}

/** A word of a text: letters, marks and digits, as FTS5's unicode61 splits them. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export interface TextWord {
  /** NFC, lowercase. */
  exact: string;
  folded: string;
  start: number;
  end: number;
}

/** The words of a text with their places (text should be NFC for the places to mean anything to a reader). */
export function textWords(text: string): TextWord[] {
  const out: TextWord[] = [];
  // The whole text is lowercased and folded once (a call per word cost ten
  // times more): an NFC Vietnamese letter folds to one letter, so the folded
  // copy lines up with the text; where it does not, each word folds alone.
  const lower = text.toLowerCase();
  const folded = fold(text);
  const aligned = lower.length === text.length && folded.length === text.length;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (aligned) out.push({ exact: lower.slice(start, end), folded: folded.slice(start, end), start, end });
    else out.push({ exact: exactForm(m[0]), folded: fold(m[0]), start, end });
  }
  return out;
}

/**
 * The folded words of a text as one string, each between spaces
 * (" bao cao thang "): whether a phrase is among them is one `includes`.
 */
export function foldedWordLine(text: string): string {
  return ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

function isWordChar(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  return /[\p{L}\p{M}\p{N}]/u.test(String.fromCharCode(code));
}

/**
 * A word of the query is a whole word of `folded` (a fold() of some text),
 * the last one typed as a prefix. No copy of the text is made: ranking asks
 * this of hundreds of subjects per search.
 */
export function foldedHas(folded: string, w: QueryWord): boolean {
  for (let at = folded.indexOf(w.folded); at >= 0; at = folded.indexOf(w.folded, at + 1)) {
    if (at > 0 && isWordChar(folded.charCodeAt(at - 1))) continue;
    const end = at + w.folded.length;
    if (!w.prefix && end < folded.length && isWordChar(folded.charCodeAt(end))) continue;
    return true;
  }
  return false;
}

export interface QueryWord {
  /** As typed: NFC, lowercase. */
  exact: string;
  folded: string;
  /** Typed with diacritics: only that spelling or none matches. */
  marked: boolean;
  /** The last word typed: it may be the start of a longer word. */
  prefix: boolean;
}

export interface ParsedQuery {
  /** Each phrase's words must follow each other; every phrase must match. */
  phrases: QueryWord[][];
  /** Every word, in order. */
  words: QueryWord[];
  marked: boolean;
}

/** At most this many words are taken from a query: more only costs time. */
const MAX_WORDS = 12;

export function parseQuery(query: string): ParsedQuery | null {
  const phrases: QueryWord[][] = [];
  let count = 0;
  for (const part of query.normalize('NFC').split(/[,;]+/)) {
    const words: QueryWord[] = [];
    WORD.lastIndex = 0;
    for (let m = WORD.exec(part); m !== null && count < MAX_WORDS; m = WORD.exec(part)) {
      const exact = exactForm(m[0]);
      const folded = fold(m[0]);
      if (folded.length === 0) continue;
      words.push({ exact, folded, marked: folded !== exact, prefix: false });
      count++;
    }
    if (words.length > 0) phrases.push(words);
  }
  if (phrases.length === 0) return null;
  // Only what is being typed is unfinished: the last word, when nothing follows it.
  const last = phrases[phrases.length - 1]!;
  if (!/[\s,;.!?]$/.test(query)) last[last.length - 1]!.prefix = true;
  const words = phrases.flat();
  return { phrases, words, marked: words.some((w) => w.marked) };
}

/** How a word of the text answers a word of the query: 2 with the user's own spelling, 1 another accepted one, 0 no match. */
export function wordMatch(q: QueryWord, w: Pick<TextWord, 'exact' | 'folded'>): 0 | 1 | 2 {
  const folds = q.prefix ? w.folded.startsWith(q.folded) : w.folded === q.folded;
  if (!folds) return 0;
  const own = q.prefix ? w.exact.startsWith(q.exact) : w.exact === q.exact;
  if (own) return 2;
  if (!q.marked) return 1;
  // Typed with diacritics: the same word written without any is accepted, another spelling is not.
  const bare = q.prefix ? w.exact.startsWith(q.folded) : w.exact === q.folded;
  return bare ? 1 : 0;
}

export interface TextMatch {
  /** [start, end) of every word that matched, in the text's indices. */
  ranges: [number, number][];
  /** Every matched word carries the user's own spelling. */
  own: boolean;
}

/**
 * Where a query matches one text (a subject, a body): every phrase must
 * occur, its words in a row. Null when it does not match.
 */
export function matchText(text: string, q: ParsedQuery, words: TextWord[] = textWords(text)): TextMatch | null {
  const ranges: [number, number][] = [];
  let own = true;
  for (const phrase of q.phrases) {
    let found = false;
    let phraseOwn = false;
    for (let i = 0; i + phrase.length <= words.length; i++) {
      let allOwn = true;
      let k = 0;
      for (; k < phrase.length; k++) {
        const r = wordMatch(phrase[k]!, words[i + k]!);
        if (r === 0) break;
        if (r === 1) allOwn = false;
      }
      if (k < phrase.length) continue;
      found = true;
      phraseOwn ||= allOwn;
      for (let j = 0; j < phrase.length; j++) ranges.push([words[i + j]!.start, words[i + j]!.end]);
    }
    if (!found) return null;
    own &&= phraseOwn;
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return { ranges, own };
}

/**
 * Adjacent word pairs of a folded text ("da_nang nang_ngay ..."), for an
 * index column that answers phrases without token positions. The index's
 * tokenizer keeps `_` inside a token; other columns have it replaced by a space.
 */
export function pairTokens(folded: string): string {
  const ws = folded.match(/[\p{L}\p{N}]+/gu);
  if (!ws || ws.length < 2) return '';
  const out: string[] = [];
  for (let i = 0; i + 1 < ws.length; i++) out.push(`${ws[i]}_${ws[i + 1]}`);
  return out.join(' ');
}

/** Folded text for an index column whose tokenizer keeps `_` in words: `_` is a separator everywhere else. */
export function foldForIndex(text: string): string {
  return fold(text).replace(/_/g, ' ');
}

/**
 * The FTS5 expression for a parsed query over an index of folded words and a
 * `pairsColumn` of pairTokens(). Every term is quoted, so nothing typed can be
 * FTS5 syntax. `prefix` false reads whole words only (the fast first look).
 */
export function ftsExpression(q: ParsedQuery, pairsColumn: string, prefix = true): string {
  const parts: string[] = [];
  for (const phrase of q.phrases) {
    // A phrase's pairs hold its words: a lone word is asked for only in a phrase of one.
    if (phrase.length === 1) parts.push(`"${phrase[0]!.folded}"${phrase[0]!.prefix && prefix ? '*' : ''}`);
    for (let i = 0; i + 1 < phrase.length; i++) {
      const next = phrase[i + 1]!;
      parts.push(`${pairsColumn} : "${phrase[i]!.folded}_${next.folded}"${next.prefix && prefix ? '*' : ''}`);
    }
  }
  return parts.join(' AND ');
}
