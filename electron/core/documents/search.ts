// Local search over documents with the app's one set of rules
// (shared/text-search.ts, as mail): whole words and phrases, Vietnamese
// folding (đ, decomposed input), diacritics typed count, the user's own
// spelling ranked first and highlighted where it matched. The index gives
// candidates newest first, bounded like mail's, and only those are ranked.
import type { Box, DocSearchResult } from '../../../shared/documents';
import type { TextSegment } from '../../../shared/mail';
import { matchText, parseQuery, textWords, type ParsedQuery, type TextWord } from '../../../shared/text-search';
import { highlight, snippet } from '../mail/search';
import { textsWithFiles, type DocumentStore, type ListRow, type StoredTexts } from './store';

const CANDIDATES = 200;
const MAX_SCANNED = 1000;

interface Verdict {
  ok: boolean;
  own: boolean;
  inSubject: number;
  inCode: number;
}

export class DocumentSearch {
  constructor(private readonly store: DocumentStore) {}

  search(query: string, box: Box | undefined, limit: number, summary: (rows: ListRow[]) => DocSearchResult['hits'][number]['doc'][]): DocSearchResult {
    const q = parseQuery(query);
    if (!q) return { hits: [], truncated: false };
    const exact = this.store.searchExpression(q, false);
    const prefixed = this.store.searchExpression(q, true);
    const last = q.words[q.words.length - 1]!;
    const usePrefix = prefixed !== exact && last.folded.length >= 2;
    const mustVerify = q.marked || q.phrases.some((p) => p.length > 2);
    const found: { id: string; rowid: number; v: Verdict }[] = [];
    const seen = new Set<number>();
    let scanned = 0;
    let truncated = false;
    for (const match of usePrefix ? [exact, prefixed] : [exact]) {
      let before: number | null = null;
      for (;;) {
        const batch = this.store.searchCandidates(match, CANDIDATES, box, before);
        const fresh = batch.filter((c) => !seen.has(c.rowid));
        const judged = fresh.map((c) => ({ c, j: this.judge(c, q, mustVerify) }));
        // What subject and number leave open is checked on every text, read for those candidates in one go.
        const open = judged.filter((x) => x.j.rest !== null).map((x) => x.c);
        const texts = this.store.textsOf(open);
        const fileTexts = this.store.fileTextsOf(open.map((c) => c.id));
        for (const { c, j } of judged) {
          seen.add(c.rowid);
          scanned++;
          let v = j.v;
          if (j.rest) {
            const stored = texts.get(c.rowid);
            v = stored ? j.rest(textsWithFiles(stored, fileTexts.get(c.id) ?? '')) : { ok: false, own: false, inSubject: v.inSubject, inCode: v.inCode };
          }
          if (v.ok) found.push({ id: c.id, rowid: c.rowid, v });
        }
        if (batch.length < CANDIDATES) break;
        if (found.length >= CANDIDATES || scanned >= MAX_SCANNED) {
          truncated = true;
          break;
        }
        before = batch[batch.length - 1]!.rowid;
      }
      if (found.length >= CANDIDATES) break;
    }
    found.sort((a, b) => b.rowid - a.rowid);
    const scored = found.map((f, i) => ({ f, score: (f.v.own ? 0.4 : 0) + 0.3 * f.v.inSubject + 0.2 * f.v.inCode + 0.1 * (1 - i / found.length) }));
    scored.sort((a, b) => b.score - a.score || b.f.rowid - a.f.rowid);
    const top = scored.slice(0, limit).map((s) => s.f);
    const docs = summary(this.store.listRows(top.map((t) => t.id)));
    const byId = new Map(docs.map((d) => [d.id, d]));
    const shown = this.store.textsOf(top);
    const hits = top.flatMap((t) => {
      const doc = byId.get(t.id);
      const texts = shown.get(t.rowid);
      return doc && texts ? [{ doc, subject: highlight(texts.subject, q), snippet: this.snippetOf(t.id, texts, q) }] : [];
    });
    return { hits, truncated: truncated || found.length > CANDIDATES };
  }

  /**
   * The verdict from subject and number alone when they settle it (the index
   * answered, or every phrase is found there, in the user's own diacritics if
   * they typed some); otherwise `rest` finishes it with the other texts. Both
   * paths give what checking every text at once would.
   */
  private judge(c: { code: string; subject: string }, q: ParsedQuery, mustVerify: boolean): { v: Verdict; rest: ((texts: ReturnType<typeof textsWithFiles>) => Verdict) | null } {
    const subjectWords = textWords(c.subject.normalize('NFC'));
    const codeWords = textWords(c.code.normalize('NFC'));
    const share = (words: TextWord[]) => q.words.filter((w) => words.some((t) => matchText('', { phrases: [[w]], words: [w], marked: w.marked }, [t]) !== null)).length / q.words.length;
    const inSubject = share(subjectWords);
    const inCode = share(codeWords);
    if (!mustVerify) return { v: { ok: true, own: false, inSubject, inCode }, rest: null };
    const phrases = q.phrases.map((phrase): ParsedQuery => ({ phrases: [phrase], words: phrase, marked: phrase.some((w) => w.marked) }));
    const settled = phrases.every((one) => {
      const matches = [subjectWords, codeWords].map((words) => matchText('', one, words)).filter((m) => m !== null);
      return matches.length > 0 && (!q.marked || matches.some((m) => m.own));
    });
    if (settled) return { v: { ok: true, own: q.marked, inSubject, inCode }, rest: null };
    const rest = (texts: ReturnType<typeof textsWithFiles>): Verdict => {
      const all = [subjectWords, codeWords, ...[texts.people, texts.opinions, texts.files, texts.body].map((t) => textWords(t.normalize('NFC')))];
      let own = true;
      for (const one of phrases) {
        const matches = all.map((words) => matchText('', one, words)).filter((m) => m !== null);
        if (matches.length === 0) return { ok: false, own: false, inSubject, inCode };
        own &&= matches.some((m) => m.own);
      }
      return { ok: true, own: q.marked && own, inSubject, inCode };
    };
    return { v: { ok: false, own: false, inSubject, inCode }, rest };
  }

  /** Where else it matched: the first of opinions, people, files, text that answers the query. */
  private snippetOf(id: string, t: StoredTexts, q: ParsedQuery): TextSegment[] {
    const folded = new Set(q.words.map((w) => w.folded));
    // The files' text is read only when nothing shorter answers.
    const texts: (() => string)[] = [() => t.code, () => t.opinions, () => t.people, () => t.files, () => textsWithFiles(t, this.store.fileTextOf(id)).body];
    for (const text of texts) {
      const n = text().normalize('NFC');
      if (textWords(n).some((w) => folded.has(w.folded) || q.words.some((x) => x.prefix && w.folded.startsWith(x.folded)))) return snippet(n, q);
    }
    return [];
  }
}
