// Mail actions through the outbox (ARCHITECTURE rules 3 and 4). A user's
// action is applied to the cache and recorded in `outbox` in one SQLite
// transaction; replay() later performs the entries against the server in
// `seq` order. An entry that fails for a passing reason (network, token)
// stays pending and stops the replay, so nothing later overtakes it; one the
// server refuses stays visible as `refused` with its reason.
//
// Sends are exactly once: the Message-ID is made here and is the entry's id;
// the server's acceptance is committed the moment SMTP answers, and a retry
// after an attempt that may have reached the server first looks for that
// Message-ID in Sent (servers that file sent mail themselves, and the crash
// window between SMTP's answer and our commit).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors';
import type { ComposeParams, MailAddress, OutboxItem, OutboxState } from '../../../shared/mail';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { MailStore } from './store';

/** The server operations replay needs; client.ts implements them over IMAP and SMTP. */
export interface MailServer {
  /**
   * Submits the message. Throws ActionRefused when the server refuses it for
   * good; resolves with the recipients it refused while taking it for the others.
   */
  submit(envelope: Envelope, raw: Buffer): Promise<SubmitResult | void>;
  /** Uid of the message with this Message-ID in the folder, or null. */
  findByMessageId(path: string, messageId: string): Promise<number | null>;
  append(path: string, raw: Buffer, flags: string[]): Promise<void>;
  setFlags(path: string, uids: number[], add: string[], remove: string[]): Promise<void>;
  /** Returns the new uid of each moved uid when the server says (UIDPLUS). */
  move(path: string, uids: number[], toPath: string): Promise<Map<number, number>>;
  /** Removes for good (\Deleted + UID EXPUNGE). */
  expunge(path: string, uids: number[]): Promise<void>;
  /** Path of the folder with this special use, asked of the server (before the first sync knows it). */
  specialFolder(use: 'sent' | 'drafts'): Promise<string | null>;
}

export interface Envelope {
  from: string;
  to: string[];
}

export interface RefusedRecipient {
  address: string;
  /** The server's reply to RCPT TO. */
  reply: string;
}

export interface SubmitResult {
  refused: RefusedRecipient[];
}

/** The server said no, for good: the entry becomes `refused` with this code and detail. */
export class ActionRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ActionRefused';
  }
}

const target = z.object({
  cacheId: z.number().int(),
  path: z.string(),
  uid: z.number().int(),
  messageId: z.string().nullable(),
});
type Target = z.infer<typeof target>;

const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flags'), targets: z.array(target), add: z.array(z.string()), remove: z.array(z.string()) }),
  z.object({ kind: z.literal('move'), target, toPath: z.string(), toFolderId: z.number().int() }),
  z.object({ kind: z.literal('expunge'), target }),
  z.object({
    kind: z.literal('send'),
    messageId: z.string(),
    subject: z.string(),
    to: z.array(z.string()),
    /** Cache id of the message replied to: flagged \Answered once sent. */
    answers: z.number().int().nullable(),
    /** Message-ID of the draft this message was written in: removed from Drafts once sent. */
    draft: z.string().nullable().default(null),
  }),
  /** A draft filed in Drafts, replacing the version it was saved over. */
  z.object({ kind: z.literal('draft'), messageId: z.string(), subject: z.string(), replaces: z.string().nullable() }),
]);
export type MailAction = z.infer<typeof actionSchema>;
export type SendAction = Extract<MailAction, { kind: 'send' }>;

/**
 * A refused send as queued: what an edit starts from. Either the server never
 * accepted it, or it took it for some recipients and refused `refused`: then
 * an edit goes to those only.
 */
export interface RefusedSend {
  id: string;
  action: SendAction;
  raw: Buffer;
  envelope: Envelope;
  refused: string[];
  errorCode: string | null;
  errorDetail: string | null;
}

/** mail_outgoing.envelope: once SMTP took the message, `refused` names whom it would not take it for. */
const envelopeSchema = z.object({
  from: z.string(),
  to: z.array(z.string()),
  refused: z.array(z.object({ address: z.string(), reply: z.string() })).default([]),
});

interface OutboxRow {
  id: string;
  seq: number;
  kind: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  error_code: string | null;
  error_detail: string | null;
  created_at: number;
}

const TOPIC = 'mail';

/** An error as a log line: imapflow keeps the server's words in responseText, nodemailer in response. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { responseText?: unknown; response?: unknown; serverResponseCode?: unknown; code?: unknown };
  const extra = [e.code, e.serverResponseCode, e.responseText, e.response].filter((x) => typeof x === 'string' && x.length > 0);
  return [e.message, ...extra].join(' | ');
}

export interface ReplayResult {
  done: number;
  refused: number;
  /** Stopped on a passing failure: the rest waits for the next replay. */
  blocked: unknown | null;
}

export class MailOutbox {
  /** The entry on the wire right now: the only one the UI may call "sending". */
  private onWire: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly store: MailStore,
    private readonly now: () => number,
  ) {}

  /** Records an action; call inside the transaction that applied it to the cache. */
  enqueue(id: string, action: MailAction): void {
    const seq = (this.db.prepare(`SELECT coalesce(max(seq), 0) + 1 FROM outbox`).pluck().get() as number) ?? 1;
    const t = this.now();
    this.db
      .prepare(
        `INSERT INTO outbox (id, seq, topic, kind, payload, state, attempts, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
      )
      .run(id, seq, TOPIC, action.kind, JSON.stringify(action), t, t);
  }

  /** What is waiting or refused, in replay order: the UI shows it. */
  list(): OutboxItem[] {
    const rows = this.db
      .prepare(
        `SELECT o.*, g.stage AS stage, g.envelope AS envelope FROM outbox o LEFT JOIN mail_outgoing g ON g.id = o.id
         WHERE o.topic = ? AND o.state != 'done' ORDER BY o.seq`,
      )
      .all(TOPIC) as (OutboxRow & { stage: string | null; envelope: string | null })[];
    return rows.map((r) => {
      const refused = r.stage === 'smtp_ok' && r.envelope ? this.refusedOf(r.envelope) : [];
      const a = this.parse(r);
      return {
        id: r.id,
        kind: r.kind,
        // 'sending' is written before an attempt; left by a crash, or by an attempt that ended, it is only waiting.
        state: r.state === 'sending' && r.id !== this.onWire ? 'pending' : r.state,
        attempts: r.attempts,
        errorCode: r.error_code,
        errorDetail: r.error_detail,
        createdAt: r.created_at,
        subject: a?.kind === 'send' || a?.kind === 'draft' ? a.subject : null,
        to: a?.kind === 'send' ? a.to : [],
        editable: a?.kind === 'send' && r.state === 'refused' && (r.stage === 'queued' || refused.length > 0),
        refusedRecipients: refused,
      };
    });
  }

  private refusedOf(envelope: string): string[] {
    const e = envelopeSchema.safeParse(JSON.parse(envelope));
    return e.success ? e.data.refused.map((x) => x.address) : [];
  }

  /**
   * A refused send that may be edited and sent again. One the SMTP server
   * accepted (stage smtp_ok) has reached its recipients: sending an edit would
   * deliver a second message, so only its Sent filing can be retried; unless
   * the server refused some recipients while taking it for the others: an edit
   * for those goes to them alone.
   */
  refusedSend(id: string): RefusedSend {
    const row = this.db.prepare(`SELECT * FROM outbox WHERE id = ? AND topic = ? AND state != 'done'`).get(id, TOPIC) as OutboxRow | undefined;
    if (!row) throw new AppError('mail.outbox_not_found', `no outbox entry ${id}`);
    const action = this.parse(row);
    if (action?.kind !== 'send' || row.state !== 'refused') throw new AppError('mail.outbox_not_editable', `entry ${id} is a ${row.kind}, ${row.state}`);
    const out = this.db.prepare(`SELECT raw, stage, envelope FROM mail_outgoing WHERE id = ?`).get(id) as
      | { raw: Buffer; stage: 'queued' | 'smtp_ok'; envelope: string }
      | undefined;
    if (!out) throw new AppError('mail.outbox_not_found', `outgoing message of ${id} missing`);
    const envelope = envelopeSchema.parse(JSON.parse(out.envelope));
    const refused = out.stage === 'smtp_ok' ? envelope.refused.map((x) => x.address) : [];
    if (out.stage !== 'queued' && refused.length === 0) throw new AppError('mail.outbox_already_sent', `entry ${id} was accepted by SMTP`);
    return {
      id,
      action,
      raw: out.raw,
      envelope: { from: envelope.from, to: envelope.to },
      refused,
      errorCode: row.error_code,
      errorDetail: row.error_detail,
    };
  }

  /** Removes a refused send for its edit to take its place; call inside the transaction that queues the edit. */
  takeRefusedSend(id: string): RefusedSend {
    const entry = this.refusedSend(id);
    this.db.prepare(`DELETE FROM outbox WHERE id = ?`).run(id);
    this.db.prepare(`DELETE FROM mail_outgoing WHERE id = ?`).run(id);
    return entry;
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT count(*) FROM outbox WHERE topic = ? AND state IN ('pending', 'sending')`).pluck().get(TOPIC) as number;
  }

  /** A refused entry the user wants tried again. */
  retry(id: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'pending', error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ? AND topic = ? AND state = 'refused'`).run(this.now(), id, TOPIC);
  }

  /**
   * Performs the waiting entries in order. Each attempt is counted and
   * committed before it touches the network, so a crash mid-attempt is known
   * at the next replay.
   */
  async replay(server: MailServer, onWire: () => void = () => undefined): Promise<ReplayResult> {
    const result: ReplayResult = { done: 0, refused: 0, blocked: null };
    const next = this.db.prepare(
      `SELECT * FROM outbox WHERE topic = ? AND state IN ('pending', 'sending') ORDER BY seq LIMIT 1`,
    );
    for (;;) {
      const row = next.get(TOPIC) as OutboxRow | undefined;
      if (!row) return result;
      this.db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(this.now(), row.id);
      const action = this.parse(row);
      this.onWire = row.id;
      onWire();
      try {
        if (!action) throw new ActionRefused('internal', `unreadable outbox entry ${row.kind}`);
        await this.perform(server, row.id, row.attempts + 1, action);
        this.db.transaction(() => {
          this.db.prepare(`UPDATE outbox SET state = 'done', error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ?`).run(this.now(), row.id);
          this.db.prepare(`DELETE FROM mail_outgoing WHERE id = ?`).run(row.id);
        })();
        result.done++;
      } catch (err) {
        if (err instanceof ActionRefused) {
          this.db
            .prepare(`UPDATE outbox SET state = 'refused', error_code = ?, error_detail = ?, updated_at = ? WHERE id = ?`)
            .run(err.code, err.detail.slice(0, 2000), this.now(), row.id);
          result.refused++;
          continue;
        }
        this.db
          .prepare(`UPDATE outbox SET state = 'pending', error_code = 'mail.offline', error_detail = ?, updated_at = ? WHERE id = ?`)
          .run(describeError(err).slice(0, 2000), this.now(), row.id);
        result.blocked = err;
        return result;
      } finally {
        this.onWire = null;
      }
    }
  }

  /**
   * The user gives up a refused entry. A send or draft is dropped; an action
   * on messages stops holding them, so the next sync shows the server's state.
   */
  discard(id: string): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare(`SELECT * FROM outbox WHERE id = ? AND topic = ? AND state = 'refused'`).get(id, TOPIC) as OutboxRow | undefined;
      if (!row) return false;
      const a = this.parse(row);
      const targets = a?.kind === 'flags' ? a.targets : a?.kind === 'move' || a?.kind === 'expunge' ? [a.target] : [];
      for (const t of targets) this.store.settle(t.cacheId);
      this.db.prepare(`DELETE FROM outbox WHERE id = ?`).run(id);
      this.db.prepare(`DELETE FROM mail_outgoing WHERE id = ?`).run(id);
      return true;
    })();
  }

  /** Forgets finished entries older than `age` ms. */
  prune(age: number): void {
    this.db.prepare(`DELETE FROM outbox WHERE topic = ? AND state = 'done' AND updated_at < ?`).run(TOPIC, this.now() - age);
  }

  private parse(row: OutboxRow): MailAction | null {
    try {
      const parsed = actionSchema.safeParse(JSON.parse(row.payload));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** A target's uid now: a placeholder left by an earlier move is found by its Message-ID. */
  private async resolve(server: MailServer, t: Target): Promise<number | null> {
    if (t.uid > 0) return t.uid;
    if (!t.messageId) return null;
    return server.findByMessageId(t.path, t.messageId);
  }

  private async perform(server: MailServer, id: string, attempt: number, action: MailAction): Promise<void> {
    switch (action.kind) {
      case 'flags': {
        const byPath = new Map<string, number[]>();
        for (const t of action.targets) {
          const uid = await this.resolve(server, t);
          // Gone from the server: nothing to flag; the next sync removes it from the cache.
          if (uid === null) continue;
          byPath.set(t.path, [...(byPath.get(t.path) ?? []), uid]);
        }
        for (const [path, uids] of byPath) await server.setFlags(path, uids, action.add, action.remove);
        this.store.transaction(() => action.targets.forEach((t) => this.store.settle(t.cacheId)));
        return;
      }
      case 'move': {
        const uid = await this.resolve(server, action.target);
        if (uid === null) {
          // The message left the source before we moved it: drop our placeholder.
          this.store.dropPlaceholder(action.target.cacheId);
          return;
        }
        const map = await server.move(action.target.path, [uid], action.toPath);
        this.store.settleMove(action.target.cacheId, action.toFolderId, map.get(uid) ?? null);
        return;
      }
      case 'expunge': {
        const uid = await this.resolve(server, action.target);
        if (uid !== null) await server.expunge(action.target.path, [uid]);
        return;
      }
      case 'send': {
        const out = this.db.prepare(`SELECT raw, stage, envelope FROM mail_outgoing WHERE id = ?`).get(id) as
          | { raw: Buffer; stage: 'queued' | 'smtp_ok'; envelope: string }
          | undefined;
        if (!out) throw new ActionRefused('internal', 'outgoing message missing');
        const stored = envelopeSchema.parse(JSON.parse(out.envelope));
        const envelope = { from: stored.from, to: stored.to };
        let refused = stored.refused;
        const sent = this.store.folderBySpecialUse('sent')?.path ?? (await server.specialFolder('sent'));
        if (out.stage === 'queued') {
          // Attempt 1 cannot have reached the server before; a later one may have.
          const already = attempt > 1 && sent ? await server.findByMessageId(sent, action.messageId) : null;
          if (already === null) {
            refused = (await server.submit(envelope, out.raw))?.refused ?? [];
            // Whom it was refused for is committed with the acceptance: a retry never submits again.
            this.db.prepare(`UPDATE mail_outgoing SET stage = 'smtp_ok', envelope = ? WHERE id = ?`).run(JSON.stringify({ ...envelope, refused }), id);
          }
        }
        if (sent && (await server.findByMessageId(sent, action.messageId)) === null) {
          await server.append(sent, out.raw, ['\\Seen']);
        }
        if (action.draft) {
          const draftsPath = this.store.folderBySpecialUse('drafts')?.path ?? (await server.specialFolder('drafts'));
          const old = draftsPath ? await server.findByMessageId(draftsPath, action.draft) : null;
          if (draftsPath && old !== null) await server.expunge(draftsPath, [old]);
        }
        if (action.answers !== null) {
          const loc = this.store.location(action.answers);
          if (loc && loc.uid > 0) await server.setFlags(loc.folderPath, [loc.uid], ['\\Answered'], []);
        }
        // Everything else is done; the entry stays refused for those it did not reach.
        if (refused.length > 0) {
          throw new ActionRefused('mail.some_recipients_refused', refused.map((r) => `${r.address}: ${r.reply}`).join('\n'));
        }
        return;
      }
      case 'draft': {
        const draftsPath = this.store.folderBySpecialUse('drafts')?.path ?? (await server.specialFolder('drafts'));
        if (!draftsPath) throw new ActionRefused('mail.folder_not_found', 'the server has no Drafts folder');
        const drafts = { path: draftsPath };
        const out = this.db.prepare(`SELECT raw FROM mail_outgoing WHERE id = ?`).get(id) as { raw: Buffer } | undefined;
        if (!out) throw new ActionRefused('internal', 'draft content missing');
        if ((await server.findByMessageId(drafts.path, action.messageId)) === null) {
          await server.append(drafts.path, out.raw, ['\\Draft', '\\Seen']);
        }
        if (action.replaces) {
          const old = await server.findByMessageId(drafts.path, action.replaces);
          if (old !== null) await server.expunge(drafts.path, [old]);
        }
        return;
      }
    }
  }
}

// ---- the user's side: apply to the cache and queue, in one transaction ------

export interface Composed {
  messageId: string;
  raw: Buffer;
  envelope: Envelope;
}

let composerLoading: Promise<typeof import('nodemailer/lib/mail-composer')> | null = null;

/** Builds the MIME message with a Message-ID made here, the key of exactly-once. */
export async function compose(
  from: MailAddress,
  p: ComposeParams,
  replyTo: { messageId: string | null; references: string[] } | null,
  now: number,
  /** Files attached from Files: local files streamed into the message. */
  files: ReadonlyArray<{ filename: string; contentType: string; path: string }> = [],
): Promise<Composed> {
  const domain = from.address.split('@')[1] || 'govdesk.invalid';
  const messageId = `<${randomUUID()}@${domain}>`;
  const references = replyTo?.messageId ? [...replyTo.references, replyTo.messageId] : undefined;
  const fmt = (a: MailAddress) => ({ name: a.name, address: a.address });
  // Loaded on the first message written, not at start (as mailparser in mime-parser.ts).
  composerLoading ??= import('nodemailer/lib/mail-composer');
  const MailComposer = (await composerLoading).default;
  const mail = new MailComposer({
    from: fmt(from),
    to: p.to.map(fmt),
    cc: p.cc.map(fmt),
    // Bcc goes in the envelope only, never in the headers others receive.
    subject: p.subject,
    text: p.text,
    ...(p.html !== undefined ? { html: p.html } : {}),
    messageId,
    date: new Date(now),
    ...(replyTo?.messageId ? { inReplyTo: replyTo.messageId, references } : {}),
    attachments: [
      ...p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
      ...files.map((f) => ({ filename: f.filename, contentType: f.contentType, path: f.path })),
    ],
  });
  const raw = await mail.compile().build();
  const to = [...p.to, ...p.cc, ...p.bcc].map((a) => a.address);
  return { messageId, raw, envelope: { from: from.address, to } };
}

export class MailActions {
  constructor(
    private readonly db: Db,
    private readonly store: MailStore,
    private readonly outbox: MailOutbox,
    private readonly newId: () => string = randomUUID,
  ) {}

  private target(cacheId: number): Target | null {
    const loc = this.store.location(cacheId);
    return loc ? { cacheId, path: loc.folderPath, uid: loc.uid, messageId: loc.messageId } : null;
  }

  setFlags(ids: readonly number[], add: string[], remove: string[]): void {
    this.db.transaction(() => {
      const targets = ids.map((id) => this.target(id)).filter((t): t is Target => t !== null);
      if (targets.length === 0) return;
      this.store.applyFlags(
        targets.map((t) => t.cacheId),
        add,
        remove,
      );
      this.outbox.enqueue(this.newId(), { kind: 'flags', targets, add, remove });
    })();
  }

  move(ids: readonly number[], toFolderId: number): void {
    const dest = this.store.folderById(toFolderId);
    if (!dest) return;
    this.db.transaction(() => {
      for (const id of ids) {
        const t = this.target(id);
        if (!t || this.store.location(id)?.folderId === toFolderId) continue;
        this.store.applyMove(id, toFolderId);
        this.outbox.enqueue(this.newId(), { kind: 'move', target: t, toPath: dest.path, toFolderId });
      }
    })();
  }

  /** To Trash; from Trash (or with no Trash folder) for good. The UI asks before the latter. */
  delete(ids: readonly number[]): void {
    const trash = this.store.folderBySpecialUse('trash');
    this.db.transaction(() => {
      for (const id of ids) {
        const t = this.target(id);
        if (!t) continue;
        if (trash && this.store.location(id)?.folderId !== trash.id) {
          this.store.applyMove(id, trash.id);
          this.outbox.enqueue(this.newId(), { kind: 'move', target: t, toPath: trash.path, toFolderId: trash.id });
        } else {
          this.store.applyRemove(id);
          this.outbox.enqueue(this.newId(), { kind: 'expunge', target: t });
        }
      }
    })();
  }

  /**
   * Queues a composed message; the outbox id is its Message-ID. Its draft goes
   * once it is sent. `replaces`: the refused send this one is an edit of, gone
   * in the same transaction (if it can no longer be replaced, nothing is queued).
   */
  queueSend(c: Composed, subject: string, answers: number | null, draftId: string | null = null, replaces: string | null = null): void {
    this.db.transaction(() => {
      const replaced = replaces !== null ? this.outbox.takeRefusedSend(replaces) : null;
      // An edit saved no draft of its own: the refused message's draft is still the one to remove.
      const draft = draftId ? this.dropWaitingDraft(draftId) : (replaced?.action.draft ?? null);
      this.db.prepare(`INSERT INTO mail_outgoing (id, raw, stage, envelope) VALUES (?, ?, 'queued', ?)`).run(c.messageId, c.raw, JSON.stringify(c.envelope));
      this.outbox.enqueue(c.messageId, { kind: 'send', messageId: c.messageId, subject, to: c.envelope.to, answers, draft });
    })();
  }

  /**
   * A draft save that never reached the server is pointless once a newer
   * version exists: it is dropped, and what it was replacing on the server is
   * what the newer one replaces. Returns the Message-ID to remove from the server.
   */
  private dropWaitingDraft(draftId: string): string | null {
    const waiting = this.db.prepare(`SELECT payload FROM outbox WHERE id = ? AND topic = 'mail' AND state = 'pending'`).pluck().get(draftId) as string | undefined;
    if (!waiting) return draftId;
    const prev = z.object({ replaces: z.string().nullable() }).safeParse(JSON.parse(waiting));
    this.db.prepare(`DELETE FROM outbox WHERE id = ?`).run(draftId);
    this.db.prepare(`DELETE FROM mail_outgoing WHERE id = ?`).run(draftId);
    return prev.success ? prev.data.replaces : null;
  }

  /**
   * Queues a draft for the server's Drafts. A newer save of the same draft
   * makes an older one still waiting pointless: that one is dropped here.
   */
  queueDraft(c: Composed, subject: string, replaces: string | null): void {
    this.db.transaction(() => {
      const replacesOnServer = replaces ? this.dropWaitingDraft(replaces) : null;
      this.db.prepare(`INSERT INTO mail_outgoing (id, raw, stage, envelope) VALUES (?, ?, 'queued', ?)`).run(c.messageId, c.raw, JSON.stringify(c.envelope));
      this.outbox.enqueue(c.messageId, { kind: 'draft', messageId: c.messageId, subject, replaces: replacesOnServer });
    })();
  }
}
