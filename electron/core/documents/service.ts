// The documents.* calls of shared/api, and the feature's life cycle for one
// signed-in account. Reads answer from the cache only (ARCHITECTURE rule 3);
// an action changes the cache and enters the outbox in one transaction, then
// asks the one sync scheduler to send it soon.
import { randomUUID } from 'node:crypto';
import type {
  DocAction,
  DocDirectory,
  DocFacets,
  DocFile,
  DocOutboxEntry,
  DocPage,
  DocRelated,
  DocSearchResult,
  DocSummary,
  DocView,
  DocumentsOverview,
} from '../../../shared/documents';
import { SOON_DAYS } from '../../../shared/documents';
import type { CallName, ParsedParams } from '../../../shared/api';
import type { AccountContext } from '../account';
import { AppError } from '../errors';
import type { Handlers } from '../rpc';
import { urlEndpoint } from '../sync/probe';
import type { PullOutcome, SyncJobHandle } from '../sync/scheduler';
import type { ApiDocument } from './api';
import { actionsFor, dueMark } from './boxes';
import { DocumentCache } from './cache';
import { DocumentsClient } from './client';
import { dueSource, type DocumentDueSource } from './due';
import { DocumentOutbox, type OutboxEntry } from './outbox';
import { PdfTextExtractor } from './pdf-text';
import { previewPackage } from './import';
import { DocumentSearch } from './search';
import { codeOf, DocumentStore, type ListRow } from './store';
import { DocumentSync } from './sync';

export type DocumentsCallName = Extract<CallName, `documents.${string}`>;
export type DocumentsHandlers = Pick<Handlers, DocumentsCallName>;

const DEFAULT_INTERVAL_MS = 60_000;
/**
 * While the feed keeps saying nothing changed, the poll slows to this
 * (sync/README.md, cost when idle): new documents to process arrive within
 * two minutes, and a change found brings the minute back.
 */
const DEFAULT_IDLE_INTERVAL_MS = 2 * 60_000;
/** Attachment bytes kept for offline reading unless told otherwise. */
export const DEFAULT_KEEP_LIMIT_BYTES = 500 * 1024 * 1024;

export interface DocumentsServiceDeps {
  cache: DocumentCache;
  search: DocumentSearch;
  sync: DocumentSync | null;
  now: () => number;
  user: { email: string; name: string };
  kick: () => void;
  refresh: () => void;
  emitChanged: (ids: string[]) => void;
}

export class DocumentsService {
  private readonly store: DocumentStore;
  private readonly outbox: DocumentOutbox;

  constructor(private readonly d: DocumentsServiceDeps) {
    this.store = d.cache.store;
    this.outbox = d.cache.outbox;
  }

  handlers(): DocumentsHandlers {
    return {
      'documents.overview': () => this.overview(),
      'documents.list': (p) => this.list(p),
      'documents.facets': (p) => this.facets(p.box),
      'documents.open': (p) => this.open(p.id, true),
      'documents.act': (p) => this.act(p.id, p.action),
      'documents.search': (p) => this.search(p.query, p.box, p.limit),
      'documents.file': (p) => this.file(p.documentId, p.attachmentId),
      'documents.exportPackage': (p) => this.exportPackage(p.id),
      'documents.directory': () => this.directory(),
      'documents.outbox': () => this.outboxEntries(),
      'documents.outboxRetry': (p) => this.retry(p.id),
      'documents.outboxChange': (p) => this.retry(p.id, p.action),
      'documents.outboxDrop': (p) => this.drop(p.id),
      'documents.readPackage': (p) => previewPackage(p.name, new Uint8Array(Buffer.from(p.dataBase64, 'base64'))),
      'documents.refresh': () => {
        this.d.refresh();
        return { requested: true as const };
      },
    };
  }

  overview(): DocumentsOverview {
    const me = this.d.cache.me();
    const synced = this.store.meta('synced_at');
    return {
      me: me ? { username: me.username, name: me.name, role: me.role, unitId: me.unitId, unitName: me.unitName } : null,
      boxes: this.store.counts(),
      lastSyncAt: synced ? Number(synced) : null,
      waiting: this.outbox.pendingCount(),
      refused: this.outbox.refusedCount(),
    };
  }

  private summaries(rows: ListRow[]): DocSummary[] {
    const { pending, refused } = this.outbox.documentsWith();
    const now = this.d.now();
    return rows.map((r) => ({
      id: r.id,
      direction: r.direction as DocSummary['direction'],
      state: r.state as DocSummary['state'],
      code: r.code,
      subject: r.subject,
      issuer: r.issuer,
      typeName: r.type_name,
      date: r.day,
      deadline: r.deadline,
      due: dueMark(r.deadline, r.state, now),
      urgency: r.urgency as DocSummary['urgency'],
      confidentiality: r.confidentiality as DocSummary['confidentiality'],
      unread: r.unread === 1,
      pending: pending.has(r.id),
      refused: refused.has(r.id),
      attachments: r.attachments,
    }));
  }

  list(p: ParsedParams<'documents.list'>): DocPage {
    const after = p.after;
    if (after !== null) {
      try {
        const k: unknown = JSON.parse(after);
        if (!Array.isArray(k) || !k.every((x) => typeof x === 'string' || typeof x === 'number')) throw new Error('not a key');
      } catch {
        throw new AppError('call.invalid_params', 'after: not a page key of documents.list');
      }
    }
    // "Due soon" is "due" on a day SOON_DAYS ahead: the same index range, further on.
    const soon = p.filter.due === 'soon';
    const filter = soon ? { ...p.filter, due: 'due' as const } : p.filter;
    const today = this.store.today(this.d.now() + (soon ? SOON_DAYS * 86_400_000 : 0));
    const page = this.store.list({ box: p.box, sort: p.sort, filter, after, limit: p.limit, today });
    return { items: this.summaries(page.rows), next: page.next, total: page.total };
  }

  facets(box: Parameters<DocumentStore['facets']>[0]): DocFacets {
    return this.store.facets(box);
  }

  open(id: string, markRead: boolean): DocView {
    const row = this.store.get(id);
    if (!row) throw new AppError('documents.not_found', `document ${id} is not in the cache`);
    if (markRead && row.unread === 1 && this.store.markRead(id)) this.d.emitChanged([id]);
    const doc = DocumentStore.viewOf(row);
    const server = JSON.parse(row.server) as ApiDocument;
    const me = this.d.cache.me();
    const [summary] = this.summaries([{ ...row, unread: markRead ? 0 : row.unread }]);
    const kept = this.store.keptFiles(id);
    const pendingIds = new Set(this.outbox.pendingFor(id).map((e) => e.id));
    const isLocal = (x: string) => x.startsWith('local:') && pendingIds.has(x.split(':')[1] ?? '');
    const serverSeqs = new Set(server.trace.map((t) => t.seq));
    return {
      ...summary!,
      version: doc.version,
      origin: doc.origin,
      documentId: doc.documentId,
      number: doc.number,
      notation: doc.notation,
      typeCode: doc.typeCode,
      content: doc.content,
      issuerOrganId: doc.issuer.organId,
      promulgationDate: doc.promulgationDate,
      place: doc.place,
      signer: doc.signer,
      dueDate: doc.dueDate,
      arrivedAt: doc.arrivedAt,
      registration: doc.registration,
      issue: doc.issue,
      submittedTo: doc.submittedTo,
      reviewer: doc.reviewer,
      drafter: doc.drafter,
      recipients: doc.recipients,
      files: doc.attachments.map((a) => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size, kept: kept.has(a.id) })),
      hasPackage: doc.hasPackage,
      packageWarnings: doc.packageWarnings,
      assignments: doc.assignments,
      opinions: doc.opinions.map((o) => (isLocal(o.id) ? { ...o, pending: true } : o)),
      trace: doc.trace.map((t) => (serverSeqs.has(t.seq) ? t : { ...t, pending: true })),
      statuses: doc.statuses,
      related: this.related(doc),
      actions: me ? actionsFor(doc, me) : [],
      conflicts: this.outbox.refusedFor(id).map((e) => this.entryView(e)),
    };
  }

  private related(doc: ApiDocument): DocRelated[] {
    const out: DocRelated[] = [];
    const add = (id: string, relation: DocRelated['relation']) => {
      const r = this.store.get(id);
      if (r) out.push({ id, relation, code: r.code, subject: r.subject });
    };
    if (doc.sourceDocument) add(doc.sourceDocument, 'source');
    for (const d of doc.duplicateOf) add(d.id, 'duplicate');
    for (const id of this.store.replyIds(doc.id)) add(id, 'reply');
    return out;
  }

  act(id: string, action: DocAction): DocView {
    const me = this.d.cache.me();
    if (!me) throw new AppError('documents.unreachable', 'the document system has not said who you are yet: connect once first');
    const server = this.store.server(id);
    if (!server) throw new AppError('documents.not_found', `document ${id} is not in the cache`);
    const actionId = randomUUID();
    this.store.transaction(() => {
      this.outbox.enqueue(actionId, {
        documentId: id,
        action,
        baseVersion: server.version,
        at: new Date(this.d.now()).toISOString(),
        actor: { username: me.username, name: me.name },
      });
      this.d.cache.rebuild(id);
    });
    this.d.emitChanged([id]);
    this.d.kick();
    return this.open(id, false);
  }

  search(query: string, box: Parameters<DocumentSearch['search']>[1], limit: number): DocSearchResult {
    return this.d.search.search(query, box, limit, (rows) => this.summaries(rows));
  }

  async file(documentId: string, attachmentId: string): Promise<DocFile> {
    const doc = this.store.view(documentId);
    const att = doc?.attachments.find((a) => a.id === attachmentId);
    if (!doc || !att) throw new AppError('documents.not_found', `no attachment ${attachmentId} of ${documentId} in the cache`);
    let f = this.store.file(documentId, attachmentId);
    if (!f) {
      if (!this.d.sync) throw new AppError('documents.not_configured', 'organization has no document system');
      this.d.sync.evict(att.size);
      if (!(await this.d.sync.fetchFile(documentId, attachmentId))) throw new AppError('documents.not_found', 'the file is no longer on the server');
      f = this.store.file(documentId, attachmentId);
      if (!f) throw new AppError('documents.not_found', 'the document left your view while its file was fetched');
      this.d.emitChanged([documentId]);
    }
    return { name: att.name, contentType: f.content_type, size: f.size, dataBase64: f.data.toString('base64') };
  }

  async exportPackage(id: string): Promise<DocFile> {
    const doc = this.store.view(id);
    if (!doc) throw new AppError('documents.not_found', `document ${id} is not in the cache`);
    if (!doc.hasPackage) throw new AppError('documents.not_found', 'this document came without an edXML package');
    if (!this.d.sync) throw new AppError('documents.not_configured', 'organization has no document system');
    const data = await this.d.sync.originalPackage(id);
    const base = (codeOf(doc) || doc.id).replace(/[\\/:*?"<>|\s]+/g, '-');
    return { name: `${base}.edxml`, contentType: 'application/xml', size: data.length, dataBase64: data.toString('base64') };
  }

  directory(): DocDirectory {
    return this.d.cache.directory();
  }

  private entryView(e: OutboxEntry): DocOutboxEntry {
    const row = this.store.get(e.payload.documentId);
    return {
      id: e.id,
      documentId: e.payload.documentId,
      code: row?.code ?? '',
      subject: row?.subject ?? '',
      action: e.payload.action,
      state: e.state,
      error: e.state === 'refused' ? { code: e.errorCode ?? 'documents.conflict', message: e.errorDetail ?? '' } : null,
      currentState: e.state === 'refused' ? (this.store.server(e.payload.documentId)?.state ?? null) : null,
      createdAt: e.createdAt,
    };
  }

  outboxEntries(): DocOutboxEntry[] {
    return this.outbox.entries().map((e) => this.entryView(e));
  }

  retry(id: string, action?: DocAction): { queued: true } {
    const e = this.outbox.get(id);
    if (!e) throw new AppError('documents.not_found', `no waiting action ${id}`);
    const server = this.store.server(e.payload.documentId);
    if (!server) {
      this.outbox.drop(id);
      throw new AppError('documents.not_found', 'the document left your view: the action was dropped');
    }
    this.store.transaction(() => {
      this.outbox.requeue(id, server.version, action);
      this.d.cache.rebuild(server.id);
    });
    this.d.emitChanged([server.id]);
    this.d.kick();
    return { queued: true };
  }

  drop(id: string): { dropped: boolean } {
    const e = this.outbox.get(id);
    if (!e) return { dropped: false };
    const dropped = this.store.transaction(() => {
      const ok = this.outbox.drop(id);
      this.d.cache.rebuild(e.payload.documentId);
      return ok;
    });
    this.d.emitChanged([e.payload.documentId]);
    return { dropped };
  }
}

export interface DocumentsFeatureOptions {
  fetch?: typeof fetch;
  intervalMs?: number;
  keepLimitBytes?: () => number;
}

export interface DocumentsFeature {
  handlers: DocumentsHandlers;
  cache: DocumentCache;
  sync: DocumentSync | null;
  /** What is due when: the reminder engine's source (issue 17). */
  due: DocumentDueSource;
  /** Outbox and pull now, through the scheduler. */
  syncNow(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createDocumentsFeature(ctx: AccountContext, opts: DocumentsFeatureOptions = {}): DocumentsFeature {
  const config = ctx.organization.documents;
  const log = ctx.log.child('documents');
  const now = ctx.platform.clock.now;
  const store = new DocumentStore(ctx.db);
  // A cache from before migration 014: its search texts, once.
  store.fillTexts();
  const outbox = new DocumentOutbox(ctx.db, now);
  outbox.recover();
  const cache = new DocumentCache(store, outbox);
  const client = config ? new DocumentsClient({ apiUrl: config.apiUrl, tokens: ctx.tokens, log, fetch: opts.fetch }) : null;
  const emitChanged = (ids: string[]) => {
    if (ids.length) ctx.bus.emit('changed', { topic: 'documents', ids: [...new Set(ids)] });
  };
  // PDF text for search, read on a worker thread once a file is kept.
  const texts = new PdfTextExtractor();
  const readText = (docId: string, attachmentId: string): void => {
    const f = store.file(docId, attachmentId);
    if (!f || store.hasFileText(docId, attachmentId)) return;
    texts.extract(new Uint8Array(f.data)).then(
      (text) => {
        if (closed) return;
        store.transaction(() => {
          store.setFileText(docId, attachmentId, text);
          const view = store.view(docId);
          if (view) store.reindex(docId, view);
        });
        emitChanged([docId]);
      },
      (err: unknown) => log.log('warn', 'PDF text not read', { docId, attachmentId, err: err instanceof Error ? err.message : String(err) }),
    );
  };
  const sync = client ? new DocumentSync(cache, client, { log, now, keepLimitBytes: opts.keepLimitBytes ?? (() => DEFAULT_KEEP_LIMIT_BYTES), onFileKept: readText }) : null;
  let stopped = true;
  let closed = false;
  let job: SyncJobHandle | null = null;

  const pull = async (): Promise<PullOutcome> => {
    if (!sync) throw new AppError('documents.not_configured', 'organization has no document system');
    const report = await sync.pull(() => closed);
    emitChanged([...report.changed, ...report.removed]);
    const kept = await sync.keepFiles(() => closed);
    if (kept) emitChanged(['files']);
    log.log('info', 'documents synced', { changed: report.changed.length, removed: report.removed.length, pages: report.pages, restarted: report.restarted, filesKept: kept });
    return { changed: report.changed.length + report.removed.length + kept > 0 };
  };
  const push = async (): Promise<void> => {
    if (!sync) return;
    emitChanged(await sync.push(() => closed));
  };
  const runSync = async (): Promise<void> => {
    if (job) return job.runNow();
    await push();
    await pull();
  };
  const service = new DocumentsService({
    cache,
    search: new DocumentSearch(store),
    sync,
    now,
    user: { email: ctx.email, name: ctx.name },
    kick: () => {
      if (!stopped) job?.queued();
    },
    refresh: () => {
      if (!stopped) job?.pushed();
    },
    emitChanged,
  });

  return {
    handlers: service.handlers(),
    cache,
    sync,
    due: dueSource(cache, now),
    syncNow: runSync,
    start() {
      if (!sync || !config) return;
      stopped = false;
      job = ctx.sync.register({
        id: 'documents',
        service: 'documents',
        intervalMs: opts.intervalMs ?? DEFAULT_INTERVAL_MS,
        // A test's own interval stays as it is.
        ...(opts.intervalMs === undefined ? { idleIntervalMs: DEFAULT_IDLE_INTERVAL_MS } : {}),
        pull,
        outbox: { pending: () => outbox.pendingCount(), flush: push },
        endpoints: () => [urlEndpoint(config.apiUrl)],
      });
    },
    stop() {
      stopped = true;
      closed = true;
      texts.close();
      job?.unregister();
      job = null;
    },
  };
}

const CALL_NAMES: readonly DocumentsCallName[] = [
  'documents.overview',
  'documents.list',
  'documents.facets',
  'documents.open',
  'documents.act',
  'documents.search',
  'documents.file',
  'documents.exportPackage',
  'documents.directory',
  'documents.outbox',
  'documents.outboxRetry',
  'documents.outboxChange',
  'documents.outboxDrop',
  'documents.refresh',
  'documents.readPackage',
];

/** The documents calls for the composition root: each goes to the signed-in account's feature. */
export function documentsHandlers(current: () => DocumentsFeature | null): DocumentsHandlers {
  const out: Partial<Record<DocumentsCallName, (params: never) => unknown>> = {};
  for (const name of CALL_NAMES) {
    out[name] = (params: never) => {
      const feature = current();
      if (!feature) throw new AppError('auth.required', `${name} needs a signed-in account`);
      return (feature.handlers[name] as (p: never) => unknown)(params);
    };
  }
  return out as DocumentsHandlers;
}

