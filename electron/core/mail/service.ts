// The mail feature of one signed-in account: builds store, search, outbox,
// clients and sync from the AccountContext, and answers the mail.* calls of
// shared/api.ts. Calls read the cache only; the one exception is opening a
// message whose body is not cached yet, which fetches it once and keeps it.
import type { CallName, CallResult, ParsedParams } from '../../../shared/api';
import type { ComposeParams, MailStatus, SyncProgress } from '../../../shared/mail';
import type { Reachability } from '../../../shared/status';
import type { AccountContext } from '../account';
import { AppError } from '../errors';
import type { SyncJobHandle } from '../sync/scheduler';
import { DEFAULT_ZONE, ianaZone, utcZone, type Zone } from '../calendar/zones';
import { MailClient, openBulk, openImap, type MailConnection } from './client';
import { filesAttachments, type FileAttachmentSource } from './files-attachments';
import { MailFollowUps, followUpPresets, wallToMs } from './follow-up';
import { MailActions, MailOutbox, compose } from './outbox';
import { queuedContent, threadOf } from './outbox-edit';
import { headerRecord, parseAttachments, parseBody } from './parse';
import { bodyFromParts, decodeBytes, partsToFetch, planOf } from './structure';
import { fetchRemoteImage, htmlNames } from './remote';
import { WorkerIndexer, type SearchIndexer, type WorkerIndexerOptions } from './indexer';
import { MailIndexer, MailSearch } from './search';
import { MailStore } from './store';
import { MailSync, type MailConnectionState } from './sync';

export type MailCallName = Extract<CallName, `mail.${string}`>;
export type MailHandlers = { [K in MailCallName]: (params: ParsedParams<K>) => Promise<CallResult<K>> | CallResult<K> };

export interface MailFeature {
  handlers: MailHandlers;
  /** Starts sync and IDLE in the background; never throws. */
  start(): void;
  stop(): Promise<void>;
  /** For tests and the benchmark: the parts, to wait on and measure. */
  readonly parts: { store: MailStore; sync: MailSync | null; indexer: SearchIndexer; outbox: MailOutbox; client: MailClient | null };
  /** Replays the outbox now, whatever comes of it (tests; otherwise the sync scheduler runs it). */
  flushOutbox(): Promise<void>;
}

export interface MailFeatureOptions {
  /** Files' side of "attach from Files" (the composition root passes the signed-in account's). */
  files?: () => FileAttachmentSource | null;
  /** Days of recent mail whose bodies are prefetched (user setting mailBodyWindowDays). */
  bodyWindowDays?: () => number;
  /** How often a full pass looks at every folder, beyond what IDLE reports on the Inbox (one STATUS-LIST when nothing changed). */
  pollMs?: number;
  /** New messages in a folder from which the bulk header fetch is used (tests set 1 to exercise it). */
  bulkMin?: number;
  /** A probe of the connection that fetches bodies unanswered this long replaces it (default 10 s; tests shorten it). */
  stallMs?: number;
  /** Tests: the search index worker's script and pacing. */
  indexWorker?: Pick<WorkerIndexerOptions, 'entry' | 'tuning'>;
  /** Settings' start of the working day (HH:mm): "tomorrow" and "next week" follow-ups are due then. */
  workDayStart?: () => string;
  /** The organization's zone, in which follow-up dates are read. */
  zone?: Zone;
}

const DEFAULT_POLL_MS = 5 * 60_000;
const BADGE_DELAY_MS = 500;
/**
 * What a previous session left half-indexed is caught up this long after the
 * start: the worker's start (a thread, its libraries, a second connection to
 * the cache) would otherwise compete for the CPU with the first screen. A
 * write before then (sync, an opened body) starts it at once.
 */
export const CATCH_UP_AFTER_MS = 3000;

export function createMailFeature(ctx: AccountContext, opts: MailFeatureOptions = {}): MailFeature {
  const log = ctx.log.child('mail');
  const now = () => ctx.platform.clock.now();
  const store = new MailStore(ctx.db, now);
  // The index is built on a worker thread with its own connection, off the
  // loop that answers the UI; an in-memory cache (unit tests) has no file a
  // second connection could open, and is indexed here in short slices.
  const indexer: SearchIndexer =
    ctx.db.memory || ctx.db.name === ''
      ? new MailIndexer(store, (err) => log.log('error', 'search indexing failed', { err: String(err) }))
      : new WorkerIndexer({
          db: ctx.db,
          log,
          clock: ctx.platform.clock,
          // mail.status carries the index's health: the renderer refetches it on this.
          onHealth: () => changed(['status']),
          ...opts.indexWorker,
        });
  const search = new MailSearch(store);
  const outbox = new MailOutbox(ctx.db, store, now);
  const actions = new MailActions(ctx.db, store, outbox);
  const followUps = new MailFollowUps(ctx.db, store, actions);
  const zone = opts.zone ?? ianaZone(DEFAULT_ZONE) ?? utcZone;
  const workDayStart = opts.workDayStart ?? (() => '07:30');
  const endpoints = ctx.organization.mail ?? null;
  const conn: MailConnection | null = endpoints ? { endpoints, user: ctx.email, tokens: ctx.tokens, log } : null;
  const client = conn ? new MailClient(conn, { clock: ctx.platform.clock, ...(opts.stallMs !== undefined ? { stallMs: opts.stallMs } : {}) }) : null;
  // The icon's badge: unread mail in the Inbox, recounted shortly after the
  // cache changes (one count for a burst of changes), set only when it differs.
  let badge = -1;
  let cancelBadge: (() => void) | null = null;
  // After stop() the sync may still report a change while it winds down, and
  // the account's database closes right after: no timer may outlive it.
  let stopped = false;
  const updateBadge = () => {
    cancelBadge = null;
    if (stopped || !ctx.db.open) return;
    try {
      const inbox = store.folderBySpecialUse('inbox');
      const n = inbox ? store.unreadCount(inbox.id) : 0;
      if (n === badge) return;
      badge = n;
      ctx.platform.setBadge(n);
    } catch (err) {
      // A timer's exception would take the whole app down: the badge is not worth that.
      log.log('warn', 'badge count failed', { err: String(err) });
    }
  };
  const scheduleBadge = () => {
    if (stopped) return;
    cancelBadge ??= ctx.platform.clock.setTimer(BADGE_DELAY_MS, updateBadge);
  };
  const changed = (ids: string[]) => {
    ctx.bus.emit('changed', { topic: 'mail', ids });
    scheduleBadge();
  };

  let progress: SyncProgress | null = null;
  let replaying: Promise<void> | null = null;
  let replayAgain = false;
  // The feature's place in the sync scheduler while it runs (start to stop).
  let job: SyncJobHandle | null = null;
  let cancelCatchUp: (() => void) | null = null;

  /**
   * Sends what waits, in order. Rejects with the passing failure (network,
   * token) that stopped it: the scheduler then knows the server does not
   * answer and when to try again.
   */
  const replay = (): Promise<void> => {
    if (!client) return Promise.resolve();
    if (replaying) {
      replayAgain = true;
      return replaying;
    }
    replaying = (async () => {
      do {
        replayAgain = false;
        if (outbox.pendingCount() === 0) break;
        // Each entry as it goes on the wire: only then does the UI say "sending".
        const r = await outbox.replay(client, () => changed(['outbox']));
        if (r.done + r.refused > 0) changed(['outbox']);
        // What the server now holds (a copy in Sent, a message moved) comes back by a pass;
        // unchanged folders cost one STATUS each. A refused entry may have changed some of it
        // too (a send taken for only some of its recipients is in Sent).
        if (r.done + r.refused > 0) {
          if (job) job.pushed();
          else sync?.request();
        }
        if (r.blocked) {
          changed(['outbox']);
          log.log('info', 'outbox waits', { detail: r.blocked instanceof Error ? r.blocked.message : String(r.blocked) });
          throw r.blocked;
        }
      } while (replayAgain);
    })().finally(() => {
      replaying = null;
    });
    return replaying;
  };
  /** A local write was queued: the scheduler sends it at once, or says it waits. */
  const queued = () => {
    changed(['outbox']);
    job?.queued();
  };

  const sync = conn
    ? new MailSync({
        store,
        indexer,
        // IDLE is broken and restarted every 2 minutes, so the server answers at
        // least that often; 3 minutes of silence then means a dead connection
        // (a server or NAT that dropped it without a word): imapflow closes
        // it and the sync connects again.
        open: () => openImap(conn, 'sync', { autoIdleDelay: 1000, maxIdleTime: 2 * 60_000, socketTimeout: 3 * 60_000 }),
        openBulk: (path) => openBulk(conn, path, ctx.platform.clock),
        ...(opts.bulkMin !== undefined ? { bulkMin: opts.bulkMin } : {}),
        log,
        clock: ctx.platform.clock,
        bodyWindowDays: opts.bodyWindowDays ?? (() => 30),
        onChange: changed,
        onProgress: (p) => {
          progress = p.done < p.total ? p : null;
        },
        onNewMail: (messages) => {
          const first = messages[0];
          if (!first) return;
          const who = first.from[0]?.name || first.from[0]?.address || '';
          ctx.platform.notify({
            title: messages.length === 1 ? who : `${messages.length} ✉`,
            body: messages.length === 1 ? first.subject : messages.map((m) => m.subject).slice(0, 3).join('\n'),
            tag: `mail:${ctx.id}`,
          });
        },
        onState: () => changed(['status']),
        outcome: (failure) => job?.report(failure),
      })
    : null;

  const need = (): MailClient => {
    if (!client) throw new AppError('mail.not_configured');
    return client;
  };
  /** A request to the server on the user's behalf: a network failure is `mail.offline`. */
  const online = async <T>(request: (c: MailClient) => Promise<T>): Promise<T> => {
    const c = need();
    try {
      return await request(c);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('mail.offline', err instanceof Error ? err.message : String(err));
    }
  };

  /** Where a cached message is on the server; a local placeholder has no place yet. */
  const locate = (id: number) => {
    const loc = store.location(id);
    if (!loc || loc.uid < 0) throw new AppError('mail.not_found', `message ${id}`);
    return loc;
  };
  /** The server said (after a NOOP, by UID SEARCH) that it no longer has the message: the cache follows. */
  const gone = (loc: { folderId: number; folderPath: string; uid: number }): never => {
    store.removeUids(loc.folderId, [loc.uid]);
    changed([String(loc.folderId)]);
    throw new AppError('mail.not_found', `uid ${loc.uid} gone from ${loc.folderPath} (confirmed by UID SEARCH)`);
  };

  /** The full source of a cached message, from the server (the cache keeps parsed bodies, not sources). */
  const sourceOf = async (id: number): Promise<Buffer> => {
    const loc = locate(id);
    const source = await online((c) => c.fetchSource(loc.folderPath, loc.uid));
    return source ?? gone(loc);
  };

  /**
   * A message's body from the server by its structure: BODYSTRUCTURE, then
   * its text parts (and the images its HTML shows) by section. Files stay on
   * the server until asked for (mail.attachment).
   */
  const fetchBody = async (id: number) => {
    const loc = locate(id);
    const s = await online((c) => c.fetchStructure(loc.folderPath, loc.uid));
    if (s.gone) return gone(loc);
    const plan = planOf(s.structure);
    const parts = await online((c) => c.fetchParts(loc.folderPath, loc.uid, partsToFetch(plan).map((p) => p.part)));
    return (await bodyFromParts(plan, parts)) ?? parseBody(await sourceOf(id));
  };

  /** One file of a message, fetched alone by its part number (older cache rows: from the whole source). */
  const attachmentOf = async (id: number, index: number) => {
    const row = store.attachmentRow(id, index);
    if (row?.part) {
      const loc = locate(id);
      const part = row.part;
      const got = await online((c) => c.fetchParts(loc.folderPath, loc.uid, [`${part}.mime`, part]));
      const bytes = got.get(part.toLowerCase());
      if (!bytes) throw new AppError('mail.open_failed', `message ${id}: part ${part} came back empty`);
      const mime = got.get(`${part}.mime`.toLowerCase())?.toString('latin1') ?? '';
      const encoding = /^content-transfer-encoding:\s*([\w-]+)/im.exec(mime)?.[1]?.toLowerCase() ?? '7bit';
      return { filename: row.filename, contentType: row.contentType, content: decodeBytes({ encoding }, bytes) };
    }
    const files = await parseAttachments(await sourceOf(id));
    const f = files[index];
    if (!f) throw new AppError('mail.not_found', `message ${id} has no attachment ${index}`);
    return f;
  };

  /**
   * A send or draft: the original's files come along when forwarding. An edit
   * of a refused send (`thread`) answers what that one answered.
   */
  const composeFrom = async (p: ComposeParams, thread: { messageId: string; references: string[] } | null = null, draft = false) => {
    const original = p.inReplyTo !== undefined ? store.view(p.inReplyTo) : null;
    const forwarded = p.forwardOf !== undefined ? await parseAttachments(await sourceOf(p.forwardOf)) : [];
    const withFiles: ComposeParams = {
      ...p,
      attachments: [
        ...p.attachments,
        ...forwarded.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString('base64') })),
      ],
    };
    const replyTo = original ? { messageId: original.messageId, references: original.references } : thread;
    const fromFiles = await filesAttachments(opts.files?.() ?? null, p.fromFiles ?? []).catch((err: unknown) => {
      // A draft keeps what the user wrote even when a file from Files cannot be read now (offline, too large):
      // it is saved without that file, which Compose still lists and the send attaches (or refuses, saying why).
      if (draft && err instanceof AppError) {
        log.log('info', 'a draft is saved without its files from Files', { code: err.code });
        return [];
      }
      throw err;
    });
    const c = await compose({ name: ctx.name, address: ctx.email }, withFiles, replyTo, now(), fromFiles);
    return { c, original };
  };

  /**
   * The conversation of the refused send a draft is an edit of; the entry
   * itself stays as it is. An entry resolved meanwhile (sent, discarded) only
   * costs the draft its In-Reply-To: the user's text is saved all the same.
   */
  const editThread = async (id: string) => {
    try {
      return threadOf(await queuedContent(outbox.refusedSend(id)));
    } catch (err) {
      if (err instanceof AppError && err.code.startsWith('mail.outbox_')) return null;
      throw err;
    }
  };

  const folderOf = (folderId: number) => {
    const f = store.folderById(folderId);
    if (!f) throw new AppError('mail.folder_not_found', `folder ${folderId}`);
    return f;
  };

  const handlers: MailHandlers = {
    'mail.folders': () => store.folders(),
    'mail.status': (): MailStatus => {
      const s = sync?.status;
      return {
        connection: s ? connectionOf(job?.service().state ?? null, s.state) : 'not_configured',
        syncing: s?.syncing ?? false,
        lastSyncAt: s?.lastSyncAt ?? null,
        error: s?.error ?? null,
        progress,
        outboxPending: outbox.pendingCount(),
        searchIndex: indexer.health(),
      };
    },
    'mail.refresh': () => {
      // The user asked: now, even if the scheduler was waiting before its next attempt.
      job?.runNow().catch(() => undefined);
      return { requested: true as const };
    },
    'mail.list': ({ folderId, after, limit }) => {
      folderOf(folderId);
      return store.page(folderId, after, limit);
    },
    'mail.threads': ({ folderId, after, limit }) => {
      folderOf(folderId);
      return store.threadPage(folderId, after, limit);
    },
    'mail.open': async ({ id }) => {
      const view = store.view(id);
      if (!view) throw new AppError('mail.not_found', `message ${id}`);
      if (view.bodyCached || view.uid < 0) return view;
      store.saveBody(id, await fetchBody(id));
      indexer.kick();
      return store.view(id) ?? view;
    },
    'mail.search': ({ query, folderId, limit }) => search.search(query, { limit, ...(folderId !== undefined ? { folderId } : {}) }),
    'mail.searchServer': async ({ query, folderId, limit }) => {
      const f = folderOf(folderId);
      const r = await online((c) => c.searchText(f.path, query, limit, (uid) => store.idByUid(f.id, uid) !== null));
      // What the server found and the cache lacked is kept: it is mail like any other now.
      if (r.missing.length > 0) {
        store.upsertHeaders(f.id, r.missing.map(headerRecord));
        indexer.kick();
        changed([String(f.id)]);
      }
      const ids = r.uids.map((u) => store.idByUid(f.id, u)).filter((id): id is number => id !== null);
      return store.summaries(ids);
    },
    'mail.thread': ({ threadKey }) => store.thread(threadKey),
    'mail.attachment': async ({ id, index }) => {
      const f = await attachmentOf(id, index);
      return { filename: f.filename, contentType: f.contentType, contentBase64: f.content.toString('base64') };
    },
    'mail.addresses': ({ prefix, limit }) => store.knownAddresses(prefix, limit),
    'mail.setFlags': ({ ids, add, remove }) => {
      actions.setFlags(ids, add, remove);
      changed(ids.map(String));
      job?.queued();
      return { queued: true as const };
    },
    'mail.followUpPresets': () => followUpPresets(zone, now(), workDayStart()),
    'mail.setFollowUp': ({ ids, due }) => {
      let dueAt: number;
      if ('preset' in due) {
        const at = followUpPresets(zone, now(), workDayStart())[due.preset];
        // A preset that passed while the menu was open (16:00 went by): the user chooses again.
        if (at === null) throw new AppError('mail.follow_up_past', `preset ${due.preset}`);
        dueAt = at;
      } else dueAt = wallToMs(zone, due.date, due.time);
      followUps.set(ids, dueAt);
      changed(ids.map(String));
      job?.queued();
      return { dueAt };
    },
    'mail.endFollowUp': ({ ids, how }) => {
      followUps.end(ids, how);
      changed(ids.map(String));
      job?.queued();
      return { queued: true as const };
    },
    'mail.move': ({ ids, folderId }) => {
      folderOf(folderId);
      actions.move(ids, folderId);
      changed(['folders', ...ids.map(String)]);
      job?.queued();
      return { queued: true as const };
    },
    'mail.delete': ({ ids }) => {
      actions.delete(ids);
      changed(['folders', ...ids.map(String)]);
      job?.queued();
      return { queued: true as const };
    },
    'mail.send': async (p) => {
      // Checked now for a clear error before composing, and again in queueSend's transaction.
      const edited = p.editOf !== undefined ? outbox.refusedSend(p.editOf) : null;
      const { c, original } = await composeFrom(p, edited ? threadOf(await queuedContent(edited)) : null);
      actions.queueSend(c, p.subject, edited ? edited.action.answers : (original?.id ?? null), p.draftId ?? null, edited?.id ?? null);
      queued();
      return { messageId: c.messageId };
    },
    'mail.saveDraft': async (p) => {
      const { c } = await composeFrom(p, p.editOf !== undefined ? await editThread(p.editOf) : null, true);
      actions.queueDraft(c, p.subject, p.draftId ?? null);
      queued();
      return { messageId: c.messageId };
    },
    'mail.inlinePart': ({ id, contentId }) => {
      const part = store.inlinePart(id, contentId);
      if (!part) throw new AppError('mail.not_found', `message ${id} has no cached part ${contentId}`);
      return { contentType: part.contentType, contentBase64: part.content.toString('base64') };
    },
    'mail.remoteSender': ({ address }) => ({ allowed: store.remoteAllowed(address) }),
    'mail.setRemoteSender': ({ address, allowed }) => {
      store.setRemoteAllowed(address, allowed);
      changed([]);
      return { allowed };
    },
    'mail.remoteContent': async ({ id, url }) => {
      const view = store.view(id);
      if (!view) throw new AppError('mail.not_found', `message ${id}`);
      // Only what this message names: the call is no general-purpose fetcher for the renderer.
      if (!view.html || !htmlNames(view.html, url)) throw new AppError('call.forbidden', `message ${id} does not name ${url}`);
      return fetchRemoteImage(url);
    },
    'mail.outbox': () => outbox.list(),
    'mail.outboxDiscard': ({ id }) => {
      const discarded = outbox.discard(id);
      if (discarded) {
        changed(['outbox', 'folders']);
        job?.pushed();
      }
      return { discarded };
    },
    'mail.outboxOpen': async ({ id }) => queuedContent(outbox.refusedSend(id)),
    'mail.outboxRetry': ({ id }) => {
      outbox.retry(id);
      queued();
      return { queued: true as const };
    },
  };

  return {
    handlers,
    start() {
      cancelCatchUp = ctx.platform.clock.setTimer(CATCH_UP_AFTER_MS, () => {
        cancelCatchUp = null;
        if (!stopped) indexer.kick();
      });
      updateBadge();
      if (!sync || !conn) return;
      sync.start();
      const { imap, smtp } = conn.endpoints;
      job = ctx.sync.register({
        id: 'mail',
        service: 'mail',
        intervalMs: opts.pollMs ?? DEFAULT_POLL_MS,
        pull: () => sync.syncNow(),
        outbox: { pending: () => outbox.pendingCount(), flush: replay },
        endpoints: () => [imap, smtp].map((e) => ({ host: e.host, port: e.port })),
      });
    },
    async stop() {
      stopped = true;
      job?.unregister();
      job = null;
      cancelBadge?.();
      cancelBadge = null;
      cancelCatchUp?.();
      cancelCatchUp = null;
      // Nobody signed in: no count on the icon.
      if (badge > 0) ctx.platform.setBadge(0);
      badge = -1;
      // The worker is told first (it closes its own connection to the cache);
      // it ends while sync logs out.
      const indexStopped = indexer.stop();
      await sync?.stop();
      await replaying?.catch(() => undefined);
      await client?.close();
      await indexStopped;
    },
    parts: { store, sync, indexer, outbox, client },
    flushOutbox: () => replay().catch(() => undefined),
  };
}

/**
 * What the Mail section says about the connection: the scheduler's view of
 * the service (from every outcome: sync, sends, the IDLE connection), with
 * the sync connection's own "connecting" while it signs in.
 */
function connectionOf(service: Reachability | null, own: MailConnectionState): MailStatus['connection'] {
  if (service === 'signed_out') return 'signed_out';
  if (service === 'offline' || service === 'error') return 'offline';
  // Not tried through the scheduler yet (or run without it: tests): the connection's own word.
  return own;
}

/**
 * The mail.* entries of the core's handler table: each answers with the
 * signed-in account's feature, or auth.required when nobody is signed in.
 */
export function mailHandlers(current: () => MailFeature | null): MailHandlers {
  const names = Object.keys(placeholderNames) as MailCallName[];
  const out = {} as Record<MailCallName, (params: never) => unknown>;
  for (const name of names) {
    out[name] = (params: never) => {
      const f = current();
      if (!f) throw new AppError('auth.required', `${name} needs a signed-in account`);
      return (f.handlers[name] as (p: never) => unknown)(params);
    };
  }
  return out as unknown as MailHandlers;
}

/** Every mail call, listed once so mailHandlers() cannot miss one (a missing key is a compile error). */
const placeholderNames: Record<MailCallName, true> = {
  'mail.folders': true,
  'mail.status': true,
  'mail.refresh': true,
  'mail.list': true,
  'mail.threads': true,
  'mail.open': true,
  'mail.search': true,
  'mail.searchServer': true,
  'mail.thread': true,
  'mail.attachment': true,
  'mail.addresses': true,
  'mail.setFlags': true,
  'mail.move': true,
  'mail.followUpPresets': true,
  'mail.setFollowUp': true,
  'mail.endFollowUp': true,
  'mail.delete': true,
  'mail.send': true,
  'mail.saveDraft': true,
  'mail.outbox': true,
  'mail.outboxRetry': true,
  'mail.outboxDiscard': true,
  'mail.outboxOpen': true,
  'mail.inlinePart': true,
  'mail.remoteSender': true,
  'mail.setRemoteSender': true,
  'mail.remoteContent': true,
};
