// When a document's deadline reminds, from the lead times in Settings (days
// before it; 0 is the day itself). A deadline is a calendar day of the
// organization (Vietnam): each reminder rings at the start of the working day
// in the organization's zone, whatever zone the computer is set to.
//
// Weekends: a reminder "N days before" that falls on a Saturday or a Sunday
// rings on the Friday before instead. Civil servants work Monday to Friday; a
// reminder on a day off is noise, and moving it later would shorten the time
// the lead was chosen to give. Two lead times that land on the same day so
// (a Monday deadline: 1 and 2 days before are both that Friday) ring once,
// under the longer lead. The day itself is the deadline someone set: "on the
// day" stays on it, weekend or not. Public holidays are not known here.
import type { DeadlineLeadDays } from '../../../shared/settings';
import type { Zone } from '../calendar/zones';
import { atWallTime } from '../reminders/clock-times';

export interface LeadFiring {
  lead: DeadlineLeadDays;
  /** The calendar day it rings on, YYYY-MM-DD. */
  day: string;
  /** Epoch ms: the start of work on that day in the zone. */
  at: number;
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Sunday 0 … Saturday 6 of a calendar day, independent of any zone. */
function weekday(n: number): number {
  return new Date(n * DAY_MS).getUTCDay();
}

/** The working day a lead lands on: weekends move back to the Friday before. */
function workingDayOnOrBefore(n: number): number {
  const w = weekday(n);
  if (w === 6) return n - 1;
  if (w === 0) return n - 2;
  return n;
}

// The reminder engine and Today ask for the same few hundred days at every
// look (each start, each change): the answer is kept per zone object.
const starts = new WeakMap<Zone, Map<string, number>>();

/** The start of work on a calendar day in the zone (noon first, so any offset stays on that day). */
export function workStartOn(day: string, workDayStart: string, zone: Zone): number {
  let known = starts.get(zone);
  if (!known) starts.set(zone, (known = new Map()));
  const key = `${day} ${workDayStart}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const noon = zone.toUtc({ year, month, day: date, hour: 12, minute: 0, second: 0 });
  const at = atWallTime(zone, noon, workDayStart);
  if (known.size > 20_000) known.clear();
  known.set(key, at);
  return at;
}

/**
 * The firings of one deadline, earliest first, one per ringing day. `deadline`
 * is YYYY-MM-DD; an unreadable day gives none.
 */
export function leadFirings(deadline: string, leads: readonly DeadlineLeadDays[], workDayStart: string, zone: Zone): LeadFiring[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || !Number.isFinite(dayNumber(deadline))) return [];
  const due = dayNumber(deadline);
  const byDay = new Map<number, DeadlineLeadDays>();
  // Longest lead first, so a day two leads share keeps the longer one.
  for (const lead of [...new Set(leads)].sort((a, b) => b - a)) {
    const n = lead === 0 ? due : workingDayOnOrBefore(due - lead);
    if (!byDay.has(n)) byDay.set(n, lead);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, lead]) => {
      const day = dayString(n);
      return { lead, day, at: workStartOn(day, workDayStart, zone) };
    });
}
