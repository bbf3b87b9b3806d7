// Pull and push against the document service. Pull follows the per-person
// change feed from the saved cursor (a page per transaction, the cursor saved
// with it, so an interrupted sync resumes where it stopped); a removal takes
// the document and its files out of the cache. An expired cursor starts over
// and sweeps what the new full feed no longer holds. Push replays the outbox.
// After a pull, the To process box's files are fetched for offline reading.
import { buffer } from 'node:stream/consumers';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { DocumentCache } from './cache';
import type { DocumentsClient } from './client';
import type { OfflineFiles } from './offline-files';
import type { Delivery, OutboxEntry } from './outbox';

const PAGE = 500;
const DIRECTORY_EVERY_MS = 6 * 3_600_000;

export interface PullReport {
  changed: string[];
  removed: string[];
  pages: number;
  restarted: boolean;
}

export interface DocumentSyncOptions {
  log: Logger;
  now: () => number;
  /** The size limit of kept attachments (To process first; other files go least recently opened first). */
  offline: OfflineFiles;
  /** A PDF was kept: extract its text for search (on a worker). */
  onFileKept?: (docId: string, attachmentId: string) => void;
}

export class DocumentSync {
  constructor(
    private readonly cache: DocumentCache,
    private readonly client: Pick<DocumentsClient, 'changes' | 'me' | 'directory' | 'act' | 'create' | 'attachment' | 'originalPackage'>,
    private readonly o: DocumentSyncOptions,
  ) {}

  async pull(stopped: () => boolean = () => false): Promise<PullReport> {
    const { store } = this.cache;
    const lastDir = Number(store.meta('directory_at') ?? 0);
    if (!this.cache.me() || this.o.now() - lastDir > DIRECTORY_EVERY_MS || this.cache.directoryLacksEmail()) {
      const [me, dir] = await Promise.all([this.client.me(), this.client.directory()]);
      this.cache.setDirectory(dir);
      this.cache.setMe(me);
      store.setMeta('directory_at', String(this.o.now()));
    }
    const report: PullReport = { changed: [], removed: [], pages: 0, restarted: false };
    let cursor = store.meta('cursor') ?? undefined;
    // Without a cursor the feed is everything this person may see: what it
    // does not hold any more (a cursor expired while documents were taken away) goes.
    let seen: Set<string> | null = cursor ? null : new Set();
    for (;;) {
      if (stopped()) return report;
      let page;
      try {
        page = await this.client.changes(cursor, PAGE);
      } catch (err) {
        if (err instanceof AppError && err.code === 'documents.cursor_expired' && cursor) {
          this.o.log.log('info', 'document feed cursor expired: full resync');
          cursor = undefined;
          seen = new Set();
          report.restarted = true;
          continue;
        }
        throw err;
      }
      report.pages++;
      this.cache.store.transaction(() => {
        for (const ch of page.changes) {
          if (ch.type === 'document') {
            this.cache.putServer(ch.document);
            seen?.add(ch.document.id);
            report.changed.push(ch.document.id);
          } else if (store.remove(ch.id)) {
            report.removed.push(ch.id);
          }
        }
        store.setMeta('cursor', page.cursor);
      });
      cursor = page.cursor;
      if (!page.more) break;
    }
    if (seen) {
      const gone = store.ids().filter((id) => !seen.has(id));
      this.cache.store.transaction(() => {
        for (const id of gone) if (store.remove(id)) report.removed.push(id);
      });
    }
    store.setMeta('synced_at', String(this.o.now()));
    return report;
  }

  /** Replays waiting actions in order; returns the documents whose view changed. */
  async push(stopped: () => boolean = () => false): Promise<string[]> {
    const touched: string[] = [];
    await this.cache.outbox.flush(
      { act: (id, req) => this.client.act(id, req), importPackage: (req) => this.client.create({ kind: 'package', ...req }) },
      (e: OutboxEntry, d: Delivery) => {
        touched.push(e.payload.documentId);
        if (d.document) touched.push(d.document.id);
        if (d.document) this.cache.putServer(d.document);
        else this.cache.rebuild(e.payload.documentId);
        if (d.kind === 'refused') this.o.log.log('warn', 'document action refused', { action: e.payload.action.type, id: e.id, code: d.code, message: d.message });
      },
      stopped,
    );
    return touched;
  }

  /**
   * Keeps the To process box's files for offline reading, within the limit.
   * A file that fails is tried again next pass; a network failure ends the pass.
   */
  async keepFiles(stopped: () => boolean = () => false): Promise<number> {
    const { store } = this.cache;
    let kept = 0;
    for (const want of store.toKeep()) {
      if (stopped()) break;
      if (!this.o.offline.fits(want.size)) {
        this.o.offline.makeRoom(want.size, { whole: true });
        // Too big for what may go: it waits (until the limit is raised or room is made); a smaller one may still fit.
        if (!this.o.offline.fits(want.size)) continue;
      }
      if (await this.fetchFile(want.docId, want.attachmentId)) kept++;
    }
    return kept;
  }

  /** Fetches one attachment into the cache; false when the document or file is gone. */
  async fetchFile(docId: string, attachmentId: string): Promise<boolean> {
    const { store } = this.cache;
    const have = store.file(docId, attachmentId);
    let got;
    try {
      got = await this.client.attachment(docId, attachmentId, have?.etag ?? undefined);
    } catch (err) {
      if (err instanceof AppError && err.code === 'documents.not_found') return false;
      throw err;
    }
    if (got.notModified) return true;
    const data = await buffer(got.body);
    store.putFile(docId, attachmentId, got.etag, got.contentType, data, this.o.now());
    if (/pdf/i.test(got.contentType)) this.o.onFileKept?.(docId, attachmentId);
    return true;
  }

  /** The original edXML package of a document, byte for byte. */
  async originalPackage(docId: string): Promise<Buffer> {
    const got = await this.client.originalPackage(docId);
    if (got.notModified) throw new AppError('documents.invalid_response', 'the package answered 304 without an ETag asked');
    return buffer(got.body);
  }
}
