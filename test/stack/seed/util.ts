/** Deterministic helpers for the seed: the week, a seeded random generator, MIME and iCalendar bits. */

/** Vietnam has used UTC+7 all year since 1975: no DST, so offsets are exact. */
export const VN_OFFSET_MS = 7 * 3600_000;
export const TZID = 'Asia/Ho_Chi_Minh';

export interface Week {
  /** The reference day (YYYY-MM-DD): "today" for the demo data. */
  today: string;
  /** Monday of that week (YYYY-MM-DD, local). */
  monday: string;
  /** 0 = Monday ... 6 = Sunday. */
  todayIndex: number;
}

export function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The week of `date` (YYYY-MM-DD) or of today in Vietnam. */
export function resolveWeek(date?: string, now: Date = new Date()): Week {
  const today = date ?? ymd(new Date(now.getTime() + VN_OFFSET_MS));
  const t = new Date(`${today}T00:00:00Z`);
  if (Number.isNaN(t.getTime())) throw new Error(`not a date: ${today}`);
  const todayIndex = (t.getUTCDay() + 6) % 7;
  const monday = ymd(new Date(t.getTime() - todayIndex * 86400_000));
  return { today, monday, todayIndex };
}

/** The instant of local time `hh:mm` on Monday + `day` days. */
export function localTime(week: Week, day: number, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const base = Date.parse(`${week.monday}T00:00:00Z`) + day * 86400_000;
  return new Date(base + ((h ?? 0) * 60 + (m ?? 0)) * 60_000 - VN_OFFSET_MS);
}

/** iCalendar local date-time (for ;TZID=Asia/Ho_Chi_Minh). */
export function icalLocal(d: Date): string {
  const l = new Date(d.getTime() + VN_OFFSET_MS).toISOString();
  return `${l.slice(0, 4)}${l.slice(5, 7)}${l.slice(8, 10)}T${l.slice(11, 13)}${l.slice(14, 16)}${l.slice(17, 19)}`;
}
export function icalUtc(d: Date): string {
  return `${icalLocal(new Date(d.getTime() - VN_OFFSET_MS))}Z`;
}
export function icalDate(d: Date): string {
  return icalLocal(d).slice(0, 8);
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function pick<T>(r: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(r() * xs.length)];
  if (x === undefined) throw new Error('pick from empty list');
  return x;
}

// ---------- MIME ----------

/** RFC 2047 encoded words (UTF-8, base64), split on character boundaries. */
export function encodeWord(s: string, charset = 'UTF-8'): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  const chars = [...s];
  const words: string[] = [];
  for (let i = 0; i < chars.length; i += 10) {
    words.push(`=?${charset}?B?${Buffer.from(chars.slice(i, i + 10).join(''), 'utf8').toString('base64')}?=`);
  }
  return words.join('\r\n ');
}

export interface Addr {
  name: string;
  email: string;
}

export function formatAddr(a: Addr): string {
  return a.name ? `${encodeWord(a.name)} <${a.email}>` : `<${a.email}>`;
}

/** RFC 5322 date in +0700. */
export function rfc2822(d: Date): string {
  const l = new Date(d.getTime() + VN_OFFSET_MS);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[l.getUTCDay()]}, ${p(l.getUTCDate())} ${months[l.getUTCMonth()]} ${l.getUTCFullYear()} ${p(l.getUTCHours())}:${p(l.getUTCMinutes())}:${p(l.getUTCSeconds())} +0700`;
}

export function base64Lines(b: Buffer): string {
  return (b.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** Quoted-printable for UTF-8 text (soft line breaks at 76). */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let enc = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      const c = String.fromCharCode(byte);
      enc += (byte >= 33 && byte <= 126 && c !== '=') || byte === 32 ? c : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (enc.endsWith(' ')) enc = `${enc.slice(0, -1)}=20`;
    let rest = enc;
    while (rest.length > 75) {
      let cut = 75;
      const eq = rest.lastIndexOf('=', cut - 1);
      if (eq > cut - 3) cut = eq;
      out.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join('\r\n');
}

/** RFC 2231 filename parameter for non-ASCII names (plus an RFC 2047 `name` for old readers). */
export function filenameParams(name: string): { disposition: string; type: string } {
  if (/^[\x20-\x7e]*$/.test(name)) return { disposition: `filename="${name}"`, type: `name="${name}"` };
  return {
    disposition: `filename*=UTF-8''${encodeURIComponent(name)}`,
    type: `name="${encodeWord(name)}"`,
  };
}

// ---------- iCalendar ----------

export const VTIMEZONE_VN = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZID}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:+07',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Escapes a TEXT value (RFC 5545 3.3.11). */
export function icalText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let cur = '';
  let curLen = 0;
  let limit = 75;
  for (const ch of line) {
    const len = Buffer.byteLength(ch, 'utf8');
    if (curLen + len > limit) {
      parts.push(cur);
      cur = '';
      curLen = 0;
      limit = 74;
    }
    cur += ch;
    curLen += len;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

export function icalDocument(components: string[][], method?: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Govdesk//Demo organization seed//VI',
    'CALSCALE:GREGORIAN',
    ...(method ? [`METHOD:${method}`] : []),
    ...VTIMEZONE_VN,
    ...components.flat(),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
