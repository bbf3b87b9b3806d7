import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { REST_AFTER_MS, WorkerIndexer, type IndexHealth } from '../../../electron/core/mail/indexer';
import type { Logger, LogLevel } from '../../../electron/core/log';
import { MailSearch } from '../../../electron/core/mail/search';
import { MailStore } from '../../../electron/core/mail/store';
import { FakeClock } from '../auth/fakes';
import { header } from './helpers';

const dirs: string[] = [];
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An account cache on disk (a worker needs a file its own connection can open), with an Inbox. */
function cacheOnDisk(): { path: string; db: Db; store: MailStore; inbox: number } {
  const dir = mkdtempSync(join(tmpdir(), 'govdesk-indexer-'));
  dirs.push(dir);
  const path = join(dir, 'cache.db');
  const db = openDatabase(path);
  migrate(db, accountMigrations);
  cleanups.push(() => db.open && db.close());
  const store = new MailStore(db, () => 1_700_000_000_000);
  store.syncFolders([{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
  return { path, db, store, inbox: store.folderState('INBOX')!.id };
}

function recordingLog(): { log: Logger; lines: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = {
    log: (level, msg, fields) => lines.push({ level, msg, ...(fields ? { fields } : {}) }),
    child: () => log,
  };
  return { log, lines };
}

function indexer(db: Db, more: Partial<ConstructorParameters<typeof WorkerIndexer>[0]> = {}): WorkerIndexer {
  const ix = new WorkerIndexer({ db, log: recordingLog().log, clock: new FakeClock(), ...more });
  cleanups.push(() => ix.stop());
  return ix;
}

describe('search index worker', () => {
  it('indexes on its own thread what the store marks unindexed, and search finds it', async () => {
    const { db, store, inbox } = cacheOnDisk();
    store.upsertHeaders(inbox, Array.from({ length: 1500 }, (_, i) => header({ uid: i + 1, subject: `Công văn số ${i + 1}` })));
    store.upsertHeaders(inbox, [header({ uid: 5000, subject: 'Kế hoạch chuyển đổi số' })]);
    expect(store.pendingIndexCount()).toBe(1501);
    const ix = indexer(db);
    ix.kick();
    expect(ix.health().indexing).toBe(true);
    await ix.idle();
    expect(store.pendingIndexCount()).toBe(0);
    expect(ix.health()).toEqual({ indexing: false, restarts: 0, error: null });
    const search = new MailSearch(store);
    expect(search.search('chuyen doi so', { limit: 10 }).hits.map((h) => h.message.uid)).toEqual([5000]);
    expect(search.search('cong van', { limit: 20 }).hits[0]!.message.uid).toBe(1500);

    // A body that arrives later is indexed again, on the next kick.
    const id = store.idByUid(inbox, 7)!;
    store.saveBody(id, { text: 'Nội dung về quy hoạch đô thị Đà Nẵng', html: null, warning: null, raw: null, attachments: [] });
    expect(search.search('da nang', { limit: 10 }).hits).toEqual([]);
    ix.kick();
    await ix.idle();
    expect(search.search('da nang', { limit: 10 }).hits.map((h) => h.message.uid)).toEqual([7]);
  });

  it('lets the core write while it indexes', async () => {
    const { db, store, inbox } = cacheOnDisk();
    store.upsertHeaders(inbox, Array.from({ length: 8000 }, (_, i) => header({ uid: i + 1, subject: `Báo cáo ${i}` })));
    const ix = indexer(db);
    ix.kick();
    const tick = () => new Promise<void>((r) => setTimeout(r, 1));
    while (store.pendingIndexCount() === 8000) await tick();
    // While the worker writes the index, the core writes too; each of these
    // reads before it writes (upsertHeaders looks for placeholders), the case
    // SQLite cannot make wait unless the transaction takes the lock first.
    let writes = 0;
    while (store.pendingIndexCount() > 0 && writes < 400) {
      store.upsertHeaders(inbox, [header({ uid: 10_000 + writes, subject: 'Giấy mời họp' })]);
      writes++;
      ix.kick();
      await tick();
    }
    expect(writes).toBeGreaterThan(20);
    await ix.idle();
    expect(store.pendingIndexCount()).toBe(0);
    expect(new MailSearch(store).search('giay moi', { limit: 20 }).hits.length).toBe(20);
  });

  it('stop() ends the worker and releases the cache file', async () => {
    const { path, db, store, inbox } = cacheOnDisk();
    store.upsertHeaders(inbox, Array.from({ length: 5000 }, (_, i) => header({ uid: i + 1, subject: `Tờ trình ${i}` })));
    const ix = indexer(db);
    ix.kick();
    // Stopped in the middle of its work: it finishes the transaction under way and closes.
    await ix.stop();
    await expect(ix.idle()).resolves.toBeUndefined();
    // A kick after stop starts no new worker.
    ix.kick();
    expect(ix.health().indexing).toBe(false);
    // The last connection to close removes the WAL file: none is left open by the worker.
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('stop() resolves when it is the last thing the process waits for (the end of a run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'govdesk-indexer-'));
    dirs.push(dir);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'stop-last-thing.ts'), join(dir, 'cache.db')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: r.status, out: r.stdout.trim() }).toEqual({ status: 0, out: 'stopped' });
    // the worker's connection is gone with it: the last to close removed the WAL file
    expect(existsSync(join(dir, 'cache.db-wal'))).toBe(false);
  });

  it('reports a crash of the worker and starts another that catches up', async () => {
    const { db, store, inbox } = cacheOnDisk();
    store.upsertHeaders(inbox, Array.from({ length: 800 }, (_, i) => header({ uid: i + 1, subject: 'Ngân sách' })));
    const clock = new FakeClock();
    const { log, lines } = recordingLog();
    const health: IndexHealth[] = [];
    let told: () => void = () => undefined;
    const reported = new Promise<void>((resolve) => (told = resolve));
    const ix = indexer(db, {
      clock,
      log,
      entry: { tsUrl: pathToFileURL(join(import.meta.dirname, 'fixtures', 'crash-once-index-worker.ts')).href },
      onHealth: (h) => {
        health.push(h);
        told();
      },
    });
    ix.kick();
    await reported;
    expect(health[0]).toEqual({ indexing: true, restarts: 1, error: 'index worker died (test)' });
    expect(ix.health().error).toBe('index worker died (test)');
    expect(lines.find((l) => l.level === 'error')?.msg).toMatch(/search indexer stopped unexpectedly/);
    expect(store.pendingIndexCount()).toBe(800);
    // The restart waits (1 s at first, then longer): then indexing goes on by itself.
    expect(clock.pending()).toEqual([1000]);
    await clock.advance(1000);
    await ix.idle();
    expect(store.pendingIndexCount()).toBe(0);
    expect(ix.health()).toEqual({ indexing: false, restarts: 1, error: null });
    expect(health.at(-1)).toEqual({ indexing: false, restarts: 1, error: null });
    expect(new MailSearch(store).search('ngan sach', { limit: 5 }).hits.length).toBe(5);
  });

  it('ends an idle worker after a while, and the next write is indexed by a new one', async () => {
    const { db, store, inbox } = cacheOnDisk();
    store.upsertHeaders(inbox, [header({ uid: 1, subject: 'Lịch công tác tuần' })]);
    const clock = new FakeClock();
    const { log, lines } = recordingLog();
    const ix = indexer(db, { clock, log });
    ix.kick();
    await ix.idle();
    expect(clock.pending()).toEqual([REST_AFTER_MS]);
    await clock.advance(REST_AFTER_MS);
    expect(lines.map((l) => l.msg)).toContain('search indexer resting');
    store.upsertHeaders(inbox, [header({ uid: 2, subject: 'Giấy mời hội nghị' })]);
    ix.kick();
    await ix.idle();
    const search = new MailSearch(store);
    expect(search.search('hoi nghi', { limit: 5 }).hits.map((h) => h.message.uid)).toEqual([2]);
    expect(search.search('lich cong tac', { limit: 5 }).hits.map((h) => h.message.uid)).toEqual([1]);
    // Resting is no crash.
    expect(ix.health()).toEqual({ indexing: false, restarts: 0, error: null });
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
