import { describe, expect, it } from 'vitest';
import { attachmentName, safeFilename } from '../../../electron/core/mail/filename';

describe('attachment names', () => {
  it('removes a right-to-left override so the name shows what the file is', () => {
    expect(safeFilename('bao-cao\u202efdp.exe')).toBe('bao-caofdp.exe');
    expect(safeFilename('a\u2066b\u2069\u200bc.pdf')).toBe('abc.pdf');
    expect(safeFilename('tab\tand\nnewline.txt')).toBe('tabandnewline.txt');
  });

  it('keeps only the last path part', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('..\\..\\Windows\\system.ini')).toBe('system.ini');
    expect(safeFilename('..')).toBe('attachment');
    expect(safeFilename('', 'message.eml')).toBe('message.eml');
  });

  it('alters reserved Windows names, forbidden characters and trailing dots and spaces', () => {
    expect(safeFilename('CON.txt')).toBe('_CON.txt');
    expect(safeFilename('nul')).toBe('_nul');
    expect(safeFilename('com1.tar.gz')).toBe('_com1.tar.gz');
    expect(safeFilename('CONSOLE.txt')).toBe('CONSOLE.txt');
    expect(safeFilename('báo cáo.pdf. . ')).toBe('báo cáo.pdf');
    expect(safeFilename('a<b>:c"d|e?f*.doc')).toBe('a_b__c_d_e_f_.doc');
    expect(safeFilename('.bashrc')).toBe('bashrc');
  });

  it('caps the length in bytes and keeps the extension', () => {
    const long = 'Báo cáo tổng kết '.repeat(30) + '.pdf';
    const safe = safeFilename(long);
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(200);
    expect(safe.endsWith('.pdf')).toBe(true);
    expect(safe.startsWith('Báo cáo tổng kết')).toBe(true);
  });

  it('is NFC and says what the original was only when it changed', () => {
    expect(attachmentName('Ba\u0301o ca\u0301o.pdf', 'attachment')).toEqual({ filename: 'Báo cáo.pdf', originalFilename: null });
    expect(attachmentName('CON.txt', 'attachment')).toEqual({ filename: '_CON.txt', originalFilename: 'CON.txt' });
    expect(attachmentName(null, 'message.eml')).toEqual({ filename: 'message.eml', originalFilename: null });
  });
});
