// Dates and times as the app speaks them, whatever the browser's or the
// system's locale: Vietnamese day first and 24-hour; English as English
// readers expect it. Every screen formats through here, so they agree.
export const APP_ZONE = 'Asia/Ho_Chi_Minh';

/** The Intl locale for a UI language: Vietnamese is pinned to Viet Nam's conventions. */
export function intlLocale(language: string): string {
  return language.startsWith('vi') ? 'vi-VN' : 'en-GB';
}

// Making a formatter costs far more than using one, and a list formats the
// same few ways for each of its rows: one formatter per locale, zone and
// options is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
const numberFormatters = new Map<string, Intl.NumberFormat>();

function fmt(language: string, options: Intl.DateTimeFormatOptions, zone: string): Intl.DateTimeFormat {
  const locale = intlLocale(language);
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options })));
  return f;
}

/** Whether the language reads times on a 24-hour clock (Vietnamese) or with AM/PM (English). */
export function uses24h(language: string): boolean {
  return language.startsWith('vi');
}

/** "13:01" / "1:01 pm": the time alone. */
export function formatClock(ms: number, language: string, zone = APP_ZONE): string {
  return uses24h(language)
    ? fmt(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, zone).format(ms)
    : fmt(language, { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }, zone).format(ms);
}

/** "07/12/2026" / "7 Dec 2026". */
export function formatDate(ms: number, language: string, zone = APP_ZONE): string {
  return language.startsWith('vi')
    ? fmt(language, { day: '2-digit', month: '2-digit', year: 'numeric' }, zone).format(ms)
    : fmt(language, { day: 'numeric', month: 'short', year: 'numeric' }, zone).format(ms);
}

function sameDay(a: number, b: number, zone: string): boolean {
  const day = (ms: number) => fmt('en', { year: 'numeric', month: '2-digit', day: '2-digit' }, zone).format(ms);
  return day(a) === day(b);
}

/** A list's "when": the time alone for today, the date for anything older. */
export function formatListWhen(ms: number, language: string, now = Date.now(), zone = APP_ZONE): string {
  return sameDay(ms, now, zone) ? formatClock(ms, language, zone) : formatDate(ms, language, zone);
}

/** A moment in full, date before time: "Thứ Hai, 07/12/2026, 13:01" / "Monday, 7 Dec 2026, 1:01 pm". */
export function formatMoment(ms: number, language: string, zone = APP_ZONE): string {
  const weekday = fmt(language, { weekday: 'long' }, zone).format(ms);
  return `${weekday}, ${formatDate(ms, language, zone)}, ${formatClock(ms, language, zone)}`;
}

/** Short date and time, for "last synced at": the time alone when it was today. */
export function formatStamp(ms: number, language: string, now = Date.now(), zone = APP_ZONE): string {
  return sameDay(ms, now, zone) ? formatClock(ms, language, zone) : `${formatDate(ms, language, zone)} ${formatClock(ms, language, zone)}`;
}

/** "1,5 MB" / "1.5 MB": a file's size in the app's language (1024-based, as file managers show it). */
export function formatSize(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const locale = intlLocale(language);
  const key = `${locale}|${i}`;
  let f = numberFormatters.get(key);
  if (!f) numberFormatters.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 })));
  return f.format(v);
}
