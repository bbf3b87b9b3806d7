// Names of files saved on this computer from Files: a server name another
// client made is made safe for the local file system, and a download into a
// folder never lands on a file the user already has there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePath, localName } from '../../../electron/core/files/download';

const dir = mkdtempSync(join(tmpdir(), 'govdesk-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local names of downloads', () => {
  it('keeps Vietnamese names as they are (NFC)', () => {
    expect(localName('Báo cáo tuần 49.docx'.normalize('NFD'))).toBe('Báo cáo tuần 49.docx'.normalize('NFC'));
  });

  it('replaces what Windows or macOS refuse, and hides no extension behind a bidi override', () => {
    expect(localName('a:b*c?.txt')).toBe('a_b_c_.txt');
    expect(localName('hoa-don\u202Efdp.exe')).toBe('hoa-don_fdp.exe');
    expect(localName('ghi chú. ')).toBe('ghi chú');
    expect(localName('CON.txt')).toBe('_CON.txt');
    expect(localName('...')).toBe('_');
  });

  it('picks "name (2).ext" when the name is taken, then (3)', () => {
    expect(freePath(dir, 'tờ trình.pdf')).toBe(join(dir, 'tờ trình.pdf'));
    writeFileSync(join(dir, 'tờ trình.pdf'), 'x');
    expect(freePath(dir, 'tờ trình.pdf')).toBe(join(dir, 'tờ trình (2).pdf'));
    writeFileSync(join(dir, 'tờ trình (2).pdf'), 'x');
    expect(freePath(dir, 'tờ trình.pdf')).toBe(join(dir, 'tờ trình (3).pdf'));
    writeFileSync(join(dir, 'Hồ sơ'), 'x');
    expect(freePath(dir, 'Hồ sơ')).toBe(join(dir, 'Hồ sơ (2)'));
  });
});
