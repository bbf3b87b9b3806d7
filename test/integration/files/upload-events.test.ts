// Upload progress goes on the `transfers` topic: an event on `files` makes
// the renderer reload the open folder's listing, so while a file is on the
// wire the listing is told once, when it is there.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilesClient } from '../../../electron/core/files/client';
import type { Events } from '../../../shared/api';
import { filesDevice, rawFiles, runId, uploadBytes, type FilesDevice } from './helpers';

const USER = 'anh.ntm';
const base = `home/${USER}/ev-${runId()}`;

let d: FilesDevice;
let raw: FilesClient;

beforeAll(async () => {
  raw = await rawFiles(USER);
  await raw.mkdir(base);
  d = await filesDevice(USER);
  await d.feature.syncNow();
});

afterAll(async () => {
  d?.close();
  await raw?.delete(base, null).catch(() => undefined);
});

describe('events while an upload is on the wire', () => {
  it('progress refreshes the queue on `transfers`, and the listing hears of it once, when the file is there', async () => {
    const path = await uploadBytes(d, base, 'bản đồ.bin', randomBytes(4 * 1024 * 1024));
    const seen: Events['changed'][] = [];
    const off = d.ctx.bus.subscribe((m) => {
      if (m.event === 'changed') seen.push(m.payload as Events['changed']);
    });
    try {
      await d.feature.syncNow();
    } finally {
      off();
    }
    const progress = seen.filter((e) => e.topic === 'transfers' && e.ids.some((i) => i.startsWith('upload:')));
    // every 2 % of 4 MB: many steps, none of them on `files`
    expect(progress.length).toBeGreaterThan(10);
    const first = seen.indexOf(progress[0]!);
    const last = seen.indexOf(progress[progress.length - 1]!);
    expect(seen.slice(first, last + 1).filter((e) => e.topic === 'files')).toEqual([]);
    // the folder the file went into is told once, after the last step: its listing then shows the file as sent
    // (the pull that follows in the same run may tell of the parent folder, whose date changed)
    const listing = seen.filter((e) => e.topic === 'files' && e.ids.includes(base));
    expect(listing).toHaveLength(1);
    expect(seen.indexOf(listing[0]!)).toBeGreaterThan(last);
    expect((await d.call('files.list', { path: base })).entries.find((e) => e.path === path)).toMatchObject({ state: 'synced' });
    expect(await d.call('files.transfers')).toEqual([]);
  });
});
