// Official documents (văn bản): the calls' params and result types, imported by
// the core and the renderer. Composed into the one contract in shared/api.ts.
import { z } from 'zod';
import type { TextSegment } from './mail';

export const BOXES = ['to_process', 'incoming', 'outgoing', 'drafts', 'following', 'info'] as const;
export type Box = (typeof BOXES)[number];

export const URGENCIES = ['thuong', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const CONFIDENTIALITIES = ['thuong', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];
export const DOC_STATES = [
  'arrived',
  'registered',
  'submitted',
  'assigned',
  'in_progress',
  'finished',
  'rejected',
  'draft',
  'in_review',
  'returned',
  'approved',
  'issued',
  'sent',
  'taken_back',
] as const;
export type DocState = (typeof DOC_STATES)[number];
export type DocRole = 'clerk' | 'leader' | 'head' | 'specialist' | 'viewer';

/** overdue: the deadline passed; today: it is today (Vietnam's date); null: later or none. */
export type DueMark = 'overdue' | 'today' | null;

export interface BoxCount {
  box: Box;
  total: number;
  unread: number;
}

export interface DocumentsOverview {
  /** Who the document system says the user is; null before the first sync. */
  me: { username: string; name: string; role: DocRole; unitId: string; unitName: string } | null;
  boxes: BoxCount[];
  /** Epoch ms of the last completed sync, or null. */
  lastSyncAt: number | null;
  /** Actions waiting for the server, and those it refused. */
  waiting: number;
  refused: number;
}

export interface DocSummary {
  id: string;
  direction: 'incoming' | 'outgoing';
  state: DocState;
  /** "125/STTTT-CĐS", or the notation alone for a draft without a number. */
  code: string;
  subject: string;
  issuer: string;
  typeName: string;
  /** 'YYYY-MM-DD': the promulgation date, else the arrival/creation day. */
  date: string;
  /** The user's own deadline (their assignment's), else the document's. */
  deadline: string | null;
  due: DueMark;
  urgency: Urgency;
  confidentiality: Confidentiality;
  unread: boolean;
  /** Actions of the user on it wait for the server. */
  pending: boolean;
  /** An action of the user on it was refused: see documents.outbox. */
  refused: boolean;
  attachments: number;
}

export interface DocPage {
  items: DocSummary[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
  total: number;
}

export interface DocPerson {
  username: string;
  name: string;
}

export interface DocAssignment {
  id: string;
  role: 'lead' | 'co' | 'info';
  assignee: { kind: 'unit' | 'person'; id: string; name: string };
  deadline: string | null;
  assignedBy: DocPerson;
  assignedAt: string;
  parentId: string | null;
  state: 'open' | 'done';
}

export interface DocOpinion {
  id: string;
  kind: 'directive' | 'comment' | 'review' | 'urge' | 'finish' | 'reject' | 'take_back';
  author: DocPerson;
  at: string;
  text: string;
  /** Written here and not yet accepted by the server. */
  pending?: boolean;
}

export interface DocTraceEntry {
  seq: number;
  at: string;
  actor: DocPerson | null;
  action: string;
  fromState: DocState | null;
  toState: DocState;
  note: string | null;
  pending?: boolean;
}

export interface DocAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** Its bytes are in the cache: it opens with no network. */
  kept: boolean;
}

export interface DocRelated {
  id: string;
  relation: 'source' | 'reply' | 'duplicate';
  code: string;
  subject: string;
}

export interface DocView extends DocSummary {
  version: number;
  origin: 'exchange' | 'internal' | 'paper' | 'draft';
  documentId: string | null;
  number: string | null;
  notation: string | null;
  typeCode: string;
  content: string | null;
  issuerOrganId: string;
  promulgationDate: string | null;
  place: string | null;
  signer: { competence: string | null; position: string | null; fullName: string | null } | null;
  dueDate: string | null;
  arrivedAt: string | null;
  registration: { register: string; year: number; number: number; registeredAt: string; due: string; late: boolean } | null;
  issue: { register: string; year: number; number: number; issuedAt: string } | null;
  submittedTo: DocPerson | null;
  reviewer: DocPerson | null;
  drafter: DocPerson | null;
  recipients: { kind: 'unit' | 'person' | 'organization'; id: string; name: string; role: 'lead' | 'co' | 'info' }[];
  files: DocAttachment[];
  hasPackage: boolean;
  packageWarnings: string[];
  assignments: DocAssignment[];
  opinions: DocOpinion[];
  trace: DocTraceEntry[];
  statuses: { code: string; at: string; direction: 'sent' | 'received'; organization: { organId: string; name: string }; description: string | null }[];
  related: DocRelated[];
  /** What the user's role allows on it now (the server decides in the end). */
  actions: DocActionType[];
  /** The user's refused actions on it, with the server's reason. */
  conflicts: DocOutboxEntry[];
}

export const DOC_ACTION_TYPES = ['register', 'reject', 'submit', 'assign', 'reassign', 'start', 'comment', 'finish', 'urge', 'submit_review', 'return', 'approve', 'issue', 'send'] as const;
export type DocActionType = (typeof DOC_ACTION_TYPES)[number];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = (max: number) => z.string().trim().min(1).max(max);
const target = z.object({ kind: z.enum(['unit', 'person']), id: z.string().min(1).max(200), deadline: date.optional() }).strict();

/** An action as the user asks it: the core adds its action id and the version it was based on. */
export const docActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('register'), acknowledgeDuplicate: z.boolean().optional(), note: text(2000).optional() }).strict(),
  z.object({ type: z.literal('reject'), reason: text(2000) }).strict(),
  z.object({ type: z.literal('submit'), to: z.string().min(1).max(200), note: text(2000).optional() }).strict(),
  z
    .object({
      type: z.literal('assign'),
      directive: text(4000),
      lead: target,
      coworkers: z.array(target).max(50).default([]),
      info: z.array(target).max(100).default([]),
    })
    .strict(),
  z.object({ type: z.literal('reassign'), assignee: z.string().min(1).max(200), deadline: date.optional(), note: text(2000).optional() }).strict(),
  z.object({ type: z.literal('start'), note: text(2000).optional() }).strict(),
  z.object({ type: z.literal('comment'), text: text(4000) }).strict(),
  z.object({ type: z.literal('finish'), summary: text(4000) }).strict(),
  z.object({ type: z.literal('urge'), message: text(2000) }).strict(),
  z.object({ type: z.literal('submit_review'), to: z.string().min(1).max(200), note: text(2000).optional() }).strict(),
  z.object({ type: z.literal('return'), comment: text(4000) }).strict(),
  z.object({ type: z.literal('approve'), note: text(2000).optional() }).strict(),
  z.object({ type: z.literal('issue') }).strict(),
  z.object({ type: z.literal('send') }).strict(),
]);
export type DocAction = z.output<typeof docActionSchema>;
export type DocActionInput = z.input<typeof docActionSchema>;

export interface DocOutboxEntry {
  /** The action id: the server applies it once however often it is sent. */
  id: string;
  documentId: string;
  code: string;
  subject: string;
  action: DocAction;
  state: 'pending' | 'sending' | 'refused';
  /** Refused: the stable code (errors.<code>) and the server's own words. */
  error: { code: string; message: string } | null;
  /** Refused: the document's state on the server now. */
  currentState: DocState | null;
  /** A package the clerk registers from a file (the action is its registration): the file's name. */
  package: { name: string } | null;
  createdAt: number;
}

export interface DocDirectory {
  units: { id: string; name: string; head: string | null }[];
  /** `email`: the person's mail address ('' when the service has none); Today's mail counts mail from it. */
  people: { username: string; name: string; email: string; title: string; role: DocRole; unitId: string }[];
}

export interface DocSearchHit {
  doc: DocSummary;
  subject: TextSegment[];
  /** Where else it matched (opinion, signer, file, text), highlighted. */
  snippet: TextSegment[];
}

export interface DocSearchResult {
  hits: DocSearchHit[];
  truncated: boolean;
}

export interface DocFile {
  name: string;
  contentType: string;
  size: number;
  dataBase64: string;
}

/** An attachment handed to the system's application. */
export interface DocOpenedFile {
  name: string;
  /** Where the copy it opened lies (the account's own folder). */
  localPath: string;
}

export const DOC_SORTS = ['date', 'deadline', 'urgency'] as const;
export type DocSort = (typeof DOC_SORTS)[number];

/** How many days ahead "due soon" looks: today's deadline and the next two. */
export const SOON_DAYS = 2;

export const docFilterSchema = z
  .object({
    urgency: z.array(z.enum(URGENCIES)).max(4).optional(),
    state: z.array(z.enum(DOC_STATES)).max(DOC_STATES.length).optional(),
    issuer: z.string().max(300).optional(),
    typeName: z.string().max(100).optional(),
    /** Only documents whose deadline passed (overdue), is today or earlier (due), or within the next SOON_DAYS days or earlier (soon: late and nearly late, for urging). */
    due: z.enum(['overdue', 'due', 'soon']).optional(),
  })
  .strict();
export type DocFilter = z.output<typeof docFilterSchema>;

const id = z.string().min(1).max(200);

export const documentsParams = {
  list: z
    .object({
      box: z.enum(BOXES),
      sort: z.enum(DOC_SORTS).default('date'),
      filter: docFilterSchema.default({}),
      after: z.string().max(500).nullable().default(null),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  open: z.object({ id }).strict(),
  /** A status of the document by its place in `statuses`. */
  status: z.object({ id, index: z.number().int().min(0).max(10_000) }).strict(),
  act: z.object({ id, action: docActionSchema }).strict(),
  search: z
    .object({
      query: z.string().max(500),
      box: z.enum(BOXES).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
  file: z.object({ documentId: id, attachmentId: id }).strict(),
  outboxEntry: z.object({ id: z.string().uuid() }).strict(),
  outboxChange: z.object({ id: z.string().uuid(), action: docActionSchema }).strict(),
  facets: z.object({ box: z.enum(BOXES) }).strict(),
};

export interface DocFacets {
  issuers: string[];
  typeNames: string[];
}

/** Attachments kept on this computer for offline reading, against the size limit in Settings. */
export interface DocOfflineUse {
  usedBytes: number;
  limitBytes: number;
  files: number;
  /** Of usedBytes, the To process box's files (never evicted). */
  toProcessBytes: number;
}
