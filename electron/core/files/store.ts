// The files cache: the only code that touches the files_* tables.
import type { FileConflictView, FileCursor, FileEntry, FileRoot, FileSortKey, FileState } from '../../../shared/files';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import type { RemoteEntry } from './client';

export interface EntryRow {
  path: string;
  parent: string;
  name: string;
  is_dir: number;
  size: number;
  modified: number | null;
  mime: string | null;
  etag: string | null;
  local_state: FileState;
  cache_file: string | null;
  cache_etag: string | null;
  cache_size: number | null;
  cache_mtime: number | null;
}

export interface ConflictRow {
  id: string;
  path: string;
  mine_file: string;
  mine_size: number;
  mine_modified: number;
  theirs_etag: string | null;
  theirs_size: number | null;
  theirs_modified: number | null;
  created_at: number;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** LIKE pattern of everything below a folder, with LIKE's own characters escaped. */
function below(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;
}

/**
 * The sort key of each order, as the indexes of migration 020 hold it; after
 * it, every order goes on by name without case, then by path (unique). Type
 * is the server's content type. Folders come first whatever the key.
 */
const KEY: Record<FileSortKey, string | null> = {
  name: null,
  size: 'size',
  modified: 'coalesce(modified, -1)',
  type: "coalesce(mime, '')",
};

export interface ListingPage {
  entries: FileEntry[];
  total: number;
  next: FileCursor | null;
}

export class FilesStore {
  /**
   * The last pages asked for, valid while the database has not changed: a
   * folder of 10,000 entries re-sorted by the user is answered without
   * reading and sorting it again. Any write on this connection (total_changes)
   * or another (data_version) makes them stale.
   */
  private readonly memo = new Map<string, { stamp: string; page: ListingPage }>();
  private readonly pageStmts = new Map<string, { first: Statement; after: Statement }>();
  private readonly stampStmt;
  private readonly countStmt;

  constructor(private readonly db: Db) {
    this.stampStmt = db.prepare('SELECT total_changes() AS c');
    this.countStmt = db.prepare('SELECT count(*) FROM files_entries WHERE parent = ?').pluck();
  }

  private stamp(): string {
    const c = (this.stampStmt.get() as { c: number }).c;
    return `${c}:${this.db.pragma('data_version', { simple: true }) as number}`;
  }

  transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }

  // ---- roots -------------------------------------------------------------

  setRoots(roots: Array<Omit<FileRoot, 'accessible'>>): void {
    this.transaction(() => {
      const keep = new Set(roots.map((r) => r.id));
      for (const r of this.roots()) if (!keep.has(r.id)) this.db.prepare('DELETE FROM files_roots WHERE id = ?').run(r.id);
      roots.forEach((r, i) => {
        this.db
          .prepare(`INSERT INTO files_roots (id, kind, path, name, position) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, path = excluded.path, name = excluded.name, position = excluded.position`)
          .run(r.id, r.kind, r.path, r.name, i);
      });
    });
  }

  roots(): FileRoot[] {
    return (this.db.prepare('SELECT id, kind, path, name, accessible FROM files_roots ORDER BY position').all() as Array<Omit<FileRoot, 'accessible'> & { accessible: number }>).map((r) => ({
      ...r,
      accessible: r.accessible === 1,
    }));
  }

  setRootAccessible(path: string, accessible: boolean): void {
    this.db.prepare('UPDATE files_roots SET accessible = ? WHERE path = ?').run(accessible ? 1 : 0, path);
  }

  // ---- listings ----------------------------------------------------------

  /**
   * A folder's listing from the server. Entries with a change waiting here
   * stay as they are (the outbox decides); a cached copy stays with its
   * entry, and a folder gone on the server takes its synced children along.
   */
  applyListing(folder: string, remote: RemoteEntry[], now: number): { changed: boolean; removed: EntryRow[] } {
    return this.transaction(() => {
      const existing = new Map(this.children(folder).map((r) => [r.path, r]));
      let changed = false;
      const removed: EntryRow[] = [];
      for (const e of remote) {
        const old = existing.get(e.path);
        existing.delete(e.path);
        if (old && old.local_state !== 'synced') continue;
        if (old && old.etag === e.etag && old.size === e.size && old.modified === e.modified && old.is_dir === (e.isDir ? 1 : 0)) continue;
        changed = true;
        this.db
          .prepare(`INSERT INTO files_entries (path, parent, name, is_dir, size, modified, mime, etag) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET name = excluded.name, is_dir = excluded.is_dir, size = excluded.size, modified = excluded.modified, mime = excluded.mime, etag = excluded.etag`)
          .run(e.path, folder, e.name, e.isDir ? 1 : 0, e.size, e.modified, e.mime, e.etag);
      }
      for (const old of existing.values()) {
        // Made here and not sent yet, or edited here: absent from the server by design.
        if (old.local_state !== 'synced') continue;
        changed = true;
        removed.push(...this.removeTree(old.path));
      }
      this.db.prepare('INSERT INTO files_folders (path, listed_at, forbidden) VALUES (?, ?, 0) ON CONFLICT (path) DO UPDATE SET listed_at = excluded.listed_at, forbidden = 0').run(folder, now);
      return { changed, removed };
    });
  }

  setForbidden(folder: string, now: number): void {
    this.db.prepare('INSERT INTO files_folders (path, listed_at, forbidden) VALUES (?, ?, 1) ON CONFLICT (path) DO UPDATE SET listed_at = excluded.listed_at, forbidden = 1').run(folder, now);
  }

  folderState(folder: string): { listedAt: number | null; forbidden: boolean } {
    const r = this.db.prepare('SELECT listed_at, forbidden FROM files_folders WHERE path = ?').get(folder) as { listed_at: number | null; forbidden: number } | undefined;
    return { listedAt: r?.listed_at ?? null, forbidden: r?.forbidden === 1 };
  }

  children(folder: string): EntryRow[] {
    return this.db.prepare('SELECT * FROM files_entries WHERE parent = ?').all(folder) as EntryRow[];
  }

  /**
   * One page of the UI's listing: folders first, then by the chosen key,
   * starting strictly after `after`. Read by key from the folder's index (a
   * range, never a sort of the whole folder), so the first page of 10,000
   * entries after a write costs what a page costs.
   */
  listing(folder: string, sort: FileSortKey = 'name', descending = false, after: FileCursor | null = null, limit = 500): ListingPage {
    const memoKey = JSON.stringify([folder, sort, descending, after, limit]);
    const stamp = this.stamp();
    const hit = this.memo.get(memoKey);
    if (hit && hit.stamp === stamp) return hit.page;
    const page = this.readPage(folder, sort, descending, after, limit);
    if (this.memo.size >= 64) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(memoKey, { stamp, page });
    return page;
  }

  private pageStatements(sort: FileSortKey, descending: boolean) {
    const cacheKey = `${sort}|${descending ? 1 : 0}`;
    const known = this.pageStmts.get(cacheKey);
    if (known) return known;
    const key = KEY[sort];
    const name = 'name COLLATE NOCASE';
    const dir = descending ? 'DESC' : 'ASC';
    const [gt, ge] = descending ? ['<', '<='] : ['>', '>='];
    const order = [...(key ? [key] : []), name, 'path'].map((c) => `${c} ${dir}`).join(', ');
    // "After the cursor" spelled so SQLite reads it as a range of the index (a row value with a
    // collation or an expression is not): the leading key bounds the range, the rest breaks ties.
    const tie = `(${name} ${gt} @name OR (${name} = @name AND path ${gt} @path))`;
    const afterCursor = key ? `${key} ${ge} @key AND (${key} ${gt} @key OR ${tie})` : `${name} ${ge} @name AND (${name} ${gt} @name OR path ${gt} @path)`;
    const select = `SELECT path, name, is_dir, size, modified, mime, local_state, cache_file, cache_etag, etag${key ? `, ${key} AS sort_key` : ''} FROM files_entries`;
    const made = {
      first: this.db.prepare(`${select} WHERE parent = @parent AND is_dir = @group ORDER BY ${order} LIMIT @limit`),
      after: this.db.prepare(`${select} WHERE parent = @parent AND is_dir = @group AND ${afterCursor} ORDER BY ${order} LIMIT @limit`),
    };
    this.pageStmts.set(cacheKey, made);
    return made;
  }

  private readPage(folder: string, sort: FileSortKey, descending: boolean, after: FileCursor | null, limit: number): ListingPage {
    const st = this.pageStatements(sort, descending);
    const hasKey = KEY[sort] !== null;
    const rows: Array<EntryRow & { sort_key?: string | number }> = [];
    // Folders (is_dir 1), then files; a cursor in the files skips the folders.
    for (const group of after && !after.dir ? [0] : [1, 0]) {
      const want = limit + 1 - rows.length;
      if (want <= 0) break;
      const fromCursor = after !== null && (after.dir ? 1 : 0) === group;
      const got = fromCursor
        ? st.after.all({ parent: folder, group, ...(hasKey ? { key: after.key } : {}), name: after.name, path: after.path, limit: want })
        : st.first.all({ parent: folder, group, limit: want });
      rows.push(...(got as Array<EntryRow & { sort_key?: string | number }>));
    }
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const folderKept = this.isKept(folder);
    const marks = folderKept ? null : new Set((this.db.prepare('SELECT path FROM files_kept WHERE path LIKE ? ESCAPE ?').all(below(folder), '\\') as Array<{ path: string }>).map((r) => r.path));
    const last = rows.at(-1);
    return {
      entries: rows.map((r) => ({
        path: r.path,
        name: r.name,
        isDir: r.is_dir === 1,
        size: r.size,
        modified: r.modified,
        mime: r.mime,
        state: r.local_state,
        kept: folderKept || (marks?.has(r.path) ?? false),
        cached: r.cache_file !== null && (r.cache_etag === r.etag || r.local_state !== 'synced'),
      })),
      total: this.countStmt.get(folder) as number,
      next: more && last ? { dir: last.is_dir === 1, key: last.sort_key ?? '', name: last.name, path: last.path } : null,
    };
  }

  entry(path: string): EntryRow | null {
    return (this.db.prepare('SELECT * FROM files_entries WHERE path = ?').get(path) as EntryRow | undefined) ?? null;
  }

  /** Everything at and below a path. */
  tree(path: string): EntryRow[] {
    return this.db.prepare('SELECT * FROM files_entries WHERE path = ? OR path LIKE ? ESCAPE ? ORDER BY path').all(path, below(path), '\\') as EntryRow[];
  }

  /** A file or folder made here, waiting for the server. */
  putLocal(e: { path: string; isDir: boolean; size: number; modified: number; mime?: string | null }): void {
    this.db
      .prepare(`INSERT INTO files_entries (path, parent, name, is_dir, size, modified, mime, etag, local_state) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'pending')
        ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified = excluded.modified, local_state = 'pending'`)
      .run(e.path, parentOf(e.path), nameOf(e.path), e.isDir ? 1 : 0, e.size, e.modified, e.mime ?? null);
  }

  setState(path: string, state: FileState, etag?: string | null): void {
    if (etag === undefined) this.db.prepare('UPDATE files_entries SET local_state = ? WHERE path = ?').run(state, path);
    else this.db.prepare('UPDATE files_entries SET local_state = ?, etag = ? WHERE path = ?').run(state, etag, path);
  }

  /** After an upload: the server's ETag, and the copy here is that version. */
  uploaded(path: string, etag: string | null, size: number, modified: number, stillPending: boolean): void {
    this.db
      .prepare(`UPDATE files_entries SET etag = ?, size = ?, modified = ?, local_state = ?, cache_etag = CASE WHEN cache_file IS NULL THEN NULL ELSE ? END WHERE path = ?`)
      .run(etag, size, modified, stillPending ? 'pending' : 'synced', etag, path);
  }

  /** Moves a path and everything below it in the cache (rename or move). */
  moveTree(from: string, to: string): void {
    this.transaction(() => {
      for (const r of this.tree(from)) {
        const np = to + r.path.slice(from.length);
        this.db.prepare('UPDATE files_entries SET path = ?, parent = ?, name = ? WHERE path = ?').run(np, parentOf(np), nameOf(np), r.path);
      }
      for (const t of ['files_kept', 'files_folders', 'files_locks']) {
        for (const r of this.db.prepare(`SELECT path FROM ${t} WHERE path = ? OR path LIKE ? ESCAPE ?`).all(from, below(from), '\\') as Array<{ path: string }>) {
          this.db.prepare(`UPDATE ${t} SET path = ? WHERE path = ?`).run(to + r.path.slice(from.length), r.path);
        }
      }
    });
  }

  /** A copy in the cache: the server makes the real one; no cached content is shared. */
  copyTree(from: string, to: string): void {
    this.transaction(() => {
      for (const r of this.tree(from)) {
        const np = to + r.path.slice(from.length);
        this.db
          .prepare(`INSERT OR REPLACE INTO files_entries (path, parent, name, is_dir, size, modified, mime, etag, local_state) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'pending')`)
          .run(np, parentOf(np), nameOf(np), r.is_dir, r.size, r.modified, r.mime);
      }
    });
  }

  /** Removes a path and everything below it; returns the rows (their cached copies are the caller's to delete). */
  removeTree(path: string): EntryRow[] {
    return this.transaction(() => {
      const rows = this.tree(path);
      this.db.prepare('DELETE FROM files_entries WHERE path = ? OR path LIKE ? ESCAPE ?').run(path, below(path), '\\');
      this.db.prepare('DELETE FROM files_folders WHERE path = ? OR path LIKE ? ESCAPE ?').run(path, below(path), '\\');
      this.db.prepare('DELETE FROM files_kept WHERE path = ? OR path LIKE ? ESCAPE ?').run(path, below(path), '\\');
      return rows;
    });
  }

  // ---- the copies on this device -------------------------------------------

  setCache(path: string, file: string, etag: string | null, size: number, mtime: number): void {
    this.db.prepare('UPDATE files_entries SET cache_file = ?, cache_etag = ?, cache_size = ?, cache_mtime = ? WHERE path = ?').run(file, etag, size, mtime, path);
  }

  /** A save noticed: the copy's new size and time, so it is not noticed twice. */
  setCacheStat(path: string, size: number, mtime: number): void {
    this.db.prepare('UPDATE files_entries SET cache_size = ?, cache_mtime = ? WHERE path = ?').run(size, mtime, path);
  }

  clearCache(path: string): void {
    this.db.prepare('UPDATE files_entries SET cache_file = NULL, cache_etag = NULL, cache_size = NULL, cache_mtime = NULL WHERE path = ?').run(path);
  }

  cachedEntries(): EntryRow[] {
    return this.db.prepare('SELECT * FROM files_entries WHERE cache_file IS NOT NULL').all() as EntryRow[];
  }

  // ---- kept on this device -------------------------------------------------

  setKept(path: string, keep: boolean, now: number): void {
    if (keep) this.db.prepare('INSERT OR IGNORE INTO files_kept (path, marked_at) VALUES (?, ?)').run(path, now);
    else this.db.prepare('DELETE FROM files_kept WHERE path = ? OR path LIKE ? ESCAPE ?').run(path, below(path), '\\');
  }

  /** Marked itself, or inside a marked folder. */
  isKept(path: string): boolean {
    const parts = path.split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    return (this.db.prepare(`SELECT count(*) FROM files_kept WHERE path IN (${candidates.map(() => '?').join(',')})`).pluck().get(...candidates) as number) > 0;
  }

  keptMarks(): string[] {
    return (this.db.prepare('SELECT path FROM files_kept ORDER BY path').all() as Array<{ path: string }>).map((r) => r.path);
  }

  // ---- conflicts -----------------------------------------------------------

  addConflict(c: ConflictRow): void {
    this.db
      .prepare(`INSERT INTO files_conflicts (id, path, mine_file, mine_size, mine_modified, theirs_etag, theirs_size, theirs_modified, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(c.id, c.path, c.mine_file, c.mine_size, c.mine_modified, c.theirs_etag, c.theirs_size, c.theirs_modified, c.created_at);
    this.setState(c.path, 'conflict');
  }

  conflictRows(): ConflictRow[] {
    return this.db.prepare('SELECT * FROM files_conflicts ORDER BY created_at, path').all() as ConflictRow[];
  }

  conflict(id: string): ConflictRow | null {
    return (this.db.prepare('SELECT * FROM files_conflicts WHERE id = ?').get(id) as ConflictRow | undefined) ?? null;
  }

  removeConflict(id: string): void {
    this.db.prepare('DELETE FROM files_conflicts WHERE id = ?').run(id);
  }

  static conflictView(c: ConflictRow): FileConflictView {
    return {
      id: c.id,
      path: c.path,
      mine: { size: c.mine_size, modified: c.mine_modified },
      theirs: c.theirs_etag === null && c.theirs_size === null ? null : { size: c.theirs_size ?? 0, modified: c.theirs_modified },
      createdAt: c.created_at,
    };
  }

  // ---- locks ---------------------------------------------------------------

  setLock(path: string, token: string, now: number): void {
    this.db.prepare('INSERT OR REPLACE INTO files_locks (path, token, taken_at) VALUES (?, ?, ?)').run(path, token, now);
  }

  lockOf(path: string): string | null {
    return (this.db.prepare('SELECT token FROM files_locks WHERE path = ?').pluck().get(path) as string | undefined) ?? null;
  }

  locks(): Array<{ path: string; token: string }> {
    return this.db.prepare('SELECT path, token FROM files_locks').all() as Array<{ path: string; token: string }>;
  }

  dropLock(path: string): void {
    this.db.prepare('DELETE FROM files_locks WHERE path = ?').run(path);
  }
}
