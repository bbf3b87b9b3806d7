// Vietnamese folding for search: the index holds a folded copy of the text and
// queries are folded the same way, so "ha noi" finds "Hà Nội" and both
// "da nang" and "đà nẵng" find "Đà Nẵng". FTS5's unicode61 remove_diacritics
// handles the tone and vowel marks but not đ/Đ, which is a separate letter in
// Unicode, not d plus a mark (see toolchain-notes.md): hence our own fold.

const COMBINING = /[\u0300-\u036f]/g;

/** Folds one string: NFD, drop combining marks, đ→d, Đ→D, lowercase. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '').replace(/[đĐ]/g, 'd').toLowerCase();
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

/** Words of a folded query: letters and digits only, as FTS5's unicode61 splits them. */
export function queryTerms(query: string): string[] {
  return fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 12);
}

/**
 * An FTS5 MATCH expression for what a person typed: every word must occur
 * (each quoted, so no FTS5 syntax can be injected), the last one as a prefix
 * because people search while typing. Null when nothing searchable remains.
 */
export function ftsQuery(query: string): string | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
}
