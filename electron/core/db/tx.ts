import type { Db } from './open';

/**
 * Runs fn in one transaction: all its writes land, or none do. Nested calls
 * become savepoints (better-sqlite3 does that), so a store's helper can be used
 * inside a service's larger transaction.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn)();
}
