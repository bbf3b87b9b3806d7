// Mail domain types and call params: imported by both the core and the renderer.
import { z } from 'zod';
import { filesPathSchema } from './files';

/**
 * The largest file a message carries (an attachment's base64 in the compose
 * schema stays under 35,000,000 characters; the demo's Postfix takes 50 MB
 * messages). A file from Files above it is refused before anything is
 * queued, with a message that says to share a link instead.
 */
export const MAIL_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;

export const SPECIAL_USES = ['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive', 'flagged', 'all'] as const;
export type SpecialUse = (typeof SPECIAL_USES)[number];

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailFolder {
  id: number;
  path: string;
  name: string;
  specialUse: SpecialUse | null;
  unread: number;
  /** Messages in the cache. */
  total: number;
  /** Messages on the server at the last sync (total < serverCount while the first sync runs). */
  serverCount: number;
  /** True once every message's headers are in the cache. */
  complete: boolean;
}

export interface MessageSummary {
  id: number;
  folderId: number;
  /** Negative while a local move waits for the server. */
  uid: number;
  messageId: string | null;
  threadKey: string;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Epoch ms. */
  date: number;
  flags: string[];
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  size: number;
  bodyCached: boolean;
  /** A user action on it is waiting in the outbox. */
  pending: boolean;
  /** Flagged for follow-up by this date (epoch ms); the date is kept on this device, the flag on the server. */
  followUpAt: number | null;
}

/** Key of the last row of a page: the next page starts strictly after it (date DESC, uid DESC). */
export interface PageCursor {
  date: number;
  uid: number;
}

export interface MessagePage {
  items: MessageSummary[];
  next: PageCursor | null;
}

/**
 * One conversation in a folder's grouped list. What the row shows is counted
 * over the whole conversation, the way the reader shows it (across folders,
 * one per Message-ID), except unread, which is this folder's, like the
 * folder's own unread count.
 */
export interface ThreadSummary {
  /** The conversation's newest message in this folder: it stands for the row, and the row opens it. */
  latest: MessageSummary;
  /** Messages in the conversation, across folders, a message filed twice counted once. */
  count: number;
  /** Unread messages of the conversation in this folder. */
  unread: number;
  /** Those of them the server already has (not waiting for a move), to mark read when the row is opened. */
  unreadIds: number[];
  /** Senders, oldest first, each once (by address), from the conversation's newest messages. */
  participants: MailAddress[];
  flagged: boolean;
  hasAttachments: boolean;
}

/** A page of conversations; `next` is the key of the last row's `latest`, as for MessagePage. */
export interface ThreadPage {
  items: ThreadSummary[];
  next: PageCursor | null;
}

export interface AttachmentInfo {
  index: number;
  /** Safe to show and to save (no control characters, no path, no reserved name, not too long). */
  filename: string;
  /** The name as the message gave it, when it had to be changed to be safe: shown as a tooltip. */
  originalFilename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
}

export interface MessageView extends MessageSummary {
  inReplyTo: string | null;
  references: string[];
  text: string;
  /** Unsanitized HTML: the renderer sanitizes it (DOMPurify) and shows it in a sandboxed frame. */
  html: string | null;
  /** Set when the message could not be parsed: `raw` is then its source. */
  warning: string | null;
  raw: string | null;
  attachments: AttachmentInfo[];
  /** Messages forwarded inside this one (message/rfc822 parts), as far as they nest. */
  nested: NestedMessage[];
}

/** A message inside a message (a forward as attachment): its headers, text and files. */
export interface NestedMessage {
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Epoch ms, or null when it has no date. */
  date: number | null;
  /** Its readable text (HTML turned to text). */
  text: string;
  /** Its files: `index` is the outer message's attachment index (mail.attachment downloads it). */
  attachments: AttachmentInfo[];
  nested: NestedMessage[];
}

/** A piece of text, marked when it matches the query (render as <mark>, never as HTML). */
export interface AttachmentData {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** A remote resource fetched by the core for a message the user allowed (images only). */
export interface RemoteContent {
  contentType: string;
  contentBase64: string;
}

export interface TextSegment {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  message: MessageSummary;
  subject: TextSegment[];
  snippet: TextSegment[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** True when more rows matched than were ranked: older mail may match too. */
  truncated: boolean;
}

export type OutboxState = 'pending' | 'sending' | 'refused' | 'done';

export interface OutboxItem {
  id: string;
  kind: string;
  state: OutboxState;
  attempts: number;
  errorCode: string | null;
  errorDetail: string | null;
  createdAt: number;
  /** For a send: subject and recipients, to show what is waiting. */
  subject: string | null;
  to: string[];
  /** A refused send the server never accepted: it can be opened in Compose (mail.outboxOpen) and sent again edited. */
  editable: boolean;
  /** The server took the message for the others but refused these: an edit goes to them alone. */
  refusedRecipients: string[];
}

/**
 * A refused send read back from the MIME that was queued, to edit in Compose.
 * Sending it with `editOf: id` replaces the refused entry.
 */
export interface OutboxContent {
  /** The refused entry's id (its Message-ID). */
  id: string;
  /** Why the server said no: shown above the form while editing. */
  errorCode: string | null;
  errorDetail: string | null;
  to: MailAddress[];
  cc: MailAddress[];
  /** From the envelope (Bcc is never in the headers): addresses only. */
  bcc: MailAddress[];
  subject: string;
  text: string;
  html: string | null;
  /** Every file that was queued, forwarded ones included. */
  attachments: AttachmentData[];
  /** The conversation it answers (Message-IDs); the edited message keeps them. */
  inReplyTo: string | null;
  references: string[];
  /** Message-ID of its draft in Drafts, if it was written as one: the edit's saves replace it, its send removes it. */
  draftId: string | null;
}

export interface MailStatus {
  connection: 'connecting' | 'online' | 'offline' | 'signed_out' | 'not_configured';
  syncing: boolean;
  lastSyncAt: number | null;
  /** Technical detail of the last failure, for the "details" fold. */
  error: string | null;
  /** The folder being filled by the first sync, if any. */
  progress: SyncProgress | null;
  /** Actions waiting in the outbox. */
  outboxPending: number;
  /** The local search index: still catching up, and why its worker last died (it restarts by itself). */
  searchIndex: { indexing: boolean; restarts: number; error: string | null };
}

export interface SyncProgress {
  folderId: number;
  path: string;
  done: number;
  total: number;
}

/** A follow-up's preset dates as instants (null: already past, not offered). */
export interface FollowUpPresets {
  /** Today at 16:00. */
  today: number | null;
  /** Tomorrow at the start of the working day. */
  tomorrow: number;
  /** This Friday at 16:00. */
  thisWeek: number | null;
  /** Next Monday at the start of the working day. */
  nextWeek: number;
}

export const FOLLOW_UP_PRESETS = ['today', 'tomorrow', 'thisWeek', 'nextWeek'] as const;
export type FollowUpPreset = (typeof FOLLOW_UP_PRESETS)[number];

// ---- call params -----------------------------------------------------------

const id = z.number().int().positive();
const mailAddressText = z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'an e-mail address');
/** A system flag (\Seen) or a keyword ($Forwarded): atoms only, nothing that could break a STORE command. */
const imapFlag = z.string().regex(/^\\?[$A-Za-z][\w$.-]{0,63}$/);
const outboxId = z.string().min(1).max(998);
const address = z.object({ name: z.string().max(256).default(''), address: z.string().email().max(320) }).strict();

const compose = z
  .object({
    to: z.array(address).max(500).default([]),
    cc: z.array(address).max(500).default([]),
    bcc: z.array(address).max(500).default([]),
    subject: z.string().max(998).default(''),
    text: z.string().max(5_000_000).default(''),
    html: z.string().max(10_000_000).optional(),
    /** The message this replies to (cache id): sets In-Reply-To and References. */
    inReplyTo: id.optional(),
    /** The message this forwards (cache id): its attachments go along. */
    forwardOf: id.optional(),
    /** Message-ID of this message's last saved draft: a new save replaces it, a send removes it. */
    draftId: z.string().min(3).max(998).optional(),
    attachments: z
      .array(z.object({ filename: z.string().min(1).max(255), contentType: z.string().max(255), contentBase64: z.string().max(35_000_000) }).strict())
      .max(50)
      .default([]),
    /** Files from Files, attached by the core from its copy or the server (never through the renderer). */
    fromFiles: z
      .array(z.object({ path: filesPathSchema }).strict())
      .max(50)
      .optional(),
    /**
     * The refused outbox entry this message is an edit of (mail.outboxOpen).
     * A send takes its place in one transaction; a send or a draft keeps its
     * conversation (In-Reply-To, References), so inReplyTo and forwardOf do not go with it.
     */
    editOf: outboxId.optional(),
  })
  .strict()
  .refine((p) => p.editOf === undefined || (p.inReplyTo === undefined && p.forwardOf === undefined), {
    message: 'an edit keeps the relation of the message it edits',
    path: ['editOf'],
  });
export type ComposeParams = z.output<typeof compose>;

export const mailParams = {
  listPage: z
    .object({
      folderId: id,
      after: z.object({ date: z.number().int(), uid: z.number().int() }).strict().nullable().default(null),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  open: z.object({ id }).strict(),
  search: z
    .object({
      query: z.string().max(500),
      folderId: id.optional(),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
  searchServer: z.object({ query: z.string().min(1).max(500), folderId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
  thread: z.object({ threadKey: z.string().min(1).max(1000) }).strict(),
  setFlags: z
    .object({
      ids: z.array(id).min(1).max(1000),
      add: z.array(imapFlag).max(8).default([]),
      remove: z.array(imapFlag).max(8).default([]),
    })
    .strict(),
  move: z.object({ ids: z.array(id).min(1).max(1000), folderId: id }).strict(),
  /** Follow up by a preset (computed by the core in the organization's zone) or a date and time of the user's. */
  setFollowUp: z
    .object({
      ids: z.array(id).min(1).max(100),
      due: z.union([
        z.object({ preset: z.enum(FOLLOW_UP_PRESETS) }).strict(),
        z
          .object({
            date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD'),
            time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
          })
          .strict(),
      ]),
    })
    .strict(),
  /** Done (`complete`) or not wanted any more (`clear`): the flag goes from the server too. */
  endFollowUp: z.object({ ids: z.array(id).min(1).max(100), how: z.enum(['complete', 'clear']) }).strict(),
  delete: z.object({ ids: z.array(id).min(1).max(1000) }).strict(),
  send: compose.refine((p) => p.to.length + p.cc.length + p.bcc.length > 0, { message: 'at least one recipient', path: ['to'] }),
  /** A draft, filed in the server's Drafts by the outbox, replacing the save named by `draftId`. */
  saveDraft: compose,
  outboxRetry: z.object({ id: outboxId }).strict(),
  outboxDiscard: z.object({ id: outboxId }).strict(),
  /** A refused send's content, to edit and send again. */
  outboxOpen: z.object({ id: outboxId }).strict(),
  /** The cached bytes of an inline image the message's HTML names by cid: (never the network). */
  inlinePart: z.object({ id, contentId: z.string().min(1).max(998) }).strict(),
  /** Whether remote content in mail from this address loads without asking. */
  remoteSender: z.object({ address: mailAddressText }).strict(),
  setRemoteSender: z.object({ address: mailAddressText, allowed: z.boolean() }).strict(),
  /** One remote resource (an image) named in the message's HTML, fetched by the core for the frame. */
  remoteContent: z
    .object({ id, url: z.string().max(4000).url().refine((u) => /^https?:\/\//i.test(u), { message: 'http or https only' }) })
    .strict(),
  attachment: z.object({ id, index: z.number().int().min(0).max(1000) }).strict(),
  addresses: z.object({ prefix: z.string().min(1).max(100), limit: z.number().int().min(1).max(50).default(10) }).strict(),
} as const;
