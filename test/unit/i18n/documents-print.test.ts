// The printed register and report speak both languages: every string of the
// Vietnamese sheet has its English counterpart and the other way round, and
// the forms' fixed wording (Decree 30's headings and columns) is as agencies print it.
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/locales/en/documents-print.json';
import vi from '../../../renderer/src/i18n/locales/vi/documents-print.json';

function keys(tree: unknown, at = ''): string[] {
  if (typeof tree === 'string') return [at];
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([k, v]) => keys(v, at ? `${at}.${k}` : k));
  return [];
}

describe('the printed register and report in both languages', () => {
  it('has the same strings in Vietnamese and English', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it("writes Decree 30's heading and the register's columns in Vietnamese, and English ones in English", () => {
    const p = vi.documents.print;
    expect([p.nation, p.motto, p.registerSheet.title]).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN']);
    expect(Object.values(p.registerSheet.col)).toEqual(['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ký nhận', 'Ghi chú']);
    const e = en.documents.print;
    expect([e.nation, e.motto, e.registerSheet.title]).toEqual(['SOCIALIST REPUBLIC OF VIETNAM', 'Independence - Freedom - Happiness', 'INCOMING DOCUMENTS REGISTER']);
    expect(Object.values(e.registerSheet.col).every((s) => /^[\x20-\x7e]+$/.test(s))).toBe(true);
  });
});
