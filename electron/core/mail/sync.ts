// Pull from the IMAP server into the cache, on a connection of its own.
// A pass: folder list (with STATUS, so an unchanged folder costs nothing),
// then each folder: UIDVALIDITY check, changes since HIGHESTMODSEQ
// (CONDSTORE; QRESYNC reports expunges as VANISHED), new messages' headers
// and flags newest first in batches each written in one transaction, then
// bodies of recent mail for offline reading. Between passes the connection
// stays on INBOX and IDLEs, so new mail and changes made elsewhere arrive
// within seconds. When passes run, and what happens after one fails, is the
// sync scheduler's (electron/core/sync): this file has no timer of its own.
import type { ImapFlow, ListResponse, StatusObject } from 'imapflow';
import type { MessageSummary, SpecialUse, SyncProgress } from '../../../shared/mail';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { Clock } from '../platform';
import type { BulkSession } from './bulk-fetch';
import { describeError } from './outbox';
import { headerRecord, parseBody, SYNC_HEADER_FIELDS } from './parse';
import { bodyFromParts, partsToFetch, planOf, type MessagePlan } from './structure';
import type { SearchIndexer } from './indexer';
import type { BodyRecord, FolderInput, FolderState, HeaderRecord, MailStore } from './store';

export type MailConnectionState = 'connecting' | 'online' | 'offline' | 'signed_out';

export interface MailSyncDeps {
  store: MailStore;
  indexer: Pick<SearchIndexer, 'kick'>;
  /** Opens and signs in the sync connection. */
  open: () => Promise<ImapFlow>;
  log: Logger;
  clock: Clock;
  bodyWindowDays: () => number;
  /** Cached mail changed: ids name what ('folders', or folder ids). */
  onChange: (ids: string[]) => void;
  onProgress?: (p: SyncProgress) => void;
  /** New unread mail arrived in the Inbox after the first sync. */
  onNewMail?: (messages: MessageSummary[]) => void;
  onState?: (state: MailConnectionState, detail?: string) => void;
  /**
   * How a pass the scheduler did not ask for ended (one woken by IDLE), or
   * that the connection dropped: null for a success. The scheduler's
   * reachability and retries follow from it.
   */
  outcome?: (failure: unknown | null) => void;
  /** A second connection with `path` open, for the bulk header FETCH of a large first sync (bulk-fetch.ts). */
  openBulk?: (path: string) => Promise<BulkSession>;
  /** From this many new messages on, the bulk session is used (default BULK_MIN; tests lower it). */
  bulkMin?: number;
}

/** From this many new messages on, a folder's headers come through a bulk session. */
const BULK_MIN = 2000;
/**
 * Headers per bulk FETCH (the next travels while one is written). Kept small:
 * a batch lives across the awaits of its write, and 5,000 of them grew V8's young generation to its
 * maximum (the core's RSS right after a 100,000-message sync: ~255 MB at
 * 5,000, ~165 MB at 1,000, at the same speed).
 */
const BULK_BATCH = 1000;
/** The renderer refetches on each change event: during a first sync, at most this often. */
const CHANGE_EVERY_MS = 500;
/** Rows per write transaction: about 10 ms, so a first sync never holds the event loop long. */
const WRITE_SLICE = 500;

/** First batch small so the newest mail shows at once, then larger ones for throughput. */
const FIRST_BATCH = 200;
const BATCH = 2000;
const BODY_ROUND = 50;

const SPECIAL: Record<string, SpecialUse> = {
  '\\inbox': 'inbox',
  '\\sent': 'sent',
  '\\drafts': 'drafts',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\archive': 'archive',
  '\\flagged': 'flagged',
  '\\all': 'all',
};

const ORDER: (SpecialUse | null)[] = ['inbox', 'sent', 'drafts', 'archive', null, 'flagged', 'all', 'junk', 'trash'];

/** A uid list as IMAP ranges ("1:5,9,12:20"): 2,000 uids in a few bytes instead of 14 KB. */
export function uidRanges(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const out: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i]!;
    out.push(start === end ? `${start}` : `${start}:${end}`);
    i++;
  }
  return out.join(',');
}

export function folderInput(l: ListResponse): FolderInput {
  const use = l.specialUse ? (SPECIAL[l.specialUse.toLowerCase()] ?? null) : l.path.toUpperCase() === 'INBOX' ? 'inbox' : null;
  return { path: l.path, name: l.name, delimiter: l.delimiter ?? null, specialUse: use, subscribed: l.subscribed };
}

function selectable(l: ListResponse): boolean {
  return ![...l.flags].some((f) => /^\\(noselect|nonexistent)$/i.test(f));
}

export class MailSync {
  private client: ImapFlow | null = null;
  private pass: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private stopped = false;
  private state: MailConnectionState = 'offline';
  private lastError: string | null = null;
  private lastSyncAt: number | null = null;
  /** Paths the IDLE listener asked to look at again. */
  private dirty = new Set<string>();
  /** Uids whose headers this pass wrote, per folder id: their bodies are fetched first. */
  private arrived = new Map<number, number[]>();
  /** Uids whose body a round already asked for (a server may answer without one): not asked again until restart. */
  private tried = new Map<number, Set<number>>();

  constructor(private readonly d: MailSyncDeps) {}

  get status(): { state: MailConnectionState; lastSyncAt: number | null; error: string | null; syncing: boolean } {
    return { state: this.state, lastSyncAt: this.lastSyncAt, error: this.lastError, syncing: this.pass !== null };
  }

  /** Allows passes; the scheduler asks for the first one. */
  start(): void {
    this.stopped = false;
  }

  /** Asks for a pass in the background (IDLE saw a change): its outcome goes to `outcome`. */
  request(): void {
    this.run().then(
      () => this.d.outcome?.(null),
      (err: unknown) => {
        if (!this.stopped) this.d.outcome?.(err);
      },
    );
  }

  /** A pass now, or right after the running one; rejects when it fails (the scheduler's pull). */
  syncNow(): Promise<void> {
    return this.run();
  }

  private run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.pass) {
      this.pass = this.runPass().finally(() => {
        this.pass = null;
      });
      return this.pass;
    }
    // Asked for during a pass: one more follows it, whoever else asks meanwhile.
    this.next ??= this.pass
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.run();
      });
    return this.next;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => undefined);
      if (c.usable) await c.logout().catch(() => c.close());
      else c.close();
    }
    await this.pass?.catch(() => undefined);
  }

  private setState(state: MailConnectionState, detail?: string): void {
    this.lastError = detail ?? null;
    if (state === this.state && !detail) return;
    this.state = state;
    this.d.onState?.(state, detail);
  }

  private async connected(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.setState('connecting');
    const c = await this.d.open();
    this.client = c;
    c.on('exists', (ev: { path: string; count: number; prevCount: number }) => {
      if (ev.count > ev.prevCount) this.markDirty(ev.path);
    });
    c.on('flags', (ev: { path: string; uid?: number; flags: Set<string>; modseq?: bigint }) => {
      const f = this.d.store.folderState(ev.path);
      if (!f || ev.uid === undefined) return;
      if (this.d.store.updateFlags(f.id, [{ uid: ev.uid, flags: [...ev.flags], modseq: ev.modseq?.toString() ?? null }]) > 0) {
        this.d.onChange([String(f.id)]);
      }
    });
    c.on('expunge', (ev: { path: string; uid?: number }) => {
      const f = this.d.store.folderState(ev.path);
      if (!f) return;
      // Without a uid (no QRESYNC) only a look at the whole folder tells which one went.
      if (ev.uid === undefined) return this.markDirty(ev.path);
      if (this.d.store.removeUids(f.id, [ev.uid]) > 0) this.d.onChange([String(f.id)]);
    });
    c.on('close', () => {
      // Dropped under us (not closed by a failed pass, which reports itself): the scheduler decides when to come back.
      if (this.client !== c) return;
      this.client = null;
      if (!this.stopped) {
        this.setState('offline', 'connection closed');
        this.d.outcome?.(new AppError('mail.offline', 'the IMAP connection closed'));
      }
    });
    this.setState('online');
    return c;
  }

  private markDirty(path: string): void {
    this.dirty.add(path);
    this.request();
  }

  private dropConnection(): void {
    const c = this.client;
    this.client = null;
    c?.close();
  }

  private async runPass(): Promise<void> {
    try {
      const c = await this.connected();
      // An IDLE wake-up for known folders only needs those; otherwise everything.
      const only = this.dirty.size > 0 && this.lastSyncAt !== null ? new Set(this.dirty) : null;
      this.dirty.clear();
      await this.syncFolders(c, only);
      await this.prefetchBodies(c);
      this.lastSyncAt = this.d.clock.now();
      this.setState('online');
      // Stay on INBOX so auto-IDLE watches it.
      if (!this.stopped && c.usable && (!c.mailbox || c.mailbox.path !== 'INBOX')) await c.mailboxOpen('INBOX');
    } catch (err) {
      if (this.stopped) return;
      this.dropConnection();
      if (err instanceof AppError && (err.code === 'auth.reauth_required' || err.code === 'auth.required')) {
        // The scheduler waits for the session to come back (a new sign-in, a renewed token).
        this.setState('signed_out', err.detail);
        throw err;
      }
      const detail = describeError(err);
      this.d.log.log('warn', 'mail sync pass failed', { detail });
      this.setState('offline', detail);
      throw err;
    }
  }

  private async syncFolders(c: ImapFlow, only: Set<string> | null): Promise<void> {
    const list = (await c.list({ statusQuery: { messages: true, uidNext: true, uidValidity: true, highestModseq: true } })).filter(selectable);
    this.d.store.syncFolders(list.map(folderInput));
    this.d.onChange(['folders']);
    const rank = (l: ListResponse): number => ORDER.indexOf(folderInput(l).specialUse);
    const ordered = [...list].sort((a, b) => rank(a) - rank(b));
    for (const l of ordered) {
      if (this.stopped) return;
      if (only && !only.has(l.path)) continue;
      const st = this.d.store.folderState(l.path);
      if (st) await this.syncFolder(c, st, l.status ?? null);
    }
  }

  private unchanged(st: FolderState, status: StatusObject | null): boolean {
    return (
      status !== null &&
      st.syncFloor === 1 &&
      status.uidValidity !== undefined &&
      st.uidvalidity === Number(status.uidValidity) &&
      st.uidnext === status.uidNext &&
      status.highestModseq !== undefined &&
      st.highestmodseq === status.highestModseq.toString()
    );
  }

  async syncFolder(c: ImapFlow, initial: FolderState, status: StatusObject | null): Promise<void> {
    if (this.unchanged(initial, status)) return;
    const { store } = this.d;
    const lock = await c.getMailboxLock(initial.path);
    try {
      const mb = c.mailbox;
      if (!mb) return;
      const uidValidity = Number(mb.uidValidity);
      let st = initial;
      if (st.uidvalidity !== null && st.uidvalidity !== uidValidity) {
        this.d.log.log('info', 'uidvalidity changed: folder reset', { path: st.path });
        store.resetFolder(st.id, uidValidity);
        st = store.folderById(st.id) ?? st;
        this.d.onChange([String(st.id)]);
      } else if (st.uidvalidity === null) {
        store.setFolderState(st.id, { uidvalidity: uidValidity });
      }
      const startModseq = mb.highestModseq !== undefined && !mb.noModseq ? mb.highestModseq.toString() : null;
      const startUidNext = mb.uidNext;
      const condstore = startModseq !== null && c.enabled.has('CONDSTORE');
      const wasComplete = st.syncFloor === 1;
      const fresh: number[] = [];
      const total = mb.exists;

      // A large folder gets the bulk session before the uid listing, so that
      // listing (one line of 100,000 numbers) skips imapflow's parser too.
      let bulk: BulkSession | null = null;
      try {
        let newUids: number[];
        if (wasComplete && condstore && c.enabled.has('QRESYNC') && st.highestmodseq && st.uidnext) {
          // Fast path: only what changed since the last pass; VANISHED goes to the 'expunge' listener.
          if (BigInt(st.highestmodseq) < BigInt(startModseq)) {
            await this.fetchFlags(c, st.id, `1:${Math.max(1, st.uidnext - 1)}`, BigInt(st.highestmodseq));
          }
          const above = await c.search({ uid: `${st.uidnext}:*` }, { uid: true });
          newUids = (Array.isArray(above) ? above : []).filter((u) => u >= (st.uidnext ?? 0));
        } else {
          if (mb.exists >= (this.d.bulkMin ?? BULK_MIN)) bulk = await this.bulkFor(st.path, uidValidity);
          const all = bulk ? await bulk.searchAll() : await c.search({ all: true }, { uid: true });
          const server = Array.isArray(all) ? all : [];
          const serverSet = new Set(server);
          const cached = store.uids(st.id);
          // A uid at or above this session's UIDNEXT is one it has not been told of yet (another
          // connection cached it, e.g. a server search): missing from its listing proves nothing.
          const gone = cached.filter((u) => !serverSet.has(u) && (startUidNext === undefined || u < startUidNext));
          if (gone.length > 0) store.removeUids(st.id, gone);
          if (cached.length > gone.length) {
            const since = condstore && st.highestmodseq ? BigInt(st.highestmodseq) : undefined;
            await this.fetchFlags(c, st.id, '1:*', since);
          }
          const cachedSet = new Set(cached);
          newUids = server.filter((u) => !cachedSet.has(u));
        }

        newUids.sort((a, b) => b - a);
        let done = total - newUids.length;
        if (newUids.length >= (this.d.bulkMin ?? BULK_MIN)) bulk ??= await this.bulkFor(st.path, uidValidity);
        else {
          bulk?.close();
          bulk = null;
        }
        const session = bulk;
        const batches: number[][] = [];
        for (let i = 0; i < newUids.length; ) {
          const size = i === 0 ? FIRST_BATCH : session ? BULK_BATCH : BATCH;
          batches.push(newUids.slice(i, i + size));
          i += size;
        }
        const fetchBatch = (b: number[]) => (session ? this.bulkHeaders(session, b, condstore) : this.fetchHeaders(c, b));
        let inflight: Promise<HeaderRecord[]> | null = batches[0] ? fetchBatch(batches[0]) : null;
        let lastChange = 0;
        try {
          for (let k = 0; k < batches.length && inflight; k++) {
            const batch = batches[k]!;
            const records = await inflight;
            // With the bulk session the next batch is asked for before this one is written.
            const next = batches[k + 1];
            inflight = next ? (session ? fetchBatch(next) : null) : null;
            if (this.stopped) return;
            if (!(await this.writeBatch(st.id, records, Math.max(2, batch[batch.length - 1] ?? 2), total))) return;
            if (wasComplete) fresh.push(...records.filter((r) => !r.flags.includes('\\Seen')).map((r) => r.uid));
            // Newest first: what arrived while the app is open is read and searched before the backlog.
            if (wasComplete) this.arrived.set(st.id, [...(this.arrived.get(st.id) ?? []), ...records.map((r) => r.uid)]);
            done += records.length;
            this.d.indexer.kick();
            this.d.onProgress?.({ folderId: st.id, path: st.path, done, total });
            // The first batch shows at once, the last one too; between them, a refresh every CHANGE_EVERY_MS.
            const now = this.d.clock.now();
            if (k === 0 || !next || now - lastChange >= CHANGE_EVERY_MS) {
              lastChange = now;
              this.d.onChange([String(st.id)]);
            }
            if (!inflight && next) inflight = fetchBatch(next);
          }
        } finally {
          // A batch still travelling when we leave (stop, failure) must not end as an unhandled rejection.
          inflight?.catch(() => undefined);
        }
        if (newUids.length === 0) this.d.onChange([String(st.id)]);
      } finally {
        bulk?.close();
      }
      store.setFolderState(st.id, { syncFloor: 1, uidnext: startUidNext, highestmodseq: startModseq, serverCount: total });
      store.dropSettledPlaceholders(st.id);
      if (fresh.length > 0 && st.specialUse === 'inbox' && this.d.onNewMail) {
        const ids = fresh.map((u) => store.idByUid(st.id, u)).filter((id): id is number => id !== null);
        this.d.onNewMail(store.summaries(ids));
      }
    } finally {
      lock.release();
    }
  }

  /**
   * Writes one batch in transactions of WRITE_SLICE rows, newest first, with
   * the event loop free between them: one transaction of 5,000 rows held the
   * loop, and every call of the UI, for 100-300 ms on a busy machine. Each
   * slice moves the folder's floor down to what it wrote. False if stopped midway.
   */
  private async writeBatch(folderId: number, records: HeaderRecord[], floor: number, total: number): Promise<boolean> {
    const { store } = this.d;
    const sorted = [...records].sort((a, b) => b.uid - a.uid);
    for (let i = 0; i === 0 || i < sorted.length; i += WRITE_SLICE) {
      if (i > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.stopped) return false;
      }
      const slice = sorted.slice(i, i + WRITE_SLICE);
      const lowest = slice[slice.length - 1];
      const sliceFloor = i + WRITE_SLICE >= sorted.length || !lowest ? floor : Math.max(floor, lowest.uid);
      store.transaction(() => {
        store.upsertHeaders(folderId, slice);
        store.setFolderState(folderId, { syncFloor: sliceFloor, serverCount: total });
      });
    }
    return true;
  }

  /** A bulk session on the same folder generation, or null (then imapflow does the work). */
  private async bulkFor(path: string, uidValidity: number): Promise<BulkSession | null> {
    if (!this.d.openBulk) return null;
    try {
      const b = await this.d.openBulk(path);
      if (b.mailbox.uidValidity === uidValidity) return b;
      b.close();
    } catch (err) {
      this.d.log.log('info', 'bulk fetch unavailable, using imapflow', { path, detail: describeError(err) });
    }
    return null;
  }

  private async bulkHeaders(bulk: BulkSession, uids: number[], modseq: boolean): Promise<HeaderRecord[]> {
    const out: HeaderRecord[] = [];
    await bulk.fetchHeaders(uidRanges(uids), SYNC_HEADER_FIELDS, modseq, (m) => out.push(headerRecord(m)));
    return out;
  }

  private async fetchFlags(c: ImapFlow, folderId: number, range: string, changedSince: bigint | undefined): Promise<void> {
    const changes: { uid: number; flags: string[]; modseq: string | null }[] = [];
    for await (const m of c.fetch(range, { uid: true, flags: true }, { uid: true, ...(changedSince !== undefined ? { changedSince } : {}) })) {
      changes.push({ uid: m.uid, flags: [...(m.flags ?? [])], modseq: m.modseq?.toString() ?? null });
    }
    if (changes.length > 0 && this.d.store.updateFlags(folderId, changes) > 0) this.d.onChange([String(folderId)]);
  }

  private async fetchHeaders(c: ImapFlow, uids: number[]): Promise<HeaderRecord[]> {
    const out: HeaderRecord[] = [];
    const query = { uid: true, flags: true, size: true, headers: [...SYNC_HEADER_FIELDS] };
    for await (const m of c.fetch(uidRanges(uids), query, { uid: true })) {
      out.push(
        headerRecord({
          uid: m.uid,
          flags: m.flags ?? [],
          size: m.size ?? 0,
          headers: m.headers ?? Buffer.alloc(0),
          internalDate: null,
          modseq: m.modseq?.toString() ?? null,
        }),
      );
    }
    return out;
  }

  /**
   * Bodies of the last N days for offline reading and search: first those of
   * the mail that arrived in this pass (searchable by their text within
   * seconds), then the rest of the window, newest first. Header work comes
   * first: when IDLE reports a change the round ends and the next pass goes
   * on where this one stopped, so the window fills without anyone asking.
   */
  private async prefetchBodies(c: ImapFlow): Promise<void> {
    const { store } = this.d;
    const since = this.d.clock.now() - this.d.bodyWindowDays() * 86_400_000;
    const arrived = this.arrived;
    this.arrived = new Map();
    for (const [folderId, uids] of arrived) {
      if (this.stopped) return;
      const f = store.folderById(folderId);
      const want = new Set(store.uidsWithoutBody(folderId, since, Number.MAX_SAFE_INTEGER, uids.length + BODY_ROUND));
      const fresh = uids.filter((u) => want.has(u));
      if (!f || fresh.length === 0) continue;
      for (let i = 0; i < fresh.length; i += BODY_ROUND) await this.bodiesOf(c, f.id, f.path, fresh.slice(i, i + BODY_ROUND));
    }
    const folders = store.folders().filter((f) => f.specialUse !== 'junk' && f.specialUse !== 'trash');
    for (const f of folders) {
      const tried = this.tried.get(f.id) ?? new Set<number>();
      this.tried.set(f.id, tried);
      for (;;) {
        if (this.stopped || this.dirty.size > 0) return;
        const uids = store.uidsWithoutBody(f.id, since, Number.MAX_SAFE_INTEGER, BODY_ROUND + tried.size).filter((u) => !tried.has(u)).slice(0, BODY_ROUND);
        if (uids.length === 0) break;
        uids.forEach((u) => tried.add(u));
        await this.bodiesOf(c, f.id, f.path, uids);
      }
    }
  }

  /**
   * Bodies of some messages of one folder by their structure, as opening one
   * does (structure.ts): one FETCH of BODYSTRUCTURE, then one FETCH of text
   * parts per shape of message (most mail shares a few shapes). Files stay on
   * the server.
   */
  private async bodiesOf(c: ImapFlow, folderId: number, path: string, uids: number[]): Promise<void> {
    const { store } = this.d;
    const lock = await c.getMailboxLock(path);
    const bodies: { uid: number; body: BodyRecord }[] = [];
    try {
      const plans = new Map<number, MessagePlan>();
      for await (const m of c.fetch(uidRanges(uids), { uid: true, bodyStructure: true }, { uid: true })) {
        if (m.bodyStructure) plans.set(m.uid, planOf(m.bodyStructure));
      }
      const shapes = new Map<string, number[]>();
      for (const [uid, plan] of plans) {
        const key = partsToFetch(plan)
          .map((p) => p.part)
          .join(' ');
        shapes.set(key, [...(shapes.get(key) ?? []), uid]);
      }
      for (const [key, group] of shapes) {
        const got = new Map<number, Map<string, Buffer>>();
        if (key !== '') {
          for await (const m of c.fetch(uidRanges(group), { uid: true, bodyParts: key.split(' ') }, { uid: true })) {
            const parts = new Map<string, Buffer>();
            for (const [k, v] of m.bodyParts ?? []) parts.set(k.toLowerCase(), v);
            if (m.headers) parts.set('header', m.headers);
            got.set(m.uid, parts);
          }
        }
        for (const uid of group) {
          const body = await bodyFromParts(plans.get(uid)!, got.get(uid) ?? new Map());
          // Not a message: its whole source, kept raw with a warning (parse.ts).
          if (body) bodies.push({ uid, body });
          else {
            const m = await c.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
            if (m && m.source) bodies.push({ uid, body: await parseBody(m.source) });
          }
        }
      }
    } finally {
      lock.release();
    }
    if (this.stopped || bodies.length === 0) return;
    store.transaction(() => {
      for (const b of bodies) {
        const id = store.idByUid(folderId, b.uid);
        if (id !== null) store.saveBody(id, b.body);
      }
    });
    this.d.indexer.kick();
    this.d.onChange([String(folderId)]);
  }
}
