// A signed-in documents "device" against the demo stack: its own cache, the
// stack's organization config, a token from a real sign-in, and a fetch that
// can be switched off to act offline. Calls go through the contract's schemas
// like the rpc gate's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountContext } from '../../../electron/core/account';
import { organizationSchema } from '../../../electron/core/config/organization';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { createDocumentsFeature, type DocumentsCallName, type DocumentsFeature, type DocumentsFeatureOptions } from '../../../electron/core/documents/service';
import { EventBus } from '../../../electron/core/events';
import { silentLogger } from '../../../electron/core/log';
import { nodePlatform } from '../../../electron/core/platform';
import { standaloneScheduler } from '../../../electron/core/sync/scheduler';
import type { CallResult } from '../../../shared/api';
import { calls } from '../../../shared/api';
import { accountOf } from '../../stack/stack-json';
import { stack, tokenSource } from './helpers';

export interface DocDevice {
  feature: DocumentsFeature;
  ctx: AccountContext;
  dir: string;
  offline: { on: boolean };
  call<K extends DocumentsCallName>(name: K, params?: unknown): Promise<CallResult<K>>;
  /** Outbox then pull, like a scheduler run. */
  sync(): Promise<void>;
  close(): void;
}

/**
 * `now`: the device's clock, for tests that need one moment after another (the real clock by default);
 * `openPath`: where files handed to the system's application go (never a real opener in tests).
 */
export async function docDevice(
  username: string,
  opts: Omit<DocumentsFeatureOptions, 'fetch'> & { now?: () => number; openPath?: (path: string) => Promise<void> } = {},
): Promise<DocDevice> {
  const s = stack();
  const account = accountOf(s, username);
  const dir = mkdtempSync(join(tmpdir(), 'govdesk-docs-it-'));
  const db = openDatabase(join(dir, 'account.db'));
  migrate(db, accountMigrations);
  const { now, openPath, ...featureOpts } = opts;
  const base = nodePlatform({ userData: dir, openPath: openPath ?? (async () => undefined) });
  const platform = now ? { ...base, clock: { ...base.clock, now } } : base;
  const offline = { on: false };
  const switchable: typeof fetch = (input, init) => (offline.on ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));
  const ctx: AccountContext = {
    id: `${s.organization.id}:${username}`,
    email: account.email,
    name: account.name,
    organization: organizationSchema.parse(s.organization),
    db,
    tokens: await tokenSource(username),
    bus: new EventBus(),
    platform,
    sync: standaloneScheduler(platform.clock, silentLogger),
    log: silentLogger,
  };
  const feature = createDocumentsFeature(ctx, { ...featureOpts, fetch: switchable });
  return {
    feature,
    ctx,
    dir,
    offline,
    async call(name, params) {
      const parsed = calls[name].params.parse(params ?? {});
      const handler = feature.handlers[name] as (p: unknown) => unknown;
      return (await handler(parsed)) as CallResult<typeof name>;
    },
    sync: () => feature.syncNow(),
    close() {
      feature.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
