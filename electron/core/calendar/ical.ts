// iCalendar in and out through ical.js: parse one calendar object resource,
// read what the app shows, and expand recurrence (RRULE, RDATE, EXDATE,
// overridden instances by RECURRENCE-ID) into occurrences in UTC.
//
// Bad input never throws out of here: whatever cannot be read becomes a
// warning and the rest is used (issue 6, "bad input"), because one broken
// object from some other client must not stop a sync of thousands.
import ICAL from 'ical.js';
import { addDays, dateKey, dateKeyToMs, DAY_MS, DEFAULT_ZONE, ianaZone, resolveZone, utcZone, vtimezoneZone, type Wall, type Zone } from './zones';

// RFC 9074's ACKNOWLEDGED is a DATE-TIME; ical.js does not know it, and would
// read it as text and write it with VALUE=DATE-TIME. Teach it once, here.
const icalProps = ICAL.design.icalendar.property as Record<string, { defaultType: string } | undefined>;
icalProps['acknowledged'] ??= { defaultType: 'date-time' };

export type ComponentKind = 'VEVENT' | 'VTODO' | 'VJOURNAL' | 'UNKNOWN';

export interface IcalWarning {
  /** Stable code, shown through i18n as `schedule:warnings.<code>`. */
  code: 'invalid_line' | 'unparsable' | 'unclosed' | 'bad_value' | 'unknown_tzid' | 'no_component' | 'no_uid' | 'unsupported' | 'too_many_occurrences';
  detail: string;
}

export interface Attendee {
  email: string;
  name: string;
  role: string;
  partstat: string;
}

export interface AlarmSpec {
  /** RFC 9074 UID of the VALARM, or its position when it has none. */
  uid: string;
  action: string;
  /** Relative trigger in ms (negative = before), or null when absolute. */
  offsetMs: number | null;
  related: 'START' | 'END';
  /** Absolute trigger time, UTC ms. */
  absoluteMs: number | null;
  /** RFC 9074 ACKNOWLEDGED, UTC ms. */
  acknowledgedMs: number | null;
  /** RFC 9074 snooze: the UID of the alarm this one snoozes (RELATED-TO;RELTYPE=SNOOZE). */
  snoozeOf: string | null;
}

/** What the app reads from one VEVENT/VTODO (a master or an override). */
export interface ComponentData {
  summary: string;
  description: string;
  location: string;
  url: string;
  status: string;
  conferences: string[];
  /** X- properties, for meeting links and the agency schedule's fields. */
  xprops: Array<[name: string, value: string]>;
  organizer: string;
  attendees: Attendee[];
  alarms: AlarmSpec[];
  allDay: boolean;
  /** UTC ms (timed) or UTC midnight of the date (all-day); null when unreadable. */
  startMs: number | null;
  endMs: number | null;
  /** The TZID the start was written in (IANA or as given), '' for UTC/date/floating. */
  tzid: string;
  /** Key of the instance this component overrides ('' for a master). */
  recurrenceKey: string;
  rrule: string;
  sequence: number;
  /** RECURRENCE-ID;RANGE=THISANDFUTURE: this override also changes every later instance. */
  thisAndFuture: boolean;
  /** RFC 5545 PRIORITY: 0 undefined, 1 highest … 9 lowest. */
  priority: number;
  /** A task's COMPLETED, UTC ms. */
  completedMs: number | null;
}

export interface ParsedObject {
  uid: string;
  component: ComponentKind;
  warnings: IcalWarning[];
  master: ComponentData | null;
  overrides: ComponentData[];
  recurring: boolean;
  /** The parsed tree, for expansion and for edits; null when nothing parsed. */
  root: ICAL.Component | null;
  zones: Map<string, Zone>;
  defaultZone: Zone;
}

export interface Occurrence {
  /** '' for a single event; the instance's original start key otherwise. */
  instance: string;
  allDay: boolean;
  startMs: number;
  endMs: number;
  data: ComponentData;
  overridden: boolean;
}

function warn(list: IcalWarning[], code: IcalWarning['code'], detail: string): void {
  if (list.length < 50) list.push({ code, detail: detail.slice(0, 300) });
}

/**
 * Unfolded content lines that ical.js can read one by one: a line that is not
 * `NAME[;params]:value`, or whose value cannot be read (an RRULE with an
 * unknown FREQ makes ical.js refuse the whole object), is dropped with a
 * warning, so the rest (the start, the title) still shows.
 */
function salvage(raw: string, warnings: IcalWarning[]): string {
  const unfolded = raw.replace(/\r?\n[ \t]/g, '');
  const kept: string[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    if (!line.trim()) continue;
    if (!/^[A-Za-z0-9-]+(;[^:]*)?:/.test(line)) {
      warn(warnings, 'invalid_line', line);
      continue;
    }
    if (!/^(BEGIN|END):/i.test(line)) {
      try {
        ICAL.parse.property(line);
      } catch (err) {
        warn(warnings, 'invalid_line', `${line.slice(0, 120)}: ${(err as Error).message}`);
        continue;
      }
    }
    kept.push(line);
  }
  return kept.join('\r\n') + '\r\n';
}

/** ical.js returns one component, a list of them, or nothing usable: take the VCALENDAR. */
function toComponent(jcal: unknown): ICAL.Component {
  const list: unknown[] = Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : Array.isArray(jcal) ? jcal : [];
  const cal = list.find((c): c is unknown[] => Array.isArray(c) && c[0] === 'vcalendar');
  if (!cal) throw new Error('no VCALENDAR');
  return new ICAL.Component(cal);
}

/**
 * BEGIN/END made to pair up: an END that closes nothing open goes, and what
 * is still open at the end (a truncated object, an unclosed VEVENT) is closed
 * there. Returns null when nothing needed it.
 */
function balance(text: string): { text: string; closed: string[] } | null {
  const open: string[] = [];
  const kept: string[] = [];
  let changed = false;
  for (const line of text.split(/\r\n/)) {
    if (!line) continue;
    const begin = /^BEGIN:(.+)$/i.exec(line);
    const end = /^END:(.+)$/i.exec(line);
    if (begin?.[1]) open.push(begin[1].trim().toUpperCase());
    else if (end?.[1]) {
      const name = end[1].trim().toUpperCase();
      const at = open.lastIndexOf(name);
      if (at < 0) {
        changed = true;
        continue;
      }
      // Components opened inside this one and never closed end with it.
      const inner = open.splice(at).slice(1);
      if (inner.length) changed = true;
      for (const n of inner.reverse()) kept.push(`END:${n}`);
    }
    kept.push(line);
  }
  const closed = [...open].reverse();
  if (!closed.length && !changed) return null;
  for (const name of closed) kept.push(`END:${name}`);
  return { text: kept.join('\r\n') + '\r\n', closed };
}

function parseTree(raw: string, warnings: IcalWarning[]): ICAL.Component | null {
  try {
    return toComponent(ICAL.parse(raw));
  } catch (err) {
    // One bad line makes ical.js give up on the whole object: drop the lines
    // that cannot be content lines and try once more.
    const cleaned = salvage(raw, warnings);
    try {
      const tree = toComponent(ICAL.parse(cleaned));
      if (!warnings.some((w) => w.code === 'invalid_line')) warn(warnings, 'unparsable', (err as Error).message);
      return tree;
    } catch (err2) {
      // A component never closed (or closed twice): pair BEGIN and END, then
      // read what is there, as the warning promises.
      const balanced = balance(cleaned);
      if (balanced) {
        try {
          const tree = toComponent(ICAL.parse(balanced.text));
          warn(warnings, 'unclosed', balanced.closed.length ? balanced.closed.join(', ') : (err2 as Error).message);
          return tree;
        } catch {
          // not a pairing problem after all: the first error says what is wrong
        }
      }
      warn(warnings, 'unparsable', (err2 as Error).message);
      return null;
    }
  }
}

/** Reads a property value, turning ical.js's lazy value errors into warnings. */
function safeValue<T>(comp: ICAL.Component, name: string, warnings: IcalWarning[], map: (v: unknown) => T | null): T | null {
  try {
    const v = comp.getFirstPropertyValue(name);
    return v === null || v === undefined ? null : map(v);
  } catch (err) {
    warn(warnings, 'bad_value', `${name.toUpperCase()}: ${(err as Error).message}`);
    return null;
  }
}

function text(comp: ICAL.Component, name: string, warnings: IcalWarning[]): string {
  return safeValue(comp, name, warnings, (v) => (typeof v === 'string' ? v : String(v))) ?? '';
}

function asTime(v: unknown): ICAL.Time | null {
  return v instanceof ICAL.Time ? v : null;
}

/** '20250101T014600Z' (the basic format a property of unknown type arrives in). */
function basicUtcTime(v: string): ICAL.Time | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return ICAL.Time.fromData({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, isDate: false }, ICAL.Timezone.utcTimezone);
}

function wallOf(t: ICAL.Time): Wall {
  return { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
}

interface Resolved {
  ms: number;
  allDay: boolean;
  /** '' when UTC, a date, or floating. */
  tzid: string;
  zone: Zone;
}

/** A DATE or DATE-TIME property value to UTC ms, in its own zone. */
function resolveTime(t: ICAL.Time, obj: Pick<ParsedObject, 'zones' | 'defaultZone'>, warnings: IcalWarning[]): Resolved {
  if (t.isDate) return { ms: Date.UTC(t.year, t.month - 1, t.day), allDay: true, tzid: '', zone: utcZone };
  // ical.js keeps an unregistered TZID in `timezone` (not in its typings) and leaves zone floating.
  const named = (t as unknown as { timezone?: string }).timezone;
  if (t.zone?.tzid === 'UTC' || named === 'Z') return { ms: utcZone.toUtc(wallOf(t)), allDay: false, tzid: '', zone: utcZone };
  const tzid = named && named !== 'floating' ? named : t.zone && t.zone.tzid !== 'floating' ? t.zone.tzid : '';
  if (!tzid) return { ms: obj.defaultZone.toUtc(wallOf(t)), allDay: false, tzid: '', zone: obj.defaultZone };
  const zone = resolveZone(tzid, obj.zones);
  if (!zone) {
    warn(warnings, 'unknown_tzid', tzid);
    return { ms: obj.defaultZone.toUtc(wallOf(t)), allDay: false, tzid, zone: obj.defaultZone };
  }
  return { ms: zone.toUtc(wallOf(t)), allDay: false, tzid, zone };
}

function instanceKey(r: Pick<Resolved, 'ms' | 'allDay'>): string {
  return r.allDay ? new Date(r.ms).toISOString().slice(0, 10) : String(r.ms);
}

function readAlarms(comp: ICAL.Component, obj: Pick<ParsedObject, 'zones' | 'defaultZone'>, warnings: IcalWarning[]): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  comp.getAllSubcomponents('valarm').forEach((a, i) => {
    try {
      const action = text(a, 'action', warnings).toUpperCase() || 'DISPLAY';
      const prop = a.getFirstProperty('trigger');
      if (!prop) return warn(warnings, 'bad_value', 'VALARM without TRIGGER');
      const value = prop.getFirstValue();
      const related = String(prop.getParameter('related') ?? 'START').toUpperCase() === 'END' ? 'END' : 'START';
      // ical.js does not know RFC 9074's ACKNOWLEDGED and hands back its text.
      const ackRaw = safeValue(a, 'acknowledged', warnings, (v) => asTime(v) ?? (typeof v === 'string' ? basicUtcTime(v) : null));
      const acknowledgedMs = ackRaw ? resolveTime(ackRaw, obj, warnings).ms : null;
      const uid = text(a, 'uid', warnings) || `#${i}`;
      const rel = a.getAllProperties('related-to').find((p) => String(p.getParameter('reltype') ?? '').toUpperCase() === 'SNOOZE');
      const snoozeOf = rel ? String(rel.getFirstValue() ?? '') || null : null;
      if (value instanceof ICAL.Duration) {
        out.push({ uid, action, offsetMs: value.toSeconds() * 1000, related, absoluteMs: null, acknowledgedMs, snoozeOf });
      } else if (value instanceof ICAL.Time) {
        out.push({ uid, action, offsetMs: null, related, absoluteMs: resolveTime(value, obj, warnings).ms, acknowledgedMs, snoozeOf });
      } else warn(warnings, 'bad_value', 'TRIGGER');
    } catch (err) {
      warn(warnings, 'bad_value', `VALARM: ${(err as Error).message}`);
    }
  });
  return out;
}

function readAttendees(comp: ICAL.Component): Attendee[] {
  return comp.getAllProperties('attendee').map((p) => ({
    email: String(p.getFirstValue() ?? '').replace(/^mailto:/i, ''),
    name: String(p.getParameter('cn') ?? ''),
    role: String(p.getParameter('role') ?? 'REQ-PARTICIPANT'),
    partstat: String(p.getParameter('partstat') ?? 'NEEDS-ACTION'),
  }));
}

function readComponent(comp: ICAL.Component, obj: Pick<ParsedObject, 'zones' | 'defaultZone'>, warnings: IcalWarning[]): ComponentData {
  const isTodo = comp.name === 'vtodo';
  const start = safeValue(comp, 'dtstart', warnings, asTime);
  const endProp = safeValue(comp, isTodo ? 'due' : 'dtend', warnings, asTime);
  const duration = safeValue(comp, 'duration', warnings, (v) => (v instanceof ICAL.Duration ? v : null));
  const recurrenceId = safeValue(comp, 'recurrence-id', warnings, asTime);

  let startR = start ? resolveTime(start, obj, warnings) : null;
  let endR = endProp ? resolveTime(endProp, obj, warnings) : null;
  // A task may have only a due date: it then sits at its due time.
  if (!startR && isTodo && endR) startR = endR;
  if (startR && endR && endR.allDay !== startR.allDay) {
    warn(warnings, 'bad_value', 'DTSTART and DTEND of different value types');
    endR = null;
  }
  let endMs: number | null = null;
  if (startR) {
    if (endR && endR.ms >= startR.ms) endMs = endR.ms;
    else if (duration) endMs = startR.ms + duration.toSeconds() * 1000;
    else endMs = startR.allDay ? startR.ms + DAY_MS : startR.ms;
    if (endR && endR.ms < startR.ms) warn(warnings, 'bad_value', 'end before start');
  } else if (!isTodo) {
    warn(warnings, 'bad_value', 'no readable DTSTART');
  }

  const conferences = comp.getAllProperties('conference').map((p) => String(p.getFirstValue() ?? ''));
  const xprops: Array<[string, string]> = [];
  for (const p of comp.getAllProperties()) {
    if (p.name.startsWith('x-')) {
      try {
        // ical.js leaves X- values as written: undo TEXT escaping here.
        xprops.push([p.name.toUpperCase(), unescapeText(String(p.getFirstValue() ?? ''))]);
      } catch {
        // an unreadable vendor property carries nothing we need
      }
    }
  }
  const rrule = safeValue(comp, 'rrule', warnings, (v) => (v instanceof ICAL.Recur ? v.toString() : null)) ?? '';
  return {
    summary: text(comp, 'summary', warnings),
    description: text(comp, 'description', warnings),
    location: text(comp, 'location', warnings),
    url: text(comp, 'url', warnings),
    status: text(comp, 'status', warnings).toUpperCase(),
    conferences,
    xprops,
    organizer: text(comp, 'organizer', warnings).replace(/^mailto:/i, ''),
    attendees: readAttendees(comp),
    alarms: readAlarms(comp, obj, warnings),
    allDay: startR?.allDay ?? false,
    startMs: startR?.ms ?? null,
    endMs,
    tzid: startR?.tzid ?? '',
    recurrenceKey: recurrenceId ? instanceKey(resolveTime(recurrenceId, obj, warnings)) : '',
    rrule,
    sequence: safeValue(comp, 'sequence', warnings, (v) => (typeof v === 'number' ? v : null)) ?? 0,
    thisAndFuture: String(comp.getFirstProperty('recurrence-id')?.getParameter('range') ?? '').toUpperCase() === 'THISANDFUTURE',
    priority: Math.min(9, Math.max(0, safeValue(comp, 'priority', warnings, (v) => (typeof v === 'number' && Number.isInteger(v) ? v : null)) ?? 0)),
    completedMs: ((t) => (t ? resolveTime(t, obj, warnings).ms : null))(safeValue(comp, 'completed', warnings, asTime)),
  };
}

export interface ParseOptions {
  /** The zone floating times and unknown TZIDs are read in. */
  defaultZone?: string;
}

/** Parses one calendar object resource. Never throws. */
export function parseObject(raw: string, opts: ParseOptions = {}): ParsedObject {
  const warnings: IcalWarning[] = [];
  const defaultZone = ianaZone(opts.defaultZone ?? DEFAULT_ZONE) ?? ianaZone(DEFAULT_ZONE) ?? utcZone;
  const parsed: ParsedObject = {
    uid: '',
    component: 'UNKNOWN',
    warnings,
    master: null,
    overrides: [],
    recurring: false,
    root: null,
    zones: new Map(),
    defaultZone,
  };
  const root = parseTree(raw, warnings);
  if (!root) return parsed;
  parsed.root = root;
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    try {
      const z = vtimezoneZone(vtz);
      if (z) parsed.zones.set(z.id, z);
    } catch (err) {
      warn(warnings, 'bad_value', `VTIMEZONE: ${(err as Error).message}`);
    }
  }
  const comps = ['vevent', 'vtodo', 'vjournal'].flatMap((n) => root.getAllSubcomponents(n));
  if (comps.length === 0) {
    warn(warnings, 'no_component', root.getAllSubcomponents().map((c) => c.name).join(',') || root.name);
    return parsed;
  }
  const kind = comps[0]!.name.toUpperCase() as ComponentKind;
  parsed.component = kind;
  for (const comp of comps) {
    if (comp.name.toUpperCase() !== kind) {
      warn(warnings, 'unsupported', `mixed components ${kind} and ${comp.name.toUpperCase()}`);
      continue;
    }
    const uid = text(comp, 'uid', warnings);
    if (!parsed.uid) parsed.uid = uid;
    const data = readComponent(comp, parsed, warnings);
    if (data.recurrenceKey) {
      // THISANDFUTURE is applied by expand(); THISANDPRIOR was withdrawn by RFC 5545.
      const range = comp.getFirstProperty('recurrence-id')?.getParameter('range');
      if (range && !data.thisAndFuture) warn(warnings, 'unsupported', `RECURRENCE-ID;RANGE=${String(range)}: applied to one instance`);
      parsed.overrides.push(data);
    } else if (!parsed.master) parsed.master = data;
    else warn(warnings, 'unsupported', 'second master component with the same UID');
  }
  if (!parsed.uid) warn(warnings, 'no_uid', 'object has no UID');
  const masterComp = comps.find((c) => !c.hasProperty('recurrence-id'));
  parsed.recurring = Boolean(masterComp && (masterComp.hasProperty('rrule') || masterComp.hasProperty('rdate')));
  return parsed;
}

export interface ExpandResult {
  occurrences: Occurrence[];
  /** Bounds of every occurrence in ms; lastEnd null when the rule never ends. */
  firstStart: number | null;
  lastEnd: number | null;
}

/** Guards against a rule that would expand forever (FREQ=SECONDLY and the like). */
const MAX_ITERATIONS = 50_000;

/**
 * Occurrences overlapping [fromMs, toMs). All-day occurrences are compared at
 * their UTC-midnight dates, so callers pass a range that covers the dates too.
 */
export function expand(obj: ParsedObject, fromMs: number, toMs: number): ExpandResult {
  const master = obj.master;
  const root = obj.root;
  const out: Occurrence[] = [];
  const overlaps = (s: number, e: number) => s < toMs && (e > fromMs || (e === s && s >= fromMs));
  const byKey = new Map(obj.overrides.map((o) => [o.recurrenceKey, o]));

  if (!master || master.startMs === null || !root) {
    // Orphan overrides (an invitation to one instance only) stand alone.
    for (const o of obj.overrides) {
      if (o.startMs !== null && o.status !== 'CANCELLED' && overlaps(o.startMs, o.endMs ?? o.startMs)) {
        out.push({ instance: o.recurrenceKey, allDay: o.allDay, startMs: o.startMs, endMs: o.endMs ?? o.startMs, data: o, overridden: true });
      }
    }
    const starts = out.map((o) => o.startMs);
    return { occurrences: out, firstStart: starts.length ? Math.min(...starts) : null, lastEnd: starts.length ? Math.max(...out.map((o) => o.endMs)) : null };
  }

  const duration = (master.endMs ?? master.startMs) - master.startMs;
  if (!obj.recurring) {
    const end = master.startMs + duration;
    if (overlaps(master.startMs, end)) out.push({ instance: '', allDay: master.allDay, startMs: master.startMs, endMs: end, data: master, overridden: false });
    return { occurrences: out, firstStart: master.startMs, lastEnd: end };
  }

  const masterComp = root
    .getAllSubcomponents(obj.component.toLowerCase())
    .find((c) => !c.hasProperty('recurrence-id'))!;
  const dtstart = asTime(masterComp.getFirstPropertyValue('dtstart')) ?? asTime(masterComp.getFirstPropertyValue('due'));
  const startInfo = dtstart ? resolveTime(dtstart, obj, obj.warnings) : null;
  if (!dtstart || !startInfo) return { occurrences: out, firstStart: master.startMs, lastEnd: master.endMs };
  const zone = startInfo.zone;

  // Instance starts, by key. Recurrence is wall-clock in DTSTART's zone
  // (RFC 5545 3.3.10): iterate floating wall times, convert each.
  const starts = new Map<string, number>();
  const add = (ms: number, allDay: boolean) => starts.set(instanceKey({ ms, allDay }), ms);
  add(startInfo.ms, startInfo.allDay);

  let infinite = false;
  let lastStart = startInfo.ms;
  // A THISANDFUTURE override that moves instances earlier brings some from past the range into it.
  const ranges = futureRanges(obj.overrides, duration);
  const untilMs = toMs - Math.min(0, ...ranges.map((r) => r.deltaMs));
  const rules = ruleInstances(obj, masterComp, dtstart, zone);
  for (let r = rules.next(false); !r.done; ) {
    const { ms, finite } = r.value;
    if (!finite) infinite = true;
    // Past the range, an infinite rule has nothing more to give; a finite
    // one is followed to its end only to learn where the series stops.
    if (ms >= untilMs && !finite) {
      r = rules.next(true);
      continue;
    }
    lastStart = Math.max(lastStart, ms);
    if (ms < untilMs) add(ms, dtstart.isDate);
    r = rules.next(false);
  }
  for (const prop of masterComp.getAllProperties('rdate')) {
    for (const v of prop.getValues()) {
      try {
        const t = v instanceof ICAL.Period ? v.start : asTime(v);
        if (!t) continue;
        const r = resolveTime(t, obj, obj.warnings);
        add(r.ms, r.allDay);
        lastStart = Math.max(lastStart, r.ms);
      } catch (err) {
        warn(obj.warnings, 'bad_value', `RDATE: ${(err as Error).message}`);
      }
    }
  }
  // Instances an EXDATE removes: an override of one of them is not shown
  // either (a THISANDFUTURE one still governs the instances after it).
  const excluded = new Set<string>();
  for (const prop of masterComp.getAllProperties('exdate')) {
    for (const v of prop.getValues()) {
      try {
        const t = asTime(v);
        if (!t) continue;
        const r = resolveTime(t, obj, obj.warnings);
        if (r.allDay && !startInfo.allDay) {
          // A date EXDATE on a timed series: drop that whole day, in the series' zone.
          const day = dateKey(t.year, t.month, t.day);
          for (const [k, ms] of starts) {
            const w = zone.toWall(ms);
            if (dateKey(w.year, w.month, w.day) === day) {
              starts.delete(k);
              excluded.add(k);
            }
          }
        } else {
          starts.delete(instanceKey(r));
          excluded.add(instanceKey(r));
        }
      } catch (err) {
        warn(obj.warnings, 'bad_value', `EXDATE: ${(err as Error).message}`);
      }
    }
  }

  // RFC 5545 3.8.4.4: an override with RANGE=THISANDFUTURE moves every later
  // instance by its own change of start, gives them its length, and lends
  // them its properties, until a later such override takes over. An instance
  // with an override of its own keeps that.
  for (const [key, ms] of starts) {
    const o = byKey.get(key);
    if (o) continue;
    const r = rangeFor(ranges, ms);
    const start = r ? ms + r.deltaMs : ms;
    const end = start + (r ? r.durationMs : duration);
    if (overlaps(start, end)) out.push({ instance: key, allDay: master.allDay, startMs: start, endMs: end, data: r ? r.data : master, overridden: r !== null });
  }
  // The series' bounds move with the range that governs its last instance.
  const lastRange = rangeFor(ranges, lastStart);
  let lastEnd = infinite ? null : lastStart + duration + Math.max(0, lastRange ? lastRange.deltaMs + lastRange.durationMs - duration : 0);
  for (const o of obj.overrides) {
    // An override of an instance the rule no longer makes still happened:
    // RFC 5545 says it must match, real servers do not always agree.
    if (o.status === 'CANCELLED' || o.startMs === null || excluded.has(o.recurrenceKey)) continue;
    const end = o.endMs ?? o.startMs + duration;
    if (lastEnd !== null) lastEnd = Math.max(lastEnd, end);
    if (overlaps(o.startMs, end)) out.push({ instance: o.recurrenceKey, allDay: o.allDay, startMs: o.startMs, endMs: end, data: o, overridden: true });
  }
  out.sort((a, b) => a.startMs - b.startMs);
  return { occurrences: out, firstStart: startInfo.ms, lastEnd };
}

interface FutureRange {
  /** Original start of the overridden instance, UTC ms. */
  fromMs: number;
  deltaMs: number;
  durationMs: number;
  data: ComponentData;
}

function keyMs(key: string): number {
  return /^\d+$/.test(key) ? Number(key) : Date.parse(`${key}T00:00:00Z`);
}

function futureRanges(overrides: readonly ComponentData[], duration: number): FutureRange[] {
  return overrides
    .filter((o) => o.thisAndFuture && o.startMs !== null)
    .map((o) => {
      const fromMs = keyMs(o.recurrenceKey);
      return { fromMs, deltaMs: o.startMs! - fromMs, durationMs: o.endMs === null ? duration : o.endMs - o.startMs!, data: o };
    })
    .sort((a, b) => a.fromMs - b.fromMs);
}

/** The THISANDFUTURE override that governs an instance starting (originally) at ms, if any. */
function rangeFor(ranges: readonly FutureRange[], ms: number): FutureRange | null {
  let hit: FutureRange | null = null;
  for (const r of ranges) {
    if (r.fromMs < ms) hit = r;
    else break;
  }
  return hit;
}

/**
 * What applies to one instance of an object: its own override, else the
 * THISANDFUTURE override before it, else the master.
 */
export function instanceData(obj: ParsedObject, instance: string): ComponentData | null {
  if (!instance) return obj.master ?? obj.overrides[0] ?? null;
  const own = obj.overrides.find((o) => o.recurrenceKey === instance);
  if (own) return own;
  const r = obj.master ? rangeFor(futureRanges(obj.overrides, 0), keyMs(instance)) : null;
  return r?.data ?? obj.master ?? obj.overrides[0] ?? null;
}

/**
 * What an instance takes what it has not changed itself from: the
 * THISANDFUTURE override governing it, else the master (its own override
 * left aside).
 */
export function governorData(obj: ParsedObject, instance: string): ComponentData | null {
  const r = obj.master && instance ? rangeFor(futureRanges(obj.overrides, 0), keyMs(instance)) : null;
  return r?.data ?? obj.master;
}

/**
 * The first instance after `rangeKey` that the THISANDFUTURE override at
 * `rangeKey` governs (not one with an override of its own, not one a later
 * range took over), or null when it governs nothing after its own.
 */
export function nextGoverned(obj: ParsedObject, rangeKey: string): string | null {
  const range = obj.overrides.find((o) => o.thisAndFuture && o.recurrenceKey === rangeKey);
  if (!range || range.startMs === null) return null;
  const from = keyMs(rangeKey);
  const lead = Math.min(0, range.startMs - from);
  // Five years is past the next instance of any rule clients write (yearly ones included).
  const later = expand(obj, from + lead, from + 5 * 366 * DAY_MS).occurrences.filter((o) => o.data === range && o.instance !== rangeKey && keyMs(o.instance) > from);
  later.sort((a, b) => keyMs(a.instance) - keyMs(b.instance));
  return later[0]?.instance ?? null;
}

/** The instance key a component's RECURRENCE-ID names, read as expansion reads it; '' for none. */
function componentKey(comp: ICAL.Component, obj: Pick<ParsedObject, 'zones' | 'defaultZone'>): string {
  try {
    const rid = asTime(comp.getFirstPropertyValue('recurrence-id'));
    return rid ? instanceKey(resolveTime(rid, obj, [])) : '';
  } catch {
    return '';
  }
}

/**
 * The component of `root` (a parse of the same text as `obj`, to edit) that
 * says what one instance is, as instanceData() reads it: its own override,
 * else the THISANDFUTURE override governing it, else the master. `own` tells
 * the first case from the others.
 */
export function instanceComponent(obj: ParsedObject, root: ICAL.Component, instance: string): { comp: ICAL.Component; own: boolean } | null {
  const data = instanceData(obj, instance);
  if (!data || obj.component === 'UNKNOWN') return null;
  const comps = root.getAllSubcomponents(obj.component.toLowerCase());
  const comp = data === obj.master ? comps.find((c) => !c.hasProperty('recurrence-id')) : comps.find((c) => c.hasProperty('recurrence-id') && componentKey(c, obj) === data.recurrenceKey);
  return comp ? { comp, own: instance !== '' && data.recurrenceKey === instance } : null;
}

/**
 * The starts an object's RRULEs make, in UTC ms, rule by rule. Recurrence is
 * wall-clock in DTSTART's zone (RFC 5545 3.3.10): iterate floating wall times
 * and convert each. Send `true` into next() to leave the current rule.
 */
function* ruleInstances(obj: ParsedObject, masterComp: ICAL.Component, dtstart: ICAL.Time, zone: Zone): Generator<{ ms: number; finite: boolean }, void, boolean> {
  const floatingStart = ICAL.Time.fromData({ ...wallOf(dtstart), isDate: dtstart.isDate });
  for (const prop of masterComp.getAllProperties('rrule')) {
    let recur: ICAL.Recur;
    try {
      recur = (prop.getFirstValue() as ICAL.Recur).clone();
    } catch (err) {
      warn(obj.warnings, 'bad_value', `RRULE: ${(err as Error).message}`);
      continue;
    }
    if (recur.until) {
      // UNTIL is usually UTC: bring it to DTSTART's wall clock so the floating
      // iteration compares like with like.
      const untilR = resolveTime(recur.until, obj, obj.warnings);
      const w = dtstart.isDate ? null : zone.toWall(untilR.allDay ? untilR.ms + DAY_MS - 1000 : untilR.ms);
      recur.until = w
        ? ICAL.Time.fromData({ ...w, isDate: false })
        : ICAL.Time.fromData({ year: recur.until.year, month: recur.until.month, day: recur.until.day, isDate: true });
    }
    const finite = recur.isFinite();
    const it = recur.iterator(floatingStart);
    for (let i = 0; ; i++) {
      if (i >= MAX_ITERATIONS) {
        warn(obj.warnings, 'too_many_occurrences', recur.toString());
        break;
      }
      const next = it.next();
      if (!next) break;
      const ms = dtstart.isDate ? Date.UTC(next.year, next.month - 1, next.day) : zone.toUtc(wallOf(next));
      if (yield { ms, finite }) break;
    }
  }
}

/**
 * How many instances the RRULE made before `cutMs` (EXDATEs included, as
 * COUNT counts them): what a series split at `cutMs` leaves for the new one.
 */
export function ruleInstancesBefore(obj: ParsedObject, cutMs: number): number {
  const masterComp = obj.root?.getAllSubcomponents(obj.component.toLowerCase()).find((c) => !c.hasProperty('recurrence-id'));
  const dtstart = masterComp ? asTime(masterComp.getFirstPropertyValue('dtstart')) : null;
  if (!masterComp || !dtstart) return 0;
  const zone = resolveTime(dtstart, obj, obj.warnings).zone;
  let n = 0;
  const rules = ruleInstances(obj, masterComp, dtstart, zone);
  for (let r = rules.next(false); !r.done; ) {
    const before = r.value.ms < cutMs;
    if (before) n++;
    r = rules.next(!before);
  }
  return n;
}

/** When each alarm of an occurrence fires, UTC ms. */
export function alarmTimes(occ: Occurrence): Array<{ alarm: AlarmSpec; fireAt: number }> {
  return occ.data.alarms.map((alarm) => ({
    alarm,
    fireAt: alarm.absoluteMs ?? (alarm.related === 'END' ? occ.endMs : occ.startMs) + (alarm.offsetMs ?? 0),
  }));
}

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

export function xprop(data: ComponentData, name: string): string {
  const upper = name.toUpperCase();
  return data.xprops.find(([n]) => n === upper)?.[1] ?? '';
}

export { addDays, dateKeyToMs };
