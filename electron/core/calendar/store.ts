// The calendar cache: the only code that touches the cal_* tables.
// Every stored object is indexed at once: its occurrences inside the
// expansion window and its alarms, so views are indexed range queries.
import type { CalendarInfo, CalendarKind, LocalState, OccurrenceView, ReviewState, UnreadableView, Warning } from '../../../shared/calendar';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import { alarmTimes, expand, parseObject, type Occurrence, type ParsedObject } from './ical';
import type { LinkMatcher } from './meeting-links';
import { agencyFields } from './week-schedule';
import { DAY_MS, msToDateKey } from './zones';

export interface CalendarRow {
  id: number;
  url: string;
  kind: CalendarKind;
  display_name: string;
  color: string | null;
  writable: number;
  components: string;
  ctag: string | null;
  sync_token: string | null;
  synced_at: number | null;
  gone: number;
}

export interface ObjectRow {
  id: number;
  calendar_id: number;
  href: string;
  uid: string;
  etag: string | null;
  raw: string;
  component: string;
  summary: string;
  recurring: number;
  first_start: number | null;
  last_end: number | null;
  warnings: string;
  local_state: LocalState;
  server_raw: string | null;
  server_etag: string | null;
  review_state: ReviewState | null;
  review_comment: string | null;
  proposer: string | null;
  updated_at: number;
}

interface OccurrenceRow {
  object_id: number;
  calendar_id: number;
  instance: string;
  all_day: number;
  start_ms: number;
  end_ms: number;
  component: string;
  summary: string;
  location: string;
  status: string | null;
  meeting_url: string | null;
  overridden: number;
  recurring: number;
  local_state: LocalState;
  review_state: ReviewState | null;
  incomplete: number;
}

type RawOccurrence = [
  objectId: number,
  instance: string,
  calendarId: number,
  allDay: number,
  start: number,
  end: number,
  component: string,
  summary: string,
  location: string,
  status: string | null,
  meetingUrl: string | null,
  overridden: number,
  recurring: number,
  localState: LocalState,
  review: ReviewState | null,
  incomplete: number,
];

export interface AlarmDue {
  objectId: number;
  instance: string;
  alarmUid: string;
  fireAt: number;
  aboutMs: number;
  action: string;
  summary: string;
  acknowledgedAt: number | null;
}

export interface CalendarInput {
  url: string;
  kind: CalendarKind;
  displayName: string;
  color: string | null;
  writable: boolean;
  components: string[];
}

export interface ObjectInput {
  calendarId: number;
  href: string;
  etag: string | null;
  raw: string;
  localState?: LocalState;
}

export interface StoreOptions {
  now: () => number;
  links: LinkMatcher;
  defaultZone: string;
  /** The signed-in user: agency entries ring only for those who take part. */
  userEmail?: string;
  /** Occurrences are materialized this far back and ahead of now. */
  windowBackMs?: number;
  windowAheadMs?: number;
}

export interface RangeFilter {
  /** Timed occurrences overlapping [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** All-day occurrences overlapping these dates (end exclusive). */
  fromDate: string;
  toDate: string;
  calendarIds?: readonly number[];
  /** Agency entries the user may not see yet are left out (issue 6 review rule). */
  viewer: { email: string };
}

const YEAR_MS = 365 * DAY_MS;

export class CalendarStore {
  private readonly windowBack: number;
  private readonly windowAhead: number;

  /** better-sqlite3 compiles SQL at every prepare(): a sync stores thousands of objects, so statements are kept. */
  private readonly statements = new Map<string, Statement>();

  private stmt<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s as unknown as Statement<P, R>;
  }

  constructor(
    private readonly db: Db,
    private readonly opts: StoreOptions,
  ) {
    this.windowBack = opts.windowBackMs ?? YEAR_MS;
    this.windowAhead = opts.windowAheadMs ?? 2 * YEAR_MS;
  }

  // ---- calendars ----

  upsertCalendar(c: CalendarInput): number {
    const row = this.db
      .prepare<[string, string, string, string | null, number, string], { id: number }>(
        `INSERT INTO cal_calendars (url, kind, display_name, color, writable, components, gone) VALUES (?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, display_name = excluded.display_name, color = excluded.color,
           writable = excluded.writable, components = excluded.components, gone = 0
         RETURNING id`,
      )
      .get(c.url, c.kind, c.displayName, c.color, c.writable ? 1 : 0, c.components.join(','));
    return row!.id;
  }

  /** Calendars discovery no longer lists are marked gone, not deleted: pending writes may still need them. */
  markGoneExcept(urls: readonly string[]): void {
    const keep = new Set(urls);
    for (const c of this.calendars(true)) {
      if (!keep.has(c.url)) this.stmt('UPDATE cal_calendars SET gone = 1 WHERE id = ?').run(c.id);
    }
  }

  calendars(includeGone = false): CalendarRow[] {
    return this.db
      .prepare<[], CalendarRow>(`SELECT * FROM cal_calendars ${includeGone ? '' : 'WHERE gone = 0'} ORDER BY kind = 'agency', display_name, id`)
      .all();
  }

  calendar(id: number): CalendarRow | undefined {
    return this.stmt<[number], CalendarRow>('SELECT * FROM cal_calendars WHERE id = ?').get(id);
  }

  calendarByUrl(url: string): CalendarRow | undefined {
    return this.stmt<[string], CalendarRow>('SELECT * FROM cal_calendars WHERE url = ?').get(url);
  }

  setSyncState(id: number, s: { ctag: string | null; syncToken: string | null }): void {
    this.db
      .prepare('UPDATE cal_calendars SET ctag = ?, sync_token = ?, synced_at = ? WHERE id = ?')
      .run(s.ctag, s.syncToken, this.opts.now(), id);
  }

  /**
   * A calendar's last sync failed (or, with null, succeeded). Kept in cal_meta
   * (`sync_error:<id>`), beside the calendar's cached objects, which stay as
   * they were. True when that changed what the Schedule section shows.
   */
  setSyncError(id: number, error: { code: string; detail: string } | null): boolean {
    const key = `sync_error:${id}`;
    const had = this.meta(key) !== null;
    if (error) this.setMeta(key, JSON.stringify({ ...error, detail: error.detail.slice(0, 500), at: this.opts.now() }));
    else if (had) this.stmt('DELETE FROM cal_meta WHERE key = ?').run(key);
    return error !== null || had;
  }

  syncError(id: number): CalendarInfo['syncError'] {
    const raw = this.meta(`sync_error:${id}`);
    if (!raw) return null;
    try {
      const v = JSON.parse(raw) as { code?: unknown; detail?: unknown; at?: unknown };
      return { code: String(v.code ?? 'calendar.server_error'), detail: String(v.detail ?? ''), at: Number(v.at ?? 0) };
    } catch {
      return { code: 'calendar.server_error', detail: '', at: 0 };
    }
  }

  /**
   * Objects read with warnings, which the Schedule section lists with their
   * path and reasons; `shown` when what could be read has an occurrence.
   * Same visibility as the views (the agency's unconfirmed entries of others stay hidden).
   */
  unreadable(viewerEmail: string, limit = 500): UnreadableView[] {
    const rows = this.db
      .prepare<[string, number], { id: number; calendar_id: number; display_name: string; href: string; summary: string; warnings: string; first_start: number | null }>(
        `SELECT ob.id, ob.calendar_id, c.display_name, ob.href, ob.summary, ob.warnings, ob.first_start
           FROM cal_objects ob JOIN cal_calendars c ON c.id = ob.calendar_id
          WHERE ob.warnings <> '[]' AND c.gone = 0 AND ob.local_state <> 'deleted'
            AND (c.kind <> 'agency' OR c.writable = 1 OR ob.review_state = 'confirmed' OR ob.review_state IS NULL OR ob.proposer = ?)
          ORDER BY c.display_name, ob.href LIMIT ?`,
      )
      .all(viewerEmail, limit);
    return rows.map((r) => {
      let reasons: Warning[] = [];
      try {
        const parsed = JSON.parse(r.warnings) as unknown;
        if (Array.isArray(parsed)) reasons = parsed.map((w) => ({ code: String((w as Warning).code ?? 'unparsable'), detail: String((w as Warning).detail ?? '') }));
      } catch {
        reasons = [{ code: 'unparsable', detail: '' }];
      }
      return { objectId: r.id, calendarId: r.calendar_id, calendarName: r.display_name, path: r.href, summary: r.summary, shown: r.first_start !== null, reasons };
    });
  }

  static info(c: CalendarRow): Omit<CalendarInfo, 'syncError'> {
    return { id: c.id, url: c.url, kind: c.kind, displayName: c.display_name, color: c.color, writable: c.writable === 1, syncedAt: c.synced_at };
  }

  // ---- objects ----

  object(id: number): ObjectRow | undefined {
    return this.stmt<[number], ObjectRow>('SELECT * FROM cal_objects WHERE id = ?').get(id);
  }

  objectByHref(calendarId: number, href: string): ObjectRow | undefined {
    return this.stmt<[number, string], ObjectRow>('SELECT * FROM cal_objects WHERE calendar_id = ? AND href = ?').get(calendarId, href);
  }

  /** href -> etag of every object of a calendar, for the ETag-comparison fallback. */
  etags(calendarId: number): Map<string, { etag: string | null; state: LocalState }> {
    const rows = this.db
      .prepare<[number], { href: string; etag: string | null; local_state: LocalState }>('SELECT href, etag, local_state FROM cal_objects WHERE calendar_id = ?')
      .all(calendarId);
    return new Map(rows.map((r) => [r.href, { etag: r.etag, state: r.local_state }]));
  }

  /** Stores an object and re-indexes it. Returns its id. */
  putObject(input: ObjectInput, parsed: ParsedObject = parseObject(input.raw, { defaultZone: this.opts.defaultZone })): number {
    return inTransaction(this.db, () => {
      const agency = this.calendar(input.calendarId)?.kind === 'agency';
      const fields = agency && parsed.master ? agencyFields(parsed.master) : null;
      const component = parsed.component;
      const row = this.db
        .prepare<unknown[], { id: number }>(
          `INSERT INTO cal_objects (calendar_id, href, uid, etag, raw, component, summary, recurring, warnings, local_state,
              review_state, review_comment, proposer, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (calendar_id, href) DO UPDATE SET uid = excluded.uid, etag = excluded.etag, raw = excluded.raw,
             component = excluded.component, summary = excluded.summary, recurring = excluded.recurring,
             warnings = excluded.warnings, local_state = excluded.local_state, review_state = excluded.review_state,
             review_comment = excluded.review_comment, proposer = excluded.proposer, updated_at = excluded.updated_at,
             server_raw = NULL, server_etag = NULL
           RETURNING id`,
        )
        .get(
          input.calendarId,
          input.href,
          parsed.uid || input.href,
          input.etag,
          input.raw,
          component,
          parsed.master?.summary ?? parsed.overrides[0]?.summary ?? '',
          parsed.recurring ? 1 : 0,
          JSON.stringify(parsed.warnings),
          input.localState ?? 'synced',
          fields?.review ?? null,
          fields?.reviewComment || null,
          fields?.proposer || null,
          this.opts.now(),
        )!;
      this.index(row.id, input.calendarId, parsed);
      return row.id;
    });
  }

  /** The server's version of an object we have local changes to: kept beside ours, ours untouched. */
  setServerVersion(id: number, raw: string | null, etag: string | null, state: LocalState): void {
    this.stmt('UPDATE cal_objects SET server_raw = ?, server_etag = ?, local_state = ? WHERE id = ?').run(raw, etag, state, id);
  }

  setState(id: number, state: LocalState, etag?: string | null): void {
    if (etag === undefined) this.stmt('UPDATE cal_objects SET local_state = ? WHERE id = ?').run(state, id);
    else this.stmt('UPDATE cal_objects SET local_state = ?, etag = ? WHERE id = ?').run(state, etag, id);
  }

  deleteObject(id: number): void {
    const row = this.stmt<[number], { calendar_id: number; uid: string }>('DELETE FROM cal_objects WHERE id = ? RETURNING calendar_id, uid').get(id);
    if (row) this.pruneLocalAcks(row.calendar_id, row.uid);
  }

  deleteByHref(calendarId: number, href: string): number | null {
    const row = this.stmt<[number, string], { id: number; uid: string }>('DELETE FROM cal_objects WHERE calendar_id = ? AND href = ? RETURNING id, uid').get(calendarId, href);
    if (row) this.pruneLocalAcks(calendarId, row.uid);
    return row?.id ?? null;
  }

  /** This device's acknowledgements go with the last object of their UID. */
  private pruneLocalAcks(calendarId: number, uid: string): void {
    this.stmt('DELETE FROM cal_local_acks WHERE calendar_id = ? AND uid = ? AND NOT EXISTS (SELECT 1 FROM cal_objects WHERE calendar_id = ? AND uid = ?)').run(calendarId, uid, calendarId, uid);
  }

  objectsInState(states: readonly LocalState[]): ObjectRow[] {
    return this.db
      .prepare<string[], ObjectRow>(`SELECT * FROM cal_objects WHERE local_state IN (${states.map(() => '?').join(',')}) ORDER BY updated_at`)
      .all(...states);
  }

  // ---- occurrences ----

  window(): { fromMs: number; toMs: number } | null {
    const row = this.stmt<[], { value: string }>("SELECT value FROM cal_meta WHERE key = 'window'").get();
    if (!row) return null;
    const [fromMs, toMs] = JSON.parse(row.value) as [number, number];
    return { fromMs, toMs };
  }

  /**
   * Moves the expansion window with the clock. Called at each sync: the
   * window is re-centred (and every object re-expanded) when now has drifted
   * a quarter of a year from where it was centred.
   */
  ensureWindow(): boolean {
    const now = this.opts.now();
    const w = this.window();
    if (w && Math.abs(w.fromMs + this.windowBack - now) < YEAR_MS / 4) return false;
    inTransaction(this.db, () => {
      this.db
        .prepare("INSERT INTO cal_meta (key, value) VALUES ('window', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify([now - this.windowBack, now + this.windowAhead]));
      // .all(), not .iterate(): better-sqlite3 refuses writes while a statement iterates.
      for (const row of this.stmt<[], { id: number; calendar_id: number; raw: string }>('SELECT id, calendar_id, raw FROM cal_objects').all()) {
        this.index(row.id, row.calendar_id, parseObject(row.raw, { defaultZone: this.opts.defaultZone }));
      }
    });
    return true;
  }

  private index(objectId: number, calendarId: number, parsed: ParsedObject): void {
    const w = this.window() ?? { fromMs: this.opts.now() - this.windowBack, toMs: this.opts.now() + this.windowAhead };
    this.stmt('DELETE FROM cal_occurrences WHERE object_id = ?').run(objectId);
    this.stmt('DELETE FROM cal_alarms WHERE object_id = ?').run(objectId);
    const { occurrences, firstStart, lastEnd } = expand(parsed, w.fromMs, w.toMs);
    this.stmt('UPDATE cal_objects SET first_start = ?, last_end = ? WHERE id = ?').run(firstStart, lastEnd, objectId);
    const insOcc = this.stmt(
      `INSERT OR REPLACE INTO cal_occurrences (all_day, start_ms, object_id, instance, end_ms, calendar_id, component, summary, location, status, meeting_url, overridden)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insAlarm = this.stmt(
      'INSERT OR REPLACE INTO cal_alarms (object_id, instance, alarm_uid, fire_at, action, summary, about_ms, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const component = parsed.component === 'VTODO' ? 'VTODO' : 'VEVENT';
    // The agency schedule is everyone's to read, not everyone's to be reminded
    // of: its alarms count for the organizer and the attendees only.
    const me = this.opts.userEmail?.toLowerCase();
    const agency = this.calendar(calendarId)?.kind === 'agency';
    const ringsForMe = (data: Occurrence['data']) =>
      !agency ||
      (me !== undefined && (data.organizer.toLowerCase() === me || data.attendees.some((a) => a.email.toLowerCase() === me)));
    // An absolute trigger (a snooze, a fixed reminder) fires once, not once per
    // instance (RFC 5545 3.8.6.3). A fixed reminder is about the instance it
    // comes before: the next one starting at or after it (07:30 for the 08:00
    // meeting that day, not the week before); past the last instance, the last
    // one. A snooze
    // goes with the instance whose firing of the snoozed alarm came last before
    // it: a reminder ten minutes before 09:00 snoozed to 08:55 is about that
    // 09:00, not the one a week earlier that also started before 08:55.
    // A snooze of a fixed reminder goes with that reminder's instance (snoozed
    // past the meeting's start, it is still about that meeting).
    const absoluteHome = new Map<string, Occurrence>();
    const snoozedAt = new Map<string, number>();
    const snoozesOfFixed = new Map<string, string>();
    for (const o of occurrences) {
      const times = alarmTimes(o);
      const prefix = o.data === parsed.master ? '' : o.data.recurrenceKey;
      for (const a of o.data.alarms) {
        if (a.absoluteMs === null) continue;
        const key = `${prefix}|${a.uid}`;
        const cur = absoluteHome.get(key);
        const target = a.snoozeOf === null ? undefined : o.data.alarms.find((x) => x.uid === a.snoozeOf);
        if (target && target.absoluteMs !== null) snoozesOfFixed.set(key, `${prefix}|${target.uid}`);
        const snoozed = target ? times.find((t) => t.alarm === target && target.absoluteMs === null && t.fireAt <= a.absoluteMs!)?.fireAt : undefined;
        if (snoozed !== undefined) {
          if (snoozed >= (snoozedAt.get(key) ?? -Infinity)) {
            snoozedAt.set(key, snoozed);
            absoluteHome.set(key, o);
          }
        } else if (!snoozedAt.has(key)) {
          // A snooze whose reminder did not ring inside the window keeps the older rule: the last instance starting before it.
          const better = !cur || (a.snoozeOf === null ? nearerAfter(o.startMs, cur.startMs, a.absoluteMs) : o.startMs <= a.absoluteMs && o.startMs > cur.startMs);
          if (better) absoluteHome.set(key, o);
        }
      }
    }
    for (const [key, fixed] of snoozesOfFixed) {
      const home = absoluteHome.get(fixed);
      if (home) absoluteHome.set(key, home);
    }
    // Acknowledgements kept only on this device (a calendar the user cannot
    // write) outlive this rebuild of cal_alarms.
    const localAcks = new Map(
      this.stmt<[number], { instance: string; alarm_uid: string; acknowledged_at: number }>(
        `SELECT a.instance, a.alarm_uid, a.acknowledged_at FROM cal_objects ob
           JOIN cal_local_acks a ON a.calendar_id = ob.calendar_id AND a.uid = ob.uid WHERE ob.id = ?`,
      )
        .all(objectId)
        .map((r) => [`${r.instance}|${r.alarm_uid}`, r.acknowledged_at] as const),
    );
    // Every instance of a series shares its master's data: find its link once.
    const links = new Map<Occurrence['data'], string | null>();
    const rings = (o: Occurrence) => o.data.status !== 'CANCELLED' && !(component === 'VTODO' && o.data.status === 'COMPLETED') && ringsForMe(o.data);
    const aboutOf = (o: Occurrence) => (component === 'VTODO' ? o.endMs : o.startMs);
    for (const o of occurrences) {
      let link = links.get(o.data);
      if (link === undefined) {
        link = this.opts.links.find(o.data)?.url ?? null;
        links.set(o.data, link);
      }
      insOcc.run(o.allDay ? 1 : 0, o.startMs, objectId, o.instance, o.endMs, calendarId, component, o.data.summary, o.data.location, o.data.status || null, link, o.overridden ? 1 : 0);
      if (!rings(o)) continue;
      for (const { alarm, fireAt } of alarmTimes(o)) {
        if (alarm.absoluteMs !== null && absoluteHome.get(`${o.data === parsed.master ? '' : o.data.recurrenceKey}|${alarm.uid}`) !== o) continue;
        // RFC 9074: an acknowledgement at or after this firing covers it,
        // whether the object carries it or only this device does.
        const covering = [alarm.acknowledgedMs, localAcks.get(`${o.instance}|${alarm.uid}`), localAcks.get(`|${alarm.uid}`)].filter((t): t is number => t !== undefined && t !== null && t >= fireAt);
        const ack = covering.length ? Math.max(...covering) : null;
        insAlarm.run(objectId, o.instance, alarm.uid, fireAt, alarm.action, o.data.summary, aboutOf(o), ack);
      }
    }
    // Snoozes kept only on this device ring again where the instance still
    // rings as it did when snoozed. One the server cancelled (EXDATE, a
    // CANCELLED override, a rule that no longer makes it), moved (another
    // start) or took the reminder from is dropped: it would ring for a
    // meeting that no longer happens then. The moved instance's own reminder
    // still rings before its new time, if that is after the snooze was made.
    const snoozes = this.stmt<[number], { instance: string; alarm_uid: string; fire_at: number; about_ms: number }>(
      'SELECT instance, alarm_uid, fire_at, about_ms FROM cal_local_snoozes WHERE object_id = ?',
    ).all(objectId);
    if (snoozes.length === 0) return;
    const byInstance = new Map(occurrences.map((o) => [o.instance, o]));
    for (const z of snoozes) {
      const o = byInstance.get(z.instance);
      const alarm = o && rings(o) && aboutOf(o) === z.about_ms ? o.data.alarms.find((a) => a.uid === z.alarm_uid) : undefined;
      if (!o || !alarm) {
        this.stmt('DELETE FROM cal_local_snoozes WHERE object_id = ? AND instance = ? AND alarm_uid = ?').run(objectId, z.instance, z.alarm_uid);
        continue;
      }
      insAlarm.run(objectId, o.instance, localSnoozeUid(z.alarm_uid), z.fire_at, alarm.action, o.data.summary, z.about_ms, null);
    }
  }

  /**
   * Occurrences overlapping a range, sorted by start. Inside the window it is
   * one indexed query; for a range outside it (years back), candidates come
   * from the objects' bounds and are expanded on the fly.
   */
  range(f: RangeFilter): OccurrenceView[] {
    const w = this.window();
    const dayFrom = Date.parse(`${f.fromDate}T00:00:00Z`);
    const dayTo = Date.parse(`${f.toDate}T00:00:00Z`);
    const inside = w !== null && f.fromMs >= w.fromMs && f.toMs <= w.toMs && dayFrom >= w.fromMs - DAY_MS && dayTo <= w.toMs;
    if (inside) return this.rangeFromIndex(f, dayFrom, dayTo);
    return this.rangeByExpanding(f, dayFrom, dayTo)
      .map(toView)
      .sort((a, b) => a.start - b.start || Number(b.allDay) - Number(a.allDay));
  }

  private visibility(f: RangeFilter): { sql: string; params: unknown[] } {
    const cals = f.calendarIds?.length ? `AND o.calendar_id IN (${f.calendarIds.map(() => '?').join(',')})` : '';
    return {
      sql: `${cals} AND c.gone = 0 AND ob.local_state <> 'deleted'
        AND (c.kind <> 'agency' OR c.writable = 1 OR ob.review_state = 'confirmed' OR ob.review_state IS NULL OR ob.proposer = ?)`,
      params: [...(f.calendarIds ?? []), f.viewer.email],
    };
  }

  private rangeFromIndex(f: RangeFilter, dayFrom: number, dayTo: number): OccurrenceView[] {
    // The longest occurrence bounds how far back an overlapping one can start,
    // which keeps the scan of the (all_day, start_ms) key short.
    const longest = this.stmt<[], { m: number | null }>('SELECT MAX(end_ms - start_ms) AS m FROM cal_occurrences').get()?.m ?? 0;
    const vis = this.visibility(f);
    // Arrays, not objects: turning rows into JS is most of a month view's cost,
    // so each row is read once, straight into its view.
    const part = (allDay: 0 | 1) => `
      SELECT o.object_id, o.instance, o.calendar_id, o.all_day, o.start_ms, o.end_ms, o.component, o.summary, o.location, o.status,
             o.meeting_url, o.overridden, ob.recurring, ob.local_state, ob.review_state, ob.warnings <> '[]'
        FROM cal_occurrences o JOIN cal_objects ob ON ob.id = o.object_id JOIN cal_calendars c ON c.id = o.calendar_id
      WHERE o.all_day = ${allDay} AND o.start_ms >= ? AND o.start_ms < ? AND (o.end_ms > ? OR o.start_ms >= ?) ${vis.sql}`;
    const rows = this.db
      .prepare(`${part(1)} UNION ALL ${part(0)} ORDER BY start_ms, all_day DESC`)
      .raw()
      .all(dayFrom - longest, dayTo, dayFrom, dayFrom, ...vis.params, f.fromMs - longest, f.toMs, f.fromMs, f.fromMs, ...vis.params) as RawOccurrence[];
    return rows.map((r) => {
      const allDay = r[3] === 1;
      return {
        id: `${r[0]}:${r[1]}`,
        objectId: r[0],
        calendarId: r[2],
        instance: r[1],
        allDay,
        start: r[4],
        end: r[5],
        startDate: allDay ? msToDateKey(r[4]) : null,
        endDate: allDay ? msToDateKey(r[5]) : null,
        component: r[6] === 'VTODO' ? 'VTODO' : 'VEVENT',
        summary: r[7],
        location: r[8],
        status: r[9],
        meetingUrl: r[10],
        overridden: r[11] === 1,
        recurring: r[12] === 1,
        localState: r[13],
        review: r[14],
        incomplete: r[15] === 1,
      };
    });
  }

  private rangeByExpanding(f: RangeFilter, dayFrom: number, dayTo: number): OccurrenceRow[] {
    const lo = Math.min(f.fromMs, dayFrom);
    const hi = Math.max(f.toMs, dayTo);
    const vis = this.visibility(f);
    const objects = this.db
      .prepare<unknown[], ObjectRow & { calendar_id: number }>(
        `SELECT ob.* FROM cal_objects ob JOIN cal_calendars c ON c.id = ob.calendar_id
         WHERE ob.first_start < ? AND (ob.last_end IS NULL OR ob.last_end >= ?) ${vis.sql.replaceAll('o.calendar_id', 'ob.calendar_id')}`,
      )
      .all(hi, lo, ...vis.params);
    const out: OccurrenceRow[] = [];
    for (const ob of objects) {
      const parsed = parseObject(ob.raw, { defaultZone: this.opts.defaultZone });
      for (const o of expand(parsed, lo - DAY_MS, hi + DAY_MS).occurrences) {
        const hit = o.allDay ? o.startMs < dayTo && o.endMs > dayFrom : o.startMs < f.toMs && (o.endMs > f.fromMs || o.startMs >= f.fromMs);
        if (!hit) continue;
        out.push({
          object_id: ob.id,
          calendar_id: ob.calendar_id,
          instance: o.instance,
          all_day: o.allDay ? 1 : 0,
          start_ms: o.startMs,
          end_ms: o.endMs,
          component: parsed.component === 'VTODO' ? 'VTODO' : 'VEVENT',
          summary: o.data.summary,
          location: o.data.location,
          status: o.data.status || null,
          meeting_url: this.opts.links.find(o.data)?.url ?? null,
          overridden: o.overridden ? 1 : 0,
          recurring: ob.recurring,
          local_state: ob.local_state,
          review_state: ob.review_state,
          incomplete: parsed.warnings.length ? 1 : 0,
        });
      }
    }
    return out;
  }

  occurrence(objectId: number, instance: string): { start: number; end: number; allDay: boolean } | null {
    const r = this.db
      .prepare<[number, string], { start_ms: number; end_ms: number; all_day: number }>('SELECT start_ms, end_ms, all_day FROM cal_occurrences WHERE object_id = ? AND instance = ?')
      .get(objectId, instance);
    return r ? { start: r.start_ms, end: r.end_ms, allDay: r.all_day === 1 } : null;
  }

  // ---- reminders ----

  /** Alarms firing in [fromMs, toMs), for the reminders feature. */
  alarmsBetween(fromMs: number, toMs: number, includeAcknowledged = false): AlarmDue[] {
    return this.db
      .prepare<[number, number], { object_id: number; instance: string; alarm_uid: string; fire_at: number; about_ms: number; action: string; summary: string; acknowledged_at: number | null }>(
        `SELECT a.* FROM cal_alarms a JOIN cal_objects ob ON ob.id = a.object_id
         WHERE a.fire_at >= ? AND a.fire_at < ? AND ob.local_state <> 'deleted' ${includeAcknowledged ? '' : 'AND a.acknowledged_at IS NULL'}
         ORDER BY a.fire_at`,
      )
      .all(fromMs, toMs)
      .map((r) => ({ objectId: r.object_id, instance: r.instance, alarmUid: r.alarm_uid, fireAt: r.fire_at, aboutMs: r.about_ms, action: r.action, summary: r.summary, acknowledgedAt: r.acknowledged_at }));
  }

  /**
   * An acknowledgement kept only here (a calendar the user cannot write back
   * to). Dismissing a reminder, or the snooze of it kept here, ends that
   * snooze too.
   */
  acknowledgeLocally(objectId: number, instance: string, alarmUid: string, at: number): void {
    inTransaction(this.db, () => {
      const snoozed = snoozedAlarmOf(alarmUid);
      if (snoozed === null) this.recordLocalAck(objectId, instance, alarmUid, at);
      this.dropLocalSnooze(objectId, instance, snoozed ?? alarmUid);
    });
  }

  /**
   * A snooze kept only here: the reminder that rang is acknowledged (as a
   * snooze VALARM would say) and rings again at `untilMs`, once, for this
   * instance. Snoozing it again (its own snooze included) moves that time.
   * False when the instance is not in the index (nothing to snooze).
   */
  snoozeLocally(objectId: number, instance: string, alarmUid: string, at: number, untilMs: number): boolean {
    return inTransaction(this.db, () => {
      const row = this.stmt<[number, string], { about_ms: number; calendar_id: number; raw: string }>(
        `SELECT CASE WHEN o.component = 'VTODO' THEN o.end_ms ELSE o.start_ms END AS about_ms, ob.calendar_id, ob.raw
           FROM cal_occurrences o JOIN cal_objects ob ON ob.id = o.object_id WHERE o.object_id = ? AND o.instance = ?`,
      ).get(objectId, instance);
      if (!row) return false;
      const snoozed = snoozedAlarmOf(alarmUid);
      if (snoozed === null) this.recordLocalAck(objectId, instance, alarmUid, at);
      this.stmt(
        `INSERT INTO cal_local_snoozes (object_id, instance, alarm_uid, fire_at, about_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (object_id, instance, alarm_uid) DO UPDATE SET fire_at = excluded.fire_at, about_ms = excluded.about_ms`,
      ).run(objectId, instance, snoozed ?? alarmUid, untilMs, row.about_ms);
      // index() is what turns it into a firing, checked against the object as it is.
      this.index(objectId, row.calendar_id, parseObject(row.raw, { defaultZone: this.opts.defaultZone }));
      return true;
    });
  }

  private recordLocalAck(objectId: number, instance: string, alarmUid: string, at: number): void {
    // Kept by UID beside cal_alarms, which every re-index rebuilds (see index()).
    this.stmt(
      `INSERT INTO cal_local_acks (calendar_id, uid, instance, alarm_uid, acknowledged_at)
         SELECT calendar_id, uid, ?, ?, ? FROM cal_objects WHERE id = ?
       ON CONFLICT (calendar_id, uid, instance, alarm_uid) DO UPDATE SET acknowledged_at = MAX(acknowledged_at, excluded.acknowledged_at)`,
    ).run(instance, alarmUid, at, objectId);
    this.stmt('UPDATE cal_alarms SET acknowledged_at = ? WHERE object_id = ? AND fire_at <= ? AND alarm_uid = ? AND (instance = ? OR ? = 1)')
      .run(at, objectId, at, alarmUid, instance, instance === '' ? 1 : 0);
  }

  /** A snooze kept here, of this instance's reminder, ends (its firing with it). */
  dropLocalSnooze(objectId: number, instance: string, alarmUid: string): void {
    this.stmt('DELETE FROM cal_local_snoozes WHERE object_id = ? AND instance = ? AND alarm_uid = ?').run(objectId, instance, alarmUid);
    this.stmt('DELETE FROM cal_alarms WHERE object_id = ? AND instance = ? AND alarm_uid = ?').run(objectId, instance, localSnoozeUid(alarmUid));
  }

  // ---- tasks ----

  /** A per-account choice kept with the cache (the task list a new task goes to). */
  meta(key: string): string | null {
    return this.stmt<[string], { value: string }>('SELECT value FROM cal_meta WHERE key = ?').get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO cal_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * Task occurrences still open whose due has passed: timed ones due before
   * `beforeMs`, date ones due before the date at `beforeDayMs` (UTC midnight).
   * Inside the occurrence window only (a year back), by due.
   */
  openTasksDueBefore(f: { beforeMs: number; beforeDayMs: number; calendarIds: readonly number[] }): OccurrenceView[] {
    if (f.calendarIds.length === 0) return [];
    return this.db
      .prepare<unknown[], OccurrenceRow>(
        `SELECT o.*, ob.recurring, ob.local_state, ob.review_state, ob.warnings <> '[]' AS incomplete
           FROM cal_occurrences o JOIN cal_objects ob ON ob.id = o.object_id JOIN cal_calendars c ON c.id = o.calendar_id
          WHERE o.component = 'VTODO' AND (o.status IS NULL OR o.status NOT IN ('COMPLETED', 'CANCELLED'))
            AND ((o.all_day = 0 AND o.start_ms < ? AND o.end_ms < ?) OR (o.all_day = 1 AND o.start_ms < ? AND o.end_ms < ?))
            AND o.calendar_id IN (${f.calendarIds.map(() => '?').join(',')}) AND c.gone = 0 AND ob.local_state <> 'deleted'
          ORDER BY o.end_ms, o.object_id`,
      )
      .all(f.beforeMs, f.beforeMs, f.beforeDayMs, f.beforeDayMs, ...f.calendarIds)
      .map(toView);
  }

  /**
   * Open task occurrences due in a span (the reminders feature's task source):
   * timed ones due in [fromMs, toMs), date ones whose due date (UTC midnight)
   * is in [fromDayMs, toDayMs). By due.
   */
  openTasksDueBetween(f: { fromMs: number; toMs: number; fromDayMs: number; toDayMs: number }): OccurrenceView[] {
    return this.db
      .prepare<unknown[], OccurrenceRow>(
        `SELECT o.*, ob.recurring, ob.local_state, ob.review_state
           FROM cal_occurrences o INDEXED BY cal_occurrences_task_due JOIN cal_objects ob ON ob.id = o.object_id JOIN cal_calendars c ON c.id = o.calendar_id
          WHERE o.component = 'VTODO' AND o.end_ms >= ? AND o.end_ms < ? AND (o.status IS NULL OR o.status NOT IN ('COMPLETED', 'CANCELLED'))
            AND ((o.all_day = 0 AND o.end_ms >= ? AND o.end_ms < ?) OR (o.all_day = 1 AND o.end_ms >= ? AND o.end_ms < ?))
            AND c.gone = 0 AND ob.local_state <> 'deleted'
          ORDER BY o.end_ms, o.object_id`,
      )
      // The outer span lets the partial index on tasks' due (migration 010) do the work.
      .all(Math.min(f.fromMs, f.fromDayMs), Math.max(f.toMs, f.toDayMs), f.fromMs, f.toMs, f.fromDayMs, f.toDayMs)
      .map(toView);
  }

  /** Tasks with neither a due date nor a start: they have no occurrence to be found by. */
  undatedTasks(calendarIds: readonly number[]): ObjectRow[] {
    if (calendarIds.length === 0) return [];
    return this.db
      .prepare<unknown[], ObjectRow>(
        `SELECT ob.* FROM cal_objects ob JOIN cal_calendars c ON c.id = ob.calendar_id
          WHERE ob.component = 'VTODO' AND ob.first_start IS NULL AND ob.local_state <> 'deleted' AND c.gone = 0
            AND ob.calendar_id IN (${calendarIds.map(() => '?').join(',')})
          ORDER BY ob.id`,
      )
      .all(...calendarIds);
  }

  /** Objects with local changes or a conflict, for the conflicts list. */
  conflicts(): ObjectRow[] {
    return this.objectsInState(['conflict']);
  }
}

/**
 * The alarm id under which a snooze kept on this device rings (in cal_alarms
 * and `feature.reminders.due`): made from the snoozed reminder's, in a form
 * no VALARM UID we read takes (ical.ts names a UID-less alarm `#n`).
 */
const LOCAL_SNOOZE = 'govdesk-local-snooze:';
export const localSnoozeUid = (alarmUid: string): string => `${LOCAL_SNOOZE}${alarmUid}`;
/** The reminder a snooze kept on this device snoozes; null for any other alarm id. */
export const snoozedAlarmOf = (alarmUid: string): string | null => (alarmUid.startsWith(LOCAL_SNOOZE) ? alarmUid.slice(LOCAL_SNOOZE.length) : null);

/** Whether an instance starting at `candidate` is a better home than one at `current` for a fixed reminder at `trigger`. */
function nearerAfter(candidate: number, current: number, trigger: number): boolean {
  if (candidate >= trigger) return current < trigger || candidate < current;
  return current < trigger && candidate > current;
}

function toView(r: OccurrenceRow): OccurrenceView {
  const allDay = r.all_day === 1;
  return {
    id: `${r.object_id}:${r.instance}`,
    objectId: r.object_id,
    calendarId: r.calendar_id,
    instance: r.instance,
    allDay,
    start: r.start_ms,
    end: r.end_ms,
    startDate: allDay ? msToDateKey(r.start_ms) : null,
    endDate: allDay ? msToDateKey(r.end_ms) : null,
    component: r.component === 'VTODO' ? 'VTODO' : 'VEVENT',
    summary: r.summary,
    location: r.location,
    status: r.status,
    meetingUrl: r.meeting_url,
    recurring: r.recurring === 1,
    overridden: r.overridden === 1,
    localState: r.local_state,
    review: r.review_state,
    incomplete: r.incomplete === 1,
  };
}
