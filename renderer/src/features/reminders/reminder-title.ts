// A reminder's title as the user reads it: a document deadline says how far
// off it is ("Còn 2 ngày đến hạn xử lý: 125/STTTT-CĐS — Về việc…") and names
// hỏa tốc and thượng khẩn; anything else is its title as the source gave it.
import type { TFunction } from 'i18next';
import type { ReminderView } from '../../../../shared/reminders';

/** Only these urgencies are named, as in the documents' lists: they must stand out. */
const NAMED_URGENCIES = new Set(['thuong_khan', 'hoa_toc']);

export function reminderTitle(r: Pick<ReminderView, 'title' | 'detail' | 'daysLeft'>, t: TFunction): string {
  const d = r.detail;
  if (!d || r.daysLeft === null) return r.title || t('reminders.untitled');
  const n = r.daysLeft;
  const lead = n > 0 ? t('reminders.deadline.in', { count: n }) : n === 0 ? t('reminders.deadline.today') : t('reminders.deadline.overdue', { count: -n });
  const what = d.code ? t('reminders.deadline.what', { code: d.code, subject: d.subject }) : d.subject;
  const line = t('reminders.deadline.line', { lead, what });
  return NAMED_URGENCIES.has(d.urgency) ? t('reminders.deadline.urgent', { urgency: t(`documents.urgency.${d.urgency}`), line }) : line;
}
