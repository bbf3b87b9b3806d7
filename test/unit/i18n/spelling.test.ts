// One spelling for every Vietnamese word, the modern standard one: in an open
// syllable with oa, oe or uy the tone mark sits on the first vowel (Hủy, Xóa,
// hòa, khỏe), not on the second (Huỷ, Xoá, hoà, khoẻ). With a final consonant
// both styles agree (toán, hoạch, tuyển), and "qu" + y is a consonant and a
// vowel (quý), so neither is flagged.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LOCALES = join(import.meta.dirname, '..', '..', '..', 'renderer', 'src', 'i18n', 'locales');
/** A syllable ending in oa/oe/uy with the mark on its last vowel (Vietnamese writes one syllable per word). */
const OLD_STYLE = /(?<![qQ])(?:[oO][áàảãạéèẻẽẹ]|[uU][ýỳỷỹỵ])$/u;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.json') ? [path] : [];
  });
}

function strings(tree: unknown, at = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[at, tree]];
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

/** The old-style spellings in a text, as the words that hold them. */
export function oldStyleWords(text: string): string[] {
  const words = text.normalize('NFC').split(/[^\p{L}\p{M}]+/u);
  return words.filter((w) => OLD_STYLE.test(w));
}

describe('Vietnamese spelling in the locale files', () => {
  it('recognises the old style and leaves the forms both styles share alone', () => {
    expect(oldStyleWords('Huỷ Xoá hoà khoẻ thuỷ')).toEqual(['Huỷ', 'Xoá', 'hoà', 'khoẻ', 'thuỷ']);
    expect(oldStyleWords('Hủy Xóa hòa khỏe thủy toán hoạch tuyển quý quá loại khoảng')).toEqual([]);
  });

  it('uses the modern standard placement of the tone mark everywhere (Hủy, Xóa)', () => {
    const found = files(LOCALES)
      .filter((f) => !f.includes(`${join('locales', 'en')}`) && !f.endsWith('en.json'))
      .flatMap((f) => strings(JSON.parse(readFileSync(f, 'utf8')) as unknown).flatMap(([key, text]) => oldStyleWords(text).map((w) => `${f.slice(LOCALES.length + 1)} ${key}: ${w}`)));
    expect(found).toEqual([]);
  });
});
