// The few words of a system notification, in the user's language: the core
// shows them itself (the window may be closed), so they cannot go through
// the renderer's i18next. Kept to these lines.
import type { Language } from '../../../shared/settings';

const TEXT = {
  vi: {
    open: 'Mở',
    snooze5: 'Báo lại sau 5 phút',
    snooze10: 'Báo lại sau 10 phút',
    snooze60: 'Báo lại sau 1 giờ',
    snoozeTomorrow: 'Báo lại sáng mai',
    dismiss: 'Bỏ qua',
    at: (time: string) => `Lúc ${time}`,
    many: (n: number) => `${n} lời nhắc`,
    missed: (n: number) => `Bạn đã lỡ ${n} lời nhắc`,
    missedBody: 'Trong lúc máy ngủ hoặc ứng dụng đóng. Mở mục Nhắc việc để xem.',
    quiet: (n: number) => `${n} lời nhắc trong giờ yên lặng`,
  },
  en: {
    open: 'Open',
    snooze5: 'Snooze 5 minutes',
    snooze10: 'Snooze 10 minutes',
    snooze60: 'Snooze 1 hour',
    snoozeTomorrow: 'Snooze until tomorrow morning',
    dismiss: 'Dismiss',
    at: (time: string) => `At ${time}`,
    many: (n: number) => `${n} reminders`,
    missed: (n: number) => `You missed ${n} reminder${n === 1 ? '' : 's'}`,
    missedBody: 'While the computer slept or the app was closed. Open Reminders to see them.',
    quiet: (n: number) => `${n} reminder${n === 1 ? '' : 's'} during quiet hours`,
  },
} as const;

export type NoticeText = (typeof TEXT)[Language];

export const noticeText = (language: Language): NoticeText => TEXT[language];

/** HH:MM (and the date when not today) in the zone, for the notification body. */
export function whenText(language: Language, zone: string, ms: number, nowMs: number): string {
  const locale = language === 'vi' ? 'vi-VN' : 'en-GB';
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(t);
  if (day(ms) === day(nowMs)) return time;
  return `${time} ${new Intl.DateTimeFormat(locale, { timeZone: zone, day: '2-digit', month: '2-digit' }).format(ms)}`;
}
