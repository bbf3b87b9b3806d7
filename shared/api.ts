// The one contract between the renderer and the core (ARCHITECTURE rule 2).
// Every call is named here with the zod schema of its params and the type of
// its result; every event the core pushes is named here with its payload.
// The core validates each incoming call against this table before any handler
// runs; the renderer's client is typed from it. Adding a call = one entry here,
// one handler in a service, one use in the renderer.
import { z } from 'zod';
import type { AuthState } from './auth';
import type { AttachmentData, FollowUpPresets, MailAddress, MailFolder, MailStatus, MessagePage, MessageSummary, MessageView, OutboxContent, OutboxItem, RemoteContent, SearchResult, ThreadPage } from './mail';
import { mailParams } from './mail';
import type { SettingsView } from './settings';
import { userSettingsSchema } from './settings';
import type { SyncStatus } from './status';
import { statusParams } from './status';
import type { AgencyWeekView, CalendarInfo, ConflictView, EventDetail, MeetingLinkCheck, OccurrenceView, TaskListView, UnreadableView } from './calendar';
import { calendarParams, eventDraftSchema, rangeParams, taskDraftSchema } from './calendar';
import { documentCalls } from './documents-calls';
import { documentPrintCalls } from './documents-print';
import { filesCalls } from './files-api';
import { reminderCalls, type ReminderOpen } from './reminders';
import { todayCalls } from './today';

/** A call's entry: its params schema, and its result type carried as a phantom. */
export interface CallSpec<P extends z.ZodType, R> {
  params: P;
  /** Never read at run time: only carries the result type. */
  result?: R;
}

function call<R>() {
  return <P extends z.ZodType>(params: P): CallSpec<P, R> => ({ params });
}

const none = z.object({}).strict();

export interface AppInfo {
  name: string;
  version: string;
  /** Which bridge carries the calls: the Electron shell or the headless host. */
  shell: 'electron' | 'host';
  secretStorage: { available: boolean; backend: string };
}

export interface OrganizationInfo {
  id: string;
  name: string;
}

/** Where an exported file went; `saved: false` when the user cancelled the save dialog. */
export type PdfSaveResult = { saved: false } | { saved: true; path: string; fileName: string };

export const calls = {
  'app.info': call<AppInfo>()(none),
  'organization.get': call<OrganizationInfo>()(none),
  'settings.get': call<SettingsView>()(none),
  'settings.set': call<SettingsView>()(userSettingsSchema.partial().strict()),
  'status.get': call<SyncStatus>()(none),
  /** Tries a service (or every one that does not answer) at once, outbox first; answers the status after it. */
  'sync.tryNow': call<SyncStatus>()(statusParams.tryNow),
  /** Opens a link in the system browser, only if the core's allow-list admits it. */
  'shell.openExternal': call<{ opened: true }>()(z.object({ url: z.string().min(1).max(4096) }).strict()),
  /** Shows a file this app saved (an exported PDF) in the system's file manager; any other path → shell.not_exported. */
  'shell.showInFolder': call<{ shown: true }>()(z.object({ path: z.string().min(1).max(4096) }).strict()),
  /** The user's calendars and task lists, and the agency schedule (kind 'agency'). */
  'calendar.calendars': call<CalendarInfo[]>()(none),
  /** Occurrences for a day, week or month view: dates in timeZone, `to` exclusive; all personal calendars unless calendarIds. */
  'calendar.range': call<OccurrenceView[]>()(rangeParams),
  /** The agency weekly schedule (lịch công tác) of the week containing `date`, by weekday and session. */
  'calendar.agencyWeek': call<AgencyWeekView>()(calendarParams.week),
  /**
   * Prints the window (showing the agency week, in its print stylesheet: A4 landscape) to a PDF
   * saved where the user chooses, offered as lich-cong-tac-tuan-YYYY-Www.pdf. A shell that cannot
   * (the headless host) answers export.unsupported: the UI then opens the print dialog.
   */
  'calendar.exportWeekPdf': call<PdfSaveResult>()(calendarParams.exportWeekPdf),
  /** Whether a pasted link can be an event's meeting link (the allow-list) and whose service it is. */
  'calendar.checkMeetingLink': call<MeetingLinkCheck>()(calendarParams.checkMeetingLink),
  'calendar.get': call<EventDetail>()(calendarParams.get),
  /** Applied to the cache at once and queued for the server; on the agency calendar it is a tentative proposal. */
  'calendar.create': call<EventDetail>()(eventDraftSchema),
  /** scope: this occurrence, this and following, or the whole series. A new calendarId moves the event. */
  'calendar.update': call<EventDetail>()(calendarParams.update),
  'calendar.delete': call<{ deleted: true }>()(calendarParams.remove),
  /** A new task (VTODO with DUE) in a task list: applied to the cache at once and queued like an event. */
  'calendar.createTask': call<EventDetail>()(taskDraftSchema),
  /** Marks a task completed (STATUS, COMPLETED, PERCENT-COMPLETE) or open again, through the outbox with If-Match. */
  'calendar.completeTask': call<EventDetail>()(calendarParams.completeTask),
  /** Edits a task (title, due, notes, priority, reminder) on the stored object, through the outbox with If-Match. Deleting one is calendar.delete. */
  'calendar.updateTask': call<EventDetail>()(calendarParams.updateTask),
  /** The Schedule section's task list: overdue open tasks first, the week's, then those without a due date. */
  'calendar.tasks': call<TaskListView>()(calendarParams.tasks),
  /** A reviewer confirms a tentative agency entry. */
  'calendar.approve': call<EventDetail>()(calendarParams.review),
  /** A reviewer returns an agency entry to the office with a comment. */
  'calendar.return': call<EventDetail>()(calendarParams.review),
  /** Agency entries not yet confirmed, from today on: all of them for a reviewer, the user's own proposals otherwise. */
  'calendar.reviewQueue': call<OccurrenceView[]>()(calendarParams.reviewQueue),
  /** Writes the server refused or found stale (412): shown until the user resolves them. */
  'calendar.conflicts': call<ConflictView[]>()(none),
  /** Objects of the user's calendars that could not be read in full, with the server's path and the reasons. */
  'calendar.unreadable': call<UnreadableView[]>()(none),
  'calendar.resolveConflict': call<EventDetail | { deleted: true }>()(calendarParams.resolve),
  /** Pushes waiting changes and pulls every calendar now. */
  'calendar.sync': call<{ synced: true }>()(none),
  'auth.state': call<AuthState>()(none),
  /** Opens the system browser on the provider's login page; resolves once signed in (or fails with an auth.* code). */
  'auth.signIn': call<AuthState>()(none),
  /** Ends a sign-in that is waiting for the browser; the pending auth.signIn fails with auth.cancelled. */
  'auth.cancelSignIn': call<{ cancelled: boolean }>()(none),
  /** eraseCache: delete this account's local data too. Omitted: the keepCacheOnSignOut setting decides; a policy may force erasing. */
  'auth.signOut': call<AuthState>()(z.object({ eraseCache: z.boolean().optional() }).strict()),
  'mail.folders': call<MailFolder[]>()(none),
  'mail.status': call<MailStatus>()(none),
  /** Asks for a sync pass now. */
  'mail.refresh': call<{ requested: true }>()(none),
  /** A page of a folder, newest first; pass the previous page's `next` as `after`. */
  'mail.list': call<MessagePage>()(mailParams.listPage),
  /** A page of a folder by conversation: one row per conversation, its newest message here standing for it; paged like mail.list. */
  'mail.threads': call<ThreadPage>()(mailParams.listPage),
  /** A message with its body: from the cache, or fetched once and then kept. */
  'mail.open': call<MessageView>()(mailParams.open),
  'mail.search': call<SearchResult>()(mailParams.search),
  /** IMAP SEARCH on the server for mail the cache may not hold (older bodies); found messages join the cache. */
  'mail.searchServer': call<MessageSummary[]>()(mailParams.searchServer),
  'mail.thread': call<MessageSummary[]>()(mailParams.thread),
  /** One attachment's content, fetched from the server when asked (attachments are not kept in the cache). */
  'mail.attachment': call<AttachmentData>()(mailParams.attachment),
  /** Known addresses for recipient autocomplete. */
  'mail.addresses': call<MailAddress[]>()(mailParams.addresses),
  'mail.setFlags': call<{ queued: true }>()(mailParams.setFlags),
  'mail.move': call<{ queued: true }>()(mailParams.move),
  /** The follow-up presets' dates now (today, tomorrow, this week, next week), for the menu to show. */
  'mail.followUpPresets': call<FollowUpPresets>()(z.object({}).strict()),
  /** Flags for follow-up by a date: the date stays in the account's cache, \Flagged goes to the server (IMAP has no place for a date). */
  'mail.setFollowUp': call<{ dueAt: number }>()(mailParams.setFollowUp),
  'mail.endFollowUp': call<{ queued: true }>()(mailParams.endFollowUp),
  /** To Trash; from Trash for good (the UI asks first). */
  'mail.delete': call<{ queued: true }>()(mailParams.delete),
  /** Queues the message in the outbox; the result is its Message-ID (the outbox id). */
  'mail.send': call<{ messageId: string }>()(mailParams.send),
  'mail.saveDraft': call<{ messageId: string }>()(mailParams.saveDraft),
  'mail.outbox': call<OutboxItem[]>()(none),
  'mail.outboxRetry': call<{ queued: true }>()(mailParams.outboxRetry),
  /** Gives up a refused entry: a send is dropped, an action lets the server's state show again. */
  'mail.outboxDiscard': call<{ discarded: boolean }>()(mailParams.outboxDiscard),
  /** What a refused send queued, read back for Compose; mail.send with `editOf` then replaces it. Refused once SMTP accepted it. */
  'mail.outboxOpen': call<OutboxContent>()(mailParams.outboxOpen),
  /** An inline (cid:) image of a cached message, from the cache only. */
  'mail.inlinePart': call<RemoteContent>()(mailParams.inlinePart),
  /** Whether remote content in mail from this sender loads without asking (kept per account in the cache). */
  'mail.remoteSender': call<{ allowed: boolean }>()(mailParams.remoteSender),
  'mail.setRemoteSender': call<{ allowed: boolean }>()(mailParams.setRemoteSender),
  /** Fetches one remote image named in the message's HTML, once the user allowed it; never a script, never a page. */
  'mail.remoteContent': call<RemoteContent>()(mailParams.remoteContent),
  ...documentCalls,
  ...documentPrintCalls,
  ...filesCalls,
  ...reminderCalls(call),
  ...todayCalls(call),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallParams<K extends CallName> = z.input<Calls[K]['params']>;
export type ParsedParams<K extends CallName> = z.output<Calls[K]['params']>;
export type CallResult<K extends CallName> = NonNullable<Calls[K]['result']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/**
 * Topics of `changed`: which cached data a refetch should refresh.
 * 'transfers' is the Files transfer queues (uploads waiting or on the wire,
 * downloads) and their progress: frequent, so it refreshes the transfer
 * lists and never a folder's listing; a finished upload also says 'files'.
 */
export type ChangeTopic = 'settings' | 'account' | 'mail' | 'calendar' | 'documents' | 'files' | 'reminders' | 'transfers';

export interface Events {
  /** Cached data changed: the renderer refetches what it shows of `topic`. */
  changed: { topic: ChangeTopic; ids: string[] };
  /** Connection and sync status, pushed whenever it changes. */
  status: SyncStatus;
  /** Sign-in state, pushed whenever it changes. */
  auth: AuthState;
  /** The user chose "Open" on a system notification: the window shows this. */
  open: ReminderOpen;
}
export type EventName = keyof Events;
export type EventMessage = { [K in EventName]: { event: K; payload: Events[K] } }[EventName];

/**
 * What `window.govdesk` is, whichever bridge provides it. Calls and events are
 * generic over the contract, so no per-call code exists on either side.
 */
export interface GovdeskBridge {
  call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<K>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** What the bridges pass: the raw envelope, unwrapped by the renderer's client. */
export interface RawBridge {
  invoke(name: string, params: unknown): Promise<import('./errors').CallResponse<unknown>>;
  subscribe(listener: (message: EventMessage) => void): () => void;
}
