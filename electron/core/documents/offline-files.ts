// The attachments kept for offline reading, within the size limit from
// Settings (documentsOfflineLimitMb, policy-lockable). To process's files are
// what offline reading promises: they are never evicted, and the files of a
// document with actions waiting in the outbox (or refused, to be retried) stay
// too, since the user is still working on it. Everything else goes least
// recently opened first, when a new file needs room, when the limit is
// lowered, and all at once on "Free up space now"; it is fetched again on open.
import type { DocOfflineUse } from '../../../shared/documents';
import type { DocumentCache } from './cache';

export interface EvictionReport {
  /** Documents that lost kept files (their views show "not kept" now). */
  documents: string[];
  freedBytes: number;
}

export class OfflineFiles {
  constructor(
    private readonly cache: DocumentCache,
    /** The limit in bytes, read at every use: a change in Settings applies at once. */
    readonly limitBytes: () => number,
  ) {}

  use(): DocOfflineUse {
    const u = this.cache.store.keptUse();
    return { usedBytes: u.bytes, limitBytes: this.limitBytes(), files: u.files, toProcessBytes: u.toProcessBytes };
  }

  /** Whether `size` more bytes fit without evicting. */
  fits(size: number): boolean {
    return this.cache.store.keptBytes() + size <= this.limitBytes();
  }

  /** Documents whose files must stay: actions of the user wait on them. */
  private inUse(): Set<string> {
    const { pending, refused } = this.cache.outbox.documentsWith();
    return new Set([...pending, ...refused]);
  }

  /**
   * Evicts until `need` more bytes fit within the limit. `whole`: only if that
   * can be reached, else nothing goes (a To process file that cannot fit
   * anyway waits). Otherwise as close as the evictable files allow (the limit
   * was lowered; a file the user opens is kept anyway and goes next time).
   */
  makeRoom(need = 0, opts: { whole?: boolean } = {}): EvictionReport {
    const { store } = this.cache;
    const limit = this.limitBytes();
    let used = store.keptBytes();
    const report: EvictionReport = { documents: [], freedBytes: 0 };
    if (used + need <= limit) return report;
    const candidates = store.evictable(this.inUse());
    const go: typeof candidates = [];
    for (const f of candidates) {
      if (used + need <= limit) break;
      go.push(f);
      used -= f.size;
    }
    if (opts.whole && used + need > limit) return report;
    store.transaction(() => {
      for (const f of go) {
        store.dropFile(f.doc_id, f.attachment_id);
        report.freedBytes += f.size;
        report.documents.push(f.doc_id);
      }
    });
    report.documents = [...new Set(report.documents)];
    return report;
  }

  /** "Free up space now": every file that can be fetched again goes. */
  freeAll(): EvictionReport {
    const { store } = this.cache;
    const report: EvictionReport = { documents: [], freedBytes: 0 };
    store.transaction(() => {
      for (const f of store.evictable(this.inUse())) {
        store.dropFile(f.doc_id, f.attachment_id);
        report.freedBytes += f.size;
        report.documents.push(f.doc_id);
      }
    });
    report.documents = [...new Set(report.documents)];
    return report;
  }
}
