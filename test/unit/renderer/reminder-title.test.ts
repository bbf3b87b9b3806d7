// A deadline reminder's row in the Reminders section and the ringing strip:
// which lead it is, in the user's language through i18next, with hỏa tốc and
// thượng khẩn named; other reminders keep their title.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { ReminderView } from '../../../shared/reminders';
import { reminderTitle } from '../../../renderer/src/features/reminders/reminder-title';
import enDocs from '../../../renderer/src/i18n/locales/en/documents.json';
import enRem from '../../../renderer/src/i18n/locales/en/reminders.json';
import viDocs from '../../../renderer/src/i18n/locales/vi/documents.json';
import viRem from '../../../renderer/src/i18n/locales/vi/reminders.json';

async function translator(lng: 'vi' | 'en') {
  const i = i18next.createInstance();
  await i.init({
    lng,
    resources: { vi: { translation: { ...viDocs, ...viRem } }, en: { translation: { ...enDocs, ...enRem } } },
    interpolation: { escapeValue: false },
  });
  return i.t;
}

const row = (daysLeft: number, urgency: 'thuong' | 'khan' | 'thuong_khan' | 'hoa_toc' = 'thuong'): Pick<ReminderView, 'title' | 'detail' | 'daysLeft'> => ({
  title: '125/STTTT-CĐS: Về việc triển khai nền tảng số',
  detail: { kind: 'deadline', day: '2026-12-14', code: '125/STTTT-CĐS', subject: 'Về việc triển khai nền tảng số', urgency },
  daysLeft,
});

describe('a deadline reminder as the renderer words it', () => {
  it('in Vietnamese', async () => {
    const t = await translator('vi');
    expect(reminderTitle(row(2), t)).toBe('Còn 2 ngày đến hạn xử lý: 125/STTTT-CĐS — Về việc triển khai nền tảng số');
    expect(reminderTitle(row(0, 'hoa_toc'), t)).toBe('Hỏa tốc · Đến hạn xử lý hôm nay: 125/STTTT-CĐS — Về việc triển khai nền tảng số');
    expect(reminderTitle(row(-3, 'khan'), t)).toBe('Quá hạn xử lý 3 ngày: 125/STTTT-CĐS — Về việc triển khai nền tảng số');
  });

  it('in English, one day and several', async () => {
    const t = await translator('en');
    expect(reminderTitle(row(1, 'thuong_khan'), t)).toBe('Very urgent · Due in 1 day: 125/STTTT-CĐS — Về việc triển khai nền tảng số');
    expect(reminderTitle(row(7), t)).toBe('Due in 7 days: 125/STTTT-CĐS — Về việc triển khai nền tảng số');
    expect(reminderTitle(row(-1), t)).toBe('Overdue by 1 day: 125/STTTT-CĐS — Về việc triển khai nền tảng số');
  });

  it('leaves any other reminder its title', async () => {
    const t = await translator('en');
    expect(reminderTitle({ title: 'Giao ban tuần', detail: null, daysLeft: null }, t)).toBe('Giao ban tuần');
    expect(reminderTitle({ title: '', detail: null, daysLeft: null }, t)).toBe('(No title)');
  });
});
