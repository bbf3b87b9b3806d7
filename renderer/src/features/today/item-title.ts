// What a line of Today is called. A reminder says it as the Reminders page and
// the ringing strip do (reminders/reminder-title.ts: "Còn 2 ngày đến hạn xử
// lý: …"), an outbox line says what waits where, anything else its title.
import type { TFunction } from 'i18next';
import type { TodayItem } from '../../../../shared/today';
import { reminderTitle } from '../reminders/reminder-title';

export function todayItemTitle(section: string, item: TodayItem, t: TFunction): string {
  if (section === 'outbox') {
    const kind = item.id.endsWith(':refused') ? 'refused' : item.id.endsWith(':conflicts') ? 'conflicts' : 'waiting';
    return t(`today.outbox.${kind}`, { service: t(`nav.${item.open?.section ?? 'mail'}`), count: Number(item.detail) });
  }
  if (section === 'reminders' && item.reminder) return reminderTitle(item.reminder, t);
  return item.title || t('reminders.untitled');
}
