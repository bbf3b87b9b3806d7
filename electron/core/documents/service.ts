// The documents.* calls of shared/api, and the feature's life cycle for one
// signed-in account. Reads answer from the cache only (ARCHITECTURE rule 3);
// an action changes the cache and enters the outbox in one transaction, then
// asks the one sync scheduler to send it soon.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type {
  DocAction,
  DocDirectory,
  DocFacets,
  DocFile,
  DocOfflineUse,
  DocOpenedFile,
  DocOutboxEntry,
  DocPage,
  DocRelated,
  DocSearchResult,
  DocSummary,
  DocView,
  DocumentsOverview,
} from '../../../shared/documents';
import { SOON_DAYS } from '../../../shared/documents';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { DEFAULT_ZONE, ianaZone, utcZone, type Zone } from '../calendar/zones';
import type { CallName, ParsedParams } from '../../../shared/api';
import type { HeldDocument, RegisterPackageResult } from '../../../shared/documents-import';
import { EDXML_IMPORT_MAX_BYTES } from '../../../shared/documents-import';
import { mkdirPrivate } from '../data-folder';
import type { AccountContext } from '../account';
import { AppError } from '../errors';
import type { Handlers } from '../rpc';
import { urlEndpoint } from '../sync/probe';
import type { PullOutcome, SyncJobHandle } from '../sync/scheduler';
import type { ApiDocument } from './api';
import { actionsFor, dueMark } from './boxes';
import { DocumentCache } from './cache';
import { DocumentsClient } from './client';
import { deadlineToday, dueSource, type DeadlineReminderSettings, type DocumentDueSource } from './due';
import { safeAttachmentName } from './edxml/names';
import { readPackage } from './edxml/read';
import { statusPackageOf } from './edxml/status-export';
import { EdxmlError } from './edxml/xml';
import { OfflineFiles } from './offline-files';
import { DocumentOutbox, importKey, type OutboxEntry } from './outbox';
import { PdfTextExtractor } from './pdf-text';
import { previewPackage } from './import';
import { documentPrintHandlers, type DocumentsPrintCallName } from './print';
import { DocumentSearch } from './search';
import { codeOf, DocumentStore, type ListRow } from './store';
import { DocumentSync } from './sync';

/** documents.exportPrintPdf prints the window: core.ts answers it beside the agency schedule's export. */
export type DocumentsCallName = Exclude<Extract<CallName, `documents.${string}`>, 'documents.exportPrintPdf'>;
export type DocumentsHandlers = Pick<Handlers, DocumentsCallName>;

const DEFAULT_INTERVAL_MS = 60_000;
/**
 * While the feed keeps saying nothing changed, the poll slows to this
 * (sync/README.md, cost when idle): new documents to process arrive within
 * two minutes, and a change found brings the minute back.
 */
const DEFAULT_IDLE_INTERVAL_MS = 2 * 60_000;
const MB = 1024 * 1024;

export interface DocumentsServiceDeps {
  cache: DocumentCache;
  search: DocumentSearch;
  sync: DocumentSync | null;
  offline: OfflineFiles;
  now: () => number;
  /** The organization's zone: a deadline is due or overdue by its calendar day there. */
  zone: Zone;
  user: { email: string; name: string };
  kick: () => void;
  refresh: () => void;
  emitChanged: (ids: string[]) => void;
  /** The account's folder for attachments handed to the system's application. */
  openedDir: string;
  /** Platform.openPath: the system's application for the file's type. */
  openPath: (path: string) => Promise<void>;
}

export class DocumentsService {
  private readonly store: DocumentStore;
  private readonly outbox: DocumentOutbox;

  constructor(private readonly d: DocumentsServiceDeps) {
    this.store = d.cache.store;
    this.outbox = d.cache.outbox;
  }

  handlers(): Omit<DocumentsHandlers, DocumentsPrintCallName> {
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
      'documents.registerPackage': (p) => this.registerPackage(p.name, new Uint8Array(Buffer.from(p.dataBase64, 'base64')), p.note),
      'documents.exportStatus': (p) => this.exportStatus(p.id, p.index),
      'documents.openFile': (p) => this.openFile(p.documentId, p.attachmentId),
      'documents.refresh': () => {
        this.d.refresh();
        return { requested: true as const };
      },
      'documents.offlineUse': () => this.d.offline.use(),
      'documents.freeSpace': () => this.freeSpace(),
    };
  }

  /** Files evicted (a lower limit, "Free up space now"): the documents that lost them show it. */
  private evicted(report: { documents: string[] }): void {
    this.d.emitChanged(report.documents);
  }

  freeSpace(): DocOfflineUse & { freedBytes: number } {
    const report = this.d.offline.freeAll();
    this.evicted(report);
    return { ...this.d.offline.use(), freedBytes: report.freedBytes };
  }

  /** Back within the limit after it was lowered (Settings, or a policy since the last start). */
  enforceLimit(): void {
    this.evicted(this.d.offline.makeRoom(0));
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
    const today = deadlineToday(this.d.now(), this.d.zone);
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
      due: dueMark(r.deadline, r.state, today),
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
    const today = deadlineToday(this.d.now() + (soon ? SOON_DAYS * 86_400_000 : 0), this.d.zone);
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
      // Room first, least recently opened files of other boxes going; if none may go, the file is kept anyway (it is being read) and goes next time.
      this.evicted(this.d.offline.makeRoom(att.size));
      if (!(await this.d.sync.fetchFile(documentId, attachmentId))) throw new AppError('documents.not_found', 'the file is no longer on the server');
      f = this.store.file(documentId, attachmentId);
      if (!f) throw new AppError('documents.not_found', 'the document left your view while its file was fetched');
      this.d.emitChanged([documentId]);
    }
    this.store.markFileOpened(documentId, attachmentId, this.d.now());
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

  /** A status the document system recorded for it, as an edXML status package (from the cache: offline too). */
  exportStatus(id: string, index: number): DocFile {
    const doc = this.store.view(id);
    if (!doc) throw new AppError('documents.not_found', `document ${id} is not in the cache`);
    if (index >= doc.statuses.length) throw new AppError('documents.not_found', `document ${id} has ${doc.statuses.length} statuses, not ${index + 1}`);
    const f = statusPackageOf(doc, index);
    return { name: f.name, contentType: 'application/xml', size: f.bytes.length, dataBase64: f.bytes.toString('base64') };
  }

  /**
   * An attachment for the system's application: its bytes come from the cache
   * (fetched once and kept, as for a PDF), a copy is written to the account's
   * own folder under the document's id, and the platform opens it.
   */
  async openFile(documentId: string, attachmentId: string): Promise<DocOpenedFile> {
    const file = await this.file(documentId, attachmentId);
    const name = safeAttachmentName(file.name).name;
    const dir = join(this.d.openedDir, safeAttachmentName(documentId).name, safeAttachmentName(attachmentId).name);
    mkdirPrivate(dir);
    const localPath = join(dir, name);
    writeFileSync(localPath, Buffer.from(file.dataBase64, 'base64'), { mode: 0o600 });
    try {
      await this.d.openPath(localPath);
    } catch (err) {
      throw new AppError('documents.open_failed', `${localPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { name, localPath };
  }

  /** Removed documents take their opened copies with them. */
  forgetOpened(ids: readonly string[]): void {
    for (const id of ids) rmSync(join(this.d.openedDir, safeAttachmentName(id).name), { recursive: true, force: true });
  }

  /**
   * The clerk registers a package opened from a file. It is read here with
   * the edXML reader (a package it refuses is refused at once, with its
   * reason), checked against the cache and the outbox (one package, one
   * document), then its bytes and its outbox entry are written in one
   * transaction: sent when the document system answers, refused with the
   * server's reason otherwise, never lost.
   */
  registerPackage(name: string, bytes: Uint8Array, note: string | undefined): RegisterPackageResult {
    const me = this.d.cache.me();
    if (!me) throw new AppError('documents.unreachable', 'the document system has not said who you are yet: connect once first');
    if (me.role !== 'clerk') throw new AppError('documents.forbidden', 'only the clerk (văn thư) registers a received package');
    let read;
    try {
      read = readPackage(bytes, { maxBytes: EDXML_IMPORT_MAX_BYTES });
    } catch (err) {
      if (err instanceof EdxmlError) throw new AppError('documents.invalid_package', `${err.element}: ${err.problem}: ${err.detail}`);
      throw err;
    }
    if (read.kind !== 'document') throw new AppError('documents.invalid_package', 'a status package answers a document; it is not a document to register');
    const edxml = read.document;
    if (edxml.business?.docType === '1') throw new AppError('documents.invalid_package', 'this package revokes a document (BussinessDocType 1); it is not a new document');
    const held = this.heldUnder(edxml.documentId);
    const waiting = this.outbox.importFor(edxml.documentId);
    if (held || waiting) return { kind: 'duplicate', documentId: edxml.documentId, held, waitingId: waiting?.id ?? null };
    const actionId = randomUUID();
    const importId = randomUUID();
    const code = `${edxml.code.codeNumber}/${edxml.code.codeNotation}`;
    this.store.transaction(() => {
      this.outbox.enqueueImport(
        actionId,
        {
          documentId: importKey(importId),
          action: { type: 'register', ...(note ? { note } : {}) },
          at: new Date(this.d.now()).toISOString(),
          actor: { username: me.username, name: me.name },
          import: { id: importId, name, documentId: edxml.documentId, code, subject: edxml.subject },
        },
        bytes,
      );
    });
    this.d.emitChanged([importKey(importId)]);
    this.d.kick();
    return { kind: 'queued', actionId };
  }

  private heldUnder(documentId: string): HeldDocument | null {
    const id = this.store.incomingWithDocumentId(documentId);
    const doc = id ? this.store.view(id) : null;
    if (!id || !doc) return null;
    return { id, code: codeOf(doc), subject: doc.subject, issuer: doc.issuer.name, registrationNumber: doc.registration?.number ?? null, state: doc.state };
  }

  directory(): DocDirectory {
    return this.d.cache.directory();
  }

  private entryView(e: OutboxEntry): DocOutboxEntry {
    const row = this.store.get(e.payload.documentId);
    const imp = e.payload.import;
    return {
      id: e.id,
      documentId: e.payload.documentId,
      code: row?.code ?? imp?.code ?? '',
      subject: row?.subject ?? imp?.subject ?? '',
      package: imp ? { name: imp.name } : null,
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
    if (e.payload.import) {
      // A package: sent again under a new action id; a change can only be its registration (confirm a duplicate, a note).
      if (action && action.type !== 'register') throw new AppError('call.invalid_params', 'action: a package is registered; only its registration can change');
      this.store.transaction(() => this.outbox.requeue(id, undefined, action));
      this.d.emitChanged([e.payload.documentId]);
      this.d.kick();
      return { queued: true };
    }
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
  /** The offline size limit (Settings documentsOfflineLimitMb), in bytes. */
  keepLimitBytes?: () => number;
  /** Deadline reminders' lead times and the start of work (Settings). */
  deadlines?: Partial<DeadlineReminderSettings>;
}

export interface DocumentsFeature {
  handlers: DocumentsHandlers;
  cache: DocumentCache;
  sync: DocumentSync | null;
  /** What is due when: the reminder engine's source (issue 17). */
  due: DocumentDueSource;
  /** Evicts down to the offline size limit (it was lowered). */
  enforceLimit(): void;
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
  // A cache from before migration 021: the new/urge moments of its documents to process, once.
  store.fillDue(cache.me());
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
  const offline = new OfflineFiles(cache, opts.keepLimitBytes ?? (() => DEFAULT_SETTINGS.documentsOfflineLimitMb * MB));
  const sync = client ? new DocumentSync(cache, client, { log, now, offline, onFileKept: readText }) : null;
  let stopped = true;
  let closed = false;
  let job: SyncJobHandle | null = null;
  let offSettings: (() => void) | null = null;

  const pull = async (): Promise<PullOutcome> => {
    if (!sync) throw new AppError('documents.not_configured', 'organization has no document system');
    const report = await sync.pull(() => closed);
    if (report.removed.length) service.forgetOpened(report.removed);
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
  // The organization's zone: deadlines' days in the lists and their reminders' alike.
  const zone = opts.deadlines?.zone ?? ianaZone(DEFAULT_ZONE) ?? utcZone;
  const service = new DocumentsService({
    cache,
    search: new DocumentSearch(store),
    sync,
    offline,
    now,
    zone,
    user: { email: ctx.email, name: ctx.name },
    kick: () => {
      if (!stopped) job?.queued();
    },
    refresh: () => {
      if (!stopped) job?.pushed();
    },
    emitChanged,
    openedDir: join(dirname(ctx.db.name), 'documents-opened'),
    openPath: (path) => ctx.platform.openPath(path),
  });

  return {
    handlers: { ...service.handlers(), ...documentPrintHandlers({ cache, agency: ctx.organization.name, now }) },
    cache,
    sync,
    due: dueSource(cache, {
      leadDays: opts.deadlines?.leadDays ?? (() => DEFAULT_SETTINGS.documentDeadlineLeadDays),
      workDayStart: opts.deadlines?.workDayStart ?? (() => DEFAULT_SETTINGS.workDayStart),
      zone,
    }),
    enforceLimit: () => service.enforceLimit(),
    syncNow: runSync,
    start() {
      // A limit lowered in Settings applies at once; one lowered by a policy since the last start, now.
      service.enforceLimit();
      offSettings = ctx.bus.subscribe((m) => {
        if (m.event === 'changed' && m.payload.topic === 'settings' && m.payload.ids.includes('documentsOfflineLimitMb')) service.enforceLimit();
      });
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
      offSettings?.();
      offSettings = null;
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
  'documents.registerPackage',
  'documents.exportStatus',
  'documents.openFile',
  'documents.register',
  'documents.processingReport',
  'documents.offlineUse',
  'documents.freeSpace',
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

