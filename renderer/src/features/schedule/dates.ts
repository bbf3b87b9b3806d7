// Dates as the schedule speaks them: 'YYYY-MM-DD' in the organization's zone
// (the core takes the same zone), formatted through Intl in the UI language.
import { formatClock, intlLocale } from '../../ui/format';

export const SCHEDULE_ZONE = 'Asia/Ho_Chi_Minh';
const DAY = 86_400_000;

export function todayIn(zone: string, now = Date.now()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY).toISOString().slice(0, 10);
}

export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}

/** A date key shown as a day: "Thứ Hai, 17/11/2025" / "Monday, 11/17/2025". */
export function formatDay(date: string, locale: string, style: 'long' | 'short' = 'long'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: style,
    day: '2-digit',
    month: '2-digit',
    ...(style === 'long' ? { year: 'numeric' } : {}),
  }).format(Date.UTC(y, m - 1, d));
}

/** A time as the UI language writes it (24-hour in Vietnamese): see ui/format. */
export function formatTime(ms: number, locale: string, zone = SCHEDULE_ZONE): string {
  return formatClock(ms, locale, zone);
}

/** "Tháng 12 năm 2026" / "December 2026", capitalised as a title. */
export function formatMonth(date: string, locale: string): string {
  const text = new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${date.slice(0, 7)}-01T00:00:00Z`));
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** The local date an instant falls on. */
export function dateOf(ms: number, zone = SCHEDULE_ZONE): string {
  return todayIn(zone, ms);
}
