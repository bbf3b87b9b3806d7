// A signed-in account for a benchmark: its own cache database in a temporary
// folder, migrated, and the context a feature is built from. Imports the
// migrations (.sql): load it after bench/sql-loader.mjs is registered (or
// from an esbuild bundle with the text loader).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountContext } from '../electron/core/account';
import type { OrganizationConfig } from '../electron/core/config/organization';
import { accountMigrations } from '../electron/core/db/migrations/account/index';
import { migrate } from '../electron/core/db/migrate';
import { openDatabase } from '../electron/core/db/open';
import { EventBus } from '../electron/core/events';
import { silentLogger } from '../electron/core/log';
import { nodePlatform, noSecrets, type Clock, type Platform } from '../electron/core/platform';
import { standaloneScheduler, type SyncRegistry } from '../electron/core/sync/scheduler';

export type BenchWho = { email: string; name: string; organization: OrganizationConfig; tokens: AccountContext['tokens'] };

/** The context a feature is built from, over a cache database that is already there. */
export function contextOver(db: AccountContext['db'], platform: Platform, who: BenchWho, sync?: SyncRegistry): AccountContext {
  return { id: 'bench', ...who, db, bus: new EventBus(), platform, sync: sync ?? standaloneScheduler(platform.clock, silentLogger), log: silentLogger };
}

export function benchAccount(
  prefix: string,
  who: BenchWho,
  opts: { clock?: Clock; sync?: SyncRegistry } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), `govdesk-${prefix}-bench-`));
  const db = openDatabase(join(dir, 'account.db'));
  migrate(db, accountMigrations);
  // A benchmark keeps no session: no secret store (the key-file one is for development and tests).
  const platform = nodePlatform({ userData: dir, secrets: noSecrets, ...(opts.clock ? { clock: opts.clock } : {}) });
  const ctx = contextOver(db, platform, who, opts.sync);
  return { ctx, dir, db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
