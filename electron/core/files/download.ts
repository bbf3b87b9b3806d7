// Downloads from Files to a place on this computer (issue 16, item 2). The
// shell says where (Platform.saveTargets: Electron's dialogs, or the host's
// downloads folder). Every file is streamed into a temporary name beside its
// final one, from the copy on this device when that is the current version,
// else from the server, and renamed only once every byte is there; a failure
// or a cancel removes the temporary file, so a half file never carries the
// final name. A folder is written under a temporary folder name and renamed
// when all of it arrived. Nothing here touches the cache's copies.
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DownloadStart, DownloadView } from '../../../shared/files';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { SaveTargets } from '../platform';
import { sameEtag, type FilesClient } from './client';
import type { EntryRow, FilesStore } from './store';
import type { FilesSync, PullReport } from './sync';

/** Progress events at most this often: a 1 GB file would otherwise send thousands. */
const PROGRESS_MS = 250;
const PART = '.govdesk-part';

interface Job {
  view: DownloadView;
  abort: AbortController;
  /** Set when the server could not be reached while listing a folder: the copies here are used. */
  offline: boolean;
}

/**
 * A server name made safe for this computer's file systems: the server may
 * hold names another client made (a colon, a trailing dot, CON) that Windows
 * or macOS refuse. Only the local copy's name changes.
 */
export function localName(name: string): string {
  let n = name.normalize('NFC').replace(/[\p{Cc}\p{Cf}<>:"/\\|?*]/gu, '_').replace(/[. ]+$/, '');
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(n)) n = `_${n}`;
  return n === '' ? '_' : n;
}

/** "name.ext", else "name (2).ext", "name (3).ext"…: never over a file the user has. */
export function freePath(folder: string, name: string): string {
  const ext = extname(name);
  const stem = ext && ext !== name ? name.slice(0, -ext.length) : name;
  for (let i = 1; ; i++) {
    const candidate = join(folder, i === 1 ? name : `${stem} (${i})${ext && ext !== name ? ext : ''}`);
    if (!existsSync(candidate)) return candidate;
  }
}

function tempBeside(folder: string, name: string): string {
  return join(folder, `.${name}.${randomBytes(4).toString('hex')}${PART}`);
}

function counted(onBytes: (n: number) => void): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      onBytes(n);
      done(null, chunk);
    },
  });
}

function aborted(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

export interface FilesDownloadsOptions {
  store: FilesStore;
  client: Pick<FilesClient, 'download'> | null;
  sync: Pick<FilesSync, 'listFolder'> | null;
  /** The account's files folder (the cache's copies are below it). */
  dir: string;
  targets: SaveTargets;
  now: () => number;
  /** The download list changed (progress, state). */
  onChange: () => void;
  /** Folders listed from the server on the way (their listing changed). */
  onListed: (folders: string[]) => void;
  log: Logger;
}

export class FilesDownloads {
  private readonly jobs = new Map<string, Job>();
  private lastEmit = 0;

  constructor(private readonly o: FilesDownloadsOptions) {}

  list(): DownloadView[] {
    return [...this.jobs.values()].map((j) => ({ ...j.view, error: j.view.error ? { ...j.view.error } : null }));
  }

  /** Asks the shell where, then runs in the background; resolves once it started (or the user cancelled the dialog). */
  async start(paths: string[]): Promise<DownloadStart> {
    const asked = this.o.targets.mode === 'dialog';
    const rows = [...new Set(paths)].map((p) => {
      const row = this.o.store.entry(p);
      if (!row) throw new AppError('files.not_found', p);
      return row;
    });
    const first = rows[0] as EntryRow;
    const single = rows.length === 1 && first.is_dir === 0;
    const chosen = single ? await this.o.targets.chooseSavePath({ suggestedName: localName(first.name) }) : await this.o.targets.chooseFolder();
    if (chosen === null) return { id: null, target: null, asked };
    // A fixed folder nobody was asked about: never over a file that is there. A path the user chose in a dialog: they agreed to replace it.
    const target = single && !asked ? freePath(dirname(chosen), localName(first.name)) : chosen;
    const id = randomUUID();
    const job: Job = {
      view: {
        id,
        name: rows.length === 1 ? first.name : String(rows.length),
        target,
        state: 'running',
        done: 0,
        total: rows.reduce((n, r) => n + (r.is_dir ? 0 : r.size), 0),
        files: rows.filter((r) => r.is_dir === 0).length,
        filesDone: 0,
        error: null,
        startedAt: this.o.now(),
      },
      abort: new AbortController(),
      offline: false,
    };
    this.jobs.set(id, job);
    this.o.onChange();
    void this.run(job, rows, target, single);
    return { id, target, asked };
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.view.state !== 'running') return false;
    job.abort.abort();
    return true;
  }

  dismiss(id: string): void {
    const job = this.jobs.get(id);
    if (job && job.view.state !== 'running') this.jobs.delete(id);
    this.o.onChange();
  }

  show(id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.view.state !== 'done') throw new AppError('files.not_found', `download ${id}`);
    this.o.targets.showInFolder(job.view.target);
  }

  /** At sign-out: every running download stops and removes its partial file. */
  stop(): void {
    for (const j of this.jobs.values()) j.abort.abort();
  }

  private progress(force = false): void {
    const t = Date.now();
    if (!force && t - this.lastEmit < PROGRESS_MS) return;
    this.lastEmit = t;
    this.o.onChange();
  }

  private async run(job: Job, rows: EntryRow[], target: string, single: boolean): Promise<void> {
    try {
      if (single) await this.saveFile(job, rows[0] as EntryRow, dirname(target), () => target);
      else {
        for (const r of rows) {
          if (r.is_dir) await this.saveFolder(job, r, target);
          else await this.saveFile(job, r, target, () => freePath(target, localName(r.name)));
        }
      }
      job.view.state = 'done';
    } catch (err) {
      if (job.abort.signal.aborted) job.view.state = 'cancelled';
      else {
        job.view.state = 'failed';
        const e = err instanceof AppError ? err : new AppError('files.save_failed', err instanceof Error ? err.message : String(err));
        job.view.error = { code: e.code, detail: e.message };
        this.o.log.log('warn', 'a download failed', { code: e.code, detail: e.message });
      }
    }
    this.progress(true);
  }

  /** The copy on this device when it is the version the listing shows (or the user's own, not sent yet). */
  private currentCopy(row: EntryRow): string | null {
    if (!row.cache_file) return null;
    const abs = join(this.o.dir, row.cache_file);
    if (!existsSync(abs)) return null;
    return row.local_state !== 'synced' || sameEtag(row.cache_etag, row.etag) ? abs : null;
  }

  /** One file into `folder`, under a temporary name until complete; `finalPath` is decided at the end. */
  private async saveFile(job: Job, row: EntryRow, folder: string, finalPath: () => string): Promise<void> {
    const signal = job.abort.signal;
    if (signal.aborted) throw aborted();
    const before = job.view.done;
    const onBytes = (n: number) => {
      job.view.done = before + n;
      this.progress();
    };
    const tmp = tempBeside(folder, localName(row.name));
    try {
      const copy = this.currentCopy(row);
      if (copy) {
        await pipeline(createReadStream(copy), counted(onBytes), createWriteStream(tmp, { flags: 'wx', mode: 0o644 }), { signal });
      } else {
        if (!this.o.client) throw new AppError('files.not_configured', 'organization has no WebDAV server');
        if (job.offline) throw new AppError('files.not_available_offline', row.path);
        try {
          await this.o.client.download(row.path, tmp, { signal, onProgress: onBytes });
        } catch (err) {
          if (err instanceof AppError && err.code === 'files.unreachable' && !signal.aborted) {
            throw row.cache_file ? new AppError('files.not_available_offline', `${row.path}: only an older copy is on this device`) : new AppError('files.not_available_offline', row.path);
          }
          throw err;
        }
      }
      if (signal.aborted) throw aborted();
      const size = statSync(tmp).size;
      job.view.done = before + size;
      // The total was the listing's idea of the size; what arrived is what counts.
      if (size !== row.size) job.view.total += size - row.size;
      renameSync(tmp, finalPath());
      job.view.filesDone++;
      this.progress();
    } catch (err) {
      rmSync(tmp, { force: true });
      rmSync(`${tmp}.part`, { force: true });
      job.view.done = before;
      throw err;
    }
  }

  /** A folder, all the way down, under a temporary folder name until every file arrived. */
  private async saveFolder(job: Job, row: EntryRow, into: string): Promise<void> {
    const tmp = tempBeside(into, localName(row.name));
    mkdirSync(tmp, { mode: 0o755 });
    try {
      await this.walk(job, row.path, tmp);
      renameSync(tmp, freePath(into, localName(row.name)));
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  private async walk(job: Job, folder: string, local: string): Promise<void> {
    if (job.abort.signal.aborted) throw aborted();
    // Listed from the server first, so the download is what is there now; offline, what the cache knows.
    if (!job.offline && this.o.sync) {
      const report: PullReport = { listed: 0, downloaded: 0, changedFolders: [] };
      try {
        await this.o.sync.listFolder(folder, report);
        this.o.onListed(report.changedFolders);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'files.unreachable')) throw err;
        job.offline = true;
      }
    }
    if (this.o.store.folderState(folder).forbidden) throw new AppError('files.forbidden', folder);
    const children = this.o.store.children(folder).sort((a, b) => a.name.localeCompare(b.name));
    for (const c of children) {
      if (c.is_dir === 0) {
        job.view.total += c.size;
        job.view.files++;
      }
    }
    this.progress();
    for (const c of children) {
      if (c.is_dir) {
        const sub = freePath(local, localName(c.name));
        mkdirSync(sub, { mode: 0o755 });
        await this.walk(job, c.path, sub);
      } else await this.saveFile(job, c, local, () => freePath(local, localName(c.name)));
    }
  }
}
