import { describe, expect, it } from 'vitest';
import { fold, foldWithMap, ftsQuery, queryTerms } from '../../../electron/core/mail/fold';
import { highlight, snippet } from '../../../electron/core/mail/search';

describe('fold', () => {
  it('strips Vietnamese marks and folds đ/Đ', () => {
    expect(fold('Hà Nội')).toBe('ha noi');
    expect(fold('Đà Nẵng')).toBe('da nang');
    expect(fold('đà nẵng')).toBe('da nang');
    expect(fold('BÁO CÁO KẾ HOẠCH')).toBe('bao cao ke hoach');
    expect(fold('Công văn số 123/STTTT')).toBe('cong van so 123/stttt');
  });

  it('folds decomposed (NFD) input the same as precomposed', () => {
    expect(fold('Hà Nội'.normalize('NFD'))).toBe(fold('Hà Nội'));
  });

  it('maps folded positions back to the original', () => {
    const m = foldWithMap('Đà Nẵng');
    expect(m.folded).toBe('da nang');
    const at = m.folded.indexOf('nang');
    expect('Đà Nẵng'.slice(m.source[at], m.source[at + 4])).toBe('Nẵng');
  });

  it('builds a safe FTS5 query with the last word as a prefix', () => {
    expect(ftsQuery('Báo cáo')).toBe('"bao" "cao"*');
    expect(ftsQuery('"; DROP TABLE x; NEAR(')).toBe('"drop" "table" "x" "near"*');
    expect(ftsQuery('  ,.; ')).toBeNull();
    expect(queryTerms('Đà Nẵng')).toEqual(['da', 'nang']);
  });
});

describe('highlight', () => {
  it('marks whole words found by a folded query, keeping the original characters', () => {
    const segs = highlight('Kế hoạch công tác tại Đà Nẵng', queryTerms('da nang'));
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['Đà', 'Nẵng']);
    expect(segs.map((s) => s.text).join('')).toBe('Kế hoạch công tác tại Đà Nẵng');
  });

  it('does not mark a term inside another word', () => {
    const segs = highlight('Thanh tra', ['tra']);
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['tra']);
  });

  it('cuts a snippet around the first match', () => {
    const body = 'Mở đầu. '.repeat(50) + 'Xin gửi báo cáo tháng. ' + 'Kết thúc. '.repeat(50);
    const segs = snippet(body, queryTerms('bao cao'));
    const text = segs.map((s) => s.text).join('');
    expect(text.startsWith('…')).toBe(true);
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['báo', 'cáo']);
    expect(text.length).toBeLessThan(260);
  });
});
