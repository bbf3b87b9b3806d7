import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * Opens a cache database with the pragmas every Govdesk database uses: WAL so
 * readers never wait for sync's writes, foreign keys on, and a busy timeout so
 * a second connection (a worker) waits instead of failing.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Two connections write to an account's cache: the core and the search
  // indexer's worker (mail/index-worker.ts). A deferred transaction that reads
  // first and writes later cannot wait for the other writer: SQLite answers
  // SQLITE_BUSY at once when it tries to upgrade, whatever the busy timeout.
  // So every transaction takes the write lock when it begins (BEGIN
  // IMMEDIATE), where the busy timeout applies. Nested calls stay savepoints.
  const deferred = db.transaction.bind(db);
  db.transaction = ((fn) => deferred(fn).immediate) as Db['transaction'];
  return db;
}
