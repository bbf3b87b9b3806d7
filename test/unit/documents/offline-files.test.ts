// The offline size limit of kept attachments (Settings documentsOfflineLimitMb):
// what goes when the limit is reached or lowered, and what never goes (To
// process's files, files of a document with actions waiting), on a real cache.
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/core/log';
import { OfflineFiles } from '../../../electron/core/documents/offline-files';
import { DocumentSync } from '../../../electron/core/documents/sync';
import type { Db } from '../../../electron/core/db/open';
import { clerkCache, incoming } from './cache-fixture';

const quiet: Logger = { log: () => undefined, child: () => quiet };
let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

/**
 * To process: `tp` (40 bytes). Outside it (finished): `f1` opened at 50,
 * `f2` never opened, `f3` opened at 10, `f4` never opened but with a comment
 * waiting in the outbox. 30 bytes each: 160 in all.
 */
function setup(limit: { bytes: number }) {
  let t = 1;
  const now = () => t;
  const c = clerkCache(now);
  db = c.db;
  const { cache, store, outbox } = c;
  cache.putServer(incoming('tp', { files: [{ id: 'tp-a', size: 40 }] }));
  for (const id of ['f1', 'f2', 'f3', 'f4']) cache.putServer(incoming(id, { state: 'finished', files: [{ id: `${id}-a`, size: 30 }] }));
  for (const [doc, size] of [['tp', 40], ['f1', 30], ['f2', 30], ['f3', 30], ['f4', 30]] as const) {
    store.putFile(doc, `${doc}-a`, null, 'application/pdf', Buffer.alloc(size), t++);
  }
  store.markFileOpened('f1', 'f1-a', 50);
  store.markFileOpened('f3', 'f3-a', 10);
  outbox.enqueue('7d6b3d3e-1f0a-4f4e-9d55-2f4a6c1b9e01', { documentId: 'f4', action: { type: 'comment', text: 'Đã xem' }, at: '2026-12-07T01:00:00Z', actor: { username: 'van.thu', name: 'Văn thư' } });
  const offline = new OfflineFiles(cache, () => limit.bytes);
  const kept = () => ['tp', 'f1', 'f2', 'f3', 'f4'].filter((d) => store.keptFiles(d).size > 0);
  return { offline, store, outbox, cache, kept, setNow: (ms: number) => (t = ms) };
}

describe('the offline size limit', () => {
  it('evicts the least recently opened files of documents outside To process, only as many as it must', () => {
    const limit = { bytes: 100 };
    const { offline, kept } = setup(limit);
    expect(offline.use()).toEqual({ usedBytes: 160, limitBytes: 100, files: 5, toProcessBytes: 40 });
    const report = offline.makeRoom();
    // Never opened goes first, then the one opened longest ago; f1 (opened last) stays, and so does f4 (an action waits on it).
    expect(report).toEqual({ documents: ['f2', 'f3'], freedBytes: 60 });
    expect(kept()).toEqual(['tp', 'f1', 'f4']);
    expect(offline.use().usedBytes).toBe(100);
  });

  it('never evicts To process files or those of a document with an action waiting, even when the limit stays exceeded', () => {
    const limit = { bytes: 50 };
    const { offline, kept } = setup(limit);
    offline.makeRoom();
    expect(kept()).toEqual(['tp', 'f4']);
    expect(offline.use().usedBytes).toBe(70);
    expect(offline.fits(1)).toBe(false);
  });

  it('makes room for a file about to be fetched, and does nothing while everything fits', () => {
    const limit = { bytes: 200 };
    const { offline, kept } = setup(limit);
    expect(offline.makeRoom(40)).toEqual({ documents: [], freedBytes: 0 });
    expect(offline.makeRoom(60)).toEqual({ documents: ['f2'], freedBytes: 30 });
    expect(kept()).toEqual(['tp', 'f1', 'f3', 'f4']);
  });

  it('"Free up space now" drops every file that can be fetched again; a dropped action frees its document', () => {
    const limit = { bytes: 500 };
    const { offline, outbox, kept } = setup(limit);
    expect(offline.freeAll()).toEqual({ documents: ['f2', 'f3', 'f1'], freedBytes: 90 });
    expect(kept()).toEqual(['tp', 'f4']);
    outbox.drop('7d6b3d3e-1f0a-4f4e-9d55-2f4a6c1b9e01');
    expect(offline.freeAll()).toEqual({ documents: ['f4'], freedBytes: 30 });
    expect(offline.use()).toEqual({ usedBytes: 40, limitBytes: 500, files: 1, toProcessBytes: 40 });
  });

  it('a refused action keeps its document’s files too (the user will retry or change it)', () => {
    const limit = { bytes: 0 };
    const { offline, kept } = setup(limit);
    // As the outbox leaves an action the server refused (409), waiting for the user.
    db!.prepare(`UPDATE outbox SET state = 'refused', error_code = 'documents.conflict' WHERE topic = 'documents'`).run();
    offline.freeAll();
    expect(kept()).toEqual(['tp', 'f4']);
  });

  it('a document leaving To process makes its files evictable; opening a file moves it to the back of the line', () => {
    const limit = { bytes: 100 };
    const { offline, cache, store, kept } = setup(limit);
    store.markFileOpened('f2', 'f2-a', 90);
    cache.putServer({ ...incoming('tp', { state: 'finished', files: [{ id: 'tp-a', size: 40 }] }), version: 2 });
    // Over by 60: tp's file (never opened) and f3 (opened at 10) go; f2 and f1 were opened since.
    expect(offline.makeRoom().documents).toEqual(['tp', 'f3']);
    expect(kept()).toEqual(['f1', 'f2', 'f4']);
  });
});

describe('keeping To process files for offline reading', () => {
  it('evicts other boxes’ files to make room, and evicts nothing for a file that could not fit anyway', async () => {
    const limit = { bytes: 150 };
    const { offline, cache, store, kept } = setup(limit);
    // Two new documents to process: 50 bytes fit after evicting the two least recently opened; 80 more could not
    // (only f1 could still go): it waits, and f1 stays.
    cache.putServer(incoming('n1', { files: [{ id: 'n1-a', size: 50 }] }));
    cache.putServer(incoming('n2', { files: [{ id: 'n2-a', size: 80 }] }));
    const fetched: string[] = [];
    const client = {
      attachment: async (_doc: string, att: string) => {
        fetched.push(att);
        const size = att === 'n1-a' ? 50 : 80;
        return { notModified: false as const, etag: '"1"', contentType: 'application/pdf', size, body: Readable.from([Buffer.alloc(size)]) };
      },
    };
    const sync = new DocumentSync(cache, client as never, { log: quiet, now: () => 100, offline });
    expect(await sync.keepFiles()).toBe(1);
    expect(fetched).toEqual(['n1-a']);
    expect(store.keptFiles('n1')).toEqual(new Set(['n1-a']));
    expect(store.keptFiles('n2').size).toBe(0);
    // 160 + 50 = 210 > 150: f2, then f3 went (60 bytes), f1 (opened last) and f4 (action waiting) stay.
    expect(kept()).toEqual(['tp', 'f1', 'f4']);
    expect(offline.use().usedBytes).toBe(150);
  });
});
