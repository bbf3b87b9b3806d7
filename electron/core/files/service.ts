// The files.* calls of shared/api, and the feature's life cycle for one
// signed-in account. Reads answer from the cache only (ARCHITECTURE rule 3);
// every change is applied to the cache and queued in the outbox in one
// transaction, with an id made here, then the scheduler is asked to send it.
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, watch, writeSync, type FSWatcher } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { FILES_PAGE, type FileConflictView, type FileCursor, type FileRoot, type FolderListing, type OpenResult, type SubfolderListing, type TransferView } from '../../../shared/files';
import type { AccountContext } from '../account';
import { AppError } from '../errors';
import type { Handlers } from '../rpc';
import { urlEndpoint } from '../sync/probe';
import type { PullOutcome, SyncJobHandle } from '../sync/scheduler';
import { FilesClient } from './client';
import type { FileAttachmentSource } from '../mail/files-attachments';
import { FilesDownloads } from './download';
import { FilesOutbox, type FilesAction } from './outbox';
import { FilesStore, nameOf, parentOf } from './store';
import { cacheFileFor, FilesSync, type PullReport } from './sync';

export const FILES_CALL_NAMES = [
  'files.roots',
  'files.list',
  'files.refresh',
  'files.mkdir',
  'files.rename',
  'files.move',
  'files.copy',
  'files.delete',
  'files.keep',
  'files.open',
  'files.doneEditing',
  'files.uploadBegin',
  'files.uploadChunk',
  'files.uploadEnd',
  'files.uploadCancel',
  'files.transfers',
  'files.cancelTransfer',
  'files.retryTransfer',
  'files.conflicts',
  'files.resolveConflict',
  'files.sync',
  'files.download',
  'files.downloads',
  'files.cancelDownload',
  'files.dismissDownload',
  'files.showDownload',
  'files.subfolders',
] as const;
export type FilesCallName = (typeof FILES_CALL_NAMES)[number];
export type FilesHandlers = Pick<Handlers, FilesCallName>;

const DEFAULT_INTERVAL_MS = 5 * 60_000;
/**
 * While pulls find nothing new, the poll slows to this (sync/README.md, cost
 * when idle): each pull lists every root and every kept folder. A folder the
 * user opens is listed at once anyway (FRESH_MS).
 */
const DEFAULT_IDLE_INTERVAL_MS = 15 * 60_000;
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
/** A folder listed longer ago than this is listed again when the user opens it. */
const FRESH_MS = 30_000;

interface OpenUpload {
  fd: number;
  folder: string;
  path: string;
  size: number;
  received: number;
  staged: string;
  replace: boolean;
}

export interface FilesFeature {
  handlers: FilesHandlers;
  start(): void;
  stop(): void;
  readonly store: FilesStore;
  readonly outbox: FilesOutbox;
  readonly sync: FilesSync;
  readonly downloads: FilesDownloads;
  /** Mail's "attach from Files": a file's current content in a local file. */
  readonly attachmentSource: FileAttachmentSource;
  /** For tests and the benchmark: the server as the feature talks to it. */
  readonly client: FilesClient | null;
  /** The account's files folder (cache, staged uploads, conflict copies). */
  readonly dir: string;
  syncNow(): Promise<void>;
}

export interface FilesFeatureOptions {
  intervalMs?: number;
}

/** The user's home folder name: the local part of the address (the stack's /files/home/<user>/). */
function homeOf(email: string): string {
  return `home/${email.split('@')[0] ?? email}`;
}

export function createFilesFeature(ctx: AccountContext, opts: FilesFeatureOptions = {}): FilesFeature {
  const config = ctx.organization.files;
  const log = ctx.log.child('files');
  const clock = ctx.platform.clock;
  const dir = join(dirname(ctx.db.name), 'files');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const store = new FilesStore(ctx.db);
  const client = config ? new FilesClient({ rootUrl: config.webdavUrl, tokens: ctx.tokens }) : null;
  /**
   * Files changed: `ids` are folders (and 'conflicts'); 'transfers' among them
   * says the queue changed too, which goes out on the `transfers` topic. An
   * event on `files` makes the renderer reload the open listing, so the queue
   * alone (a retry, progress) never publishes one.
   */
  const emit = (ids: string[]) => {
    const folders = [...new Set(ids.filter((i) => i !== 'transfers'))];
    if (folders.length) ctx.bus.emit('changed', { topic: 'files', ids: folders });
    if (ids.includes('transfers')) queueChanged();
  };
  /** The upload queue changed (a state, a step of progress): the queue panel refreshes, no listing does. */
  const queueChanged = (ids: string[] = ['uploads']) => ctx.bus.emit('changed', { topic: 'transfers', ids });
  let job: SyncJobHandle | null = null;
  let closed = false;
  const kick = () => job?.queued();

  const outbox = new FilesOutbox(
    ctx.db,
    store,
    clock,
    dir,
    (id) => queueChanged([`upload:${id}`]),
    (path, staged, etag) => {
      const row = store.entry(path);
      const stagedAbs = outbox.stagedPath(staged);
      if (row && !row.cache_file && store.isKept(path)) {
        // Kept here: the copy just sent becomes the copy on this device, no download needed.
        const rel = cacheFileFor(path, row.name);
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        renameSync(stagedAbs, join(dir, rel));
        const st = statSync(join(dir, rel));
        store.setCache(path, rel, etag, st.size, Math.trunc(st.mtimeMs));
      } else rmSync(stagedAbs, { force: true });
    },
  );

  /** An edit saved in another application: a snapshot of it is queued with If-Match. */
  const queueSave = (path: string) => {
    const row = store.entry(path);
    if (!row?.cache_file) return;
    const staged = `ed-${randomUUID()}`;
    const size = outbox.stage(join(dir, row.cache_file), staged);
    store.transaction(() => {
      store.uploaded(path, row.etag, size, clock.now(), true);
      outbox.enqueue(randomUUID(), { kind: 'upload', path, staged, size, baseEtag: row.etag });
    });
    emit([parentOf(path), 'transfers']);
    kick();
  };

  const sync = client ? new FilesSync(store, client, dir, clock.now, log, queueSave) : null;
  const downloads = new FilesDownloads({
    store,
    client,
    sync,
    dir,
    targets: ctx.platform.saveTargets,
    now: clock.now,
    onChange: () => ctx.bus.emit('changed', { topic: 'transfers', ids: ['downloads'] }),
    onListed: emit,
    log,
  });
  if (config) {
    const home = homeOf(ctx.email);
    store.setRoots([
      { id: 'home', kind: 'home', path: home, name: ctx.name },
      ...(config.departments ?? []).map((d) => ({ id: `dept:${d.id}`, kind: 'department' as const, path: `departments/${d.id}`, name: d.name })),
    ]);
  }

  const pull = async (): Promise<PullOutcome> => {
    if (!sync) throw new AppError('files.not_configured', 'organization has no WebDAV server');
    const report: PullReport = await sync.pull(() => closed);
    emit(report.changedFolders);
    // Saves noticed during the pull go out in the run that follows at once.
    if (outbox.pendingCount() > 0) kick();
    return { changed: report.changedFolders.length > 0 || report.downloaded > 0 };
  };
  const push = async (): Promise<void> => {
    if (!client) return;
    const res = await outbox.replay(client);
    emit([...res.touched.map(parentOf), ...(res.conflicts ? ['conflicts'] : []), 'transfers']);
    if (res.blocked) throw res.blocked;
  };
  const syncNow = async (): Promise<void> => {
    if (!sync) throw new AppError('files.not_configured', 'organization has no WebDAV server');
    if (job) return job.runNow();
    sync.noticeSaves();
    await push();
    await pull();
    if (outbox.pendingCount() > 0) await push();
  };

  // ---- watching copies open in another application ---------------------------

  const watchers = new Map<string, FSWatcher>();
  const watchCopy = (abs: string) => {
    const folder = dirname(abs);
    if (watchers.has(folder)) return;
    try {
      // The folder, not the file: editors save by writing a new file and renaming it over the old one.
      const w = watch(folder, () => {
        if (!closed && sync && sync.noticeSaves().length) kick();
      });
      w.on('error', () => w.close());
      watchers.set(folder, w);
    } catch (err) {
      log.log('warn', 'cannot watch an open copy; saves are noticed at the next sync', { err: String(err) });
    }
  };

  // ---- calls -----------------------------------------------------------------

  const needClient = (): FilesClient => {
    if (!client || !sync) throw new AppError('files.not_configured', 'organization has no WebDAV server');
    return client;
  };
  const existing = (path: string) => {
    const row = store.entry(path);
    if (!row) throw new AppError('files.not_found', path);
    return row;
  };
  const refuseBusy = (path: string) => {
    // Changes queued behind one another go out in order; a refused one or a conflict holds what follows it.
    if (outbox.waitsFor(path, ['refused']) || store.conflictRows().some((c) => c.path === path || c.path.startsWith(`${path}/`))) {
      throw new AppError('files.busy', `${path} has a change waiting to be sent`);
    }
  };
  const refuseTaken = (path: string) => {
    if (store.entry(path)) throw new AppError('files.exists', path);
  };
  const isRoot = (path: string) => store.roots().some((r) => r.path === path);

  const uploads = new Map<string, OpenUpload>();

  /** The copy on this device when it is the version listed (or the user's own, not sent yet); else null. */
  const currentCopy = (row: { cache_file: string | null; cache_etag: string | null; etag: string | null; local_state: string }): string | null => {
    if (!row.cache_file) return null;
    const abs = join(dir, row.cache_file);
    if (!existsSync(abs)) return null;
    const same = row.cache_etag !== null && row.cache_etag.replace(/^W\//, '') === (row.etag ?? '').replace(/^W\//, '');
    return row.local_state !== 'synced' || same ? abs : null;
  };

  const attachmentSource: FileAttachmentSource = {
    listedSize: (path) => store.entry(path)?.size ?? null,
    async localCopy(path) {
      needClient();
      const row = existing(path);
      if (row.is_dir) throw new AppError('files.invalid_target', 'a folder cannot be attached');
      let abs = currentCopy(row);
      if (!abs) {
        try {
          // Into the cache like an open: a draft saved again reads it from here.
          abs = await (sync as FilesSync).fetchCopy(path);
        } catch (err) {
          throw err instanceof AppError && err.code === 'files.unreachable' ? new AppError('files.not_available_offline', path) : err;
        }
      }
      return { name: row.name, contentType: row.mime ?? 'application/octet-stream', file: abs, size: statSync(abs).size };
    },
  };

  const list = (asked: { path: string; sort?: 'name' | 'size' | 'modified' | 'type'; descending?: boolean; after?: FileCursor | null; limit?: number }): FolderListing => {
    needClient();
    // A link to a file opens its folder (the listing says which).
    const named = store.entry(asked.path);
    const p = named && !named.is_dir ? { ...asked, path: parentOf(asked.path) } : asked;
    const state = store.folderState(p.path);
    // The first page is the user opening the folder; later pages are the same look.
    if (!p.after) {
      sync?.watch(p.path);
      if (state.listedAt === null || clock.now() - state.listedAt > FRESH_MS) job?.pushed();
    }
    const page = store.listing(p.path, p.sort, p.descending, p.after ?? null, p.limit ?? FILES_PAGE);
    return { path: p.path, ...page, listedAt: state.listedAt, forbidden: state.forbidden, kept: store.isKept(p.path) };
  };

  const enqueue = (path: string, action: FilesAction, apply: () => void) => {
    store.transaction(() => {
      apply();
      outbox.enqueue(randomUUID(), action);
    });
    emit([parentOf(path), 'transfers']);
    kick();
  };

  const freeCopies = (path: string) => {
    for (const r of store.tree(path)) {
      if (!r.cache_file || r.local_state !== 'synced' || outbox.waitsFor(r.path) || store.lockOf(r.path)) continue;
      rmSync(join(dir, r.cache_file), { force: true });
      store.clearCache(r.path);
    }
  };

  /** The copy here holds the user's version, now kept elsewhere (the conflict's own copy): the server's is fetched next time. */
  const dropCopy = (row: { path: string; cache_file: string | null }) => {
    if (!row.cache_file) return;
    rmSync(join(dir, row.cache_file), { force: true });
    store.clearCache(row.path);
  };

  const resolveOne = (id: string, keep: 'mine' | 'theirs' | 'both') => {
    const c = store.conflict(id);
    if (!c) throw new AppError('files.not_found', `conflict ${id}`);
    const mineAbs = join(dir, c.mine_file);
    const row = store.entry(c.path);
    if (keep === 'theirs') {
      store.transaction(() => {
        store.removeConflict(id);
        if (row) {
          store.setState(c.path, 'synced', c.theirs_etag);
          // The copy here holds ours: fetched again (kept) or at the next open.
          dropCopy(row);
        }
      });
      rmSync(dirname(mineAbs), { recursive: true, force: true });
      return;
    }
    const target = keep === 'mine' ? c.path : freeName(c.path);
    const staged = `cf-${randomUUID()}`;
    mkdirSync(dirname(outbox.stagedPath(staged)), { recursive: true });
    renameSync(mineAbs, outbox.stagedPath(staged));
    rmSync(dirname(mineAbs), { recursive: true, force: true });
    store.transaction(() => {
      store.removeConflict(id);
      if (keep === 'mine') {
        if (row) store.setState(c.path, 'pending', c.theirs_etag);
        else store.putLocal({ path: c.path, isDir: false, size: c.mine_size, modified: c.mine_modified });
      } else {
        if (row) store.setState(c.path, 'synced', c.theirs_etag);
        if (row) dropCopy(row);
        store.putLocal({ path: target, isDir: false, size: c.mine_size, modified: c.mine_modified });
      }
      outbox.enqueue(randomUUID(), { kind: 'upload', path: target, staged, size: c.mine_size, baseEtag: keep === 'mine' ? c.theirs_etag : null });
    });
  };

  /** "báo cáo (Anh 2026-12-06 14.05).docx": the user's version beside theirs, named so both show who and when. */
  const freeName = (path: string): string => {
    const name = nameOf(path);
    const ext = extname(name);
    const stem = name.slice(0, name.length - ext.length);
    const d = new Date(clock.now());
    const p = (n: number) => String(n).padStart(2, '0');
    const who = ctx.email.split('@')[0] ?? 'copy';
    const base = `${stem} (${who} ${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}.${p(d.getMinutes())})`;
    for (let i = 1; ; i++) {
      const candidate = `${parentOf(path)}/${base}${i > 1 ? ` ${i}` : ''}${ext}`;
      if (!store.entry(candidate)) return candidate;
    }
  };

  const handlers: FilesHandlers = {
    'files.roots': (): FileRoot[] => {
      needClient();
      return store.roots();
    },
    'files.list': (p) => list(p),
    'files.refresh': async (p) => {
      needClient();
      const report: PullReport = { listed: 0, downloaded: 0, changedFolders: [] };
      // "Refresh" also looks for saves made in other applications, and sends them soon.
      if ((sync as FilesSync).noticeSaves().length) kick();
      await (sync as FilesSync).listFolder(p.path, report);
      emit(report.changedFolders);
      return list({ path: p.path });
    },
    'files.mkdir': ({ folder, name }) => {
      needClient();
      const path = `${folder}/${name.normalize('NFC')}`;
      refuseTaken(path);
      enqueue(path, { kind: 'mkdir', path }, () => store.putLocal({ path, isDir: true, size: 0, modified: clock.now() }));
      return { path };
    },
    'files.rename': ({ path, name }) => {
      needClient();
      if (isRoot(path)) throw new AppError('files.forbidden', 'a root folder keeps its name');
      existing(path);
      refuseBusy(path);
      const to = `${parentOf(path)}/${name.normalize('NFC')}`;
      if (to === path) return { path };
      refuseTaken(to);
      enqueue(path, { kind: 'move', path, to }, () => store.moveTree(path, to));
      return { path: to };
    },
    'files.move': ({ path, toFolder }) => {
      needClient();
      if (isRoot(path)) throw new AppError('files.forbidden', 'a root folder stays where it is');
      existing(path);
      refuseBusy(path);
      if (toFolder === path || toFolder.startsWith(`${path}/`)) throw new AppError('files.invalid_target', 'a folder cannot go inside itself');
      const to = `${toFolder}/${nameOf(path)}`;
      refuseTaken(to);
      enqueue(path, { kind: 'move', path, to }, () => store.moveTree(path, to));
      return { path: to };
    },
    'files.copy': ({ path, toFolder }) => {
      needClient();
      existing(path);
      if (toFolder === path || toFolder.startsWith(`${path}/`)) throw new AppError('files.invalid_target', 'a folder cannot go inside itself');
      const to = `${toFolder}/${nameOf(path)}`;
      refuseTaken(to);
      enqueue(to, { kind: 'copy', path, to }, () => store.copyTree(path, to));
      return { path: to };
    },
    'files.delete': ({ path }) => {
      needClient();
      if (isRoot(path)) throw new AppError('files.forbidden', 'a root folder cannot be deleted');
      const row = existing(path);
      refuseBusy(path);
      let removed: ReturnType<FilesStore['removeTree']> = [];
      if (row.etag === null && row.local_state === 'pending') throw new AppError('files.busy', `${path} is not on the server yet`);
      enqueue(path, { kind: 'delete', path, etag: row.is_dir ? null : row.etag }, () => {
        removed = store.removeTree(path);
      });
      for (const r of removed) if (r.cache_file) rmSync(join(dir, r.cache_file), { force: true });
      return { deleted: true as const };
    },
    'files.keep': ({ path, keep }) => {
      needClient();
      store.setKept(path, keep, clock.now());
      if (!keep) freeCopies(path);
      emit([parentOf(path), path]);
      if (keep) job?.pushed();
      return { kept: store.isKept(path) };
    },
    'files.open': async ({ path }): Promise<OpenResult> => {
      const c = needClient();
      const row = existing(path);
      if (row.is_dir) throw new AppError('files.invalid_target', 'a folder opens in the list');
      let abs = currentCopy(row);
      if (!abs) {
        const older = row.cache_file ? join(dir, row.cache_file) : null;
        try {
          abs = await (sync as FilesSync).fetchCopy(path);
        } catch (err) {
          // Offline with an older copy here: open that rather than nothing.
          if (!(older && existsSync(older))) throw err instanceof AppError && err.code === 'files.unreachable' ? new AppError('files.not_available_offline', path) : err;
          abs = older;
        }
      }
      let lockedByOther = false;
      if (!store.lockOf(path)) {
        try {
          const token = await c.lock(path);
          if (token) store.setLock(path, token, clock.now());
        } catch (err) {
          if (err instanceof AppError && err.code === 'files.locked') lockedByOther = true;
          else log.log('info', 'no lock taken for an open file', { path, err: String(err) });
        }
      }
      const localPath = abs as string;
      watchCopy(localPath);
      await ctx.platform.openPath(localPath);
      return { localPath, lockedByOther };
    },
    'files.doneEditing': async ({ path }) => {
      const c = needClient();
      // A save still waiting goes out under the lock first.
      if (outbox.waitsFor(path, ['pending', 'sending'])) await syncNow().catch(() => undefined);
      const token = store.lockOf(path);
      if (token) {
        await c.unlock(path, token);
        store.dropLock(path);
      }
      return { released: token !== null };
    },
    'files.uploadBegin': ({ folder: into, name, size, replace, subfolders }) => {
      needClient();
      // A dropped folder: its folders are made first, in the same queue, in order.
      let folder = into;
      for (const sub of subfolders ?? []) {
        const p = `${folder}/${sub.normalize('NFC')}`;
        const row = store.entry(p);
        if (row && !row.is_dir) throw new AppError('files.exists', p);
        if (!row) enqueue(p, { kind: 'mkdir', path: p }, () => store.putLocal({ path: p, isDir: true, size: 0, modified: clock.now() }));
        folder = p;
      }
      const path = `${folder}/${name.normalize('NFC')}`;
      const row = store.entry(path);
      if (row && (row.is_dir || !replace)) throw new AppError('files.exists', path);
      if (row) refuseBusy(path);
      const uploadId = randomUUID();
      const staged = `up-${uploadId}`;
      const abs = outbox.stagedPath(staged);
      mkdirSync(dirname(abs), { recursive: true });
      uploads.set(uploadId, { fd: openSync(abs, 'w', 0o600), folder, path, size, received: 0, staged, replace: replace ?? false });
      return { uploadId, path };
    },
    'files.uploadChunk': ({ uploadId, data }) => {
      const u = uploads.get(uploadId);
      if (!u) throw new AppError('files.not_found', `upload ${uploadId}`);
      const buf = Buffer.from(data, 'base64');
      if (u.received + buf.length > u.size) throw new AppError('files.upload_incomplete', 'more bytes than announced');
      writeSync(u.fd, buf);
      u.received += buf.length;
      return { received: u.received };
    },
    'files.uploadEnd': ({ uploadId }) => {
      const u = uploads.get(uploadId);
      if (!u) throw new AppError('files.not_found', `upload ${uploadId}`);
      uploads.delete(uploadId);
      closeSync(u.fd);
      if (u.received !== u.size) {
        outbox.discardStaged(u.staged);
        throw new AppError('files.upload_incomplete', `${u.received} of ${u.size} bytes`);
      }
      const row = store.entry(u.path);
      const baseEtag = u.replace ? (row?.etag ?? null) : null;
      enqueue(u.path, { kind: 'upload', path: u.path, staged: u.staged, size: u.size, baseEtag }, () => {
        if (row) store.uploaded(u.path, row.etag, u.size, clock.now(), true);
        else store.putLocal({ path: u.path, isDir: false, size: u.size, modified: clock.now() });
      });
      return { path: u.path };
    },
    'files.uploadCancel': ({ uploadId }) => {
      const u = uploads.get(uploadId);
      if (u) {
        uploads.delete(uploadId);
        closeSync(u.fd);
        outbox.discardStaged(u.staged);
      }
      return { cancelled: true as const };
    },
    'files.transfers': (): TransferView[] => outbox.transfers(),
    'files.cancelTransfer': ({ id }) => {
      const action = outbox.cancel(id);
      if (action?.kind === 'upload') {
        outbox.discardStaged(action.staged);
        const row = store.entry(action.path);
        if (row && row.etag === null) store.removeTree(action.path);
        else if (row) store.setState(action.path, 'synced');
      } else if (action) job?.pushed(); // the server's state shows again at the next listing
      emit([...(action ? [parentOf(action.path)] : []), 'transfers']);
      return { cancelled: action !== null };
    },
    'files.retryTransfer': ({ id }) => {
      outbox.retry(id);
      emit(['transfers']);
      kick();
      return { queued: true as const };
    },
    'files.conflicts': (): FileConflictView[] => store.conflictRows().map(FilesStore.conflictView),
    'files.resolveConflict': ({ id, keep }) => {
      const ids = id ? [id] : store.conflictRows().map((c) => c.id);
      for (const one of ids) resolveOne(one, keep);
      emit(['conflicts', 'transfers', ...ids.map((i) => i)]);
      kick();
      job?.pushed();
      return { resolved: ids.length };
    },
    'files.sync': async () => {
      await syncNow();
      return { synced: true as const };
    },
    'files.download': ({ paths }) => {
      needClient();
      return downloads.start(paths);
    },
    'files.downloads': () => downloads.list(),
    'files.cancelDownload': ({ id }) => ({ cancelled: downloads.cancel(id) }),
    'files.dismissDownload': ({ id }) => {
      downloads.dismiss(id);
      return { dismissed: true as const };
    },
    'files.showDownload': ({ id }) => {
      downloads.show(id);
      return { shown: true as const };
    },
    'files.subfolders': async ({ path, files }): Promise<SubfolderListing> => {
      needClient();
      // Never listed here: asked of the server once (the picker's first look inside); offline, what the cache has.
      if (store.folderState(path).listedAt === null) {
        const report: PullReport = { listed: 0, downloaded: 0, changedFolders: [] };
        try {
          await (sync as FilesSync).listFolder(path, report);
          emit(report.changedFolders);
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'files.unreachable')) throw err;
        }
      }
      const state = store.folderState(path);
      const rows = store.children(path).sort((a, b) => collator.compare(a.name, b.name));
      return {
        path,
        folders: rows.filter((r) => r.is_dir === 1).map((r) => ({ path: r.path, name: r.name })),
        files: files ? rows.filter((r) => r.is_dir === 0).map((r) => ({ path: r.path, name: r.name, size: r.size, mime: r.mime })) : [],
        listedAt: state.listedAt,
        forbidden: state.forbidden,
      };
    },
  };

  return {
    handlers,
    store,
    outbox,
    sync: sync as FilesSync,
    downloads,
    attachmentSource,
    client,
    dir,
    syncNow,
    start() {
      if (!sync || !config) return;
      closed = false;
      job = ctx.sync.register({
        id: 'files',
        service: 'files',
        intervalMs: opts.intervalMs ?? DEFAULT_INTERVAL_MS,
        // A test's own interval stays as it is.
        ...(opts.intervalMs === undefined ? { idleIntervalMs: DEFAULT_IDLE_INTERVAL_MS } : {}),
        pull,
        outbox: { pending: () => outbox.pendingCount(), flush: push },
        endpoints: () => [urlEndpoint(config.webdavUrl)],
      });
    },
    stop() {
      closed = true;
      downloads.stop();
      job?.unregister();
      job = null;
      for (const w of watchers.values()) w.close();
      watchers.clear();
      for (const u of uploads.values()) closeSync(u.fd);
      uploads.clear();
      // Locks end with the session: an unlock that does not reach the server expires on its own (timeout).
      if (client) for (const l of store.locks()) void client.unlock(l.path, l.token).catch(() => undefined);
      try {
        for (const l of store.locks()) store.dropLock(l.path);
      } catch {
        // the cache may be closing
      }
    },
  };
}

export function filesHandlers(current: () => FilesFeature | null): FilesHandlers {
  const out: Partial<Record<FilesCallName, (params: never) => unknown>> = {};
  for (const name of FILES_CALL_NAMES) {
    out[name] = (params: never) => {
      const feature = current();
      if (!feature) throw new AppError('auth.required', `${name} needs a signed-in account`);
      return (feature.handlers[name] as (p: never) => unknown)(params);
    };
  }
  return out as FilesHandlers;
}
