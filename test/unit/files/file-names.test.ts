import { describe, expect, it } from 'vitest';
import { fileNameProblem } from '../../../shared/file-names';
import { filesParams } from '../../../shared/files';
import { normalEtag, sameEtag } from '../../../electron/core/files/client';

describe('file names the user gives', () => {
  it('accepts ordinary Vietnamese names', () => {
    for (const n of ['Báo cáo tuần 49.docx', 'Kế hoạch 2027', '.hidden-ok', 'a.b.c.pdf']) expect(fileNameProblem(n)).toBeNull();
  });
  it('refuses each kind of bad name with its reason', () => {
    expect(fileNameProblem('   ')).toBe('empty');
    expect(fileNameProblem('..')).toBe('dot');
    expect(fileNameProblem('a/b')).toBe('slash');
    expect(fileNameProblem('a\\b')).toBe('slash');
    expect(fileNameProblem('a\u0000b')).toBe('control');
    expect(fileNameProblem('bao-cao\u202Efdp.exe')).toBe('bidi');
    expect(fileNameProblem('a:b')).toBe('forbidden');
    expect(fileNameProblem('CON')).toBe('reserved');
    expect(fileNameProblem('com1.txt')).toBe('reserved');
    expect(fileNameProblem('ten.')).toBe('trailing');
    expect(fileNameProblem('ten ')).toBe('trailing');
    expect(fileNameProblem('đ'.repeat(128))).toBe('too_long');
  });
  it('is enforced by the contract before any handler runs', () => {
    const r = filesParams.mkdir.safeParse({ folder: 'home/x', name: 'NUL' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('files.nameProblem.reserved');
    expect(filesParams.list.safeParse({ path: 'home/../etc' }).success).toBe(false);
  });
});

describe('ETags', () => {
  it('compare without the weak marker or the quoting', () => {
    expect(sameEtag('W/"1-2"', '"1-2"')).toBe(true);
    expect(sameEtag('W/"1-2"', '"1-3"')).toBe(false);
    expect(normalEtag('W/1-2')).toBe('W/"1-2"');
    expect(normalEtag('1-2')).toBe('"1-2"');
  });
});
