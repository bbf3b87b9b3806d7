// Wall-clock <-> UTC in a named time zone. ical.js only knows zones whose
// VTIMEZONE it was given, and most servers and clients (RFC 7809) send bare
// IANA TZIDs; Node's Intl carries the whole IANA database, so IANA names are
// resolved here, and an object's own VTIMEZONE is used only for names Intl
// does not know (Outlook's "SE Asia Standard Time" and the like).
import ICAL from 'ical.js';

export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

export interface Wall {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface Zone {
  readonly id: string;
  toUtc(wall: Wall): number;
  toWall(utcMs: number): Wall;
}

const DAY_MS = 86_400_000;

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

function utcAsWall(ms: number): Wall {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export const utcZone: Zone = { id: 'UTC', toUtc: wallAsUtc, toWall: utcAsWall };

/** Offset ms of a zone whose offset is a function of UTC time. */
function zoneFromOffset(id: string, offsetAt: (utcMs: number) => number): Zone {
  return {
    id,
    toUtc(wall) {
      // Guess with the offset at the wall time read as UTC, then correct once:
      // exact except inside a DST gap, where it lands after the gap (as RFC 5545 asks).
      const asUtc = wallAsUtc(wall);
      const first = asUtc - offsetAt(asUtc);
      const second = asUtc - offsetAt(first);
      return second === first ? first : asUtc - offsetAt(second);
    },
    toWall: (ms) => utcAsWall(ms + offsetAt(ms)),
  };
}

const intlZones = new Map<string, Zone | null>();

function intlOffset(fmt: Intl.DateTimeFormat, utcMs: number): number {
  const parts = fmt.formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** An IANA zone through Intl, or null when Intl does not know the name. */
export function ianaZone(id: string): Zone | null {
  const cached = intlZones.get(id);
  if (cached !== undefined) return cached;
  let zone: Zone | null;
  try {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // Offsets change at most a few times a year: memoize per hour, which keeps
    // expanding thousands of occurrences off the slow formatToParts path.
    const memo = new Map<number, number>();
    zone = zoneFromOffset(id, (ms) => {
      const hour = Math.floor(ms / 3_600_000);
      let off = memo.get(hour);
      if (off === undefined) {
        off = intlOffset(fmt, hour * 3_600_000);
        if (memo.size > 50_000) memo.clear();
        memo.set(hour, off);
      }
      return off;
    });
  } catch {
    zone = null;
  }
  intlZones.set(id, zone);
  return zone;
}

/** A zone from an object's own VTIMEZONE, through ical.js. */
export function vtimezoneZone(comp: ICAL.Component): Zone | null {
  const tzid = comp.getFirstPropertyValue('tzid');
  if (typeof tzid !== 'string') return null;
  const tz = new ICAL.Timezone(comp);
  const offsetAtWall = (w: Wall) =>
    tz.utcOffset(ICAL.Time.fromData({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second, isDate: false })) * 1000;
  return {
    id: tzid,
    toUtc: (w) => wallAsUtc(w) - offsetAtWall(w),
    toWall(ms) {
      const guess = utcAsWall(ms + offsetAtWall(utcAsWall(ms)));
      return utcAsWall(ms + offsetAtWall(guess));
    },
  };
}

// Names Windows/Outlook puts in TZID, for the zones agencies here meet.
const WINDOWS_ZONES: Record<string, string> = {
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'UTC': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Eastern Standard Time': 'America/New_York',
  'Pacific Standard Time': 'America/Los_Angeles',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

/**
 * The zone a TZID names: IANA first (the app's tz database is fresher than
 * most VTIMEZONEs), then the object's VTIMEZONE, then Windows names. Null
 * when nothing knows it: the caller falls back to the default zone and warns.
 */
export function resolveZone(tzid: string, own: ReadonlyMap<string, Zone>): Zone | null {
  const bare = tzid.replace(/^\/+/, '');
  return ianaZone(bare) ?? own.get(tzid) ?? (WINDOWS_ZONES[bare] ? ianaZone(WINDOWS_ZONES[bare]) : null);
}

export function dateKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' -> UTC midnight ms, the fixed point all-day dates are stored at. */
export function dateKeyToMs(key: string): number {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function msToDateKey(ms: number): string {
  const d = new Date(ms);
  return dateKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(key: string, days: number): string {
  return msToDateKey(dateKeyToMs(key) + days * DAY_MS);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone: the organization's "today", whatever the computer's zone. */
export function dateKeyIn(zone: Zone, ms: number): string {
  const w = zone.toWall(ms);
  return dateKey(w.year, w.month, w.day);
}

/** The UTC instant a local date starts in a zone (for turning a date range into a time range). */
export function startOfDate(key: string, zone: Zone): number {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return zone.toUtc({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 });
}

export { DAY_MS };
