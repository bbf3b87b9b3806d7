import { describe, expect, it } from 'vitest';
import { safeAttachmentName } from '../../../electron/core/documents/edxml/names';

describe('attachment names from other systems', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\system32\\a.pdf', 'a.pdf'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['com1.pdf', '_com1.pdf'],
    ['bao\u0000cao\u001f.pdf', 'baocao.pdf'],
    ['hoa-don\u202Efdp.exe', 'hoa-donfdp.exe'],
    ['ke hoach?.pdf. ', 'ke hoach_.pdf'],
    ['..', 'tep-dinh-kem'],
    ['', 'tep-dinh-kem'],
  ])('%j becomes %j', (raw, safe) => {
    expect(safeAttachmentName(raw).name).toBe(safe);
    expect(safeAttachmentName(raw).changed).toBe(true);
  });

  it('keeps a good Vietnamese name as it is (NFC)', () => {
    expect(safeAttachmentName('Quyết định 07.pdf')).toEqual({ name: 'Quyết định 07.pdf', changed: false });
    expect(safeAttachmentName('Quye\u0302\u0301t.pdf').name).toBe('Quyết.pdf');
  });

  it('shortens a very long name and keeps its extension', () => {
    const n = safeAttachmentName(`${'dài'.repeat(100)}.pdf`).name;
    expect(n.length).toBe(180);
    expect(n.endsWith('.pdf')).toBe(true);
  });
});
