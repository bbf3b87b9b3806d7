// The calendar.* calls of shared/api, and the feature's life cycle for one
// signed-in account. Reads answer from the cache only (ARCHITECTURE rule 3);
// writes change the cache and enqueue in one transaction, then ask sync to
// push soon.
import { randomUUID } from 'node:crypto';
import type {
  AgencyWeekView,
  CalendarInfo,
  ConflictView,
  EditScope,
  EventDetail,
  EventDraft,
  OccurrenceView,
  TaskDraftInput,
  TaskEdit,
  TaskListView,
  TaskView,
  ReviewState,
  Warning,
  WeekEntryView,
} from '../../../shared/calendar';
import type { AccountContext } from '../account';
import { AppError } from '../errors';
import type { Handlers } from '../rpc';
import { urlEndpoint } from '../sync/probe';
import type { SyncJobHandle } from '../sync/scheduler';
import { CalDavClient, hrefPath } from './client';
import { expand, instanceData, parseObject, ruleInstancesBefore, type ComponentData, type ParsedObject } from './ical';
import { acknowledgeAlarm, buildEvent, buildTask, completeTask, draftStartMs, editEvent, editTask, endSeriesBefore, excludeInstance, REPEATING_DUE, reviewEntry, seriesFrom, snoozeAlarm, type WriteContext } from './ical-write';
import { checkMeetingLink, linkMatcher, newMeetingLink, type LinkMatcher } from './meeting-links';
import { CalendarOutbox } from './outbox';
import { CalendarStore, snoozedAlarmOf, type AlarmDue, type ObjectRow } from './store';
import { CalendarSync } from './sync';
import { agencyFields, layoutWeek, mondayOf, type WeekDay, type WeekEntry } from './week-schedule';
import { addDays, DEFAULT_ZONE, ianaZone, msToDateKey, startOfDate, utcZone, type Zone } from './zones';

export type CalendarCallName =
  | 'calendar.calendars'
  | 'calendar.range'
  | 'calendar.agencyWeek'
  | 'calendar.get'
  | 'calendar.create'
  | 'calendar.update'
  | 'calendar.delete'
  | 'calendar.createTask'
  | 'calendar.completeTask'
  | 'calendar.updateTask'
  | 'calendar.tasks'
  | 'calendar.approve'
  | 'calendar.return'
  | 'calendar.reviewQueue'
  | 'calendar.conflicts'
  | 'calendar.unreadable'
  | 'calendar.resolveConflict'
  | 'calendar.sync';

export type CalendarHandlers = Pick<Handlers, CalendarCallName>;

export interface CalendarServiceDeps {
  store: CalendarStore;
  outbox: CalendarOutbox;
  links: LinkMatcher;
  now: () => number;
  user: { email: string; name: string };
  agencyName: string;
  meetingsBaseUrl: string | null;
  defaultZone: string;
  /** The policy lets a reviewer approve their own proposal (agency schedule); off when absent. */
  selfApproval?: boolean;
  /** Asks sync to push the outbox soon (after a write). */
  kick: () => void;
  /** Runs a full sync now (calendar.sync). */
  syncNow: () => Promise<void>;
  emitChanged: (ids: number[]) => void;
}

/** cal_meta key of the task list the last new task went to. */
const TASK_LIST_KEY = 'task_list';

function zoneOf(name: string | undefined, fallback: string): Zone {
  return ianaZone(name ?? fallback) ?? ianaZone(DEFAULT_ZONE) ?? utcZone;
}

function splitId(id: string): { objectId: number; instance: string } {
  const i = id.indexOf(':');
  return { objectId: Number(id.slice(0, i)), instance: id.slice(i + 1) };
}

/** Local 'YYYY-MM-DDTHH:mm' of an instant in a zone (drafts speak wall time). */
function localString(ms: number, zone: Zone): string {
  const w = zone.toWall(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

export class CalendarService {
  constructor(private readonly d: CalendarServiceDeps) {}

  handlers(): CalendarHandlers {
    return {
      'calendar.calendars': () => this.calendars(),
      'calendar.range': (p) => this.range(p),
      'calendar.agencyWeek': (p) => this.agencyWeek(p.date, p.timeZone),
      'calendar.get': (p) => this.get(p.id),
      'calendar.create': (p) => this.create(p),
      'calendar.update': (p) => this.update(p.id, p.scope, p.draft),
      'calendar.delete': (p) => this.remove(p.id, p.scope),
      'calendar.createTask': (p) => this.createTask(p),
      'calendar.completeTask': (p) => this.completeTask(p.id, p.completed),
      'calendar.updateTask': (p) => this.updateTask(p.id, p.draft),
      'calendar.tasks': (p) => this.tasks(p),
      'calendar.approve': (p) => this.review(p.id, 'confirmed', p.comment),
      'calendar.return': (p) => this.review(p.id, 'returned', p.comment),
      'calendar.reviewQueue': (p) => this.reviewQueue(p.timeZone),
      'calendar.conflicts': () => this.conflicts(),
      'calendar.unreadable': () => this.d.store.unreadable(this.d.user.email),
      'calendar.resolveConflict': (p) => this.resolve(p.objectId, p.keep),
      'calendar.sync': async () => {
        await this.d.syncNow();
        return { synced: true as const };
      },
    };
  }

  calendars(): CalendarInfo[] {
    return this.d.store.calendars().map((c) => ({ ...CalendarStore.info(c), syncError: this.d.store.syncError(c.id) }));
  }

  range(p: { from: string; to: string; timeZone?: string; calendarIds?: number[] }): OccurrenceView[] {
    const zone = zoneOf(p.timeZone, this.d.defaultZone);
    const calendarIds = p.calendarIds ?? this.d.store.calendars().filter((c) => c.kind !== 'agency').map((c) => c.id);
    if (calendarIds.length === 0) return [];
    return this.d.store.range({
      fromMs: startOfDate(p.from, zone),
      toMs: startOfDate(p.to, zone),
      fromDate: p.from,
      toDate: p.to,
      calendarIds,
      viewer: { email: this.d.user.email },
    });
  }

  agencyWeek(date: string, timeZone?: string): AgencyWeekView {
    const zone = zoneOf(timeZone, this.d.defaultZone);
    const monday = mondayOf(date);
    const agency = this.d.store.calendars().find((c) => c.kind === 'agency');
    const empty = layoutWeek(monday, [], zone);
    if (!agency) return { calendarId: null, agencyName: this.d.agencyName, weekStart: empty.weekStart, weekEnd: empty.weekEnd, canReview: false, selfApproval: this.d.selfApproval === true, days: weekDaysView(empty.days) };
    const occurrences = this.range({ from: monday, to: addDays(monday, 7), timeZone: zone.id, calendarIds: [agency.id] });
    const parsed = new Map<number, ParsedObject>();
    const entries = occurrences.map((o) => {
      let obj = parsed.get(o.objectId);
      if (!obj) {
        obj = parseObject(this.d.store.object(o.objectId)?.raw ?? '', { defaultZone: this.d.defaultZone });
        parsed.set(o.objectId, obj);
      }
      const data = instanceData(obj, o.instance);
      const fields = data ? agencyFields(data) : agencyFields(blankData(o.summary));
      return { ...fields, id: o.id, startMs: o.start, endMs: o.end, allDay: o.allDay, meetingUrl: o.meetingUrl };
    });
    const week = layoutWeek(monday, entries, zone);
    return { calendarId: agency.id, agencyName: this.d.agencyName, weekStart: week.weekStart, weekEnd: week.weekEnd, canReview: agency.writable === 1, selfApproval: this.d.selfApproval === true, days: weekDaysView(week.days) };
  }

  get(id: string): EventDetail {
    const { objectId, instance } = splitId(id);
    const row = this.requireObject(objectId);
    const detail = this.detail(row, row.raw, instance);
    if (row.local_state === 'conflict') {
      detail.conflict = {
        server: row.server_raw ? this.detail(row, row.server_raw, instance) : null,
        reason: row.server_raw ? 'changed' : 'deleted',
      };
    }
    return detail;
  }

  private detail(row: ObjectRow, raw: string, instance: string): EventDetail {
    const obj = parseObject(raw, { defaultZone: this.d.defaultZone });
    const data = instanceData(obj, instance) ?? blankData(row.summary);
    const occ = this.d.store.occurrence(row.id, instance);
    let start = occ?.start ?? data.startMs ?? 0;
    let end = occ?.end ?? data.endMs ?? start;
    if (!occ && instance && obj.master && data.recurrenceKey !== instance) {
      // An instance outside the materialized window (of the series, or of a
      // THISANDFUTURE range, which moves it by its own shift): expand around it.
      const key = /^\d+$/.test(instance) ? Number(instance) : Date.parse(`${instance}T00:00:00Z`);
      const rangeKey = data.recurrenceKey ? (/^\d+$/.test(data.recurrenceKey) ? Number(data.recurrenceKey) : Date.parse(`${data.recurrenceKey}T00:00:00Z`)) : null;
      const shift = rangeKey !== null && data.startMs !== null ? data.startMs - rangeKey : 0;
      const hit = expand(obj, key + Math.min(0, shift) - 86_400_000, key + Math.max(0, shift) + 86_400_000).occurrences.find((o) => o.instance === instance);
      if (hit) ({ startMs: start, endMs: end } = hit);
    }
    const link = this.d.links.find(data);
    const cal = this.d.store.calendar(row.calendar_id);
    const f = cal?.kind === 'agency' ? agencyFields(data) : null;
    return {
      id: `${row.id}:${instance}`,
      objectId: row.id,
      calendarId: row.calendar_id,
      instance,
      uid: row.uid,
      summary: data.summary,
      description: data.description,
      location: data.location,
      allDay: data.allDay,
      start,
      end,
      startDate: data.allDay ? msToDateKey(start) : null,
      endDate: data.allDay ? msToDateKey(end) : null,
      timeZone: data.tzid || this.d.defaultZone,
      rrule: obj.master?.rrule ?? '',
      status: data.status,
      organizer: data.organizer,
      attendees: data.attendees,
      alarms: data.alarms.map((a) => ({ uid: a.uid, action: a.action, minutesBefore: a.offsetMs === null ? null : -a.offsetMs / 60_000 })),
      meeting: link ? { url: link.url, vendor: link.vendor } : null,
      agency: f ? { chair: f.chair, attendees: f.attendees, preparingUnit: f.preparingUnit, review: f.review, reviewComment: f.reviewComment, proposer: f.proposer } : null,
      localState: row.local_state,
      warnings: (JSON.parse(row.warnings) as Warning[]).concat(raw === row.raw ? [] : obj.warnings),
      conflict: null,
    };
  }

  private writeContext(changeId: string, meetingUrl: string | null): WriteContext {
    return { now: this.d.now(), changeId, meetingUrl, userEmail: this.d.user.email, userName: this.d.user.name };
  }

  private meetingFor(draft: EventDraft): string | null {
    // The renderer is untrusted: a pasted link must pass what Join would check.
    if (!draft.newMeeting) return draft.meetingUrl === null ? null : checkMeetingLink(draft.meetingUrl, this.d.links).url;
    if (!this.d.meetingsBaseUrl) throw new AppError('calendar.no_meeting_service', 'meetings.baseUrl is not configured');
    return newMeetingLink(this.d.meetingsBaseUrl);
  }

  private writableCalendar(id: number) {
    const cal = this.d.store.calendar(id);
    if (!cal || cal.gone) throw new AppError('calendar.not_found', `calendar ${id}`);
    if (!cal.writable) throw new AppError('calendar.read_only', cal.url);
    return cal;
  }

  private requireObject(objectId: number): ObjectRow {
    const row = this.d.store.object(objectId);
    if (!row || row.local_state === 'deleted') throw new AppError('calendar.not_found', `object ${objectId}`);
    return row;
  }

  /** Saves a new body for an object and queues its PUT, in one transaction. */
  private save(row: Pick<ObjectRow, 'calendar_id' | 'href' | 'etag'>, raw: string, changeId: string): number {
    const id = this.d.outbox.transaction(() => {
      const objectId = this.d.store.putObject({ calendarId: row.calendar_id, href: row.href, etag: row.etag, raw, localState: 'pending' }, parseObject(raw, { defaultZone: this.d.defaultZone }));
      this.d.outbox.enqueue(changeId, { kind: 'put', objectId });
      return objectId;
    });
    this.d.emitChanged([id]);
    this.d.kick();
    return id;
  }

  create(draft: EventDraft): EventDetail {
    const cal = this.writableCalendar(draft.calendarId);
    const uid = randomUUID();
    const changeId = `cal:${randomUUID()}`;
    const raw = buildEvent(uid, draft, this.writeContext(changeId, this.meetingFor(draft)), cal.kind === 'agency' ? { review: 'tentative' } : undefined);
    // The UID names the resource, so a replay after a crash PUTs the same URL
    // (with If-None-Match: *) and can never create the event twice.
    const id = this.save({ calendar_id: cal.id, href: `${hrefPath(cal.url).replace(/\/?$/, '/')}${uid}.ics`, etag: null }, raw, changeId);
    return this.get(`${id}:`);
  }

  /** A new task in a task list, queued like an event (If-None-Match: * on its own URL). */
  createTask(draft: TaskDraftInput): EventDetail {
    const cal = this.writableCalendar(draft.calendarId);
    if (cal.kind !== 'task') throw new AppError('calendar.not_task', `calendar ${cal.id} is not a task list`);
    const uid = randomUUID();
    const changeId = `cal:${randomUUID()}`;
    const raw = buildTask(uid, { ...draft, timeZone: draft.timeZone ?? this.d.defaultZone }, this.writeContext(changeId, null));
    const id = this.save({ calendar_id: cal.id, href: `${hrefPath(cal.url).replace(/\/?$/, '/')}${uid}.ics`, etag: null }, raw, changeId);
    // The next task goes where this one went (the add form offers it first).
    this.d.store.setMeta(TASK_LIST_KEY, String(cal.id));
    return this.get(`${id}:`);
  }

  /** A task's title, due, notes, priority and reminder, edited on the stored object (If-Match like every edit). */
  updateTask(id: string, draft: TaskEdit): EventDetail {
    const { objectId, instance } = splitId(id);
    const row = this.writableTask(objectId);
    const changeId = `cal:${randomUUID()}`;
    let raw: string;
    try {
      raw = editTask(row.raw, instance, { ...draft, timeZone: draft.timeZone ?? this.d.defaultZone }, this.writeContext(changeId, null));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new AppError(message === REPEATING_DUE ? 'calendar.invalid_task' : 'calendar.invalid_object', message);
    }
    this.save(row, raw, changeId);
    // A new due moves a repeating task's instances: the edited one then has another key.
    return this.get(`${row.id}:${instance && this.d.store.occurrence(row.id, instance) ? instance : ''}`);
  }

  private writableTask(objectId: number): ObjectRow {
    const row = this.requireObject(objectId);
    if (row.local_state === 'conflict') throw new AppError('calendar.conflict', 'resolve the conflict first');
    this.writableCalendar(row.calendar_id);
    if (row.component !== 'VTODO') throw new AppError('calendar.not_task', `object ${objectId} is not a task`);
    return row;
  }

  /**
   * The task list of the Schedule section: open tasks already overdue that
   * the shown week does not hold (first: someone urging late work must see
   * them), the week's tasks, and tasks without a due date (open ones, and
   * those completed during the week). A repeating task's missed occurrences
   * show as one line, its earliest.
   */
  tasks(p: { from: string; to: string; timeZone?: string }): TaskListView {
    const zone = zoneOf(p.timeZone, this.d.defaultZone);
    const cals = this.d.store.calendars().filter((c) => c.kind !== 'agency');
    const lists = cals.filter((c) => c.kind === 'task' && c.writable === 1);
    const remembered = Number(this.d.store.meta(TASK_LIST_KEY));
    const defaultCalendarId = lists.find((c) => c.id === remembered)?.id ?? lists[0]?.id ?? null;
    const ids = cals.map((c) => c.id);
    if (ids.length === 0) return { defaultCalendarId, tasks: [] };
    const now = this.d.now();
    const w = zone.toWall(now);
    const todayMs = Date.UTC(w.year, w.month - 1, w.day);
    const parsed = new Map<number, { row: ObjectRow; obj: ParsedObject } | null>();
    const load = (objectId: number) => {
      if (!parsed.has(objectId)) {
        const row = this.d.store.object(objectId);
        parsed.set(objectId, row ? { row, obj: parseObject(row.raw, { defaultZone: this.d.defaultZone }) } : null);
      }
      return parsed.get(objectId)!;
    };
    const view = (o: OccurrenceView | null, row: ObjectRow, obj: ParsedObject, group: TaskView['group']): TaskView => {
      const instance = o?.instance ?? '';
      const data = instanceData(obj, instance) ?? blankData(row.summary);
      const completed = data.status === 'COMPLETED';
      const due = o ? o.end : null;
      const allDay = o?.allDay ?? false;
      const reminder = data.alarms.find((a) => a.offsetMs !== null && a.offsetMs <= 0 && a.related === 'END');
      return {
        id: `${row.id}:${instance}`,
        objectId: row.id,
        calendarId: row.calendar_id,
        instance,
        summary: data.summary,
        description: data.description,
        due,
        dueDate: allDay && due !== null ? msToDateKey(due) : null,
        allDay,
        timeZone: data.tzid || this.d.defaultZone,
        status: data.status,
        completed,
        priority: data.priority,
        reminderMinutesBefore: reminder ? -reminder.offsetMs! / 60_000 : null,
        recurring: obj.recurring,
        overdue: !completed && data.status !== 'CANCELLED' && due !== null && (allDay ? due < todayMs : due < now),
        group,
        localState: row.local_state,
      };
    };
    const byDue = (a: TaskView, b: TaskView) => (a.due ?? 0) - (b.due ?? 0) || a.id.localeCompare(b.id);
    const week = this.range({ from: p.from, to: p.to, timeZone: zone.id, calendarIds: ids }).filter((o) => o.component === 'VTODO');
    const inWeek = new Set(week.map((o) => o.id));
    const late = new Set<number>();
    const overdue: TaskView[] = [];
    for (const o of this.d.store.openTasksDueBefore({ beforeMs: now, beforeDayMs: todayMs, calendarIds: ids })) {
      if (inWeek.has(o.id) || late.has(o.objectId)) continue;
      const hit = load(o.objectId);
      if (!hit) continue;
      late.add(o.objectId);
      overdue.push(view(o, hit.row, hit.obj, 'overdue'));
    }
    const dated = week.flatMap((o) => {
      const hit = load(o.objectId);
      return hit ? [view(o, hit.row, hit.obj, 'week')] : [];
    });
    const fromMs = startOfDate(p.from, zone);
    const toMs = startOfDate(p.to, zone);
    const undated = this.d.store
      .undatedTasks(ids)
      .map((row) => {
        const obj = parseObject(row.raw, { defaultZone: this.d.defaultZone });
        return { v: view(null, row, obj, 'undated'), completedMs: obj.master?.completedMs ?? null };
      })
      .filter(({ v, completedMs }) => !v.completed || (completedMs !== null && completedMs >= fromMs && completedMs < toMs))
      .map(({ v }) => v)
      // Open first, then by priority (1 high … 9 low, none last), then title.
      .sort((a, b) => Number(a.completed) - Number(b.completed) || (a.priority || 10) - (b.priority || 10) || a.summary.localeCompare(b.summary, 'vi'));
    return { defaultCalendarId, tasks: [...overdue.sort(byDue), ...dated.sort(byDue), ...undated] };
  }

  /** Completes (or reopens) a task on the stored object; the PUT carries If-Match like every edit. */
  completeTask(id: string, completed: boolean): EventDetail {
    const { objectId, instance } = splitId(id);
    const row = this.writableTask(objectId);
    const changeId = `cal:${randomUUID()}`;
    let raw: string;
    try {
      // One occurrence of a repeating task: only that one (an override of it).
      raw = completeTask(row.raw, completed, this.writeContext(changeId, null), instance);
    } catch (err) {
      throw new AppError('calendar.invalid_object', err instanceof Error ? err.message : String(err));
    }
    this.save(row, raw, changeId);
    return this.get(`${row.id}:${instance}`);
  }

  update(id: string, scope: EditScope, draft: EventDraft): EventDetail {
    const { objectId, instance } = splitId(id);
    const row = this.requireObject(objectId);
    if (row.local_state === 'conflict') throw new AppError('calendar.conflict', 'resolve the conflict first');
    this.writableCalendar(row.calendar_id);
    if (draft.calendarId !== row.calendar_id) return this.move(row, draft);
    const changeId = `cal:${randomUUID()}`;
    const ctx = this.writeContext(changeId, this.meetingFor(draft));
    const parsed = parseObject(row.raw, { defaultZone: this.d.defaultZone });
    if (!parsed.root) throw new AppError('calendar.invalid_object', 'the stored object cannot be edited');

    // "This and following" from the first instance is the whole series.
    if (scope === 'following' && startsSeries(parsed, instance)) scope = 'all';
    if (!parsed.recurring || !instance || scope === 'all') {
      const masterDraft = parsed.recurring && instance ? this.shiftToMaster(parsed, row.id, instance, draft) : draft;
      // The instance the form showed tells what the user changed (see editEvent).
      this.save(row, editEvent(row.raw, parsed.recurring ? instance : '', 'all', masterDraft, ctx), changeId);
      return this.get(`${row.id}:${parsed.recurring ? instance : ''}`);
    }
    if (scope === 'this') {
      this.save(row, editEvent(row.raw, instance, 'this', draft, ctx), changeId);
      return this.get(`${row.id}:${instance}`);
    }
    // This and following: end the old series before the instance, start a new one there.
    const shortened = endSeriesBefore(row.raw, instance, ctx);
    // The new series goes on where the old one stops: a COUNT keeps what is left of it.
    const cutMs = /^\d+$/.test(instance) ? Number(instance) : Date.parse(`${instance}T00:00:00Z`);
    const rrule = draft.rrule ?? (parsed.master?.rrule ?? '').replace(/COUNT=(\d+)/i, (_, n: string) => `COUNT=${Math.max(1, Number(n) - ruleInstancesBefore(parsed, cutMs))}`);
    this.save(row, shortened, changeId);
    const cal = this.writableCalendar(row.calendar_id);
    const uid = randomUUID();
    const changeId2 = `cal:${randomUUID()}`;
    // The new series is what the instance was (the range governing it, say), changed as the draft says.
    const raw = seriesFrom(row.raw, instance, uid, { ...draft, rrule }, this.writeContext(changeId2, ctx.meetingUrl));
    const newId = this.save({ calendar_id: cal.id, href: `${hrefPath(cal.url).replace(/\/?$/, '/')}${uid}.ics`, etag: null }, raw, changeId2);
    return this.get(`${newId}:${String(draftStartMs(draft))}`);
  }

  /**
   * Editing "all" from one occurrence moves the series by the same amount:
   * the draft speaks of that occurrence, the master starts earlier.
   */
  private shiftToMaster(parsed: ParsedObject, objectId: number, instance: string, draft: EventDraft): EventDraft {
    const occ = this.d.store.occurrence(objectId, instance);
    const master = parsed.master;
    if (!occ || !master || master.startMs === null) return draft;
    const delta = draftStartMs(draft) - occ.start;
    // The series keeps its own length, changed by as much as the occurrence's
    // (a THISANDFUTURE range may have given the occurrence another one).
    const length = (master.endMs ?? master.startMs) - master.startMs + (draftStartMs({ ...draft, start: draft.end }) - draftStartMs(draft)) - (occ.end - occ.start);
    const start = master.startMs + delta;
    if (draft.allDay) return { ...draft, start: msToDateKey(start), end: msToDateKey(start + length) };
    const zone = zoneOf(draft.timeZone, this.d.defaultZone);
    return { ...draft, start: localString(start, zone), end: localString(start + length, zone) };
  }

  /** A move to another calendar: create there, delete here (two entries, in that order). */
  private move(row: ObjectRow, draft: EventDraft): EventDetail {
    const target = this.writableCalendar(draft.calendarId);
    const changeId = `cal:${randomUUID()}`;
    const raw = editEvent(row.raw, '', 'all', draft, this.writeContext(changeId, this.meetingFor(draft)));
    const newId = this.d.outbox.transaction(() => {
      const id = this.d.store.putObject({ calendarId: target.id, href: `${hrefPath(target.url).replace(/\/?$/, '/')}${row.uid.replace(/[^A-Za-z0-9._-]/g, '_')}.ics`, etag: null, raw, localState: 'pending' });
      this.d.outbox.enqueue(changeId, { kind: 'put', objectId: id });
      this.markDeleted(row.id);
      return id;
    });
    this.d.emitChanged([row.id, newId]);
    this.d.kick();
    return this.get(`${newId}:`);
  }

  private markDeleted(objectId: number): void {
    if (this.d.outbox.cancelUnsent(objectId)) return;
    this.d.store.setState(objectId, 'deleted');
    this.d.outbox.enqueue(`cal:${randomUUID()}`, { kind: 'delete', objectId });
  }

  remove(id: string, scope: EditScope): { deleted: true } {
    const { objectId, instance } = splitId(id);
    const row = this.requireObject(objectId);
    this.writableCalendar(row.calendar_id);
    const parsed = parseObject(row.raw, { defaultZone: this.d.defaultZone });
    if (scope === 'following' && startsSeries(parsed, instance)) scope = 'all';
    if (!parsed.recurring || !instance || scope === 'all') {
      this.d.outbox.transaction(() => this.markDeleted(row.id));
      this.d.emitChanged([row.id]);
      this.d.kick();
      return { deleted: true };
    }
    const changeId = `cal:${randomUUID()}`;
    const ctx = this.writeContext(changeId, null);
    this.save(row, scope === 'this' ? excludeInstance(row.raw, instance, ctx) : endSeriesBefore(row.raw, instance, ctx), changeId);
    return { deleted: true };
  }

  review(id: string, state: ReviewState, comment: string): EventDetail {
    const { objectId, instance } = splitId(id);
    const row = this.requireObject(objectId);
    const cal = this.d.store.calendar(row.calendar_id);
    if (cal?.kind !== 'agency') throw new AppError('calendar.not_found', 'not an agency schedule entry');
    if (!cal.writable) throw new AppError('calendar.forbidden', 'only reviewers may approve or return entries');
    if (row.local_state === 'conflict') throw new AppError('calendar.conflict', 'resolve the conflict first');
    // Four eyes: whoever proposed an entry does not approve it, unless the organization's policy allows it.
    // (Returning one's own proposal, i.e. withdrawing it, stays possible; a returned entry may be approved later.)
    const proposer = (row.proposer ?? '').replace(/^mailto:/i, '').trim().toLowerCase();
    if (state === 'confirmed' && this.d.selfApproval !== true && proposer !== '' && proposer === this.d.user.email.toLowerCase()) {
      throw new AppError('calendar.self_approval', 'a reviewer may not approve their own proposal (policy calendar.selfApproval)');
    }
    const changeId = `cal:${randomUUID()}`;
    this.save(row, reviewEntry(row.raw, state, comment, this.writeContext(changeId, null)), changeId);
    return this.get(`${row.id}:${instance}`);
  }

  conflicts(): ConflictView[] {
    return this.d.outbox.conflicts();
  }

  /** What waits for review (reviewers) or came back (proposers): one line per entry, its next occurrence. */
  reviewQueue(timeZone?: string): OccurrenceView[] {
    const agency = this.d.store.calendars().find((c) => c.kind === 'agency');
    if (!agency) return [];
    const zone = zoneOf(timeZone, this.d.defaultZone);
    const today = msToDateKey(zone.toUtc({ ...zone.toWall(this.d.now()), hour: 12, minute: 0, second: 0 }));
    const seen = new Set<number>();
    return this.range({ from: today, to: addDays(today, 366), timeZone: zone.id, calendarIds: [agency.id] }).filter((o) => {
      if (o.review === 'confirmed' || o.review === null || seen.has(o.objectId)) return false;
      seen.add(o.objectId);
      return true;
    });
  }

  /**
   * Reminders dismissed or snoozed (for the reminders feature): written into
   * the object as RFC 9074 says, so other devices stop ringing too. On a
   * calendar the user cannot write (the agency's), it is kept on this device.
   */
  acknowledgeAlarm(objectId: number, instance: string, alarmUid: string): void {
    this.alarmWrite(objectId, instance, alarmUid, (raw, ctx) => acknowledgeAlarm(raw, instance, alarmUid, this.d.now(), ctx), () => {
      this.d.store.acknowledgeLocally(objectId, instance, alarmUid, this.d.now());
    });
  }

  snoozeAlarm(objectId: number, instance: string, alarmUid: string, untilMs: number): void {
    this.alarmWrite(objectId, instance, alarmUid, (raw, ctx) => snoozeAlarm(raw, instance, alarmUid, this.d.now(), untilMs, ctx), () => {
      if (!this.d.store.snoozeLocally(objectId, instance, alarmUid, this.d.now(), untilMs)) throw new AppError('calendar.not_found', `instance ${objectId}:${instance}`);
    });
  }

  /**
   * Into the object when the user may write it; else (the agency's, or an
   * object in conflict) on this device only. A snooze kept on this device is
   * always dealt with here: the object knows nothing of it.
   */
  private alarmWrite(objectId: number, instance: string, alarmUid: string, edit: (raw: string, ctx: WriteContext) => string, local: () => void): void {
    const row = this.requireObject(objectId);
    const cal = this.d.store.calendar(row.calendar_id);
    if (!cal?.writable || row.local_state === 'conflict' || snoozedAlarmOf(alarmUid) !== null) {
      local();
      this.d.emitChanged([objectId]);
      return;
    }
    const changeId = `cal:${randomUUID()}`;
    let raw: string;
    try {
      raw = edit(row.raw, this.writeContext(changeId, null));
    } catch (err) {
      throw new AppError('calendar.not_found', err instanceof Error ? err.message : String(err));
    }
    // A snooze kept here while the object was in conflict is replaced by what the object now says.
    this.d.store.dropLocalSnooze(objectId, instance, alarmUid);
    this.save(row, raw, changeId);
  }

  resolve(objectId: number, keep: 'mine' | 'theirs'): EventDetail | { deleted: true } {
    const row = this.d.store.object(objectId);
    if (!row) throw new AppError('calendar.not_found', `object ${objectId}`);
    if (keep === 'theirs') {
      this.d.outbox.transaction(() => {
        this.d.outbox.dropFor(row.id);
        if (row.server_raw === null) this.d.store.deleteObject(row.id);
        else this.d.store.putObject({ calendarId: row.calendar_id, href: row.href, etag: row.server_etag, raw: row.server_raw });
      });
      this.d.emitChanged([row.id]);
      return row.server_raw === null ? { deleted: true } : this.get(`${row.id}:`);
    }
    // Mine: write ours over the version we have now seen (its ETag becomes the If-Match).
    const wasDelete = this.d.outbox.hasOpenDelete(row.id);
    this.d.outbox.transaction(() => {
      this.d.outbox.dropFor(row.id);
      this.d.store.setServerVersion(row.id, null, null, wasDelete ? 'deleted' : 'pending');
      this.d.store.setState(row.id, wasDelete ? 'deleted' : 'pending', row.server_etag);
      this.d.outbox.enqueue(`cal:${randomUUID()}`, { kind: wasDelete ? 'delete' : 'put', objectId: row.id });
    });
    this.d.emitChanged([row.id]);
    this.d.kick();
    return wasDelete ? { deleted: true } : this.get(`${row.id}:`);
  }
}

/** The instance is the series' first (DTSTART): cutting there would leave nothing before it. */
function startsSeries(parsed: ParsedObject, instance: string): boolean {
  const start = parsed.master?.startMs;
  if (start === null || start === undefined || !instance) return false;
  const ms = /^\d+$/.test(instance) ? Number(instance) : Date.parse(`${instance}T00:00:00Z`);
  return ms <= start;
}

function weekDaysView(days: WeekDay[]): AgencyWeekView['days'] {
  const entry = ({ startMs, endMs, ...rest }: WeekEntry): WeekEntryView => ({ ...rest, start: startMs, end: endMs });
  return days.map((d) => ({ date: d.date, weekday: d.weekday, morning: d.morning.map(entry), afternoon: d.afternoon.map(entry) }));
}

function blankData(summary: string): ComponentData {
  return {
    summary,
    description: '',
    location: '',
    url: '',
    status: '',
    conferences: [],
    xprops: [],
    organizer: '',
    attendees: [],
    alarms: [],
    allDay: false,
    startMs: null,
    endMs: null,
    tzid: '',
    recurrenceKey: '',
    rrule: '',
    sequence: 0,
    thisAndFuture: false,
    priority: 0,
    completedMs: null,
  };
}

export interface CalendarFeature {
  handlers: CalendarHandlers;
  start(): void;
  stop(): void;
  /** What the reminders feature needs: alarms due, and dismiss/snooze written back. */
  readonly reminders: {
    due(fromMs: number, toMs: number): AlarmDue[];
    acknowledge(objectId: number, instance: string, alarmUid: string): void;
    snooze(objectId: number, instance: string, alarmUid: string, untilMs: number): void;
  };
  /** For tests and the benchmark. */
  readonly store: CalendarStore;
  readonly sync: CalendarSync;
  syncNow(): Promise<void>;
}

/** A pull when nothing else asks: with nothing changed it costs one PROPFIND of the home and one of the agency schedule. */
const DEFAULT_INTERVAL_MS = 3 * 60_000;

export interface CalendarFeatureOptions {
  /** How often to pull when nothing else asks, ms. */
  intervalMs?: number;
  /** Tests: a fetch that reaches the stack in a special way. */
  fetch?: typeof fetch;
  defaultZone?: string;
  /** The policy lets a reviewer approve their own proposal. */
  selfApproval?: boolean;
}

/**
 * The calendar feature of one signed-in account. start() registers its job
 * with the sync scheduler, which pulls now and then every interval, pushes a
 * write at once when the server answers, and decides when to retry.
 */
export function createCalendarFeature(ctx: AccountContext, opts: CalendarFeatureOptions = {}): CalendarFeature {
  const config = ctx.organization.calendar;
  const log = ctx.log.child('calendar');
  const defaultZone = opts.defaultZone ?? DEFAULT_ZONE;
  const links = linkMatcher({
    baseUrl: ctx.organization.meetings?.baseUrl,
    linkPatterns: ctx.organization.meetings?.linkPatterns,
    onBadPattern: (p, err) => log.log('warn', 'meetings.linkPatterns entry ignored', { pattern: p, err }),
  });
  const now = ctx.platform.clock.now;
  const store = new CalendarStore(ctx.db, { now, links, defaultZone, userEmail: ctx.email });
  const outbox = new CalendarOutbox(ctx.db, store, now);
  const client = config ? new CalDavClient({ serverUrl: config.caldavUrl, tokens: ctx.tokens, log, fetch: opts.fetch }) : null;
  const sync = client ? new CalendarSync(store, client, outbox, { agencyCalendarUrl: config?.agencyCalendarUrl, defaultZone, log }) : null;
  const emitChanged = (ids: number[]) => {
    if (ids.length) ctx.bus.emit('changed', { topic: 'calendar', ids: [...new Set(ids)].map(String) });
  };

  // stopped: before start() and after stop(); closed: stop() was called, the
  // account is closing, a running sync ends at its next step.
  let stopped = true;
  let closed = false;
  let job: SyncJobHandle | null = null;

  /** One pull, reporting to the status bar's syncing and emitting what changed. */
  const pull = async (): Promise<void> => {
    if (!sync) throw new AppError('calendar.not_configured', 'organization has no calendar server');
    const report = await sync.pull(() => closed);
    emitChanged(report.changedIds);
    // A calendar's sync error came or went: the Schedule section says so.
    if (report.errorsChanged) ctx.bus.emit('changed', { topic: 'calendar', ids: [] });
    log.log('info', 'calendar synced', { calendars: report.calendars, fetched: report.fetched, deleted: report.deleted, fellBack: report.fellBack });
  };
  const push = async (): Promise<void> => {
    if (!sync) return;
    emitChanged(await sync.push());
  };
  /** "Synchronize now": through the scheduler, so its outcome counts like any other. */
  const runSync = async (): Promise<void> => {
    if (!sync) throw new AppError('calendar.not_configured', 'organization has no calendar server');
    if (job) return job.runNow();
    await push();
    await pull();
  };

  const service = new CalendarService({
    store,
    outbox,
    links,
    now,
    user: { email: ctx.email, name: ctx.name },
    agencyName: ctx.organization.name,
    meetingsBaseUrl: ctx.organization.meetings?.baseUrl ?? null,
    defaultZone,
    selfApproval: opts.selfApproval ?? false,
    kick: () => {
      if (!stopped) job?.queued();
    },
    syncNow: runSync,
    emitChanged,
  });

  return {
    handlers: service.handlers(),
    reminders: {
      due: (fromMs, toMs) => store.alarmsBetween(fromMs, toMs),
      acknowledge: (objectId, instance, alarmUid) => service.acknowledgeAlarm(objectId, instance, alarmUid),
      snooze: (objectId, instance, alarmUid, untilMs) => service.snoozeAlarm(objectId, instance, alarmUid, untilMs),
    },
    store,
    sync: sync as CalendarSync,
    syncNow: runSync,
    start() {
      if (!sync || !config) return;
      stopped = false;
      job = ctx.sync.register({
        id: 'calendar',
        service: 'calendar',
        intervalMs: opts.intervalMs ?? DEFAULT_INTERVAL_MS,
        pull,
        outbox: { pending: () => outbox.pendingCount(), flush: push },
        endpoints: () => [urlEndpoint(config.caldavUrl)],
      });
    },
    stop() {
      stopped = true;
      closed = true;
      job?.unregister();
      job = null;
    },
  };
}

const CALL_NAMES: readonly CalendarCallName[] = [
  'calendar.calendars',
  'calendar.range',
  'calendar.agencyWeek',
  'calendar.get',
  'calendar.create',
  'calendar.update',
  'calendar.delete',
  'calendar.createTask',
  'calendar.completeTask',
  'calendar.updateTask',
  'calendar.tasks',
  'calendar.approve',
  'calendar.return',
  'calendar.reviewQueue',
  'calendar.conflicts',
  'calendar.unreadable',
  'calendar.resolveConflict',
  'calendar.sync',
];

/**
 * The calendar calls for the composition root, whose handler table outlives
 * accounts: each call goes to the signed-in account's feature, or fails with
 * auth.required when nobody is signed in.
 */
export function calendarHandlers(current: () => CalendarFeature | null): CalendarHandlers {
  const out: Partial<Record<CalendarCallName, (params: never) => unknown>> = {};
  for (const name of CALL_NAMES) {
    out[name] = (params: never) => {
      const feature = current();
      if (!feature) throw new AppError('auth.required', `${name} needs a signed-in account`);
      return (feature.handlers[name] as (p: never) => unknown)(params);
    };
  }
  return out as CalendarHandlers;
}
