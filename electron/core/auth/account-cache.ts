// Each account's cache lives in its own folder, <userData>/accounts/<id>/:
// signing in as someone else opens another database, so nobody ever sees the
// previous user's data, and erasing an account is deleting one folder.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { accountMigrations } from '../db/migrations/account';
import { migrate } from '../db/migrate';
import { openDatabase, type Db } from '../db/open';

export const ACCOUNTS_DIR = 'accounts';
export const ACCOUNT_DB_FILE = 'cache.db';

export function accountDir(userData: string, id: string): string {
  // The id is our own hex hash; refuse anything else rather than join a path with it.
  if (!/^[0-9a-f]{16,64}$/.test(id)) throw new Error(`not an account id: ${id.slice(0, 80)}`);
  return join(userData, ACCOUNTS_DIR, id);
}

export function openAccountCache(userData: string, id: string): Db {
  const db = openDatabase(join(accountDir(userData, id), ACCOUNT_DB_FILE));
  migrate(db, accountMigrations);
  return db;
}

/** Really deletes the account's files (database, WAL, anything features put there). Close the db first. */
export function eraseAccountCache(userData: string, id: string): void {
  const dir = accountDir(userData, id);
  // The mail search worker closes its own connection a few milliseconds after
  // the feature is told to stop; Windows refuses to delete an open file
  // (EBUSY), so the removal is retried for a moment rather than failing.
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}
