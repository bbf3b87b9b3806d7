// The few words of a system notification, in the user's language: the core
// shows them itself (the window may be closed), so they cannot go through
// the renderer's i18next. Kept to these lines.
import type { ReminderDetail, ReminderUrgency } from '../../../shared/reminders';
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
    dueIn: (n: number) => `Còn ${n} ngày đến hạn xử lý`,
    dueToday: 'Đến hạn xử lý hôm nay',
    overdue: (n: number) => `Quá hạn xử lý ${n} ngày`,
    deadlineOn: (date: string) => `Hạn xử lý: ${date}`,
    urgency: { thuong: null, khan: null, thuong_khan: 'Thượng khẩn', hoa_toc: 'Hỏa tốc' },
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
    dueIn: (n: number) => `Due in ${n} day${n === 1 ? '' : 's'}`,
    dueToday: 'Due today',
    overdue: (n: number) => `Overdue by ${n} day${n === 1 ? '' : 's'}`,
    deadlineOn: (date: string) => `Deadline: ${date}`,
    urgency: { thuong: null, khan: null, thuong_khan: 'Very urgent', hoa_toc: 'Flash' },
  },
} as const;

export type NoticeText = (typeof TEXT)[Language];

// Only the two urgencies that must stand out are named (as in the documents' lists).
const URGENCY_NAMES: Record<Language, Record<ReminderUrgency, string | null>> = { vi: TEXT.vi.urgency, en: TEXT.en.urgency };

export const noticeText = (language: Language): NoticeText => TEXT[language];

/** HH:MM (and the date when not today) in the zone, for the notification body. */
export function whenText(language: Language, zone: string, ms: number, nowMs: number): string {
  const locale = language === 'vi' ? 'vi-VN' : 'en-GB';
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(t);
  if (day(ms) === day(nowMs)) return time;
  return `${time} ${new Intl.DateTimeFormat(locale, { timeZone: zone, day: '2-digit', month: '2-digit' }).format(ms)}`;
}

const DAY_MS = 86_400_000;

/** Whole days from `today` to `day` (both YYYY-MM-DD); negative once `day` has passed. */
export function daysUntil(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/**
 * A deadline reminder's words, counted from `today` (the organization's day
 * when it is shown, not when it was due to ring: a notice found late says
 * "overdue"): "Hỏa tốc · Còn 2 ngày đến hạn xử lý: 125/STTTT-CĐS — Về việc…".
 */
export function deadlineTitle(language: Language, d: ReminderDetail, today: string): string {
  const t = TEXT[language];
  const n = daysUntil(today, d.day);
  const lead = n > 0 ? t.dueIn(n) : n === 0 ? t.dueToday : t.overdue(-n);
  const urgency = URGENCY_NAMES[language][d.urgency];
  const what = d.code ? `${d.code} — ${d.subject}` : d.subject;
  return `${urgency ? `${urgency} · ` : ''}${lead}: ${what}`;
}

/** The deadline's day for a notice's body, as people write it here (dd/MM/yyyy). */
export function deadlineBody(language: Language, d: ReminderDetail): string {
  const [y, m, day] = d.day.split('-');
  return TEXT[language].deadlineOn(`${day}/${m}/${y}`);
}
