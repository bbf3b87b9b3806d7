import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirPrivate, PRIVATE_FILE_MODE } from '../data-folder';

export type Db = Database.Database;

/**
 * Per connection, a counter shared with another thread that writes to the
 * same file (the search index worker, mail/index-worker.ts): how many
 * transactions of this connection are running or about to. That thread
 * starts no transaction of its own while it is above zero, so a write here
 * waits for at most the one transaction it may have under way.
 */
const writeIntents = new WeakMap<Db, Int32Array>();

export function shareWriteIntent(db: Db, counter: Int32Array): void {
  writeIntents.set(db, counter);
}

/**
 * Opens a cache database with the pragmas every Govdesk database uses: WAL so
 * readers never wait for sync's writes, foreign keys on, and a busy timeout so
 * a second connection (a worker) waits instead of failing.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') {
    mkdirPrivate(dirname(path));
    // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files
    // the database file's own mode, so they are private from the first byte.
    if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  }
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
  const begin = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const tx = begin(fn).immediate;
    return function announced(this: unknown, ...args: never[]): unknown {
      const intent = writeIntents.get(db);
      if (!intent) return tx.apply(this, args);
      Atomics.add(intent, 0, 1);
      try {
        return tx.apply(this, args);
      } finally {
        Atomics.sub(intent, 0, 1);
        Atomics.notify(intent, 0);
      }
    };
  }) as unknown as Db['transaction'];
  return db;
}
