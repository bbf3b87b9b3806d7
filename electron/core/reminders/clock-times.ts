// Wall-clock rules of reminders: quiet hours and "tomorrow morning", in the
// organization's time zone (DST-safe through Zone.toUtc).
import { type Zone } from '../calendar/zones';

export interface QuietHours {
  enabled: boolean;
  /** HH:MM */
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The instant of `hhmm` on the wall date of `ms` moved by `days`. */
export function atWallTime(zone: Zone, ms: number, hhmm: string, days = 0): number {
  const w = zone.toWall(ms);
  const mins = minutesOf(hhmm);
  // Date.UTC normalizes day overflow (31 + 1 → the 1st of the next month).
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return zone.toUtc({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(mins / 60), minute: mins % 60, second: 0 });
}

/** When the quiet hours holding `ms` end; null when `ms` is not inside them. */
export function quietUntil(q: QuietHours, zone: Zone, ms: number): number | null {
  if (!q.enabled) return null;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return null;
  const w = zone.toWall(ms);
  const m = w.hour * 60 + w.minute;
  if (start < end) return m >= start && m < end ? atWallTime(zone, ms, q.end) : null;
  // Past midnight: 22:00-06:30 holds 22:00..23:59 (ends tomorrow) and 00:00..06:29 (ends today).
  if (m >= start) return atWallTime(zone, ms, q.end, 1);
  if (m < end) return atWallTime(zone, ms, q.end);
  return null;
}
