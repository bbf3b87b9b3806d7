-- Files over WebDAV (issue 16). Only electron/core/files/store.ts reads or
-- writes these tables; uploads, new folders, renames, moves, copies and
-- deletes wait in the shared `outbox` table (topic 'files').

-- The roots the user sees: their home and the department folders the
-- organization config names. accessible = 0 after the server refused (403).
CREATE TABLE files_roots (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('home', 'department')),
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  accessible INTEGER NOT NULL DEFAULT 1 CHECK (accessible IN (0, 1)),
  position INTEGER NOT NULL
) STRICT;

-- The listing cache: one row per file or folder seen on the server, or made
-- here and not yet sent (etag NULL, local_state 'pending'). Paths are below
-- the WebDAV root, without leading or trailing slash. cache_etag is the
-- version of the copy on this device (cache_file, relative to the account's
-- files folder), NULL when there is none; a copy is replaced only once the new
-- one is complete on disk, so a dropped download never shows as complete.
CREATE TABLE files_entries (
  path TEXT PRIMARY KEY NOT NULL,
  parent TEXT NOT NULL,
  name TEXT NOT NULL,
  is_dir INTEGER NOT NULL CHECK (is_dir IN (0, 1)),
  size INTEGER NOT NULL DEFAULT 0,
  modified INTEGER,
  mime TEXT,
  etag TEXT,
  local_state TEXT NOT NULL DEFAULT 'synced' CHECK (local_state IN ('synced', 'pending', 'conflict')),
  cache_file TEXT,
  cache_etag TEXT,
  -- size and mtime of the cached copy when it was written: a change means a save in another application
  cache_size INTEGER,
  cache_mtime INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX files_entries_parent ON files_entries (parent, is_dir, name);

-- Folders: when they were last listed, and whether the server refused them.
CREATE TABLE files_folders (
  path TEXT PRIMARY KEY NOT NULL,
  listed_at INTEGER,
  forbidden INTEGER NOT NULL DEFAULT 0 CHECK (forbidden IN (0, 1))
) STRICT, WITHOUT ROWID;

-- "Keep on this device" marks, on a file or a folder (and so everything below it).
CREATE TABLE files_kept (
  path TEXT PRIMARY KEY NOT NULL,
  marked_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- A write that met someone else's change (412): both versions kept until the
-- user decides. mine_file holds the version made here (relative to the
-- account's files folder); the server keeps theirs at `path`.
CREATE TABLE files_conflicts (
  id TEXT PRIMARY KEY NOT NULL,
  path TEXT NOT NULL,
  mine_file TEXT NOT NULL,
  mine_size INTEGER NOT NULL,
  mine_modified INTEGER NOT NULL,
  theirs_etag TEXT,
  theirs_size INTEGER,
  theirs_modified INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

-- Locks this device holds while a file is open in another application.
CREATE TABLE files_locks (
  path TEXT PRIMARY KEY NOT NULL,
  token TEXT NOT NULL,
  taken_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
