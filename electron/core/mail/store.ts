// Every SQL statement on the mail tables (002_mail.sql) lives here: sync,
// search, the outbox and the service call these methods, nothing else
// touches the tables. Statements are prepared once per store.
import type { Statement } from 'better-sqlite3';
import type {
  AttachmentInfo,
  MailAddress,
  MailFolder,
  MessagePage,
  MessageSummary,
  MessageView,
  NestedMessage,
  PageCursor,
  SpecialUse,
  ThreadPage,
  ThreadSummary,
} from '../../../shared/mail';
import type { Db } from '../db/open';
import { fold, foldForIndex, ftsExpression, pairTokens, type ParsedQuery } from '../../../shared/text-search';

export interface FolderInput {
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: SpecialUse | null;
  subscribed: boolean;
}

export interface FolderState {
  id: number;
  path: string;
  specialUse: SpecialUse | null;
  uidvalidity: number | null;
  highestmodseq: string | null;
  uidnext: number | null;
  syncFloor: number | null;
  serverCount: number;
}

/** What sync learns of a message from its headers and flags. */
export interface HeaderRecord {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: number;
  flags: string[];
  size: number;
  hasAttachments: boolean;
  modseq: string | null;
}

export interface BodyRecord {
  text: string;
  html: string | null;
  warning: string | null;
  raw: Buffer | null;
  /**
   * `content`: the bytes of an inline image the HTML names by cid:, kept so it
   * shows offline; `part`: its IMAP body part, to fetch it alone when asked.
   */
  attachments: (Omit<AttachmentInfo, 'index' | 'originalFilename'> & { originalFilename?: string | null; content?: Buffer | null; part?: string | null })[];
  /** Forwarded messages inside (their files' indices are places in `attachments`). */
  nested?: NestedMessage[];
}

/** The row a message is on the server: where outbox replays act. */
export interface MessageLocation {
  id: number;
  folderId: number;
  folderPath: string;
  uid: number;
  messageId: string | null;
  flags: string[];
  specialUse: SpecialUse | null;
}

export interface SearchCandidate {
  id: number;
  skey: number;
  subject: string;
  from_json: string;
  to_json: string;
}

interface MessageRow {
  id: number;
  folder_id: number;
  uid: number;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  thread_key: string;
  subject: string;
  from_json: string;
  to_json: string;
  cc_json: string;
  date: number;
  flags: string;
  seen: number;
  flagged: number;
  size: number;
  has_attachments: number;
  body_state: 'none' | 'cached' | 'malformed';
  local_pending: number;
}

interface FolderRow {
  id: number;
  path: string;
  name: string;
  special_use: SpecialUse | null;
  uidvalidity: number | null;
  highestmodseq: string | null;
  uidnext: number | null;
  sync_floor: number | null;
  server_count: number;
}

const SUMMARY_COLS = `id, folder_id, uid, message_id, in_reply_to, refs, thread_key, subject, from_json, to_json, cc_json,
  date, flags, seen, flagged, size, has_attachments, body_state, local_pending`;

/** Longest body text the search index takes: enough for any real letter, bounded for the index's size. */
export const INDEXED_BODY_CHARS = 20_000;

/**
 * Rowid of a message in mail_search: seconds since the epoch in the high bits,
 * so reading the index backwards by rowid gives newest first. Low bits spread
 * messages of the same second; a clash is retried with the next value.
 */
export function searchKey(date: number, folderId: number, uid: number): number {
  const seconds = Math.floor(Math.max(0, Math.min(date / 1000, 2 ** 32 - 1)));
  return seconds * 2 ** 20 + ((folderId * 7919 + uid) & 0xfffff);
}

/** Conversation key: the root of References, else the parent, else the message itself. */
export function threadKeyOf(h: Pick<HeaderRecord, 'messageId' | 'inReplyTo' | 'references'>, fallback: string): string {
  return h.references[0] ?? h.inReplyTo ?? h.messageId ?? fallback;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A message's key in mail_followups: its Message-ID, which outlives resyncs and moves, else its cache row. */
export function followUpKey(r: { id: number; message_id: string | null }): string {
  return r.message_id ?? `row:${r.id}`;
}

const NO_FOLLOW_UPS: ReadonlyMap<string, number> = new Map();

/** `followUps`: open follow-ups' due times by key; shown only while the message is flagged (the server's word). */
function toSummary(r: MessageRow, followUps: ReadonlyMap<string, number> = NO_FOLLOW_UPS): MessageSummary {
  const flags = parseJson<string[]>(r.flags, []);
  return {
    id: r.id,
    folderId: r.folder_id,
    uid: r.uid,
    messageId: r.message_id,
    threadKey: r.thread_key,
    subject: r.subject,
    from: parseJson<MailAddress[]>(r.from_json, []),
    to: parseJson<MailAddress[]>(r.to_json, []),
    cc: parseJson<MailAddress[]>(r.cc_json, []),
    date: r.date,
    flags,
    seen: r.seen === 1,
    flagged: r.flagged === 1,
    answered: flags.includes('\\Answered'),
    hasAttachments: r.has_attachments === 1,
    size: r.size,
    bodyCached: r.body_state !== 'none',
    pending: r.local_pending > 0,
    followUpAt: r.flagged === 1 ? (followUps.get(followUpKey(r)) ?? null) : null,
  };
}

function toFolderState(r: FolderRow): FolderState {
  return {
    id: r.id,
    path: r.path,
    specialUse: r.special_use,
    uidvalidity: r.uidvalidity,
    highestmodseq: r.highestmodseq,
    uidnext: r.uidnext,
    syncFloor: r.sync_floor,
    serverCount: r.server_count,
  };
}

function flagColumns(flags: readonly string[]): { seen: number; flagged: number; deleted: number } {
  return {
    seen: flags.includes('\\Seen') ? 1 : 0,
    flagged: flags.includes('\\Flagged') ? 1 : 0,
    deleted: flags.includes('\\Deleted') ? 1 : 0,
  };
}

export function peopleText(lists: readonly MailAddress[][]): string {
  return lists
    .flat()
    .map((a) => `${a.name} ${a.address}`)
    .join(' ');
}

function isSkeyClash(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed: mail_messages\.skey/.test(err.message);
}

/**
 * The grouped page: the page index walked newest first, keeping a message
 * when no newer one of its conversation is in the folder. Row values compare
 * (date, uid) as the page index orders them; the subquery's terms match the
 * partial index's WHERE, so it seeks there. Exported for the query-plan test.
 */
export function threadPageSql(after: boolean): string {
  const cols = SUMMARY_COLS.split(',').map((c) => `m.${c.trim()}`).join(', ');
  return `SELECT ${cols} FROM mail_messages m INDEXED BY mail_messages_page
    WHERE m.folder_id = ?${after ? ' AND (m.date, m.uid) < (?, ?)' : ''} AND m.deleted = 0
      AND NOT EXISTS (SELECT 1 FROM mail_messages n INDEXED BY mail_messages_thread_folder
        WHERE n.thread_key = m.thread_key AND n.folder_id = m.folder_id AND n.deleted = 0 AND (n.date, n.uid) > (m.date, m.uid))
    ORDER BY m.date DESC, m.uid DESC LIMIT ?`;
}

/** The grouped page's statements, prepared on first use. */
interface ThreadStatements {
  pageFirst: Statement<[number, number], MessageRow>;
  pageAfter: Statement<[number, number, number, number], MessageRow>;
  facts: Statement<[number, string], { n: number; flagged: number | null; atts: number | null; unread: number }>;
  unreadInFolder: Statement<[string, number], { id: number; uid: number }>;
  senders: Statement<[string], string>;
}

/** Senders a conversation row names at most, and how many of its newest messages they are read from. */
const MAX_PARTICIPANTS = 6;
const SENDERS_FROM = 20;
/** Links followed from a conversation key to the conversation's first message (as migration 006 does). */
const MAX_KEY_HOPS = 20;
/** As many as one mail.setFlags call takes. */
const MAX_UNREAD_IDS = 1000;

export class MailStore {
  private readonly s: {
    folderByPath: Statement<[string], FolderRow>;
    folderById: Statement<[number], FolderRow>;
    insertFolder: Statement<[string, string, string | null, string | null, number]>;
    updateFolderMeta: Statement<[string, string | null, string | null, number, number]>;
    insertMessage: Statement;
    updateFlagsByUid: Statement<[string, number, number, number, string | null, number, number]>;
    claimPlaceholder: Statement<[number, number, string]>;
    deleteByUid: Statement<[number, number]>;
    summaryById: Statement<[number], MessageRow>;
    subjectById: Statement<[number]>;
    bodyTop: Statement<[number, number]>;
    candidatesAll: Statement<[string, number, number]>;
    candidatesInFolder: Statement<[string, number, number, number]>;
    pageFirst: Statement<[number, number], MessageRow>;
    pageAfter: Statement<[number, number, number, number], MessageRow>;
  };

  private threadStmts: ThreadStatements | undefined;
  /** correspondents() as of a change stamp. */
  private known: { stamp: string; set: ReadonlySet<string> } | undefined;
  private linkStmts: { keyOf: Statement<[string, string], string>; rekey: Statement<[string, string]> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.s = {
      folderByPath: db.prepare(`SELECT * FROM mail_folders WHERE path = ?`),
      folderById: db.prepare(`SELECT * FROM mail_folders WHERE id = ?`),
      insertFolder: db.prepare(`INSERT INTO mail_folders (path, name, delimiter, special_use, subscribed) VALUES (?, ?, ?, ?, ?)`),
      updateFolderMeta: db.prepare(`UPDATE mail_folders SET name = ?, delimiter = ?, special_use = ?, subscribed = ? WHERE id = ?`),
      insertMessage: db.prepare(
        `INSERT INTO mail_messages (folder_id, uid, skey, message_id, in_reply_to, refs, thread_key, subject,
           from_json, to_json, cc_json, date, flags, seen, flagged, deleted, size, has_attachments, modseq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (folder_id, uid) DO UPDATE SET
           flags = excluded.flags, seen = excluded.seen, flagged = excluded.flagged,
           deleted = excluded.deleted, modseq = excluded.modseq
         WHERE local_pending = 0`,
      ),
      updateFlagsByUid: db.prepare(
        `UPDATE mail_messages SET flags = ?, seen = ?, flagged = ?, deleted = ?, modseq = ?
         WHERE folder_id = ? AND uid = ? AND local_pending = 0`,
      ),
      claimPlaceholder: db.prepare(`UPDATE mail_messages SET uid = ? WHERE folder_id = ? AND uid < 0 AND message_id = ?`),
      deleteByUid: db.prepare(`DELETE FROM mail_messages WHERE folder_id = ? AND uid = ?`),
      summaryById: db.prepare(`SELECT ${SUMMARY_COLS} FROM mail_messages WHERE id = ?`),
      subjectById: db.prepare(`SELECT subject FROM mail_messages WHERE id = ?`).pluck(),
      bodyTop: db.prepare(`SELECT substr(text, 1, ?) FROM mail_bodies WHERE message_id = ?`).pluck(),
      candidatesAll: db.prepare(
        `SELECT m.id, s.rowid AS skey, m.subject, m.from_json, m.to_json
         FROM mail_search s JOIN mail_messages m ON m.skey = s.rowid
         WHERE mail_search MATCH ? AND s.rowid < ? AND m.deleted = 0 ORDER BY s.rowid DESC LIMIT ?`,
      ),
      candidatesInFolder: db.prepare(
        `SELECT m.id, s.rowid AS skey, m.subject, m.from_json, m.to_json
         FROM mail_search s JOIN mail_messages m ON m.skey = s.rowid
         WHERE mail_search MATCH ? AND s.rowid < ? AND m.folder_id = ? AND m.deleted = 0 ORDER BY s.rowid DESC LIMIT ?`,
      ),
      pageFirst: db.prepare(
        `SELECT ${SUMMARY_COLS} FROM mail_messages INDEXED BY mail_messages_page
         WHERE folder_id = ? AND deleted = 0 ORDER BY date DESC, uid DESC LIMIT ?`,
      ),
      pageAfter: db.prepare(
        `SELECT ${SUMMARY_COLS} FROM mail_messages INDEXED BY mail_messages_page
         WHERE folder_id = ? AND (date, uid) < (?, ?) AND deleted = 0 ORDER BY date DESC, uid DESC LIMIT ?`,
      ),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- folders -------------------------------------------------------------

  /** Makes the cache's folder list the server's: new ones added, gone ones (and their mail) removed. */
  syncFolders(list: readonly FolderInput[]): void {
    this.transaction(() => {
      const seen = new Set<string>();
      for (const f of list) {
        seen.add(f.path);
        const row = this.s.folderByPath.get(f.path);
        if (row) this.s.updateFolderMeta.run(f.name, f.delimiter, f.specialUse, f.subscribed ? 1 : 0, row.id);
        else this.s.insertFolder.run(f.path, f.name, f.delimiter, f.specialUse, f.subscribed ? 1 : 0);
      }
      const all = this.db.prepare(`SELECT id, path FROM mail_folders`).all() as { id: number; path: string }[];
      const del = this.db.prepare(`DELETE FROM mail_folders WHERE id = ?`);
      for (const f of all) if (!seen.has(f.path)) del.run(f.id);
    });
  }

  folders(): MailFolder[] {
    const rows = this.db
      .prepare(
        `SELECT f.id, f.path, f.name, f.special_use, f.server_count, f.sync_floor,
           (SELECT count(*) FROM mail_messages m WHERE m.folder_id = f.id AND m.seen = 0 AND m.deleted = 0) AS unread,
           (SELECT count(*) FROM mail_messages m WHERE m.folder_id = f.id AND m.deleted = 0) AS total
         FROM mail_folders f
         ORDER BY CASE f.special_use WHEN 'inbox' THEN 0 WHEN 'drafts' THEN 1 WHEN 'sent' THEN 2 WHEN 'archive' THEN 3
           WHEN 'junk' THEN 4 WHEN 'trash' THEN 5 ELSE 6 END, f.path`,
      )
      .all() as (Pick<FolderRow, 'id' | 'path' | 'name' | 'special_use' | 'server_count' | 'sync_floor'> & { unread: number; total: number })[];
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      name: r.name,
      specialUse: r.special_use,
      unread: r.unread,
      total: r.total,
      serverCount: r.server_count,
      complete: r.sync_floor === 1,
    }));
  }

  /** Unread messages per folder id. */
  /** Unread messages of one folder (the badge counts the Inbox's). */
  unreadCount(folderId: number): number {
    const r = this.db.prepare(`SELECT count(*) AS n FROM mail_messages WHERE folder_id = ? AND seen = 0 AND deleted = 0`).get(folderId) as { n: number };
    return r.n;
  }

  unreadCounts(): Map<number, number> {
    const rows = this.db
      .prepare(`SELECT folder_id, count(*) AS n FROM mail_messages WHERE seen = 0 AND deleted = 0 GROUP BY folder_id`)
      .all() as { folder_id: number; n: number }[];
    return new Map(rows.map((r) => [r.folder_id, r.n]));
  }

  folderState(path: string): FolderState | null {
    const r = this.s.folderByPath.get(path);
    return r ? toFolderState(r) : null;
  }

  folderById(id: number): FolderState | null {
    const r = this.s.folderById.get(id);
    return r ? toFolderState(r) : null;
  }

  folderBySpecialUse(use: SpecialUse): FolderState | null {
    const r = this.db.prepare(`SELECT * FROM mail_folders WHERE special_use = ? ORDER BY id LIMIT 1`).get(use) as FolderRow | undefined;
    return r ? toFolderState(r) : null;
  }

  setFolderState(id: number, change: Partial<Omit<FolderState, 'id' | 'path' | 'specialUse'>>): void {
    const cols: Record<string, string> = {
      uidvalidity: 'uidvalidity',
      highestmodseq: 'highestmodseq',
      uidnext: 'uidnext',
      syncFloor: 'sync_floor',
      serverCount: 'server_count',
    };
    const sets: string[] = ['synced_at = @now'];
    const params: Record<string, unknown> = { id, now: this.now() };
    for (const [k, v] of Object.entries(change)) {
      const col = cols[k];
      if (!col || v === undefined) continue;
      sets.push(`${col} = @${k}`);
      params[k] = v;
    }
    this.db.prepare(`UPDATE mail_folders SET ${sets.join(', ')} WHERE id = @id`).run(params);
  }

  /** UIDVALIDITY changed: every cached uid of the folder is meaningless now. */
  resetFolder(id: number, uidvalidity: number): void {
    this.transaction(() => {
      this.db.prepare(`DELETE FROM mail_messages WHERE folder_id = ? AND local_pending = 0`).run(id);
      // Local placeholders keep their negative uid; a later sync claims them by Message-ID.
      this.db
        .prepare(`UPDATE mail_folders SET uidvalidity = ?, highestmodseq = NULL, uidnext = NULL, sync_floor = NULL WHERE id = ?`)
        .run(uidvalidity, id);
    });
  }

  // ---- messages from the server -------------------------------------------

  /**
   * Writes a batch of headers and flags in one transaction. A message already
   * cached only takes the server's flags, and not while a user action on it
   * is waiting. Returns how many rows were written.
   */
  upsertHeaders(folderId: number, batch: readonly HeaderRecord[]): number {
    return this.transaction(() => {
      const hasPlaceholders =
        (this.db.prepare(`SELECT 1 FROM mail_messages WHERE folder_id = ? AND uid < 0 LIMIT 1`).get(folderId) as unknown) !== undefined;
      let written = 0;
      for (const h of batch) {
        if (hasPlaceholders && h.messageId && this.s.claimPlaceholder.run(h.uid, folderId, h.messageId).changes > 0) {
          continue;
        }
        const fc = flagColumns(h.flags);
        // Positional, in the column order of insertMessage: binding by name costs more per row.
        const row: unknown[] = [
          folderId,
          h.uid,
          searchKey(h.date, folderId, h.uid),
          h.messageId,
          h.inReplyTo,
          JSON.stringify(h.references),
          threadKeyOf(h, `${folderId}:${h.uid}`),
          h.subject,
          JSON.stringify(h.from),
          JSON.stringify(h.to),
          JSON.stringify(h.cc),
          h.date,
          JSON.stringify(h.flags),
          fc.seen,
          fc.flagged,
          fc.deleted,
          h.size,
          h.hasAttachments ? 1 : 0,
          h.modseq,
        ];
        for (let attempt = 0; ; attempt++) {
          try {
            this.s.insertMessage.run(row);
            break;
          } catch (err) {
            if (!isSkeyClash(err) || attempt > 64) throw err;
            row[2] = (row[2] as number) + 1;
          }
        }
        written++;
      }
      this.linkThreads(batch, folderId);
      return written;
    });
  }

  /**
   * Keeps a conversation key naming the conversation's first message, for
   * replies whose headers do not name it: a reply to a reply that carries
   * only In-Reply-To (a few mail programs send no References) would be keyed
   * by its parent. A key that names a cached message in another conversation
   * follows it, and messages keyed by a new reply's own id (they were cached
   * before it) join its conversation. Roots cost nothing here.
   */
  private linkThreads(batch: readonly HeaderRecord[], folderId: number): void {
    const s = (this.linkStmts ??= {
      keyOf: this.db.prepare(`SELECT thread_key FROM mail_messages WHERE message_id = ? AND thread_key != ? LIMIT 1`).pluck() as Statement<[string, string], string>,
      rekey: this.db.prepare(`UPDATE mail_messages SET thread_key = ? WHERE thread_key = ?`),
    });
    for (const h of batch) {
      const guessed = threadKeyOf(h, `${folderId}:${h.uid}`);
      if (guessed === h.messageId || (h.references.length === 0 && h.inReplyTo === null)) continue;
      let key = guessed;
      // Bounded: References that loop must not hold the sync.
      for (let hop = 0; hop < MAX_KEY_HOPS; hop++) {
        const next = s.keyOf.get(key, key);
        if (next === undefined) break;
        key = next;
      }
      if (key !== guessed) s.rekey.run(key, guessed);
      if (h.messageId && key !== h.messageId) s.rekey.run(key, h.messageId);
    }
  }

  /** Flags changed on the server (CONDSTORE, IDLE FETCH). */
  updateFlags(folderId: number, changes: readonly { uid: number; flags: string[]; modseq: string | null }[]): number {
    return this.transaction(() => {
      let n = 0;
      for (const c of changes) {
        const fc = flagColumns(c.flags);
        n += this.s.updateFlagsByUid.run(JSON.stringify(c.flags), fc.seen, fc.flagged, fc.deleted, c.modseq, folderId, c.uid).changes;
      }
      return n;
    });
  }

  /** Expunged on the server. */
  removeUids(folderId: number, uids: readonly number[]): number {
    return this.transaction(() => {
      let n = 0;
      for (const uid of uids) n += this.s.deleteByUid.run(folderId, uid).changes;
      return n;
    });
  }

  /** Cached server uids of a folder (placeholders excluded), ascending. */
  uids(folderId: number): number[] {
    return (this.db.prepare(`SELECT uid FROM mail_messages WHERE folder_id = ? AND uid > 0 ORDER BY uid`).pluck().all(folderId) as number[]);
  }

  /** Messages of a folder since `since` (epoch ms), at most `maxSize` bytes, whose body is not cached, newest first. */
  uidsWithoutBody(folderId: number, since: number, maxSize: number, limit: number): number[] {
    return this.db
      .prepare(
        `SELECT uid FROM mail_messages INDEXED BY mail_messages_page
         WHERE folder_id = ? AND date >= ? AND body_state = 'none' AND uid > 0 AND size <= ? ORDER BY date DESC, uid DESC LIMIT ?`,
      )
      .pluck()
      .all(folderId, since, maxSize, limit) as number[];
  }

  idByUid(folderId: number, uid: number): number | null {
    const r = this.db.prepare(`SELECT id FROM mail_messages WHERE folder_id = ? AND uid = ?`).pluck().get(folderId, uid) as number | undefined;
    return r ?? null;
  }

  // ---- bodies --------------------------------------------------------------

  saveBody(messageId: number, body: BodyRecord): void {
    this.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO mail_bodies (message_id, text, html, warning, raw, fetched_at, nested) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (message_id) DO UPDATE SET text = excluded.text, html = excluded.html,
             warning = excluded.warning, raw = excluded.raw, fetched_at = excluded.fetched_at, nested = excluded.nested`,
        )
        .run(messageId, body.text, body.html, body.warning, body.raw, this.now(), body.nested?.length ? JSON.stringify(body.nested) : null);
      this.db.prepare(`DELETE FROM mail_attachments WHERE message_id = ?`).run(messageId);
      const ins = this.db.prepare(
        `INSERT INTO mail_attachments (message_id, idx, part, filename, original_name, content_type, size, content_id, inline, content)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      body.attachments.forEach((a, i) =>
        ins.run(messageId, i, a.part ?? null, a.filename, a.originalFilename ?? null, a.contentType, a.size, a.contentId, a.inline ? 1 : 0, a.content ?? null),
      );
      const hasAttachments = body.attachments.some((a) => !a.inline) ? 1 : 0;
      this.db
        .prepare(
          `UPDATE mail_messages SET body_state = ?, has_attachments = ?,
             indexed = CASE indexed WHEN 0 THEN 0 ELSE 2 END WHERE id = ?`,
        )
        .run(body.warning ? 'malformed' : 'cached', hasAttachments, messageId);
    });
  }

  // ---- reading -------------------------------------------------------------

  summary(id: number): MessageSummary | null {
    const r = this.s.summaryById.get(id);
    return r ? toSummary(r, this.openFollowUps()) : null;
  }

  summaries(ids: readonly number[]): MessageSummary[] {
    const out: MessageSummary[] = [];
    const fu = this.openFollowUps();
    for (const id of ids) {
      const r = this.s.summaryById.get(id);
      if (r) out.push(toSummary(r, fu));
    }
    return out;
  }

  /** A page of a folder, newest first, starting strictly after `after` (keyset paging). */
  page(folderId: number, after: PageCursor | null, limit: number): MessagePage {
    const rows = after ? this.s.pageAfter.all(folderId, after.date, after.uid, limit + 1) : this.s.pageFirst.all(folderId, limit + 1);
    const more = rows.length > limit;
    const fu = this.openFollowUps();
    const items = rows.slice(0, limit).map((r) => toSummary(r, fu));
    const last = items[items.length - 1];
    return { items, next: more && last ? { date: last.date, uid: last.uid } : null };
  }

  /**
   * A page of a folder by conversation, newest first, keyset-paged like page():
   * a message stands for its conversation when no newer message of the same
   * thread_key is in this folder (one seek in mail_messages_thread_folder per
   * message walked). Count, senders, flag and attachment are the whole
   * conversation's, as the reader shows it; unread is this folder's.
   */
  threadPage(folderId: number, after: PageCursor | null, limit: number): ThreadPage {
    const s = (this.threadStmts ??= this.prepareThreadStatements());
    const rows = after ? s.pageAfter.all(folderId, after.date, after.uid, limit + 1) : s.pageFirst.all(folderId, limit + 1);
    const more = rows.length > limit;
    const fu = this.openFollowUps();
    const items = rows.slice(0, limit).map((r) => this.threadSummary(s, r, fu));
    const last = items[items.length - 1];
    return { items, next: more && last ? { date: last.latest.date, uid: last.latest.uid } : null };
  }

  private threadSummary(s: ThreadStatements, r: MessageRow, fu: ReadonlyMap<string, number>): ThreadSummary {
    const latest = toSummary(r, fu);
    // From mail_messages_thread_folder alone (it holds every column this reads).
    const facts = s.facts.get(r.folder_id, r.thread_key) ?? { n: 1, flagged: r.flagged, atts: r.has_attachments, unread: r.seen ? 0 : 1 };
    const alone = facts.n <= 1;
    // A conversation of one (most of them) needs nothing more; otherwise its unread here and its senders.
    const unread = facts.unread === 0 ? [] : facts.unread === 1 && r.seen === 0 ? [r] : s.unreadInFolder.all(r.thread_key, r.folder_id);
    const participants = new Map<string, MailAddress>();
    // Newest first from the index, shown oldest first: the order the conversation went.
    const froms = alone ? [r.from_json] : new Set(s.senders.all(r.thread_key).reverse());
    for (const json of froms) {
      const a = parseJson<MailAddress[]>(json, [])[0];
      const key = a ? a.address.toLowerCase() || a.name : '';
      if (a && key && !participants.has(key)) participants.set(key, a);
    }
    return {
      latest,
      count: Math.max(1, facts.n),
      unread: facts.unread,
      unreadIds: unread.filter((u) => u.uid > 0).map((u) => u.id),
      participants: [...participants.values()].slice(0, MAX_PARTICIPANTS),
      flagged: facts.flagged === 1,
      hasAttachments: facts.atts === 1,
    };
  }

  private prepareThreadStatements(): ThreadStatements {
    return {
      pageFirst: this.db.prepare(threadPageSql(false)),
      pageAfter: this.db.prepare(threadPageSql(true)),
      // One per Message-ID, as thread() lists them; a message without one counts by itself.
      facts: this.db.prepare(
        `SELECT count(DISTINCT coalesce(message_id, '#' || id)) AS n, max(flagged) AS flagged, max(has_attachments) AS atts,
           coalesce(sum(folder_id = ? AND seen = 0), 0) AS unread
         FROM mail_messages INDEXED BY mail_messages_thread_folder WHERE thread_key = ? AND deleted = 0`,
      ),
      unreadInFolder: this.db.prepare(
        `SELECT id, uid FROM mail_messages INDEXED BY mail_messages_thread_folder
         WHERE thread_key = ? AND folder_id = ? AND deleted = 0 AND seen = 0 LIMIT ${MAX_UNREAD_IDS}`,
      ),
      senders: this.db
        .prepare(`SELECT from_json FROM mail_messages INDEXED BY mail_messages_thread WHERE thread_key = ? AND deleted = 0 ORDER BY date DESC LIMIT ${SENDERS_FROM}`)
        .pluck() as Statement<[string], string>,
    };
  }

  /** A message with its cached body, or with text '' and bodyCached false when only headers are here. */
  view(id: number): MessageView | null {
    const r = this.s.summaryById.get(id);
    if (!r) return null;
    const body = this.db.prepare(`SELECT text, html, warning, raw, nested FROM mail_bodies WHERE message_id = ?`).get(id) as
      | { text: string; html: string | null; warning: string | null; raw: Buffer | null; nested: string | null }
      | undefined;
    const atts = this.db
      .prepare(`SELECT idx, filename, original_name, content_type, size, content_id, inline FROM mail_attachments WHERE message_id = ? ORDER BY idx`)
      .all(id) as { idx: number; filename: string; original_name: string | null; content_type: string; size: number; content_id: string | null; inline: number }[];
    const nested = body?.nested ? parseJson<NestedMessage[]>(body.nested, []) : [];
    // A forwarded message's files are listed with it, not with the outer message's.
    const inner = new Set<number>();
    const collect = (ns: NestedMessage[]) => ns.forEach((n) => (n.attachments.forEach((a) => inner.add(a.index)), collect(n.nested)));
    collect(nested);
    return {
      ...toSummary(r, this.openFollowUps()),
      inReplyTo: r.in_reply_to,
      references: parseJson<string[]>(r.refs, []),
      text: body?.text ?? '',
      html: body?.html ?? null,
      warning: body?.warning ?? null,
      raw: body?.raw ? body.raw.toString('latin1') : null,
      nested,
      attachments: atts
        .filter((a) => !inner.has(a.idx))
        .map((a) => ({
        index: a.idx,
        filename: a.filename,
        originalFilename: a.original_name,
        contentType: a.content_type,
        size: a.size,
        contentId: a.content_id,
        inline: a.inline === 1,
      })),
    };
  }

  /** The cached bytes of the part a cid: URL names (Content-ID compared without its brackets, ignoring case). */
  inlinePart(messageId: number, contentId: string): { contentType: string; content: Buffer } | null {
    const r = this.db
      .prepare(
        `SELECT content_type, content FROM mail_attachments
         WHERE message_id = ? AND content IS NOT NULL AND lower(trim(content_id, '<> ')) = lower(trim(?, '<> ')) ORDER BY idx LIMIT 1`,
      )
      .get(messageId, contentId) as { content_type: string; content: Buffer } | undefined;
    return r ? { contentType: r.content_type, content: r.content } : null;
  }

  /** Whether the user chose to always load remote content in mail from this address. */
  remoteAllowed(address: string): boolean {
    return this.db.prepare(`SELECT 1 FROM mail_remote_senders WHERE address = ?`).get(address.trim()) !== undefined;
  }

  /** Remembers (or forgets) that remote content in mail from this address may load. */
  setRemoteAllowed(address: string, allowed: boolean): void {
    const a = address.trim();
    if (allowed) this.db.prepare(`INSERT INTO mail_remote_senders (address, allowed_at) VALUES (?, ?) ON CONFLICT (address) DO NOTHING`).run(a, this.now());
    else this.db.prepare(`DELETE FROM mail_remote_senders WHERE address = ?`).run(a);
  }

  /** A conversation across folders, oldest first; one row per Message-ID. */
  thread(threadKey: string): MessageSummary[] {
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLS} FROM mail_messages WHERE thread_key = ? AND deleted = 0 ORDER BY date, id`)
      .all(threadKey) as MessageRow[];
    const seen = new Set<string>();
    const out: MessageSummary[] = [];
    const fu = this.openFollowUps();
    for (const r of rows) {
      if (r.message_id) {
        if (seen.has(r.message_id)) continue;
        seen.add(r.message_id);
      }
      out.push(toSummary(r, fu));
    }
    return out;
  }

  location(id: number): MessageLocation | null {
    const r = this.db
      .prepare(
        `SELECT m.id, m.folder_id, f.path, m.uid, m.message_id, m.flags, f.special_use
         FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id WHERE m.id = ?`,
      )
      .get(id) as { id: number; folder_id: number; path: string; uid: number; message_id: string | null; flags: string; special_use: SpecialUse | null } | undefined;
    if (!r) return null;
    return {
      id: r.id,
      folderId: r.folder_id,
      folderPath: r.path,
      uid: r.uid,
      messageId: r.message_id,
      flags: parseJson<string[]>(r.flags, []),
      specialUse: r.special_use,
    };
  }

  /** Known addresses (from, to, cc) starting with a folded prefix: recipient autocomplete. */
  knownAddresses(prefix: string, limit: number): MailAddress[] {
    const want = fold(prefix);
    const rows = this.db
      .prepare(`SELECT from_json, to_json, cc_json FROM mail_messages ORDER BY date DESC LIMIT 5000`)
      .all() as { from_json: string; to_json: string; cc_json: string }[];
    const found = new Map<string, MailAddress>();
    for (const r of rows) {
      for (const list of [r.from_json, r.to_json, r.cc_json]) {
        for (const a of parseJson<MailAddress[]>(list, [])) {
          const key = a.address.toLowerCase();
          if (found.has(key)) continue;
          if (fold(a.address).startsWith(want) || fold(a.name).split(/\s+/).some((w) => w.startsWith(want)) || fold(a.name).startsWith(want)) {
            found.set(key, a);
            if (found.size >= limit) return [...found.values()];
          }
        }
      }
    }
    return [...found.values()];
  }

  /** Addresses the user has written to: the recipients (To, Cc, Bcc kept in To) of the Sent folder's last 5,000 messages, lower case. */
  correspondents(): Set<string> {
    // Kept until the cache changes (a sync, a send, any write on this or another
    // connection): Today asks at every refresh, the Sent folder moves far less often.
    const stamp = this.changeStamp();
    if (this.known?.stamp === stamp) return new Set(this.known.set);
    const known = new Set<string>();
    const sent = this.folderBySpecialUse('sent');
    if (sent) {
      const rows = this.db
        .prepare<[number], { to_json: string; cc_json: string }>(`SELECT to_json, cc_json FROM mail_messages INDEXED BY mail_messages_page WHERE folder_id = ? AND deleted = 0 ORDER BY date DESC LIMIT 5000`)
        .all(sent.id);
      for (const r of rows) for (const list of [r.to_json, r.cc_json]) for (const a of parseJson<MailAddress[]>(list, [])) known.add(a.address.toLowerCase());
    }
    this.known = { stamp, set: known };
    return new Set(known);
  }

  /** Changes when anything is written to the cache, by this connection or another one. */
  private changeStamp(): string {
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    const changes = this.db.prepare<[], { n: number }>(`SELECT total_changes() AS n`).get()!.n;
    return `${dataVersion}:${changes}`;
  }

  /**
   * Unread Inbox mail whose sender passes `matters`, newest first, looking at
   * the newest 2,000 unread: Today's "mail from people who matter".
   */
  unreadInboxFrom(matters: (address: string) => boolean, limit: number): MessageSummary[] {
    const inbox = this.folderBySpecialUse('inbox');
    if (!inbox) return [];
    // Senders first (one column), whole rows only for the few that match.
    const senders = this.db
      .prepare<[number], { id: number; from_json: string }>(`SELECT id, from_json FROM mail_messages INDEXED BY mail_messages_unread_page WHERE folder_id = ? AND seen = 0 AND deleted = 0 ORDER BY date DESC LIMIT 2000`)
      .all(inbox.id);
    const ids: number[] = [];
    for (const r of senders) {
      if (!parseJson<MailAddress[]>(r.from_json, []).some((a) => matters(a.address.toLowerCase()))) continue;
      ids.push(r.id);
      if (ids.length >= limit) break;
    }
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLS} FROM mail_messages WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as MessageRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const fu = this.openFollowUps();
    return ids.map((id) => byId.get(id)).filter((r): r is MessageRow => r !== undefined).map((r) => toSummary(r, fu));
  }

  // ---- follow-ups (018_mail_followups.sql) ------------------------------------

  /** Open follow-ups' due times by message key (a handful: read whole, once per list page). */
  openFollowUps(): Map<string, number> {
    const rows = this.db.prepare<[], { msg_key: string; due_at: number }>(`SELECT msg_key, due_at FROM mail_followups WHERE state = 'open'`).all();
    return new Map(rows.map((r) => [r.msg_key, r.due_at]));
  }

  /** The follow-up key of each cached message (its Message-ID, else its row). */
  followUpKeys(ids: readonly number[]): string[] {
    const get = this.db.prepare<[number], { id: number; message_id: string | null }>(`SELECT id, message_id FROM mail_messages WHERE id = ?`);
    const out = new Set<string>();
    for (const id of ids) {
      const r = get.get(id);
      if (r) out.add(followUpKey(r));
    }
    return [...out];
  }

  /** Sets (or moves) the follow-up of these messages to `dueAt`; a completed or cleared one opens again. */
  setFollowUps(keys: readonly string[], dueAt: number): void {
    const up = this.db.prepare(
      `INSERT INTO mail_followups (msg_key, due_at, set_at, state) VALUES (?, ?, ?, 'open')
       ON CONFLICT (msg_key) DO UPDATE SET due_at = excluded.due_at, set_at = excluded.set_at, state = 'open', ended_at = NULL`,
    );
    const t = this.now();
    for (const k of keys) up.run(k, dueAt, t);
  }

  /** Ends these messages' open follow-ups: completed by the user, or unflagged. */
  endFollowUps(keys: readonly string[], state: 'done' | 'unflagged'): number {
    const end = this.db.prepare(`UPDATE mail_followups SET state = ?, ended_at = ? WHERE msg_key = ? AND state = 'open'`);
    const t = this.now();
    let n = 0;
    for (const k of keys) n += end.run(state, t, k).changes;
    return n;
  }

  /**
   * Open follow-ups due in [fromMs, toMs) whose message is in the cache and
   * still flagged, soonest first, each with the cached row to open (a copy
   * the server has before a local placeholder). A message deleted everywhere
   * or unflagged is left out: its reminder is silenced.
   */
  followUpsDue(fromMs: number, toMs: number): { id: number; dueAt: number; message: MessageSummary }[] {
    const rows = this.db
      .prepare<[number, number], { fid: number; due_at: number; mid: number | null }>(
        `SELECT f.id AS fid, f.due_at, coalesce(
           (SELECT x.id FROM mail_messages x WHERE x.message_id = f.msg_key AND x.flagged = 1 AND x.deleted = 0 ORDER BY x.uid < 0, x.id LIMIT 1),
           (SELECT x.id FROM mail_messages x WHERE f.msg_key LIKE 'row:%' AND x.id = CAST(substr(f.msg_key, 5) AS INTEGER) AND x.flagged = 1 AND x.deleted = 0)
         ) AS mid
         FROM mail_followups f INDEXED BY mail_followups_open
         WHERE f.state = 'open' AND f.due_at >= ? AND f.due_at < ? ORDER BY f.due_at, f.id`,
      )
      .all(fromMs, toMs);
    const fu = this.openFollowUps();
    const out: { id: number; dueAt: number; message: MessageSummary }[] = [];
    for (const r of rows) {
      if (r.mid === null) continue;
      const m = this.s.summaryById.get(r.mid);
      if (m) out.push({ id: r.fid, dueAt: r.due_at, message: toSummary(m, fu) });
    }
    return out;
  }

  // ---- local changes (the user's actions, before the server confirms) -------

  /** Applies a flag change at once and marks the rows as waiting for the server. */
  applyFlags(ids: readonly number[], add: readonly string[], remove: readonly string[]): void {
    const get = this.db.prepare(`SELECT flags FROM mail_messages WHERE id = ?`).pluck();
    const set = this.db.prepare(
      `UPDATE mail_messages SET flags = ?, seen = ?, flagged = ?, deleted = ?, local_pending = local_pending + 1 WHERE id = ?`,
    );
    for (const id of ids) {
      const cur = parseJson<string[]>((get.get(id) as string | undefined) ?? '[]', []);
      const next = [...new Set([...cur.filter((f) => !remove.includes(f)), ...add])];
      const fc = flagColumns(next);
      set.run(JSON.stringify(next), fc.seen, fc.flagged, fc.deleted, id);
    }
    // Unflagging here ends the follow-up, as unflagging on another device does (the trigger of 015).
    if (remove.includes('\\Flagged')) this.endFollowUps(this.followUpKeys(ids), 'unflagged');
  }

  /**
   * Moves a message in the cache at once: it becomes a placeholder in the
   * destination (negative uid) until the server says where it landed.
   */
  applyMove(id: number, toFolderId: number): void {
    const r = this.s.summaryById.get(id);
    if (!r) return;
    this.db
      .prepare(`UPDATE mail_messages SET folder_id = ?, uid = ?, local_pending = local_pending + 1 WHERE id = ?`)
      .run(toFolderId, -id, id);
  }

  applyRemove(id: number): void {
    this.db.prepare(`DELETE FROM mail_messages WHERE id = ?`).run(id);
  }

  /** The server confirmed (or refused) one action on the row. */
  settle(id: number, change?: { uid?: number }): void {
    if (change?.uid !== undefined) {
      this.db.prepare(`UPDATE mail_messages SET uid = ?, local_pending = max(local_pending - 1, 0) WHERE id = ?`).run(change.uid, id);
    } else {
      this.db.prepare(`UPDATE mail_messages SET local_pending = max(local_pending - 1, 0) WHERE id = ?`).run(id);
    }
  }

  /**
   * The server confirmed a move: the placeholder takes the real uid, or
   * goes if the server already has that uid in the cache (a sync got there
   * first) or the message was gone (realUid null and nothing to claim).
   */
  settleMove(id: number, folderId: number, realUid: number | null): void {
    this.transaction(() => {
      const row = this.db.prepare(`SELECT folder_id, uid FROM mail_messages WHERE id = ?`).get(id) as { folder_id: number; uid: number } | undefined;
      if (!row) return;
      if (row.folder_id !== folderId || row.uid > 0) {
        // Moved again since, or already claimed by a sync: just one action less pending.
        this.settle(id);
        return;
      }
      if (realUid === null) {
        this.settle(id);
        return;
      }
      if (this.idByUid(folderId, realUid) !== null) {
        this.applyRemove(id);
        return;
      }
      this.settle(id, { uid: realUid });
    });
  }

  /** A placeholder whose message the server no longer has. */
  dropPlaceholder(id: number): void {
    this.db.prepare(`DELETE FROM mail_messages WHERE id = ? AND uid < 0`).run(id);
  }

  /**
   * After a folder's sync: a placeholder no action waits on any more and no
   * server uid claimed is a message the server does not have there.
   */
  dropSettledPlaceholders(folderId: number): number {
    return this.db.prepare(`DELETE FROM mail_messages WHERE folder_id = ? AND uid < 0 AND local_pending = 0`).run(folderId).changes;
  }

  // ---- search index -----------------------------------------------------------

  /**
   * Brings up to `limit` rows of the search index up to date. Called by the
   * background indexer in small batches so it never holds the thread long;
   * `enough()`, asked after each row, ends the batch early (the rest stays
   * pending), so a transaction keeps to its time however large the bodies.
   */
  indexPending(limit: number, enough: () => boolean = () => false): number {
    return this.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT m.id, m.skey, m.indexed, m.subject, m.from_json, m.to_json, m.cc_json, b.text AS body
           FROM mail_messages m INDEXED BY mail_messages_unindexed LEFT JOIN mail_bodies b ON b.message_id = m.id
           WHERE m.indexed != 1 LIMIT ?`,
        )
        .all(limit) as { id: number; skey: number; indexed: number; subject: string; from_json: string; to_json: string; cc_json: string; body: string | null }[];
      const del = this.db.prepare(`DELETE FROM mail_search WHERE rowid = ?`);
      const ins = this.db.prepare(`INSERT INTO mail_search (rowid, subject, people, body, attachments, pairs) VALUES (?, ?, ?, ?, ?, ?)`);
      const names = this.db.prepare(`SELECT filename FROM mail_attachments WHERE message_id = ?`).pluck();
      const mark = this.db.prepare(`UPDATE mail_messages SET indexed = 1 WHERE id = ?`);
      let done = 0;
      for (const r of rows) {
        if (r.indexed === 2) del.run(r.skey);
        const people = peopleText([
          parseJson<MailAddress[]>(r.from_json, []),
          parseJson<MailAddress[]>(r.to_json, []),
          parseJson<MailAddress[]>(r.cc_json, []),
        ]);
        const attachments = (names.all(r.id) as string[]).join(' ');
        const subject = foldForIndex(r.subject);
        const body = foldForIndex((r.body ?? '').slice(0, INDEXED_BODY_CHARS));
        const files = foldForIndex(attachments);
        // Pairs per text, so no pair spans two of them.
        const folk = foldForIndex(people);
        const pairs = [subject, folk, body, files].map(pairTokens).join(' ');
        ins.run(r.skey, subject, folk, body, files, pairs);
        mark.run(r.id);
        done++;
        if (enough()) break;
      }
      return done;
    });
  }

  pendingIndexCount(): number {
    return this.db.prepare(`SELECT count(*) FROM mail_messages INDEXED BY mail_messages_unindexed WHERE indexed != 1`).pluck().get() as number;
  }

  /**
   * The newest `limit` rows matching an FTS5 expression. Reading the index
   * backwards by rowid (newest first) stops after `limit` rows, so a word
   * found in every message costs no more than a rare one. No bm25 here: its
   * idf counts every row holding each word, the cost this avoids.
   */
  searchCandidates(match: string, limit: number, folderId?: number, before: number | null = null): SearchCandidate[] {
    const below = before ?? Number.MAX_SAFE_INTEGER;
    const rows =
      folderId === undefined
        ? this.s.candidatesAll.all(match, below, limit)
        : this.s.candidatesInFolder.all(match, below, folderId, limit);
    return rows as SearchCandidate[];
  }

  /** The FTS5 expression of a query over this index (`pairs` answers phrases; `prefix` false: whole words only). */
  searchExpression(q: ParsedQuery, prefix: boolean): string {
    return ftsExpression(q, 'pairs', prefix);
  }

  /** The names of a message's files, for a search that checks diacritics in them. */
  attachmentNames(id: number): string[] {
    return this.db.prepare(`SELECT filename FROM mail_attachments WHERE message_id = ? ORDER BY idx`).pluck().all(id) as string[];
  }

  /** Where one file of a cached body is on the server (its body part), with its safe name; null if not cached. */
  attachmentRow(id: number, index: number): { part: string | null; filename: string; contentType: string; size: number } | null {
    const r = this.db
      .prepare(`SELECT part, filename, content_type, size FROM mail_attachments WHERE message_id = ? AND idx = ?`)
      .get(id, index) as { part: string | null; filename: string; content_type: string; size: number } | undefined;
    return r ? { part: r.part, filename: r.filename, contentType: r.content_type, size: r.size } : null;
  }

  subject(id: number): string {
    return (this.s.subjectById.get(id) as string | undefined) ?? '';
  }

  /** The top of a body, to cut a highlighted snippet from. */
  bodyText(id: number, chars = 4000): string {
    return (this.s.bodyTop.get(chars, id) as string | undefined) ?? '';
  }
}
