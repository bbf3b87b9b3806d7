// Writing iCalendar: new events from a draft, and edits made on the object
// as the server has it, so that everything Govdesk does not understand
// (other clients' properties, attendees' replies) survives an edit.
import ICAL from 'ical.js';
import type { EditScope, EventDraft } from '../../../shared/calendar';
// ical.ts also registers RFC 9074 properties with ical.js before anything is written.
import { governorData, instanceComponent, instanceData, nextGoverned, parseObject, type ComponentData } from './ical';
import { AGENCY_PROPS, type ReviewState } from './week-schedule';
import { DEFAULT_ZONE, ianaZone, utcZone, type Wall } from './zones';

export const PRODID = '-//Govdesk//Govdesk Calendar//VI';
/** Carries the outbox entry id of the last write, so a replay can tell its own write landed. */
export const CHANGE_PROP = 'X-GOVDESK-CHANGE-ID';

// Asia/Ho_Chi_Minh has been UTC+7 without DST since 1975; shipping its
// VTIMEZONE keeps objects readable by clients that need one (RFC 5545).
const HCM_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Ho_Chi_Minh',
  'BEGIN:STANDARD',
  'DTSTART:19750613T000000',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:+07',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export interface WriteContext {
  now: number;
  changeId: string;
  /** The meeting link to put on the event, already made if the draft asked for a new one. */
  meetingUrl: string | null;
  /** mailto of the signed-in user (proposer of agency entries, organizer). */
  userEmail: string;
  userName: string;
}

function utcTime(ms: number): ICAL.Time {
  return ICAL.Time.fromJSDate(new Date(ms), true);
}

function parseLocal(s: string): Wall {
  const [d, t = '00:00'] = s.split('T') as [string, string?];
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const [h, mi, sec = 0] = t.split(':').map(Number) as [number, number, number?];
  return { year: y, month: m, day, hour: h, minute: mi, second: sec };
}

function setTimeProp(comp: ICAL.Component, name: 'dtstart' | 'dtend', value: string, allDay: boolean, tzid: string): void {
  comp.removeAllProperties(name);
  const prop = new ICAL.Property(name, comp);
  const w = parseLocal(value);
  if (allDay) {
    prop.setValue(ICAL.Time.fromData({ year: w.year, month: w.month, day: w.day, isDate: true }));
  } else if (tzid === 'UTC') {
    prop.setValue(ICAL.Time.fromData({ ...w, isDate: false }, ICAL.Timezone.utcTimezone));
  } else {
    prop.setValue(ICAL.Time.fromData({ ...w, isDate: false }));
    prop.setParameter('tzid', tzid);
  }
  comp.addProperty(prop);
}

/** Epoch ms of a draft's local start, for RECURRENCE-ID comparisons and bounds. */
export function draftStartMs(draft: Pick<EventDraft, 'start' | 'allDay' | 'timeZone'>): number {
  const w = parseLocal(draft.start);
  if (draft.allDay) return Date.UTC(w.year, w.month - 1, w.day);
  return (ianaZone(draft.timeZone ?? DEFAULT_ZONE) ?? utcZone).toUtc(w);
}

function setText(comp: ICAL.Component, name: string, value: string): void {
  comp.removeAllProperties(name);
  if (!value) return;
  // ical.js writes X- properties verbatim (type unknown), and servers read an
  // unescaped comma as a list separator (Radicale kept only the first part):
  // escape as TEXT (RFC 5545 3.3.11); ical.ts unescapes when reading.
  comp.addPropertyWithValue(name, name.startsWith('x-') ? escapeText(value) : value);
}

function escapeText(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

function applyDraft(comp: ICAL.Component, draft: EventDraft, ctx: WriteContext, isMaster: boolean): void {
  const tzid = draft.timeZone ?? DEFAULT_ZONE;
  setText(comp, 'summary', draft.summary);
  setText(comp, 'location', draft.location);
  setText(comp, 'description', draft.description);
  const startBefore = propMs(comp, 'dtstart');
  setTimeProp(comp, 'dtstart', draft.start, draft.allDay, tzid);
  comp.removeAllProperties('duration');
  setTimeProp(comp, 'dtend', draft.end, draft.allDay, tzid);
  if (isMaster && draft.rrule !== undefined) {
    comp.removeAllProperties('rrule');
    if (draft.rrule) comp.addPropertyWithValue('rrule', ICAL.Recur.fromString(draft.rrule));
  }

  // A link the user removed or replaced leaves every place the link finder
  // reads (meeting-links.ts): left anywhere, it would still be "the" link.
  if (draft.removeMeetingUrl && draft.removeMeetingUrl !== ctx.meetingUrl) dropMeetingLink(comp, draft.removeMeetingUrl);

  // The meeting link goes where every reader looks: RFC 7986 CONFERENCE for
  // new clients, URL for older ones. Other CONFERENCE entries (a dial-in
  // number another client added) are left alone.
  if (ctx.meetingUrl) {
    for (const p of comp.getAllProperties('conference')) {
      if (String(p.getFirstValue()) === ctx.meetingUrl) comp.removeProperty(p);
    }
    const conf = new ICAL.Property('conference', comp);
    conf.setParameter('value', 'URI');
    conf.setParameter('feature', 'VIDEO');
    conf.setValue(ctx.meetingUrl);
    comp.addProperty(conf);
    setText(comp, 'url', ctx.meetingUrl);
  }

  // Alarms: keep a VALARM whose trigger the user kept (its UID and any
  // acknowledgement with it), drop the rest, add the new ones. A draft speaks
  // only of "minutes before the start": an alarm at an absolute time (set by
  // another client) and a snooze (RFC 9074, RELATED-TO;RELTYPE=SNOOZE) are
  // not the draft's to drop, so they stay, unless the alarm a snooze belongs
  // to was just removed.
  const wanted = new Set(draft.alarmsMinutesBefore);
  const removed = new Set<string>();
  const absolute: ICAL.Component[] = [];
  for (const alarm of comp.getAllSubcomponents('valarm')) {
    let minutes: number | null = null;
    let isAbsolute = false;
    try {
      const trig = alarm.getFirstPropertyValue('trigger');
      if (trig instanceof ICAL.Time) isAbsolute = true;
      else if (trig instanceof ICAL.Duration && String(alarm.getFirstProperty('trigger')?.getParameter('related') ?? 'START').toUpperCase() === 'START') {
        minutes = -trig.toSeconds() / 60;
      }
    } catch {
      minutes = null;
    }
    if (isAbsolute) absolute.push(alarm);
    else if (minutes !== null && wanted.has(minutes)) wanted.delete(minutes);
    else {
      const uid = String(alarm.getFirstPropertyValue('uid') ?? '');
      if (uid) removed.add(uid);
      comp.removeSubcomponent(alarm);
    }
  }
  // A fixed-time reminder was set relative to when the event was: when the
  // event moves, it moves by the same amount. A snooze is a time the user
  // picked ("ring me at 08:55"), so it stays where it is.
  const startAfter = propMs(comp, 'dtstart');
  const moved = startBefore !== null && startAfter !== null ? startAfter - startBefore : 0;
  for (const alarm of absolute) {
    const rel = alarm.getFirstProperty('related-to');
    const snoozeOf = rel && String(rel.getParameter('reltype') ?? '').toUpperCase() === 'SNOOZE' ? String(rel.getFirstValue()) : null;
    if (snoozeOf !== null && removed.has(snoozeOf)) comp.removeSubcomponent(alarm);
    else if (snoozeOf === null && moved !== 0) shiftTrigger(alarm, moved);
  }
  for (const minutes of wanted) {
    const alarm = new ICAL.Component('valarm');
    alarm.addPropertyWithValue('uid', crypto.randomUUID());
    alarm.addPropertyWithValue('action', 'DISPLAY');
    alarm.addPropertyWithValue('description', draft.summary || 'Reminder');
    alarm.addPropertyWithValue('trigger', ICAL.Duration.fromSeconds(-minutes * 60));
    comp.addSubcomponent(alarm);
  }

  const known = new Map(comp.getAllProperties('attendee').map((p) => [String(p.getFirstValue()).replace(/^mailto:/i, '').toLowerCase(), p]));
  comp.removeAllProperties('attendee');
  for (const a of draft.attendees) {
    // An attendee who stays keeps their reply (PARTSTAT) and parameters.
    const old = known.get(a.email.toLowerCase());
    const prop = old ?? new ICAL.Property('attendee', comp);
    if (!old) {
      prop.setValue(`mailto:${a.email}`);
      prop.setParameter('partstat', 'NEEDS-ACTION');
      prop.setParameter('role', 'REQ-PARTICIPANT');
    }
    if (a.name) prop.setParameter('cn', a.name);
    comp.addProperty(prop);
  }
  if (draft.attendees.length > 0 && !comp.hasProperty('organizer') && ctx.userEmail) {
    const org = new ICAL.Property('organizer', comp);
    org.setValue(`mailto:${ctx.userEmail}`);
    if (ctx.userName) org.setParameter('cn', ctx.userName);
    comp.addProperty(org);
  }
  if (draft.agency) {
    setText(comp, AGENCY_PROPS.chair.toLowerCase(), draft.agency.chair);
    setText(comp, AGENCY_PROPS.attendees.toLowerCase(), draft.agency.attendees);
    setText(comp, AGENCY_PROPS.preparingUnit.toLowerCase(), draft.agency.preparingUnit);
  }
}

function shiftTrigger(alarm: ICAL.Component, deltaMs: number): void {
  const prop = alarm.getFirstProperty('trigger');
  const v = prop?.getFirstValue();
  if (prop && v instanceof ICAL.Time) prop.setValue(msToTime(timeToMs(v, prop) + deltaMs, v, prop));
}

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,])/g, '$1').replace(/\\n/gi, '\n');
}

/** Takes one meeting link off an event: CONFERENCE, URL, vendor X- properties, and out of LOCATION and DESCRIPTION text. */
function dropMeetingLink(comp: ICAL.Component, url: string): void {
  // A copy: removing from the live list while walking it would skip the next property.
  for (const p of [...comp.getAllProperties()]) {
    const structured = p.name === 'conference' || p.name === 'url' || p.name.startsWith('x-');
    if (structured && unescapeText(String(p.getFirstValue() ?? '')).trim() === url) comp.removeProperty(p);
  }
  for (const name of ['location', 'description']) {
    const text = String(comp.getFirstPropertyValue(name) ?? '');
    if (text.includes(url)) setText(comp, name, text.split(url).join('').replace(/[ \t]{2,}/g, ' ').trim());
  }
}

function stamp(comp: ICAL.Component, ctx: WriteContext, bumpSequence: boolean): void {
  comp.updatePropertyWithValue('dtstamp', utcTime(ctx.now));
  comp.updatePropertyWithValue('last-modified', utcTime(ctx.now));
  if (bumpSequence) {
    const seq = Number(comp.getFirstPropertyValue('sequence') ?? 0);
    comp.updatePropertyWithValue('sequence', Number.isFinite(seq) ? seq + 1 : 1);
  }
  comp.updatePropertyWithValue(CHANGE_PROP.toLowerCase(), ctx.changeId);
}

function ensureTimezone(root: ICAL.Component, tzid: string): void {
  if (tzid !== 'Asia/Ho_Chi_Minh') return; // other IANA names go by reference (RFC 7809)
  const has = root.getAllSubcomponents('vtimezone').some((z) => z.getFirstPropertyValue('tzid') === tzid);
  if (!has) root.addSubcomponent(new ICAL.Component(ICAL.parse(HCM_VTIMEZONE) as unknown[]));
}

/** A new event (or agency entry) from a draft. */
export function buildEvent(uid: string, draft: EventDraft, ctx: WriteContext, agency?: { review: ReviewState }): string {
  const root = new ICAL.Component('vcalendar');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('prodid', PRODID);
  if (!draft.allDay) ensureTimezone(root, draft.timeZone ?? DEFAULT_ZONE);
  const ev = new ICAL.Component('vevent');
  ev.addPropertyWithValue('uid', uid);
  ev.addPropertyWithValue('created', utcTime(ctx.now));
  ev.addPropertyWithValue('sequence', 0);
  applyDraft(ev, draft, ctx, true);
  if (agency) {
    setReviewProps(ev, agency.review, '', '');
    ev.updatePropertyWithValue(AGENCY_PROPS.proposer.toLowerCase(), `mailto:${ctx.userEmail}`);
  }
  stamp(ev, ctx, false);
  root.addSubcomponent(ev);
  return root.toString() + '\r\n';
}

function parseRoot(raw: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(raw) as unknown[]);
}

function components(root: ICAL.Component): ICAL.Component[] {
  return ['vevent', 'vtodo'].flatMap((n) => root.getAllSubcomponents(n));
}

function masterOf(root: ICAL.Component): ICAL.Component {
  const m = components(root).find((c) => !c.hasProperty('recurrence-id'));
  if (!m) throw new Error('no master component');
  return m;
}

function instanceTime(master: ICAL.Component, instance: string): ICAL.Time {
  const start = master.getFirstPropertyValue('dtstart');
  if (/^\d{4}-\d{2}-\d{2}$/.test(instance)) {
    const [y, m, d] = instance.split('-').map(Number) as [number, number, number];
    return ICAL.Time.fromData({ year: y, month: m, day: d, isDate: true });
  }
  const ms = Number(instance);
  // Written in the series' zone when it has one, as most clients expect.
  const prop = master.getFirstProperty('dtstart');
  const tzid = prop?.getParameter('tzid');
  if (start instanceof ICAL.Time && typeof tzid === 'string') {
    const zone = ianaZone(tzid);
    if (zone) {
      const w = zone.toWall(ms);
      return ICAL.Time.fromData({ ...w, isDate: false });
    }
  }
  return utcTime(ms);
}

function setRecurrenceId(comp: ICAL.Component, master: ICAL.Component, instance: string): void {
  comp.removeAllProperties('recurrence-id');
  const prop = new ICAL.Property('recurrence-id', comp);
  const t = instanceTime(master, instance);
  prop.setValue(t);
  const tzid = master.getFirstProperty('dtstart')?.getParameter('tzid');
  if (!t.isDate && t.zone !== ICAL.Timezone.utcTimezone && typeof tzid === 'string') prop.setParameter('tzid', tzid);
  comp.addProperty(prop);
}

/**
 * What one instance of the object in `raw` is made of, in `root` (a parse of
 * the same text): its own override, else the RECURRENCE-ID;RANGE=THISANDFUTURE
 * override governing it, else the master. Keys are read as expansion reads
 * them (ical.ts), so a RECURRENCE-ID written in UTC matches a series in a zone.
 */
function instanceSource(raw: string, root: ICAL.Component, instance: string): { comp: ICAL.Component; own: boolean } {
  return instanceComponent(parseObject(raw), root, instance) ?? { comp: masterOf(root), own: false };
}

/** A copy that shares nothing: `new ICAL.Component(c.toJSON())` shares the jCal arrays, so editing the copy edits the original. */
function deepCopy(comp: ICAL.Component): ICAL.Component {
  return ICAL.Component.fromString(comp.toString());
}

function isRange(comp: ICAL.Component): boolean {
  return String(comp.getFirstProperty('recurrence-id')?.getParameter('range') ?? '').toUpperCase() === 'THISANDFUTURE';
}

/**
 * Another client's RANGE=THISANDFUTURE override, moved from the instance it
 * names to the next one it governs, for when that first instance is edited
 * alone or deleted: a copy named by the next instance's original start, its
 * times moved by as much. A fixed-time reminder goes with whichever of the
 * two it comes before. Nothing is added when the range governs no later instance.
 */
function passRangeOn(raw: string, root: ICAL.Component, master: ICAL.Component, range: ICAL.Component, instance: string): void {
  const next = nextGoverned(parseObject(raw), instance);
  if (next === null) return;
  const shift = instanceMs(next) - instanceMs(instance);
  const moved = deepCopy(range);
  setRecurrenceId(moved, master, next);
  moved.getFirstProperty('recurrence-id')!.setParameter('range', 'THISANDFUTURE');
  for (const name of ['dtstart', 'dtend', 'due'] as const) {
    const prop = moved.getFirstProperty(name);
    const v = prop?.getFirstValue();
    if (prop && v instanceof ICAL.Time) prop.setValue(msToTime(timeToMs(v, prop) + shift, v, prop));
  }
  const nextStart = propMs(moved, 'dtstart') ?? instanceMs(next);
  for (const [comp, keep] of [[moved, (ms: number) => ms >= nextStart], [range, (ms: number) => ms < nextStart]] as const) {
    for (const alarm of comp.getAllSubcomponents('valarm')) {
      const trig = alarm.getFirstProperty('trigger');
      const v = isAbsoluteAlarm(alarm) ? trig?.getFirstValue() : null;
      if (v instanceof ICAL.Time && !keep(timeToMs(v, trig ?? null))) comp.removeSubcomponent(alarm);
    }
  }
  root.addSubcomponent(moved);
}

function overrideFor(raw: string, root: ICAL.Component, instance: string): ICAL.Component | null {
  const src = instance ? instanceSource(raw, root, instance) : null;
  return src?.own ? src.comp : null;
}

/**
 * An edit of an existing object. scope 'all' (or a single event) edits the
 * master, keeping overrides; 'this' writes an override for one instance.
 * 'following' is split by the caller into an UNTIL on this series and a new one.
 */
export function editEvent(raw: string, instance: string, scope: EditScope, draft: EventDraft, ctx: WriteContext): string {
  const root = parseRoot(raw);
  const master = masterOf(root);
  if (!draft.allDay) ensureTimezone(root, draft.timeZone ?? DEFAULT_ZONE);
  if (scope === 'this' && instance) {
    const src = instanceSource(raw, root, instance);
    let ov = src.own ? src.comp : null;
    // The instance carrying a range: the range goes on from the next instance,
    // and this one keeps a plain override, which the draft then edits.
    if (ov && isRange(ov)) {
      passRangeOn(raw, root, master, ov, instance);
      ov.getFirstProperty('recurrence-id')!.removeParameter('range');
    }
    if (!ov) {
      // A new override starts as what the instance was: the series, or the
      // THISANDFUTURE override governing it (its title, place, organizer,
      // attendees' replies, other clients' properties); the draft then
      // changes what the form showed.
      ov = copyForInstance(src.comp, new Set());
      setRecurrenceId(ov, master, instance);
      root.addSubcomponent(ov);
    }
    applyDraft(ov, { ...draft, rrule: undefined }, ctx, false);
    stamp(ov, ctx, true);
  } else {
    // From an instance a THISANDFUTURE override governs, the form showed that
    // override: what the user changed goes to the series and to every range,
    // what they left stays as each has it (the series' place, the range's).
    const obj = parseObject(raw);
    const shown = instanceData(obj, instance);
    const overrides = obj.overrides.flatMap((o) => {
      const hit = instanceComponent(obj, root, o.recurrenceKey);
      return hit?.own ? [{ comp: hit.comp, data: o }] : [];
    });
    const before = propMs(master, 'dtstart');
    // Parsed, so a DURATION counts as well as a DTEND (the draft then writes DTEND).
    const beforeLength = obj.master && obj.master.startMs !== null ? (obj.master.endMs ?? obj.master.startMs) - obj.master.startMs : 0;
    // What each series-wide component was given: its overrides follow it (below).
    const given = new Map<ComponentData, { draft: EventDraft; ctx: WriteContext }>();
    const forMaster = shown && obj.master ? linkFollowing(onlyChanged(draft, shown, obj.master), ctx, shown, obj.master, true) : { draft, ctx };
    if (obj.master) given.set(obj.master, forMaster);
    applyDraft(master, forMaster.draft, forMaster.ctx, true);
    const after = propMs(master, 'dtstart');
    const delta = before !== null && after !== null ? after - before : 0;
    const lengthChange = (propMs(master, 'dtend') ?? after ?? 0) - (after ?? 0) - beforeLength;
    // Moving a whole series moves its exceptions with it: overrides and
    // EXDATEs name instances by their original start, which just moved.
    if (delta !== 0) shiftInstances(root, master, delta);
    const tz = draft.timeZone ?? DEFAULT_ZONE;
    for (const { comp, data } of overrides.filter((o) => o.data.thisAndFuture)) {
      if (data.startMs === null) continue;
      const start = data.startMs + delta;
      const end = start + Math.max(0, (data.endMs ?? data.startMs) - data.startMs + lengthChange);
      const own = linkFollowing(onlyChanged(draft, shown ?? obj.master ?? data, data), ctx, shown ?? obj.master ?? data, data, true);
      given.set(data, own);
      applyDraft(comp, { ...own.draft, start: localOf(start, draft.allDay, tz), end: localOf(end, draft.allDay, tz), rrule: undefined }, own.ctx, false);
      stamp(comp, ctx, true);
    }
    // An instance's own override follows, property by property, what governs
    // it (the series or a range): where it still had that one's old value it
    // takes the new one, where it had its own it keeps it. The instance the
    // form showed also takes what the user changed there.
    for (const { comp, data } of overrides.filter((o) => !o.data.thisAndFuture)) {
      const gov = governorData(obj, data.recurrenceKey);
      const next = gov ? given.get(gov) : undefined;
      if (!gov || !next || data.startMs === null || gov.startMs === null) continue;
      const isShown = data === shown;
      const followed = mergeFields(fieldsOf(data), gov, next.draft);
      const fields = isShown ? mergeFields(draft, data, followed) : followed;
      const link = isShown ? linkFollowing(fields, ctx, data, data, true) : linkFollowing(fields, next.ctx, gov, data, false);
      // Its time follows too, unless it was moved on purpose: where the governor put it, and the governor's length.
      const govLength = (gov.endMs ?? gov.startMs) - gov.startMs;
      const length = (data.endMs ?? data.startMs) - data.startMs;
      const where = instanceMs(data.recurrenceKey) + (gov === obj.master ? 0 : gov.startMs - instanceMs(gov.recurrenceKey));
      const start = data.startMs + (isShown || data.startMs === where ? delta : 0);
      const end = start + Math.max(0, length + (isShown || length === govLength ? lengthChange : 0));
      const same = sameFields(fields, fieldsOf(data)) && start === data.startMs && end === data.startMs + length && link.ctx.meetingUrl === null && link.draft.removeMeetingUrl === undefined;
      if (same) continue;
      applyDraft(comp, { ...link.draft, allDay: data.allDay, start: localOf(start, data.allDay, tz), end: localOf(end, data.allDay, tz), rrule: undefined, agency: undefined }, link.ctx, false);
      stamp(comp, ctx, true);
    }
    stamp(master, ctx, true);
  }
  return root.toString() + '\r\n';
}

/** A draft's start or end for `ms`: a date, or local wall time in the draft's zone. */
function localOf(ms: number, allDay: boolean, tzid: string): string {
  const w = (allDay ? utcZone : (ianaZone(tzid) ?? utcZone)).toWall(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${w.year}-${p(w.month)}-${p(w.day)}`;
  return allDay ? date : `${date}T${p(w.hour)}:${p(w.minute)}`;
}

/**
 * The draft as it applies to one component of a series: what the user changed
 * from what the form showed (`shown`) comes from the draft, the rest is what
 * `own` already says (text, reminders, invitees).
 */
function onlyChanged(draft: EventDraft, shown: ComponentData, own: ComponentData): EventDraft {
  return mergeFields(draft, shown, { ...draft, ...fieldsOf(own) });
}

/** The properties of a series' component a draft speaks of, and that an override may carry a copy of. */
type Fields = Pick<EventDraft, 'summary' | 'location' | 'description' | 'alarmsMinutesBefore' | 'attendees'>;

function fieldsOf(d: ComponentData): Fields {
  return {
    summary: d.summary,
    location: d.location,
    description: d.description,
    alarmsMinutesBefore: d.alarms.filter((a) => a.offsetMs !== null).map((a) => -a.offsetMs! / 60_000),
    attendees: d.attendees.map((a) => ({ email: a.email, name: a.name })),
  };
}

const sortedMinutes = (list: readonly number[]) => [...list].sort((a, b) => a - b).join(',');
const emailSet = (list: ReadonlyArray<{ email: string }>) => list.map((a) => a.email.toLowerCase()).sort().join('\n');

function sameFields(a: Fields, b: Fields): boolean {
  return a.summary === b.summary && a.location === b.location && a.description === b.description && sortedMinutes(a.alarmsMinutesBefore) === sortedMinutes(b.alarmsMinutesBefore) && emailSet(a.attendees) === emailSet(b.attendees);
}

/**
 * Property by property: `primary`'s value where it differs from `base`'s
 * (it was changed there), else `fallback`'s. onlyChanged() is the user's
 * draft against what the form showed; an override against the old value of
 * what governs it is how an override follows an edit of the series.
 */
function mergeFields<T extends Fields>(primary: Fields, base: ComponentData, fallback: T): T {
  const b = fieldsOf(base);
  return {
    ...fallback,
    summary: primary.summary !== b.summary ? primary.summary : fallback.summary,
    location: primary.location !== b.location ? primary.location : fallback.location,
    description: primary.description !== b.description ? primary.description : fallback.description,
    alarmsMinutesBefore: sortedMinutes(primary.alarmsMinutesBefore) !== sortedMinutes(b.alarmsMinutesBefore) ? primary.alarmsMinutesBefore : fallback.alarmsMinutesBefore,
    attendees: emailSet(primary.attendees) !== emailSet(b.attendees) ? primary.attendees : fallback.attendees,
  };
}

/** What a copy standing for one instance, or starting a new series, does not take from a series or a range of it. */
const SERIES_ONLY = new Set(['rrule', 'rdate', 'exdate', 'exrule', 'recurrence-id', 'dtstart', 'dtend', 'duration', 'dtstamp', 'last-modified', CHANGE_PROP.toLowerCase()]);

/**
 * A copy of a master or override without what makes it a series or names an
 * instance (the caller adds RECURRENCE-ID or a rule, the draft the times).
 * Reminders relative to the event go along with their UIDs and
 * acknowledgements; one at a fixed time (a snooze, another client's) rings
 * once, and stays where it is.
 */
function copyForInstance(source: ICAL.Component, skip: ReadonlySet<string>, copy = new ICAL.Component(source.name)): ICAL.Component {
  for (const p of source.getAllProperties()) {
    if (!SERIES_ONLY.has(p.name) && !skip.has(p.name)) copy.addProperty(ICAL.Property.fromString(p.toICALString()));
  }
  for (const alarm of source.getAllSubcomponents('valarm')) {
    if (!isAbsoluteAlarm(alarm)) copy.addSubcomponent(deepCopy(alarm));
  }
  return copy;
}

/** A fixed-time VALARM (or one whose trigger cannot be read: not ours to copy). */
function isAbsoluteAlarm(alarm: ICAL.Component): boolean {
  try {
    return alarm.getFirstPropertyValue('trigger') instanceof ICAL.Time;
  } catch {
    return true;
  }
}

/**
 * The new series of a "this and following" split at `instance`: made from
 * what that instance is (its own override, the THISANDFUTURE override
 * governing it, or the master), so what the form does not show (organizer,
 * attendees' replies, other clients' properties, reminders' UIDs) goes on,
 * under a new UID, with the draft (its rule included) applied.
 */
export function seriesFrom(raw: string, instance: string, uid: string, draft: EventDraft, ctx: WriteContext): string {
  const old = parseRoot(raw);
  const source = instanceSource(raw, old, instance).comp;
  const root = new ICAL.Component('vcalendar');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('prodid', PRODID);
  for (const tz of old.getAllSubcomponents('vtimezone')) root.addSubcomponent(deepCopy(tz));
  if (!draft.allDay) ensureTimezone(root, draft.timeZone ?? DEFAULT_ZONE);
  const ev = new ICAL.Component(source.name);
  ev.addPropertyWithValue('uid', uid);
  ev.addPropertyWithValue('created', utcTime(ctx.now));
  ev.addPropertyWithValue('sequence', 0);
  copyForInstance(source, new Set(['uid', 'created', 'sequence']), ev);
  applyDraft(ev, draft, ctx, true);
  stamp(ev, ctx, false);
  root.addSubcomponent(ev);
  carryOverrides(raw, old, instance, ev, root, draft, ctx);
  return root.toString() + '\r\n';
}

/**
 * What the old series said of its instances from the split on goes on in the
 * new one (endSeriesBefore drops it from the old): its overrides (a meeting
 * moved one week, another client's range) and its EXDATEs (a week cancelled),
 * named by the new series' instances: an instance key moves by as much as the
 * series' start did (the draft's start against the split instance's original
 * start). An override takes the draft's change of what the form showed
 * (title, place, reminders…, onlyChanged) and keeps what it changed itself,
 * and moves by as much as the split moved the instance the form showed.
 */
function carryOverrides(raw: string, old: ICAL.Component, instance: string, master: ICAL.Component, root: ICAL.Component, draft: EventDraft, ctx: WriteContext): void {
  const obj = parseObject(raw);
  const shown = instanceData(obj, instance);
  if (!shown || !obj.master) return;
  const cut = instanceMs(instance);
  const { start: shownStart, end: shownEnd } = instanceTimes(obj, instance, shown);
  const draftStart = draftStartMs(draft);
  const keyShift = draftStart - cut;
  const timeShift = draftStart - shownStart;
  const lengthChange = draftStartMs({ ...draft, start: draft.end }) - draftStart - (shownEnd - shownStart);
  const keyOf = (ms: number) => (draft.allDay ? new Date(ms).toISOString().slice(0, 10) : String(ms));
  const uid = String(master.getFirstPropertyValue('uid'));
  const tz = draft.timeZone ?? DEFAULT_ZONE;
  for (const data of obj.overrides) {
    const key = instanceMs(data.recurrenceKey);
    if (key < cut || data.recurrenceKey === instance) continue;
    const comp = instanceComponent(obj, old, data.recurrenceKey);
    if (!comp?.own) continue;
    const copy = deepCopy(comp.comp);
    copy.updatePropertyWithValue('uid', uid);
    setRecurrenceId(copy, master, keyOf(key + keyShift));
    if (isRange(comp.comp)) copy.getFirstProperty('recurrence-id')!.setParameter('range', 'THISANDFUTURE');
    if (data.startMs !== null) {
      const start = data.startMs + timeShift;
      const end = start + Math.max(0, (data.endMs ?? data.startMs) - data.startMs + lengthChange);
      const own = linkFollowing(draft, ctx, shown, data);
      applyDraft(copy, { ...onlyChanged(own.draft, shown, data), start: localOf(start, draft.allDay, tz), end: localOf(end, draft.allDay, tz), rrule: undefined }, own.ctx, false);
    }
    stamp(copy, ctx, false);
    root.addSubcomponent(copy);
  }
  for (const prop of masterOf(old).getAllProperties('exdate')) {
    for (const v of prop.getValues()) {
      if (!(v instanceof ICAL.Time)) continue;
      const ms = timeToMs(v, prop);
      if (ms < cut) continue;
      const ex = new ICAL.Property('exdate', master);
      const t = instanceTime(master, keyOf(ms + keyShift));
      ex.setValue(t);
      const tzid = master.getFirstProperty('dtstart')?.getParameter('tzid');
      if (!t.isDate && t.zone !== ICAL.Timezone.utcTimezone && typeof tzid === 'string') ex.setParameter('tzid', tzid);
      master.addProperty(ex);
    }
  }
}

/** Where one instance is (its override's times, or moved by the range governing it), as expansion puts it. */
function instanceTimes(obj: ReturnType<typeof parseObject>, instance: string, data: ComponentData): { start: number; end: number } {
  const key = instanceMs(instance);
  const master = obj.master!;
  if (data === master || data.startMs === null) {
    const length = master.startMs === null ? 0 : (master.endMs ?? master.startMs) - master.startMs;
    return { start: key, end: key + length };
  }
  const start = data.recurrenceKey === instance ? data.startMs : data.startMs + key - instanceMs(data.recurrenceKey);
  return { start, end: start + (data.endMs ?? data.startMs) - data.startMs };
}

/** The links a component names where a finder looks for one (CONFERENCE, URL, vendor X- properties), as one comparable value. */
function linksOf(d: ComponentData): string {
  return [...d.conferences, d.url, ...d.xprops.map(([, v]) => v)].filter((v) => /^https?:\/\//i.test(v)).sort().join('\n');
}

function mentions(d: ComponentData, url: string): boolean {
  return [...d.conferences, d.url, d.location, d.description, ...d.xprops.map(([, v]) => v)].some((v) => v.includes(url));
}

/**
 * The meeting link as it applies to one component of a series edited from
 * an instance that showed `shown`: the user changed it only when the draft's
 * link is not one the instance already had, or one was removed. A component
 * with the links the shown instance had follows such a change; one with
 * links of its own keeps them (an override given another room on purpose),
 * unless `always` (the series and its ranges: the user's new link replaces
 * their own room). Nothing changes anywhere when the user left the link alone.
 */
function linkFollowing(draft: EventDraft, ctx: WriteContext, shown: ComponentData, own: ComponentData, always = false): { draft: EventDraft; ctx: WriteContext } {
  const changed = (ctx.meetingUrl !== null && !mentions(shown, ctx.meetingUrl)) || (draft.removeMeetingUrl !== undefined && draft.removeMeetingUrl !== ctx.meetingUrl);
  if (changed && (own === shown || linksOf(own) === linksOf(shown))) return { draft, ctx };
  const { removeMeetingUrl: _removed, ...rest } = draft;
  if (!changed || !always) return { draft: rest, ctx: { ...ctx, meetingUrl: null } };
  // The series (or a range) had a room of its own: the link the user chose replaces that one.
  const mine = [...own.conferences, ...own.xprops.map(([, v]) => v), own.url].find((v) => /^https?:\/\//i.test(v.trim()))?.trim();
  return { draft: mine && mine !== ctx.meetingUrl ? { ...rest, removeMeetingUrl: mine } : rest, ctx };
}

function zoneFor(prop: ICAL.Property | null): { zone: typeof utcZone; tzid: string | null } {
  const tzid = prop?.getParameter('tzid');
  if (typeof tzid === 'string') return { zone: ianaZone(tzid) ?? ianaZone(DEFAULT_ZONE) ?? utcZone, tzid };
  return { zone: utcZone, tzid: null };
}

function timeToMs(t: ICAL.Time, prop: ICAL.Property | null): number {
  const w: Wall = { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
  if (t.isDate || t.zone === ICAL.Timezone.utcTimezone) return utcZone.toUtc(w);
  const { zone, tzid } = zoneFor(prop);
  return (tzid ? zone : ianaZone(DEFAULT_ZONE) ?? utcZone).toUtc(w);
}

function msToTime(ms: number, like: ICAL.Time, prop: ICAL.Property | null): ICAL.Time {
  if (like.isDate) {
    const d = new Date(ms);
    return ICAL.Time.fromData({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), isDate: true });
  }
  if (like.zone === ICAL.Timezone.utcTimezone) return utcTime(ms);
  const { zone, tzid } = zoneFor(prop);
  return ICAL.Time.fromData({ ...(tzid ? zone : ianaZone(DEFAULT_ZONE) ?? utcZone).toWall(ms), isDate: false });
}

function propMs(comp: ICAL.Component, name: string): number | null {
  const prop = comp.getFirstProperty(name);
  const v = prop?.getFirstValue();
  return v instanceof ICAL.Time ? timeToMs(v, prop ?? null) : null;
}

function shiftInstances(root: ICAL.Component, master: ICAL.Component, delta: number): void {
  for (const ov of components(root).filter((c) => c.hasProperty('recurrence-id'))) {
    const prop = ov.getFirstProperty('recurrence-id')!;
    const v = prop.getFirstValue();
    if (v instanceof ICAL.Time) prop.setValue(msToTime(timeToMs(v, prop) + delta, v, prop));
  }
  for (const prop of master.getAllProperties('exdate')) {
    const values = prop.getValues().map((v) => (v instanceof ICAL.Time ? msToTime(timeToMs(v, prop) + delta, v, prop) : v));
    prop.setValues(values);
  }
}

/** Ends a series before `instance` (for 'this and following'): returns the shortened object. */
export function endSeriesBefore(raw: string, instance: string, ctx: WriteContext): string {
  const root = parseRoot(raw);
  const master = masterOf(root);
  const rrule = master.getFirstPropertyValue('rrule');
  if (!(rrule instanceof ICAL.Recur)) throw new Error('not a recurring series');
  const cut = instanceTime(master, instance);
  const until = cut.isDate ? cut.clone() : utcTime(Number(instance) - 1000);
  if (cut.isDate) until.adjust(-1, 0, 0, 0);
  const next = rrule.clone();
  next.count = null;
  next.until = until;
  master.updatePropertyWithValue('rrule', next);
  // Overrides from the cut on belong to the new series now.
  for (const ov of components(root).filter((c) => c.hasProperty('recurrence-id'))) {
    const rid = ov.getFirstPropertyValue('recurrence-id');
    if (!(rid instanceof ICAL.Time)) continue;
    const after = cut.isDate ? rid.toString() >= cut.toString() : ridMs(rid, ov) >= Number(instance);
    if (after) root.removeSubcomponent(ov);
  }
  stamp(master, ctx, true);
  return root.toString() + '\r\n';
}

/** A RECURRENCE-ID as UTC ms, read in its own TZID (or UTC, or the default zone when floating). */
function ridMs(rid: ICAL.Time, comp: ICAL.Component): number {
  const w: Wall = { year: rid.year, month: rid.month, day: rid.day, hour: rid.hour, minute: rid.minute, second: rid.second };
  if (rid.zone === ICAL.Timezone.utcTimezone) return utcZone.toUtc(w);
  const tzid = comp.getFirstProperty('recurrence-id')?.getParameter('tzid');
  return (ianaZone(typeof tzid === 'string' ? tzid : DEFAULT_ZONE) ?? utcZone).toUtc(w);
}

/**
 * Removes one instance of a series: EXDATE with its original start, and its
 * override if there is one. When that override is another client's
 * RANGE=THISANDFUTURE one, the range goes on from the next instance it
 * governs.
 */
export function excludeInstance(raw: string, instance: string, ctx: WriteContext): string {
  const root = parseRoot(raw);
  const master = masterOf(root);
  const ov = overrideFor(raw, root, instance);
  if (ov && isRange(ov)) passRangeOn(raw, root, master, ov, instance);
  if (ov) root.removeSubcomponent(ov);
  const prop = new ICAL.Property('exdate', master);
  const t = instanceTime(master, instance);
  prop.setValue(t);
  const tzid = master.getFirstProperty('dtstart')?.getParameter('tzid');
  if (!t.isDate && t.zone !== ICAL.Timezone.utcTimezone && typeof tzid === 'string') prop.setParameter('tzid', tzid);
  master.addProperty(prop);
  stamp(master, ctx, true);
  return root.toString() + '\r\n';
}

function setReviewProps(comp: ICAL.Component, state: ReviewState, comment: string, reviewer: string): void {
  comp.updatePropertyWithValue('status', state === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE');
  setText(comp, AGENCY_PROPS.review.toLowerCase(), state.toUpperCase());
  setText(comp, AGENCY_PROPS.reviewComment.toLowerCase(), comment);
  setText(comp, AGENCY_PROPS.reviewer.toLowerCase(), reviewer ? `mailto:${reviewer}` : '');
}

/**
 * A review of an agency entry: confirmed, or returned with a comment. STATUS
 * carries it for every calendar client (TENTATIVE / CONFIRMED); the X-
 * properties carry what STATUS cannot (returned, the comment, who reviewed).
 */
export function reviewEntry(raw: string, state: ReviewState, comment: string, ctx: WriteContext): string {
  const root = parseRoot(raw);
  for (const comp of components(root)) {
    setReviewProps(comp, state, comment, ctx.userEmail);
    stamp(comp, ctx, true);
  }
  return root.toString() + '\r\n';
}

/** Reads the change id a stored or fetched object carries (see CHANGE_PROP). */
export function changeIdsOf(raw: string): string[] {
  const out: string[] = [];
  for (const m of raw.matchAll(/^X-GOVDESK-CHANGE-ID[^:\r\n]*:(.*)$/gim)) out.push(m[1]!.trim());
  return out;
}

/**
 * The VALARM an alarm id names: its UID, or `#n` (position) in the component
 * that holds it. That is the component the instance's alarms come from (its
 * own override, the THISANDFUTURE override governing it, or the master), so
 * an acknowledgement or a snooze lands where every client reads that alarm
 * (RFC 9074: a snooze is a sibling of the alarm it snoozes).
 */
function findAlarm(raw: string, root: ICAL.Component, instance: string, alarmUid: string): ICAL.Component {
  const holder = instanceSource(raw, root, instance).comp;
  const alarms = holder.getAllSubcomponents('valarm');
  const byPos = /^#(\d+)$/.exec(alarmUid);
  const alarm = byPos ? alarms[Number(byPos[1])] : alarms.find((a) => String(a.getFirstPropertyValue('uid') ?? '') === alarmUid);
  if (!alarm) throw new Error(`no alarm ${alarmUid}`);
  return alarm;
}

function setAcknowledged(alarm: ICAL.Component, atMs: number): void {
  // A DATE-TIME by default since ical.ts registered RFC 9074's property.
  alarm.updatePropertyWithValue('acknowledged', utcTime(atMs));
}

/** The UID of the alarm a snooze alarm snoozes (RELATED-TO;RELTYPE=SNOOZE), or null for any other alarm. */
function snoozes(alarm: ICAL.Component): string | null {
  const rel = alarm.getFirstProperty('related-to');
  if (!rel || String(rel.getParameter('reltype') ?? '').toUpperCase() !== 'SNOOZE') return null;
  return String(rel.getFirstValue());
}

/** Removes the snooze alarms of the alarm with this UID from the component that holds them. */
function removeSnoozesOf(holder: ICAL.Component, uid: string): void {
  if (!uid) return;
  for (const other of holder.getAllSubcomponents('valarm')) if (snoozes(other) === uid) holder.removeSubcomponent(other);
}

/**
 * RFC 9074 dismissal: every firing of the alarm up to `atMs` is dealt with
 * (ACKNOWLEDGED), on every device that reads the object, and a snooze of it
 * goes, or it would ring once more here and on the user's other devices.
 * Dismissing a snooze alarm (it rang again) removes it and acknowledges the
 * alarm it snoozed, as RFC 9074 section 5 asks.
 */
export function acknowledgeAlarm(raw: string, instance: string, alarmUid: string, atMs: number, ctx: WriteContext): string {
  const root = parseRoot(raw);
  const alarm = findAlarm(raw, root, instance, alarmUid);
  const holder = alarm.parent ?? masterOf(root);
  const snoozed = snoozes(alarm);
  const original = snoozed === null ? null : holder.getAllSubcomponents('valarm').find((a) => String(a.getFirstPropertyValue('uid') ?? '') === snoozed);
  if (snoozed !== null && original) {
    holder.removeSubcomponent(alarm);
    setAcknowledged(original, atMs);
    removeSnoozesOf(holder, snoozed);
  } else {
    // A snooze whose alarm is gone (another client removed it) is acknowledged like any alarm.
    setAcknowledged(alarm, atMs);
    removeSnoozesOf(holder, String(alarm.getFirstPropertyValue('uid') ?? ''));
  }
  stamp(holder, ctx, false);
  return root.toString() + '\r\n';
}

/**
 * RFC 9074 snooze: the alarm is acknowledged, and a new one, related to it by
 * RELTYPE=SNOOZE, fires once at `untilMs`.
 */
export function snoozeAlarm(raw: string, instance: string, alarmUid: string, nowMs: number, untilMs: number, ctx: WriteContext): string {
  const root = parseRoot(raw);
  const alarm = findAlarm(raw, root, instance, alarmUid);
  const holder = alarm.parent ?? masterOf(root);
  let uid = String(alarm.getFirstPropertyValue('uid') ?? '');
  if (!uid) {
    uid = crypto.randomUUID();
    alarm.addPropertyWithValue('uid', uid);
  }
  setAcknowledged(alarm, nowMs);
  // An earlier snooze of the same alarm is replaced, not stacked.
  removeSnoozesOf(holder, uid);
  const snooze = new ICAL.Component('valarm');
  snooze.addPropertyWithValue('uid', crypto.randomUUID());
  snooze.addPropertyWithValue('action', String(alarm.getFirstPropertyValue('action') ?? 'DISPLAY'));
  snooze.addPropertyWithValue('description', String(alarm.getFirstPropertyValue('description') ?? ''));
  const trigger = new ICAL.Property('trigger', snooze);
  trigger.resetType('date-time');
  trigger.setValue(utcTime(untilMs));
  snooze.addProperty(trigger);
  const rel = new ICAL.Property('related-to', snooze);
  rel.setParameter('reltype', 'SNOOZE');
  rel.setValue(uid);
  snooze.addProperty(rel);
  holder.addSubcomponent(snooze);
  stamp(holder, ctx, false);
  return root.toString() + '\r\n';
}

/** A task (VTODO) as a draft speaks of it; what shared/calendar's task schemas took. */
export interface TaskDraft {
  summary: string;
  /** 'YYYY-MM-DD' (a date), local 'YYYY-MM-DDTHH:mm' in timeZone, or '' for no due date. */
  due: string;
  timeZone?: string | undefined;
  description: string;
  /** RFC 5545 PRIORITY, 0 = none. */
  priority?: number | undefined;
  /** Minutes before a timed due; null for none; undefined on a new task: an hour. */
  reminderMinutesBefore?: number | null | undefined;
}

function dueTime(due: string, tzid: string): { time: ICAL.Time; tzid: string | null } {
  const w = parseLocal(due);
  if (!due.includes('T')) return { time: ICAL.Time.fromData({ year: w.year, month: w.month, day: w.day, isDate: true }), tzid: null };
  if (tzid === 'UTC') return { time: ICAL.Time.fromData({ ...w, isDate: false }, ICAL.Timezone.utcTimezone), tzid: null };
  return { time: ICAL.Time.fromData({ ...w, isDate: false }), tzid };
}

/**
 * DUE of a single task. A DTSTART that would now come after the due, or be of
 * another value type, goes (RFC 5545 requires DUE after DTSTART, same type);
 * DURATION cannot stand beside DUE; no due date means no start either.
 */
function setTaskDue(todo: ICAL.Component, due: string, tzid: string): void {
  todo.removeAllProperties('due');
  todo.removeAllProperties('duration');
  if (!due) {
    todo.removeAllProperties('dtstart');
    return;
  }
  const { time, tzid: param } = dueTime(due, tzid);
  const prop = new ICAL.Property('due', todo);
  prop.setValue(time);
  if (param) prop.setParameter('tzid', param);
  todo.addProperty(prop);
  const start = todo.getFirstProperty('dtstart');
  const sv = start?.getFirstValue();
  if (start && (!(sv instanceof ICAL.Time) || sv.isDate !== time.isDate || timeToMs(sv, start) > timeToMs(time, prop))) todo.removeProperty(start);
}

/**
 * The task's reminder: one VALARM some minutes before a timed due
 * (RELATED=END). Other relative alarms go; absolute ones (another client's,
 * a snooze) stay unless they snooze a reminder that went.
 */
function setTaskReminder(todo: ICAL.Component, minutes: number | null, summary: string): void {
  const due = todo.getFirstPropertyValue('due');
  const timed = due instanceof ICAL.Time && !due.isDate;
  const want = timed ? minutes : null;
  let kept = false;
  const removed = new Set<string>();
  const absolute: ICAL.Component[] = [];
  for (const alarm of todo.getAllSubcomponents('valarm')) {
    const prop = alarm.getFirstProperty('trigger');
    let trig: unknown;
    try {
      trig = prop?.getFirstValue();
    } catch {
      trig = null;
    }
    if (trig instanceof ICAL.Time) {
      absolute.push(alarm);
      continue;
    }
    const related = String(prop?.getParameter('related') ?? 'START').toUpperCase();
    if (!kept && want !== null && trig instanceof ICAL.Duration && related === 'END' && -trig.toSeconds() === want * 60) {
      kept = true;
      continue;
    }
    const uid = String(alarm.getFirstPropertyValue('uid') ?? '');
    if (uid) removed.add(uid);
    todo.removeSubcomponent(alarm);
  }
  for (const alarm of absolute) {
    const rel = alarm.getFirstProperty('related-to');
    if (rel && String(rel.getParameter('reltype') ?? '').toUpperCase() === 'SNOOZE' && removed.has(String(rel.getFirstValue()))) todo.removeSubcomponent(alarm);
  }
  if (want === null || kept) return;
  const alarm = new ICAL.Component('valarm');
  alarm.addPropertyWithValue('uid', crypto.randomUUID());
  alarm.addPropertyWithValue('action', 'DISPLAY');
  alarm.addPropertyWithValue('description', summary || 'Reminder');
  const trig = new ICAL.Property('trigger', alarm);
  trig.setParameter('related', 'END');
  trig.setValue(ICAL.Duration.fromSeconds(-want * 60));
  alarm.addProperty(trig);
  todo.addSubcomponent(alarm);
}

function setPriority(todo: ICAL.Component, priority: number): void {
  todo.removeAllProperties('priority');
  if (priority > 0) todo.addPropertyWithValue('priority', priority);
}

/** A new VTODO: NEEDS-ACTION, DUE when it has one, a reminder an hour before a timed due unless told otherwise. */
export function buildTask(uid: string, draft: TaskDraft, ctx: WriteContext): string {
  const root = new ICAL.Component('vcalendar');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('prodid', PRODID);
  const tzid = draft.timeZone ?? DEFAULT_ZONE;
  if (draft.due.includes('T')) ensureTimezone(root, tzid);
  const todo = new ICAL.Component('vtodo');
  todo.addPropertyWithValue('uid', uid);
  todo.addPropertyWithValue('created', utcTime(ctx.now));
  todo.addPropertyWithValue('sequence', 0);
  setText(todo, 'summary', draft.summary);
  setText(todo, 'description', draft.description);
  setTaskDue(todo, draft.due, tzid);
  setPriority(todo, draft.priority ?? 0);
  todo.addPropertyWithValue('status', 'NEEDS-ACTION');
  todo.addPropertyWithValue('percent-complete', 0);
  setTaskReminder(todo, draft.reminderMinutesBefore === undefined ? 60 : draft.reminderMinutesBefore, draft.summary);
  stamp(todo, ctx, false);
  root.addSubcomponent(todo);
  return root.toString() + '\r\n';
}

/** Error text the service turns into calendar.invalid_task. */
export const REPEATING_DUE = 'a repeating task keeps a due of the same kind (date or time)';

/**
 * An edit of a task on the stored object: title, notes, priority, due and
 * reminder; everything else (other clients' properties, completed
 * occurrences) stays. On a repeating task the draft speaks of one
 * occurrence: a new due moves the whole series by the same amount, and the
 * title, notes and priority reach the occurrences that still had the
 * series' own.
 */
export function editTask(raw: string, instance: string, draft: TaskDraft, ctx: WriteContext): string {
  const root = parseRoot(raw);
  const todos = root.getAllSubcomponents('vtodo');
  const master = todos.find((c) => !c.hasProperty('recurrence-id'));
  if (!master) throw new Error('not a task');
  const overrides = todos.filter((c) => c !== master);
  const tzid = draft.timeZone ?? DEFAULT_ZONE;
  for (const [name, value] of [
    ['summary', draft.summary],
    ['description', draft.description],
  ] as const) {
    const old = String(master.getFirstPropertyValue(name) ?? '');
    setText(master, name, value);
    for (const ov of overrides) if (String(ov.getFirstPropertyValue(name) ?? '') === old) setText(ov, name, value);
  }
  if (draft.priority !== undefined) {
    const old = Number(master.getFirstPropertyValue('priority') ?? 0);
    setPriority(master, draft.priority);
    for (const ov of overrides) if (Number(ov.getFirstPropertyValue('priority') ?? 0) === old) setPriority(ov, draft.priority);
  }
  if (draft.due.includes('T')) ensureTimezone(root, tzid);
  if (!isRepeating(master)) setTaskDue(master, draft.due, tzid);
  else moveRepeatingTask(root, master, overrides, instance, draft.due, tzid);
  if (draft.reminderMinutesBefore !== undefined) setTaskReminder(master, draft.reminderMinutesBefore, draft.summary);
  stamp(master, ctx, true);
  return root.toString() + '\r\n';
}

function isRepeating(todo: ICAL.Component): boolean {
  return todo.hasProperty('rrule') || todo.hasProperty('rdate');
}

/** DTSTART, or DUE for a task without one: what its instances are counted from. */
function anchorProp(todo: ICAL.Component): ICAL.Property | null {
  return todo.getFirstProperty('dtstart') ?? todo.getFirstProperty('due');
}

function instanceMs(instance: string): number {
  return /^\d+$/.test(instance) ? Number(instance) : Date.parse(`${instance}T00:00:00Z`);
}

function moveRepeatingTask(root: ICAL.Component, master: ICAL.Component, overrides: ICAL.Component[], instance: string, due: string, tzid: string): void {
  const dueProp = master.getFirstProperty('due');
  const anchor = anchorProp(master);
  const dueValue = dueProp?.getFirstValue();
  const anchorValue = anchor?.getFirstValue();
  if (!due || !dueProp || !anchor || !(dueValue instanceof ICAL.Time) || !(anchorValue instanceof ICAL.Time) || dueValue.isDate === due.includes('T')) throw new Error(REPEATING_DUE);
  const wantedMs = draftStartMs({ start: due, allDay: !due.includes('T'), timeZone: tzid });
  // The occurrence's due: its start plus the series' start-to-due span.
  const start = instance ? instanceMs(instance) : timeToMs(anchorValue, anchor);
  const current = start + (timeToMs(dueValue, dueProp) - timeToMs(anchorValue, anchor));
  const delta = wantedMs - current;
  if (delta === 0) return;
  for (const comp of [master, ...overrides]) {
    for (const name of ['dtstart', 'due'] as const) {
      const prop = comp.getFirstProperty(name);
      const v = prop?.getFirstValue();
      if (prop && v instanceof ICAL.Time) prop.setValue(msToTime(timeToMs(v, prop) + delta, v, prop));
    }
  }
  // Completed occurrences and EXDATEs name instances by their start, which just moved.
  shiftInstances(root, master, delta);
}

/** The RECURRENCE-ID value naming an instance, written like the series' anchor (its zone, or a date). */
function anchorInstanceTime(anchor: ICAL.Property, instance: string): ICAL.Time {
  const v = anchor.getFirstValue();
  const like = v instanceof ICAL.Time ? v : utcTime(0);
  return msToTime(instanceMs(instance), like, anchor);
}

/**
 * The override of one occurrence of a repeating task, made when it has none
 * from what the occurrence is: the series, or the THISANDFUTURE override
 * governing it. The occurrence carrying a range passes the range on first,
 * so completing it completes that one only.
 */
function taskOverride(raw: string, root: ICAL.Component, master: ICAL.Component, instance: string): ICAL.Component {
  const anchor = anchorProp(master);
  if (!anchor) throw new Error('a repeating task without DTSTART or DUE');
  const rid = anchorInstanceTime(anchor, instance);
  const found = root
    .getAllSubcomponents('vtodo')
    .find((c) => {
      const p = c.getFirstProperty('recurrence-id');
      const v = p?.getFirstValue();
      return p && v instanceof ICAL.Time && timeToMs(v, p) === instanceMs(instance);
    });
  if (found && isRange(found)) {
    passRangeOn(raw, root, master, found, instance);
    found.getFirstProperty('recurrence-id')!.removeParameter('range');
  }
  if (found) return found;
  const source = instanceSource(raw, root, instance).comp;
  const ov = new ICAL.Component('vtodo');
  const skip = new Set(['rrule', 'rdate', 'exdate', 'exrule', 'recurrence-id', 'dtstart', 'due', 'duration', 'dtstamp', 'status', 'completed', 'percent-complete', CHANGE_PROP.toLowerCase()]);
  for (const p of source.getAllProperties()) {
    if (!skip.has(p.name)) ov.addProperty(ICAL.Property.fromString(p.toICALString()));
  }
  const ridProp = new ICAL.Property('recurrence-id', ov);
  ridProp.setValue(rid);
  const tz = anchor.getParameter('tzid');
  if (!rid.isDate && rid.zone !== ICAL.Timezone.utcTimezone && typeof tz === 'string') ridProp.setParameter('tzid', tz);
  ov.addProperty(ridProp);
  // The occurrence's own DTSTART and DUE: the source's, shifted from the
  // instance the source names (the series' first, or the range's) to this one.
  const rangeRid = source.getFirstProperty('recurrence-id');
  const ridValue = rangeRid?.getFirstValue();
  const from = rangeRid && ridValue instanceof ICAL.Time ? timeToMs(ridValue, rangeRid) : timeToMs(anchor.getFirstValue() as ICAL.Time, anchor);
  const shift = instanceMs(instance) - from;
  for (const name of ['dtstart', 'due'] as const) {
    const prop = source.getFirstProperty(name);
    const v = prop?.getFirstValue();
    if (!prop || !(v instanceof ICAL.Time)) continue;
    const copy = ICAL.Property.fromString(prop.toICALString());
    copy.setValue(msToTime(timeToMs(v, prop) + shift, v, prop));
    ov.addProperty(copy);
  }
  for (const alarm of source.getAllSubcomponents('valarm')) ov.addSubcomponent(deepCopy(alarm));
  root.addSubcomponent(ov);
  return ov;
}

function setCompletion(todo: ICAL.Component, completed: boolean, ctx: WriteContext): void {
  todo.updatePropertyWithValue('status', completed ? 'COMPLETED' : 'NEEDS-ACTION');
  todo.removeAllProperties('completed');
  if (completed) todo.addPropertyWithValue('completed', utcTime(ctx.now));
  todo.updatePropertyWithValue('percent-complete', completed ? 100 : 0);
  stamp(todo, ctx, true);
}

/**
 * Marks a task completed (STATUS:COMPLETED, COMPLETED at `ctx.now`,
 * PERCENT-COMPLETE:100) or open again (NEEDS-ACTION, no COMPLETED, 0), on the
 * stored object so other clients' properties stay. One occurrence of a
 * repeating task is completed in an override of that occurrence
 * (RECURRENCE-ID), so the others stay open: see the calendar README.
 */
export function completeTask(raw: string, completed: boolean, ctx: WriteContext, instance = ''): string {
  const root = parseRoot(raw);
  const todos = root.getAllSubcomponents('vtodo');
  if (todos.length === 0) throw new Error('not a task');
  const master = todos.find((c) => !c.hasProperty('recurrence-id'));
  if (master && instance && isRepeating(master)) {
    setCompletion(taskOverride(raw, root, master, instance), completed, ctx);
    return root.toString() + '\r\n';
  }
  for (const todo of todos) setCompletion(todo, completed, ctx);
  return root.toString() + '\r\n';
}
