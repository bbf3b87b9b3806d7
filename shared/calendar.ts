// Calendar domain types and call parameters shared by the core and the
// renderer (issue 6). Times are epoch ms; all-day entries carry dates
// ('YYYY-MM-DD', end exclusive) so they stay on their day in every zone.
import { z } from 'zod';

export type CalendarKind = 'event' | 'task' | 'agency';
export type LocalState = 'synced' | 'pending' | 'conflict' | 'deleted';
export type ReviewState = 'tentative' | 'confirmed' | 'returned';

export interface CalendarInfo {
  id: number;
  url: string;
  kind: CalendarKind;
  displayName: string;
  color: string | null;
  writable: boolean;
  syncedAt: number | null;
  /**
   * The last sync of this calendar failed (the server answered 500 for the
   * collection, say): what is shown is the copy kept from before, not an
   * empty calendar. Null once a sync succeeds.
   */
  syncError: { code: string; detail: string; at: number } | null;
}

export interface OccurrenceView {
  /** `${objectId}:${instance}`: what get/update/delete take. */
  id: string;
  objectId: number;
  calendarId: number;
  /** '' for a single event, else the instance key (RECURRENCE-ID). */
  instance: string;
  allDay: boolean;
  start: number;
  end: number;
  /** All-day only: the first date and the day after the last. */
  startDate: string | null;
  endDate: string | null;
  component: 'VEVENT' | 'VTODO';
  summary: string;
  location: string;
  status: string | null;
  meetingUrl: string | null;
  recurring: boolean;
  overridden: boolean;
  localState: LocalState;
  review: ReviewState | null;
  /** The object could not be read in full: what could be read is shown, marked (calendar.unreadable says why). */
  incomplete: boolean;
}

export interface Warning {
  code: string;
  detail: string;
}

export interface AlarmView {
  uid: string;
  action: string;
  /** Minutes before the start (negative: after); null for an absolute trigger. */
  minutesBefore: number | null;
}

export interface EventDetail {
  id: string;
  objectId: number;
  calendarId: number;
  instance: string;
  uid: string;
  summary: string;
  description: string;
  location: string;
  allDay: boolean;
  start: number;
  end: number;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  rrule: string;
  status: string;
  organizer: string;
  attendees: Array<{ email: string; name: string; role: string; partstat: string }>;
  alarms: AlarmView[];
  meeting: { url: string; vendor: string } | null;
  agency: {
    chair: string;
    attendees: string;
    preparingUnit: string;
    review: ReviewState;
    reviewComment: string;
    proposer: string;
  } | null;
  localState: LocalState;
  warnings: Warning[];
  /** Present in conflict: the server's version beside ours. */
  conflict: { server: Omit<EventDetail, 'conflict'> | null; reason: string } | null;
}

/** What the agency's weekly schedule says of an entry beyond its time: read from the event's properties. */
export interface AgencyFields {
  content: string;
  chair: string;
  attendees: string;
  place: string;
  preparingUnit: string;
  review: ReviewState;
  reviewComment: string;
  proposer: string;
}

export interface WeekEntryView extends AgencyFields {
  id: string;
  time: string;
  allDay: boolean;
  start: number;
  end: number;
  meetingUrl: string | null;
}

export interface AgencyWeekView {
  calendarId: number | null;
  agencyName: string;
  weekStart: string;
  weekEnd: string;
  /** The signed-in user may propose and review (writes the agency calendar). */
  canReview: boolean;
  /** A reviewer may approve an entry they proposed themselves (the IT policy says; off by default). */
  selfApproval: boolean;
  days: Array<{ date: string; weekday: number; morning: WeekEntryView[]; afternoon: WeekEntryView[] }>;
}

/** An object of a calendar that could not be read in full: where it is on the server and why. */
export interface UnreadableView {
  objectId: number;
  calendarId: number;
  calendarName: string;
  /** The object's path on the server, as the server names it. */
  path: string;
  summary: string;
  /** Whether what could be read shows in the calendar (a readable start); false: nothing of it shows. */
  shown: boolean;
  reasons: Warning[];
}

export interface ConflictView {
  objectId: number;
  summary: string;
  reason: string;
}

const dateRe = /^\d{4}-\d{2}-\d{2}$/;
const localRe = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
export const dateSchema = z.string().regex(dateRe, 'YYYY-MM-DD');
const occurrenceId = z.string().regex(/^\d+:[0-9-]*$/, 'objectId:instance').max(40);

export const rangeParams = z
  .object({
    /** First date shown and the day after the last, in `timeZone`. */
    from: dateSchema,
    to: dateSchema,
    timeZone: z.string().min(1).max(64).optional(),
    calendarIds: z.array(z.number().int().positive()).max(200).optional(),
  })
  .strict();

export const agencyFieldsSchema = z
  .object({
    chair: z.string().max(500).default(''),
    attendees: z.string().max(2000).default(''),
    preparingUnit: z.string().max(500).default(''),
  })
  .strict();

/** An invitee's address: the form flags what this refuses before it sends. */
export const attendeeEmailSchema = z.string().email().max(320);

/** What calendar.checkMeetingLink says of a pasted link. */
export interface MeetingLinkCheck {
  url: string;
  /** Who hosts it, as the core's link finder recognises it; 'other' for a link it does not know. */
  vendor: 'jitsi' | 'zoom' | 'teams' | 'meet' | 'webex' | 'organization' | 'other';
}

export const eventDraftSchema = z
  .object({
    calendarId: z.number().int().positive(),
    summary: z.string().max(1000),
    allDay: z.boolean(),
    /** 'YYYY-MM-DD' when allDay (end exclusive), else local 'YYYY-MM-DDTHH:mm' in timeZone. */
    start: z.string().max(25),
    end: z.string().max(25),
    timeZone: z.string().min(1).max(64).optional(),
    location: z.string().max(2000).default(''),
    description: z.string().max(20000).default(''),
    alarmsMinutesBefore: z.array(z.number().int().min(-10080).max(40320)).max(10).default([]),
    attendees: z.array(z.object({ email: attendeeEmailSchema, name: z.string().max(200).default('') }).strict()).max(500).default([]),
    meetingUrl: z.string().url().max(2000).nullable().default(null),
    /** The link the event showed (calendar.get's meeting.url) when the user removed or replaced it: taken off every place it was read from. */
    removeMeetingUrl: z.string().max(2000).optional(),
    /** Make a new room at the organization's meeting service. */
    newMeeting: z.boolean().default(false),
    /** RRULE value without the name, e.g. FREQ=WEEKLY;BYDAY=MO; '' removes it. */
    rrule: z.string().max(500).regex(/^(FREQ=[A-Z]+[A-Z0-9=;,+-]*)?$/).optional(),
    agency: agencyFieldsSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const re = d.allDay ? dateRe : localRe;
    if (!re.test(d.start)) ctx.addIssue({ code: 'custom', path: ['start'], message: d.allDay ? 'YYYY-MM-DD' : 'YYYY-MM-DDTHH:mm' });
    if (!re.test(d.end)) ctx.addIssue({ code: 'custom', path: ['end'], message: d.allDay ? 'YYYY-MM-DD' : 'YYYY-MM-DDTHH:mm' });
    if (d.end < d.start || (d.allDay && d.end === d.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end before start' });
  });
export type EventDraft = z.output<typeof eventDraftSchema>;

/** 'YYYY-MM-DD' (due that day), local 'YYYY-MM-DDTHH:mm' in timeZone, or '' (no due date). */
const dueSchema = z.string().max(25).refine((v) => v === '' || dateRe.test(v) || localRe.test(v), 'YYYY-MM-DD, YYYY-MM-DDTHH:mm or empty');

const taskFields = {
  summary: z.string().trim().min(1).max(1000),
  due: dueSchema,
  timeZone: z.string().min(1).max(64).optional(),
  description: z.string().max(20000).default(''),
  /** RFC 5545 PRIORITY: 0 none, 1 high … 9 low. */
  priority: z.number().int().min(0).max(9).default(0),
};

export const taskDraftSchema = z
  .object({
    /** A task list (kind 'task') the user can write; the last one chosen is offered next time. */
    calendarId: z.number().int().positive(),
    ...taskFields,
    due: dueSchema.default(''),
    /** Minutes before a timed due; null: none; left out: an hour before. */
    reminderMinutesBefore: z.number().int().min(0).max(40320).nullable().optional(),
  })
  .strict();
export type TaskDraftInput = z.output<typeof taskDraftSchema>;

/** An edit of a task: everything the list's form shows (the list it is in stays). */
export const taskEditSchema = z
  .object({
    ...taskFields,
    /** Minutes before a timed due; null: none. */
    reminderMinutesBefore: z.number().int().min(0).max(40320).nullable(),
  })
  .strict();
export type TaskEdit = z.output<typeof taskEditSchema>;

export interface TaskView {
  /** `${objectId}:${instance}`, like an occurrence's. */
  id: string;
  objectId: number;
  calendarId: number;
  instance: string;
  summary: string;
  description: string;
  /** Due instant (timed) or UTC midnight of the due date; null without a due date. */
  due: number | null;
  /** Date-only due: 'YYYY-MM-DD'. */
  dueDate: string | null;
  allDay: boolean;
  timeZone: string;
  status: string;
  completed: boolean;
  priority: number;
  /** The reminder before a timed due, minutes; null when none. */
  reminderMinutesBefore: number | null;
  recurring: boolean;
  /** Open and due before now. */
  overdue: boolean;
  /** overdue: due before the shown week (listed first); week: due in it; undated: no due date. */
  group: 'overdue' | 'week' | 'undated';
  localState: LocalState;
}

export interface TaskListView {
  /** The task list a new task goes to: the last one chosen, else the first writable one. */
  defaultCalendarId: number | null;
  tasks: TaskView[];
}

export const scopeSchema = z.enum(['this', 'following', 'all']);
export type EditScope = z.infer<typeof scopeSchema>;

export const calendarParams = {
  get: z.object({ id: occurrenceId }).strict(),
  update: z.object({ id: occurrenceId, scope: scopeSchema.default('all'), draft: eventDraftSchema }).strict(),
  remove: z.object({ id: occurrenceId, scope: scopeSchema.default('all') }).strict(),
  week: z.object({ date: dateSchema, timeZone: z.string().min(1).max(64).optional() }).strict(),
  review: z.object({ id: occurrenceId, comment: z.string().max(2000).default('') }).strict(),
  resolve: z.object({ objectId: z.number().int().positive(), keep: z.enum(['mine', 'theirs']) }).strict(),
  reviewQueue: z.object({ timeZone: z.string().min(1).max(64).optional() }).strict(),
  /** completed: false opens a completed task again. */
  completeTask: z.object({ id: occurrenceId, completed: z.boolean().default(true) }).strict(),
  updateTask: z.object({ id: occurrenceId, draft: taskEditSchema }).strict(),
  /** The shown week's tasks, open overdue ones of earlier weeks, and those without a due date. */
  tasks: z.object({ from: dateSchema, to: dateSchema, timeZone: z.string().min(1).max(64).optional() }).strict(),
  checkMeetingLink: z.object({ url: z.string().min(1).max(2000) }).strict(),
  /** Any day of the week to export: the file is named for its ISO week. */
  exportWeekPdf: z.object({ date: dateSchema }).strict(),
};
