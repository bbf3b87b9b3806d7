// Today's Reminders section words a deadline reminder as the Reminders page
// and the ringing strip do, through the same function.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { TodayItem } from '../../../shared/today';
import { todayItemTitle } from '../../../renderer/src/features/today/item-title';
import enDocs from '../../../renderer/src/i18n/locales/en/documents.json';
import enRem from '../../../renderer/src/i18n/locales/en/reminders.json';
import viDocs from '../../../renderer/src/i18n/locales/vi/documents.json';
import viRem from '../../../renderer/src/i18n/locales/vi/reminders.json';

async function translator(lng: 'vi' | 'en') {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { vi: { translation: { ...viDocs, ...viRem } }, en: { translation: { ...enDocs, ...enRem } } }, interpolation: { escapeValue: false } });
  return i.t;
}

const base = { detail: 'documents', at: 0, end: null, allDay: false, meetingUrl: null, urgency: 'due', open: { section: 'reminders', id: 'r1' } } satisfies Omit<TodayItem, 'id' | 'title'>;
const deadline: TodayItem = {
  ...base,
  id: 'r1',
  title: '125/STTTT-CĐS: Về việc triển khai nền tảng số',
  reminder: {
    id: 'r1',
    source: 'documents',
    title: '125/STTTT-CĐS: Về việc triển khai nền tảng số',
    state: 'ringing',
    open: { section: 'documents', id: 'd1' },
    detail: { kind: 'deadline', day: '2026-12-09', code: '125/STTTT-CĐS', subject: 'Về việc triển khai nền tảng số', urgency: 'thuong' },
    daysLeft: 2,
  },
};

describe('a line of Today', () => {
  it('words a deadline reminder with its lead, in Vietnamese and English', async () => {
    expect(todayItemTitle('reminders', deadline, await translator('vi'))).toBe('Còn 2 ngày đến hạn xử lý: 125/STTTT-CĐS — Về việc triển khai nền tảng số');
    expect(todayItemTitle('reminders', deadline, await translator('en'))).toMatch(/^Due in 2 days: 125\/STTTT-CĐS/);
  });

  it('keeps any other reminder’s and item’s title', async () => {
    const t = await translator('vi');
    const meeting: TodayItem = { ...base, id: 'r2', title: 'Họp giao ban', reminder: { id: 'r2', source: 'calendar', title: 'Họp giao ban', state: 'missed', open: null, detail: null, daysLeft: null } };
    expect(todayItemTitle('reminders', meeting, t)).toBe('Họp giao ban');
    expect(todayItemTitle('documents', { ...deadline, reminder: undefined }, t)).toBe('125/STTTT-CĐS: Về việc triển khai nền tảng số');
  });
});
