// A signed-in Files "device" against the demo stack's Apache mod_dav: its own
// cache folder, the stack's organization config, and a token from a real
// sign-in (no browser: test/stack/login.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountContext } from '../../../electron/core/account';
import { organizationSchema } from '../../../electron/core/config/organization';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { EventBus } from '../../../electron/core/events';
import { FilesClient } from '../../../electron/core/files/client';
import { createFilesFeature, type FilesFeature } from '../../../electron/core/files/service';
import { silentLogger } from '../../../electron/core/log';
import { folderSaveTargets, nodePlatform, type SaveTargets } from '../../../electron/core/platform';
import type { Handlers } from '../../../electron/core/rpc';
import { standaloneScheduler } from '../../../electron/core/sync/scheduler';
import type { CallName, CallResult, ParsedParams } from '../../../shared/api';
import { calls } from '../../../shared/api';
import { accountOf } from '../../stack/stack-json';
import { stack, tokenSource } from '../calendar/helpers';

export { stack, tokenSource };

export interface FilesDevice {
  feature: FilesFeature;
  ctx: AccountContext;
  opened: string[];
  call<K extends CallName & `files.${string}`>(name: K, params?: unknown): Promise<CallResult<K>>;
  close(): void;
}

export async function filesDevice(username: string, opts: { dir?: string; webdavUrl?: string; saveTargets?: SaveTargets } = {}): Promise<FilesDevice> {
  const s = stack();
  const account = accountOf(s, username);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'govdesk-files-it-'));
  const db = openDatabase(join(dir, 'cache.db'));
  migrate(db, accountMigrations);
  const opened: string[] = [];
  const platform = nodePlatform({
    userData: dir,
    openPath: async (p) => {
      opened.push(p);
    },
    saveTargets: opts.saveTargets ?? folderSaveTargets(join(dir, 'downloads'), async () => undefined),
  });
  const ctx: AccountContext = {
    id: `${s.organization.id}:${username}`,
    email: account.email,
    name: account.name,
    organization: organizationSchema.parse(opts.webdavUrl ? { ...s.organization, files: { ...s.organization.files, webdavUrl: opts.webdavUrl } } : s.organization),
    db,
    tokens: await tokenSource(username),
    bus: new EventBus(),
    platform,
    sync: standaloneScheduler(platform.clock, silentLogger),
    log: silentLogger,
  };
  const feature = createFilesFeature(ctx);
  return {
    feature,
    ctx,
    opened,
    async call(name, params) {
      const parsed = calls[name].params.parse(params ?? {}) as ParsedParams<typeof name>;
      const handler = feature.handlers[name as keyof typeof feature.handlers] as Handlers[typeof name];
      return (await handler(parsed as never)) as CallResult<typeof name>;
    },
    close() {
      feature.stop();
      db.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A raw client for a user: the server as a second person (or a check) sees it, without our cache. */
export async function rawFiles(username: string): Promise<FilesClient> {
  return new FilesClient({ rootUrl: stack().organization.files.webdavUrl, tokens: await tokenSource(username) });
}

export function runId(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** Uploads bytes through the files.upload* calls, as the renderer does. */
export async function uploadBytes(d: FilesDevice, folder: string, name: string, bytes: Buffer, extra: { replace?: boolean } = {}): Promise<string> {
  const { uploadId, path } = await d.call('files.uploadBegin', { folder, name, size: bytes.length, ...extra });
  for (let i = 0; i < bytes.length; i += 512 * 1024) {
    await d.call('files.uploadChunk', { uploadId, data: bytes.subarray(i, i + 512 * 1024).toString('base64') });
  }
  await d.call('files.uploadEnd', { uploadId });
  return path;
}
