// The search rules every search of the app uses (shared/text-search.ts):
// folding, whole words, the last word as a prefix, phrases, diacritics as typed.
import { describe, expect, it } from 'vitest';
import { fold, foldedHas, foldWithMap, ftsExpression, matchText, pairTokens, parseQuery, type ParsedQuery } from '../../../shared/text-search';
import { highlight, snippet } from '../../../electron/core/mail/search';

function q(text: string): ParsedQuery {
  const p = parseQuery(text);
  if (!p) throw new Error(`no query in ${text}`);
  return p;
}
const finds = (query: string, text: string) => matchText(text, q(query)) !== null;

describe('fold', () => {
  it('strips Vietnamese marks and folds đ/Đ', () => {
    expect(fold('Hà Nội')).toBe('ha noi');
    expect(fold('Đà Nẵng')).toBe('da nang');
    expect(fold('BÁO CÁO KẾ HOẠCH')).toBe('bao cao ke hoach');
    expect(fold('Công văn số 123/STTTT')).toBe('cong van so 123/stttt');
  });

  it('folds decomposed (NFD) input the same as precomposed', () => {
    expect(fold('Hà Nội'.normalize('NFD'))).toBe(fold('Hà Nội'));
  });

  it('maps folded positions back to the original', () => {
    const m = foldWithMap('Đà Nẵng');
    const at = m.folded.indexOf('nang');
    expect('Đà Nẵng'.slice(m.source[at], m.source[at + 4])).toBe('Nẵng');
  });
});

describe('what a query matches', () => {
  it('"da nang" finds Đà Nẵng and not danh sách, nor a letter with đã here and kỹ năng there', () => {
    expect(finds('da nang', 'Công tác tại Đà Nẵng tuần tới')).toBe(true);
    expect(finds('da nang', 'Gửi danh sách cán bộ')).toBe(false);
    expect(finds('da nang', 'Hệ thống nâng cấp xong')).toBe(false);
    expect(finds('da nang', 'Em đã gửi. Lớp kỹ năng mềm')).toBe(false);
  });

  it('a word typed without diacritics matches every spelling', () => {
    expect(finds('da nang', 'việc đã năng động')).toBe(true);
    expect(finds('da nang', 'Da Nang office')).toBe(true);
  });

  it('a word typed with diacritics matches exactly those, or none', () => {
    expect(finds('Đà Nẵng', 'Công tác tại Đà Nẵng')).toBe(true);
    expect(finds('Đà Nẵng', 'Cong tac tai Da Nang')).toBe(true);
    expect(finds('Đà Nẵng', 'việc đã năng động')).toBe(false);
    expect(finds('đà nẵng', 'ĐÀ NẴNG')).toBe(true);
    // Decomposed text typed or stored compares as composed.
    expect(finds('Đà Nẵng'.normalize('NFD'), 'tại Đà Nẵng')).toBe(true);
  });

  it('matches whole words, with only the last word typed as a prefix', () => {
    expect(finds('bao ca', 'Gửi báo cáo tháng')).toBe(true);
    expect(finds('ba cao', 'Gửi báo cáo tháng')).toBe(false);
    expect(finds('tra', 'Thanh tra sở')).toBe(true);
    expect(finds('tra', 'Gửi trang tin')).toBe(true);
    // A finished word (a space after it) is whole.
    expect(finds('tra ', 'Gửi trang tin')).toBe(false);
  });

  it('separates phrases with a comma; each must match somewhere', () => {
    expect(finds('nguyen, bao cao', 'Nguyễn Văn A gửi báo cáo')).toBe(true);
    expect(finds('nguyen bao cao', 'Nguyễn Văn A gửi báo cáo')).toBe(false);
  });

  it('tells when the user’s own diacritics matched, for ranking', () => {
    expect(matchText('Đà Nẵng', q('Đà Nẵng'))?.own).toBe(true);
    expect(matchText('Da Nang', q('Đà Nẵng'))?.own).toBe(false);
  });

  it('builds an FTS5 expression that injects nothing and asks pairs for phrases', () => {
    expect(ftsExpression(q('Báo cáo'), 'pairs')).toBe('pairs : "bao_cao"*');
    expect(ftsExpression(q('Báo cáo'), 'pairs', false)).toBe('pairs : "bao_cao"');
    expect(ftsExpression(q('báo cáo tháng, Hà'), 'pairs')).toBe('pairs : "bao_cao" AND pairs : "cao_thang" AND "ha"*');
    expect(ftsExpression(q('"; DROP x; NEAR('), 'pairs')).toBe('pairs : "drop_x" AND "near"*');
    expect(parseQuery('  ,.; ')).toBeNull();
    expect(pairTokens('da nang, ngay 5')).toBe('da_nang nang_ngay ngay_5');
  });
});

describe('ranking by where the words are', () => {
  it('finds whole folded words, the last typed one as a prefix', () => {
    const [da, nang] = q('da nang').words;
    expect(foldedHas(fold('Gửi danh sách'), da!)).toBe(false);
    expect(foldedHas(fold('Đà Nẵng'), da!)).toBe(true);
    expect(foldedHas(fold('nâng cấp'), nang!)).toBe(true);
    expect(foldedHas(fold('nângcấp'), nang!)).toBe(true);
    expect(foldedHas(fold('kỹnăng'), nang!)).toBe(false);
  });
});

describe('highlight', () => {
  it('marks whole words found by a folded query, keeping the original characters', () => {
    const segs = highlight('Kế hoạch công tác tại Đà Nẵng', q('da nang'));
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['Đà', 'Nẵng']);
    expect(segs.map((s) => s.text).join('')).toBe('Kế hoạch công tác tại Đà Nẵng');
  });

  it('does not mark a word that only starts like a finished query word', () => {
    const segs = highlight('danh sách đã gửi', q('da nang'));
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['đã']);
  });

  it('cuts a snippet around the first match', () => {
    const body = 'Mở đầu. '.repeat(50) + 'Xin gửi báo cáo tháng. ' + 'Kết thúc. '.repeat(50);
    const segs = snippet(body, q('bao cao'));
    const text = segs.map((s) => s.text).join('');
    expect(text.startsWith('…')).toBe(true);
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['báo', 'cáo']);
    expect(text.length).toBeLessThan(260);
  });
});
