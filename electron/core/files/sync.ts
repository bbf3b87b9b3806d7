// Pull for files: PROPFIND (Depth 1, with ETags) of the roots, of the folders
// the user is looking at, and of everything kept on this device; then the
// kept files whose copy here is not the server's version are downloaded, and
// copies saved by another application since they were written here are
// queued for upload. A folder listing never touches an entry with a change
// waiting here (the outbox decides), and a copy here that holds the user's
// only version is never deleted.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../log';
import { AppError } from '../errors';
import { sameEtag, type FilesClient } from './client';
import type { FilesStore } from './store';

export interface PullReport {
  listed: number;
  downloaded: number;
  changedFolders: string[];
}

/** The cached copy of a path: a folder per path (hashed) keeps the real name, so the system's application shows it. */
export function cacheFileFor(path: string, name: string): string {
  const h = Buffer.from(path).toString('base64url');
  const key = h.length > 80 ? `${h.slice(0, 40)}${h.length}${h.slice(-39)}` : h;
  return join('cache', key, name);
}

export class FilesSync {
  /** Folders the user looked at lately: listed on every pull, the most recent last. */
  private readonly watched: string[] = [];

  constructor(
    private readonly store: FilesStore,
    private readonly client: Pick<FilesClient, 'list' | 'download'>,
    private readonly dir: string,
    private readonly now: () => number,
    private readonly log: Logger,
    /** A copy saved by another application: queue its upload. */
    private readonly onSaved: (path: string) => void,
  ) {}

  watch(folder: string): void {
    const i = this.watched.indexOf(folder);
    if (i >= 0) this.watched.splice(i, 1);
    this.watched.push(folder);
    if (this.watched.length > 4) this.watched.shift();
  }

  /** One folder from the server into the cache; a 403 is remembered and shown, not retried as an outage. */
  async listFolder(folder: string, report: PullReport): Promise<void> {
    try {
      const entries = await this.client.list(folder);
      const { changed, removed } = this.store.applyListing(folder, entries, this.now());
      for (const r of removed) if (r.cache_file) rmSync(join(this.dir, r.cache_file), { force: true });
      report.listed++;
      if (changed) report.changedFolders.push(folder);
      this.store.setRootAccessible(folder, true);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'files.forbidden' || err.code === 'files.not_found')) {
        const before = this.store.folderState(folder);
        if (err.code === 'files.forbidden') this.store.setForbidden(folder, this.now());
        this.store.setRootAccessible(folder, false);
        if (!before.forbidden) report.changedFolders.push(folder);
        return;
      }
      throw err;
    }
  }

  async pull(stopped: () => boolean = () => false): Promise<PullReport> {
    const report: PullReport = { listed: 0, downloaded: 0, changedFolders: [] };
    const folders = new Set<string>([...this.store.roots().map((r) => r.path), ...this.watched]);
    for (const f of folders) {
      if (stopped()) return report;
      await this.listFolder(f, report);
    }
    // Kept folders, all the way down; kept files' folders so their ETags are fresh.
    for (const mark of this.store.keptMarks()) {
      const e = this.store.entry(mark);
      const queue = e?.is_dir === 1 ? [mark] : [];
      while (queue.length) {
        if (stopped()) return report;
        const f = queue.shift() as string;
        if (!folders.has(f)) await this.listFolder(f, report);
        folders.add(f);
        for (const c of this.store.children(f)) if (c.is_dir === 1) queue.push(c.path);
      }
    }
    this.noticeSaves();
    await this.downloadKept(report, stopped);
    return report;
  }

  /** Kept files whose copy here is missing or older than the server's. */
  private async downloadKept(report: PullReport, stopped: () => boolean): Promise<void> {
    for (const mark of this.store.keptMarks()) {
      for (const r of this.store.tree(mark)) {
        if (stopped()) return;
        if (r.is_dir === 1 || r.local_state !== 'synced' || r.etag === null) continue;
        if (r.cache_file && sameEtag(r.cache_etag, r.etag)) continue;
        await this.fetchCopy(r.path);
        report.downloaded++;
        if (!report.changedFolders.includes(r.parent)) report.changedFolders.push(r.parent);
      }
    }
  }

  /** Brings the server's version here (complete, or not at all). */
  async fetchCopy(path: string): Promise<string> {
    const r = this.store.entry(path);
    if (!r) throw new AppError('files.not_found', path);
    const rel = r.cache_file ?? cacheFileFor(path, r.name);
    const abs = join(this.dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    const got = await this.client.download(path, abs);
    const st = statSync(abs);
    this.store.setCache(path, rel, got.etag ?? r.etag, st.size, Math.trunc(st.mtimeMs));
    return abs;
  }

  /** Copies changed on disk since they were written here: a save in another application. */
  noticeSaves(): string[] {
    const saved: string[] = [];
    for (const r of this.store.cachedEntries()) {
      if (!r.cache_file || r.local_state === 'conflict') continue;
      let st;
      try {
        st = statSync(join(this.dir, r.cache_file));
      } catch {
        continue;
      }
      if (st.size === r.cache_size && Math.trunc(st.mtimeMs) === r.cache_mtime) continue;
      this.store.setCacheStat(r.path, st.size, Math.trunc(st.mtimeMs));
      this.log.log('info', 'a file open here was saved', { path: r.path, size: st.size });
      this.onSaved(r.path);
      saved.push(r.path);
    }
    return saved;
  }
}
