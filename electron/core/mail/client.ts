// The protocol side of mail: imapflow for IMAP, nodemailer for SMTP, both
// signed in with the one SSO token (ARCHITECTURE rule 5) through
// TokenSource/withToken: OAUTHBEARER for IMAP ({user, accessToken}), XOAUTH2
// for SMTP ({type: 'OAuth2', user, accessToken}). A refused token is renewed
// once and the connection tried once more.
import type { ImapFlow, ImapFlowOptions, MessageStructureObject } from 'imapflow';
import { withToken, type TokenSource } from '../auth/token-source';
import { AppError } from '../errors';
import { BulkSession } from './bulk-fetch';
import type { Logger } from '../log';
import type { Clock } from '../platform';
import { ActionRefused, type Envelope, type MailServer, type RefusedRecipient, type SubmitResult } from './outbox';
import { SYNC_HEADER_FIELDS, type RawHeaderFetch } from './parse';

export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
}

export interface MailEndpoints {
  imap: Endpoint;
  smtp: Endpoint;
}

export interface MailConnection {
  endpoints: MailEndpoints;
  user: string;
  tokens: TokenSource;
  log: Logger;
}

/**
 * The IMAP server could not check the sign-in just now (RFC 5530
 * `NO [UNAVAILABLE]`: Dovecot says so when its auth backend or the identity
 * provider's introspection is down). Neither the token nor the user is at
 * fault, so the token is not renewed and no sign-in is asked for: the sync
 * scheduler retries it like SMTP 454 (sync/outcome.ts).
 */
export function isImapTemporaryAuthFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { authenticationFailed?: unknown; serverResponseCode?: unknown };
  return e.authenticationFailed === true && e.serverResponseCode === 'UNAVAILABLE';
}

/** The server refused the token itself: worth one renewal, then a new sign-in. */
function isImapAuthFailure(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { authenticationFailed?: unknown }).authenticationFailed === true && !isImapTemporaryAuthFailure(err);
}

function smtpResponseCode(err: unknown): number | null {
  const c = typeof err === 'object' && err !== null ? (err as { responseCode?: unknown }).responseCode : undefined;
  return typeof c === 'number' ? c : null;
}

/**
 * The server refused the sender rather than the message or a recipient: the
 * envelope sender or the header From:/Sender: is not the signed-in user's
 * (Postfix's "Sender address rejected", a milter's refusal naming the header),
 * or the null sender. Said apart so the outbox can tell the user why.
 */
export function isSenderRefusal(err: unknown): boolean {
  const e = typeof err === 'object' && err !== null ? (err as { command?: unknown; response?: unknown; message?: unknown }) : {};
  const text = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : '';
  if (typeof e.command === 'string' && /^MAIL FROM/i.test(e.command)) return true;
  return /\b5\.7\.1\b/.test(text) && /Sender address rejected|null sender|\b(From|Sender):\s*header/i.test(text);
}

/**
 * The SMTP server refused the token itself. nodemailer gives EAUTH for any
 * failed AUTH, also for a 4xx reply (454 4.7.0: the server cannot check
 * sign-ins now), which is no fault of the token: that one is not renewed.
 */
function isSmtpAuthFailure(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const reply = smtpResponseCode(err);
  if (reply !== null && reply >= 400 && reply < 500) return false;
  return code === 'EAUTH' || reply === 535;
}

/**
 * Recipients the server refused at RCPT TO while it took the message for the
 * others: nodemailer sends to the accepted ones and reports the rest only in
 * the result (it throws only when every recipient is refused).
 */
function refusedRecipients(info: { rejected?: unknown; rejectedErrors?: unknown }): RefusedRecipient[] {
  const errors = Array.isArray(info.rejectedErrors) ? (info.rejectedErrors as { recipient?: unknown; response?: unknown; message?: unknown }[]) : [];
  const rejected = Array.isArray(info.rejected) ? info.rejected : [];
  return rejected.flatMap((r): RefusedRecipient[] => {
    const address = typeof r === 'string' ? r : typeof r === 'object' && r !== null && typeof (r as { address?: unknown }).address === 'string' ? (r as { address: string }).address : null;
    if (!address) return [];
    const e = errors.find((x) => x.recipient === address);
    const reply = typeof e?.response === 'string' ? e.response : typeof e?.message === 'string' ? e.message : 'refused';
    return [{ address, reply }];
  });
}

/** True for failures that mean "cannot reach the server", as opposed to "the server said no". */
export function isNetworkError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'ESOCKET', 'ECONNECTION', 'NoConnection', 'EConnectionClosed'].includes(code)
  );
}

function imapRefusal(err: unknown): string {
  const e = err as { response?: unknown; responseText?: unknown; message?: unknown };
  const text = [e.response, e.responseText, e.message].find((x): x is string => typeof x === 'string' && x.length > 0);
  return `IMAP cannot check sign-ins now: ${text ?? 'NO [UNAVAILABLE]'}`.slice(0, 500);
}

// imapflow and nodemailer load on the first connection, not at start: a start
// from the cache opens none, and together they cost a few hundred ms of it
// (`npm run bench today`).
let imapflowLoading: Promise<typeof import('imapflow')> | null = null;
let nodemailerLoading: Promise<typeof import('nodemailer')> | null = null;

/**
 * Opens and signs in one IMAP connection. QRESYNC is enabled so expunges come
 * as VANISHED with uids; auto-IDLE starts quickly so new mail is pushed
 * within seconds of the connection going quiet.
 */
export async function openImap(conn: MailConnection, purpose: string, extra: Partial<ImapFlowOptions> = {}): Promise<ImapFlow> {
  const { imap } = conn.endpoints;
  return withToken(
    conn.tokens,
    'mail',
    async (accessToken) => {
      imapflowLoading ??= import('imapflow');
      const { ImapFlow } = await imapflowLoading;
      const client = new ImapFlow({
        host: imap.host,
        port: imap.port,
        secure: imap.secure,
        auth: { user: conn.user, accessToken },
        logger: false,
        qresync: true,
        clientInfo: { name: 'Govdesk', 'support-url': 'https://govdesk.invalid' },
        connectionTimeout: 15_000,
        ...extra,
      });
      // An 'error' without a listener would take the process down.
      client.on('error', (err: unknown) => conn.log.log('warn', 'imap connection error', { purpose, err: String(err) }));
      try {
        await client.connect();
        return client;
      } catch (err) {
        // A failed login leaves the socket open unless closed (stack-notes).
        client.close();
        throw err;
      }
    },
    isImapAuthFailure,
  ).catch((err: unknown) => {
    if (err instanceof AppError) throw err;
    if (isImapTemporaryAuthFailure(err)) throw new AppError('mail.auth_unavailable', imapRefusal(err));
    if (isImapAuthFailure(err)) throw new AppError('auth.reauth_required', 'IMAP refused the renewed token');
    throw err;
  });
}

/** A connection with `path` open, handed over for one bulk header FETCH (bulk-fetch.ts). */
export async function openBulk(conn: MailConnection, path: string, clock: Clock): Promise<BulkSession> {
  const c = await openImap(conn, 'bulk', { disableAutoIdle: true });
  try {
    return await BulkSession.take(c, path, clock);
  } catch (err) {
    c.close();
    throw err;
  }
}

/** What the server holds of one message: its structure, or word that it is gone (confirmed by UID SEARCH). */
export type StructureAnswer = { gone: true } | { gone: false; structure: MessageStructureObject; size: number };

export interface MailClientOptions {
  clock: Clock;
  /** A probe (NOOP) unanswered this long means the connection stalled: it is replaced. */
  stallMs?: number;
}

/** A connection that stopped answering; the operation is tried once more on a new one. */
class Stalled extends Error {}

const DEFAULT_STALL_MS = 10_000;
/** Inactivity after which imapflow closes the socket: a download that keeps flowing is never cut. */
const OPS_SOCKET_TIMEOUT_MS = 90_000;

/**
 * Server operations for the outbox and for opening messages, on one
 * connection opened when first needed and again after it drops. The
 * connection does not IDLE, so between uses it neither hears of new mail nor
 * notices that the server (or a NAT on the way) dropped it: every use starts
 * with a NOOP under a deadline, which brings its view of the folder up to
 * date and replaces a connection that no longer answers.
 */
export class MailClient implements MailServer {
  private imap: ImapFlow | null = null;
  private opening: Promise<ImapFlow> | null = null;
  private readonly stallMs: number;

  constructor(
    private readonly conn: MailConnection,
    private readonly opts: MailClientOptions,
  ) {
    this.stallMs = opts.stallMs ?? DEFAULT_STALL_MS;
  }

  async connection(): Promise<ImapFlow> {
    if (this.imap?.usable) return this.imap;
    if (!this.opening) {
      this.opening = openImap(this.conn, 'ops', { disableAutoIdle: true, socketTimeout: OPS_SOCKET_TIMEOUT_MS })
        .then((c) => {
          this.imap = c;
          c.on('close', () => {
            if (this.imap === c) this.imap = null;
          });
          return c;
        })
        .finally(() => {
          this.opening = null;
        });
    }
    return this.opening;
  }

  /** Drops a connection that stopped answering; the next use opens another. */
  private drop(c: ImapFlow, why: string): void {
    this.conn.log.log('warn', 'imap connection replaced', { purpose: 'ops', why });
    if (this.imap === c) this.imap = null;
    c.close();
  }

  /** NOOP within the deadline: the folder's view is current after it, and a dead connection shows. */
  private async probe(c: ImapFlow): Promise<void> {
    let cancel: (() => void) | null = null;
    const timeout = new Promise<never>((_, reject) => {
      cancel = this.opts.clock.setTimer(this.stallMs, () => reject(new Stalled(`no answer to NOOP in ${this.stallMs} ms`)));
    });
    try {
      await Promise.race([c.noop(), timeout]);
    } finally {
      (cancel as (() => void) | null)?.();
    }
  }

  /**
   * Runs `fn` with `path` selected on a connection that just answered. A
   * connection that stalls or drops meanwhile is replaced and `fn` tried once
   * more on the new one.
   */
  private async inFolder<T>(path: string, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = await this.connection();
      try {
        await this.probe(c);
        const lock = await c.getMailboxLock(path);
        try {
          return await fn(c);
        } finally {
          lock.release();
        }
      } catch (err) {
        const broken = err instanceof Stalled || !c.usable;
        if (broken) this.drop(c, err instanceof Error ? err.message : String(err));
        if (!broken || attempt >= 2) throw err;
      }
    }
  }

  async submit(envelope: Envelope, raw: Buffer): Promise<SubmitResult> {
    const { smtp } = this.conn.endpoints;
    return withToken(
      this.conn.tokens,
      'mail',
      async (accessToken) => {
        nodemailerLoading ??= import('nodemailer');
        const nodemailer = (await nodemailerLoading).default;
        const transport = nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          auth: { type: 'OAuth2', user: this.conn.user, accessToken },
          connectionTimeout: 15_000,
        });
        try {
          const info = await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw });
          return { refused: refusedRecipients(info) };
        } finally {
          transport.close();
        }
      },
      isSmtpAuthFailure,
    ).catch((err: unknown) => {
      if (err instanceof AppError) throw err;
      const code = smtpResponseCode(err);
      const detail = err instanceof Error ? err.message : String(err);
      // 5xx is final; 4xx and network failures are worth another try later.
      if (code !== null && code >= 500 && !isSmtpAuthFailure(err)) {
        const recipients = (err as { code?: unknown }).code === 'EENVELOPE';
        const reason = code === 552 ? 'mail.too_large' : isSenderRefusal(err) ? 'mail.sender_refused' : recipients ? 'mail.recipient_refused' : 'mail.send_refused';
        throw new ActionRefused(reason, detail);
      }
      throw err;
    });
  }

  async findByMessageId(path: string, messageId: string): Promise<number | null> {
    return this.inFolder(path, async (c) => {
      const found = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      return Array.isArray(found) && found.length > 0 ? Math.max(...found) : null;
    });
  }

  async append(path: string, raw: Buffer, flags: string[]): Promise<void> {
    const c = await this.connection();
    const r = await c.append(path, raw, flags);
    if (r === false) throw new ActionRefused('mail.server_refused', `APPEND to ${path} refused`);
  }

  async setFlags(path: string, uids: number[], add: string[], remove: string[]): Promise<void> {
    await this.inFolder(path, async (c) => {
      const range = uids.join(',');
      if (add.length) await c.messageFlagsAdd(range, add, { uid: true });
      if (remove.length) await c.messageFlagsRemove(range, remove, { uid: true });
    });
  }

  async move(path: string, uids: number[], toPath: string): Promise<Map<number, number>> {
    return this.inFolder(path, async (c) => {
      const r = await c.messageMove(uids.join(','), toPath, { uid: true });
      return r && r.uidMap ? r.uidMap : new Map<number, number>();
    });
  }

  async expunge(path: string, uids: number[]): Promise<void> {
    await this.inFolder(path, async (c) => {
      await c.messageDelete(uids.join(','), { uid: true });
    });
  }

  async specialFolder(use: 'sent' | 'drafts'): Promise<string | null> {
    const c = await this.connection();
    const found = (await c.list()).find((l) => l.specialUse?.toLowerCase() === `\\${use}`);
    return found?.path ?? null;
  }

  /**
   * Whether the selected folder still holds `uid`: asked only after a FETCH
   * came back empty on a view the NOOP just brought up to date. An empty
   * answer alone is no proof: only this one removes a message from the cache.
   */
  private async stillThere(c: ImapFlow, uid: number): Promise<boolean> {
    const found = await c.search({ uid: String(uid) }, { uid: true });
    return Array.isArray(found) && found.includes(uid);
  }

  /** The full source of one message, or null if the server says it no longer has it. */
  async fetchSource(path: string, uid: number): Promise<Buffer | null> {
    return this.inFolder(path, async (c) => {
      const m = await c.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (m && m.source) return m.source;
      if (await this.stillThere(c, uid)) throw new AppError('mail.open_failed', `uid ${uid} in ${path}: FETCH answered nothing, SEARCH still finds it`);
      return null;
    });
  }

  /** A message's structure (BODYSTRUCTURE) and size: the first step of opening it. */
  async fetchStructure(path: string, uid: number): Promise<StructureAnswer> {
    return this.inFolder(path, async (c) => {
      const m = await c.fetchOne(String(uid), { uid: true, bodyStructure: true, size: true }, { uid: true });
      if (m && m.bodyStructure) return { gone: false, structure: m.bodyStructure, size: m.size ?? 0 };
      if (await this.stillThere(c, uid)) throw new AppError('mail.open_failed', `uid ${uid} in ${path}: FETCH answered nothing, SEARCH still finds it`);
      return { gone: true };
    });
  }

  /** Some body parts of one message, as they travel (transfer-encoded), by part number. */
  async fetchParts(path: string, uid: number, parts: readonly string[]): Promise<Map<string, Buffer>> {
    if (parts.length === 0) return new Map();
    return this.inFolder(path, async (c) => {
      const m = await c.fetchOne(String(uid), { uid: true, bodyParts: [...parts] }, { uid: true });
      const out = new Map<string, Buffer>();
      for (const [k, v] of m && m.bodyParts ? m.bodyParts : []) out.set(k.toLowerCase(), v);
      // imapflow hands BODY[HEADER] over as `headers`, not among the parts.
      if (m && m.headers) out.set('header', m.headers);
      if (!m && !(await this.stillThere(c, uid))) throw new AppError('mail.not_found', `uid ${uid} gone from ${path}`);
      return out;
    });
  }

  /**
   * Server-side search (IMAP SEARCH TEXT: headers and body, as the server
   * matches them), newest uids first, with the headers of those the cache lacks.
   */
  async searchText(path: string, text: string, limit: number, known: (uid: number) => boolean): Promise<{ uids: number[]; missing: RawHeaderFetch[] }> {
    return this.inFolder(path, async (c) => {
      const found = await c.search({ text }, { uid: true });
      const uids = Array.isArray(found) ? found.sort((a, b) => b - a).slice(0, limit) : [];
      const want = uids.filter((u) => !known(u));
      const missing: RawHeaderFetch[] = [];
      if (want.length > 0) {
        for await (const m of c.fetch(want.join(','), { uid: true, flags: true, size: true, headers: [...SYNC_HEADER_FIELDS] }, { uid: true })) {
          missing.push({ uid: m.uid, flags: m.flags ?? [], size: m.size ?? 0, headers: m.headers ?? Buffer.alloc(0), internalDate: null, modseq: m.modseq?.toString() ?? null });
        }
      }
      return { uids, missing };
    });
  }

  async close(): Promise<void> {
    const c = this.imap;
    this.imap = null;
    if (c?.usable) await c.logout().catch(() => c.close());
    else c?.close();
  }
}
