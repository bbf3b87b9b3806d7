// Files against the stack's Apache mod_dav: transfers, conflicts made by a
// second client and resolved each way, an offline edit replayed once after a
// restart, another user's home, a lock held by someone else.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilesClient } from '../../../electron/core/files/client';
import { filesDevice, rawFiles, runId, uploadBytes, type FilesDevice } from './helpers';

const USER = 'anh.ntm';
const HOME = `home/${USER}`;
const run = runId();
const base = `${HOME}/it-${run}`;

let d: FilesDevice;
let raw: FilesClient;
let tmp: string;

async function serverText(path: string): Promise<string> {
  const dest = join(tmp, `dl-${Math.random().toString(36).slice(2)}`);
  await raw.download(path, dest);
  return readFileSync(dest, 'utf8');
}

async function serverPut(path: string, text: string): Promise<string | null> {
  const src = join(tmp, `up-${Math.random().toString(36).slice(2)}`);
  writeFileSync(src, text);
  return (await raw.upload(path, src, {})).etag;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'govdesk-files-raw-'));
  raw = await rawFiles(USER);
  await raw.mkdir(base);
  d = await filesDevice(USER);
  await d.feature.syncNow();
});

afterAll(async () => {
  d?.close();
  await raw?.delete(base, null).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe('files over WebDAV', () => {
  it('lists the home and the department folders the config names, a department of others refused', async () => {
    const roots = await d.call('files.roots');
    expect(roots[0]).toMatchObject({ kind: 'home', path: HOME, accessible: true });
    expect(roots.find((r) => r.path === 'departments/phong-cntt')?.accessible).toBe(true);
    expect(roots.find((r) => r.path === 'departments/van-phong')?.accessible).toBe(false);
    const home = await d.call('files.list', { path: HOME });
    expect(home.entries.some((e) => e.name === `it-${run}` && e.isDir)).toBe(true);
  });

  it('uploads, opens (download), renames, moves, copies and deletes, as the server shows', async () => {
    await d.call('files.mkdir', { folder: base, name: 'Báo cáo' });
    const path = await uploadBytes(d, `${base}/Báo cáo`, 'tuần 49.txt', Buffer.from('nội dung tuần 49'));
    expect((await d.call('files.list', { path: `${base}/Báo cáo` })).entries[0]).toMatchObject({ name: 'tuần 49.txt', state: 'pending' });
    await d.feature.syncNow();
    expect(await serverText(path)).toBe('nội dung tuần 49');
    expect((await d.call('files.list', { path: `${base}/Báo cáo` })).entries[0]).toMatchObject({ state: 'synced', size: Buffer.byteLength('nội dung tuần 49') });

    const opened = await d.call('files.open', { path });
    expect(readFileSync(opened.localPath, 'utf8')).toBe('nội dung tuần 49');
    expect(d.opened).toEqual([opened.localPath]);
    expect(opened.lockedByOther).toBe(false);
    await d.call('files.doneEditing', { path });

    const renamed = (await d.call('files.rename', { path, name: 'tuần 49 (bản cuối).txt' })).path;
    await d.call('files.mkdir', { folder: base, name: 'Lưu trữ' });
    const moved = (await d.call('files.move', { path: renamed, toFolder: `${base}/Lưu trữ` })).path;
    const copied = (await d.call('files.copy', { path: moved, toFolder: `${base}/Báo cáo` })).path;
    await d.feature.syncNow();
    expect(await raw.stat(path)).toBeNull();
    expect(await serverText(moved)).toBe('nội dung tuần 49');
    expect(await serverText(copied)).toBe('nội dung tuần 49');
    expect(await d.call('files.transfers')).toEqual([]);

    await d.call('files.delete', { path: copied });
    expect((await d.call('files.list', { path: `${base}/Báo cáo` })).entries).toEqual([]);
    await d.feature.syncNow();
    expect(await raw.stat(copied)).toBeNull();
    expect(await raw.stat(moved)).not.toBeNull();
  });

  it('refuses bad names before anything is sent', async () => {
    for (const name of ['..', 'a/b', 'a\\b', 'x\u0007y', 'bao-cao\u202Efdp.exe', 'CON', 'nul.txt', 'cuối. ', 'dấu chấm.', 'x'.repeat(256)]) {
      await expect(d.call('files.mkdir', { folder: base, name })).rejects.toThrow(/files\.nameProblem\./);
    }
    expect(await d.call('files.transfers')).toEqual([]);
  });

  it('an edit right after a write (weak ETag) is sent, not shown as a conflict', async () => {
    const path = await uploadBytes(d, base, 'nhanh.txt', Buffer.from('một'));
    await d.call('files.keep', { path, keep: true });
    await d.feature.syncNow();
    const copy = d.feature.store.entry(path);
    expect(copy?.cache_file).not.toBeNull();
    writeFileSync(join(d.feature.dir, copy?.cache_file ?? ''), 'hai');
    await d.feature.syncNow();
    writeFileSync(join(d.feature.dir, copy?.cache_file ?? ''), 'ba');
    await d.feature.syncNow();
    expect(await d.call('files.conflicts')).toEqual([]);
    expect(await serverText(path)).toBe('ba');
  });

  describe('a conflict made by a second client', () => {
    async function makeConflict(name: string): Promise<{ path: string; id: string }> {
      const path = await uploadBytes(d, base, name, Buffer.from('gốc'));
      await d.call('files.keep', { path, keep: true });
      await d.feature.syncNow();
      const copy = d.feature.store.entry(path)?.cache_file ?? '';
      await serverPut(path, 'của người khác');
      writeFileSync(join(d.feature.dir, copy), 'của tôi');
      await d.feature.syncNow();
      const conflicts = await d.call('files.conflicts');
      const c = conflicts.find((x) => x.path === path);
      expect(c).toMatchObject({ path, mine: { size: Buffer.byteLength('của tôi') }, theirs: { size: Buffer.byteLength('của người khác') } });
      // Neither version lost meanwhile, and nothing renamed on its own.
      expect(await serverText(path)).toBe('của người khác');
      expect((await d.call('files.list', { path: base })).entries.find((e) => e.path === path)?.state).toBe('conflict');
      return { path, id: c?.id ?? '' };
    }

    it('keep mine: the server gets mine', async () => {
      const { path, id } = await makeConflict('xung-dot-1.txt');
      await d.call('files.resolveConflict', { id, keep: 'mine' });
      await d.feature.syncNow();
      expect(await serverText(path)).toBe('của tôi');
      expect(await d.call('files.conflicts')).toEqual([]);
    });

    it('keep theirs: the server keeps theirs and the copy here becomes theirs', async () => {
      const { path, id } = await makeConflict('xung-dot-2.txt');
      await d.call('files.resolveConflict', { id, keep: 'theirs' });
      await d.feature.syncNow();
      expect(await serverText(path)).toBe('của người khác');
      const copy = d.feature.store.entry(path)?.cache_file ?? '';
      expect(readFileSync(join(d.feature.dir, copy), 'utf8')).toBe('của người khác');
      expect(await d.call('files.conflicts')).toEqual([]);
    });

    it('keep both: mine beside theirs under a name that says whose', async () => {
      const { path } = await makeConflict('xung-dot-3.txt');
      await d.call('files.resolveConflict', { keep: 'both' });
      await d.feature.syncNow();
      expect(await serverText(path)).toBe('của người khác');
      const listing = await d.call('files.refresh', { path: base });
      const mine = listing.entries.find((e) => e.name.startsWith(`xung-dot-3 (${USER} `));
      expect(mine?.name).toMatch(/\.txt$/);
      expect(await serverText(mine?.path ?? '')).toBe('của tôi');
      expect(await d.call('files.conflicts')).toEqual([]);
    });
  });

  it('an offline edit and new files are replayed once, in order, after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govdesk-files-offline-'));
    try {
      const first = await filesDevice(USER, { dir });
      await first.feature.syncNow();
      await first.call('files.list', { path: base });
      await first.call('files.refresh', { path: base });
      first.close();
      // The same cache with the server out of reach: a port nothing listens on.
      const offline = await filesDevice(USER, { dir, webdavUrl: 'http://127.0.0.1:9/files/' });
      await offline.call('files.mkdir', { folder: base, name: 'ngoại tuyến' });
      await uploadBytes(offline, `${base}/ngoại tuyến`, 'ghi chú.txt', Buffer.from('viết khi mất mạng'));
      await expect(offline.feature.syncNow()).rejects.toThrow();
      expect((await offline.call('files.transfers')).map((t) => t.kind)).toEqual(['mkdir', 'upload']);
      offline.close();
      const back = await filesDevice(USER, { dir });
      await back.feature.syncNow();
      expect(await serverText(`${base}/ngoại tuyến/ghi chú.txt`)).toBe('viết khi mất mạng');
      expect(await back.call('files.transfers')).toEqual([]);
      const etag = (await raw.stat(`${base}/ngoại tuyến/ghi chú.txt`))?.etag;
      await back.feature.syncNow();
      expect((await raw.stat(`${base}/ngoại tuyến/ghi chú.txt`))?.etag).toBe(etag);
      back.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("another user's home is refused (403), shown as such, and what was queued for it is kept", async () => {
    const listing = await d.call('files.refresh', { path: 'home/bao.tq' });
    expect(listing.forbidden).toBe(true);
    const path = await uploadBytes(d, 'home/bao.tq', `gui-nham-${run}.txt`, Buffer.from('không được gửi'));
    await d.feature.syncNow();
    const t = (await d.call('files.transfers')).find((x) => x.path === path);
    expect(t).toMatchObject({ kind: 'upload', state: 'refused', error: { code: 'files.forbidden' } });
    await d.call('files.cancelTransfer', { id: t?.id ?? '' });
    expect(await d.call('files.transfers')).toEqual([]);
  });

  it('a lock held by someone else is reported, and the save waits until it is released', async () => {
    const path = await uploadBytes(d, base, 'dang-khoa.txt', Buffer.from('v1'));
    await d.call('files.keep', { path, keep: true });
    await d.feature.syncNow();
    const other = await rawFiles(USER);
    const token = await other.lock(path);
    expect(token).toBeTruthy();
    const opened = await d.call('files.open', { path });
    expect(opened.lockedByOther).toBe(true);
    writeFileSync(opened.localPath, 'v2');
    await d.feature.syncNow();
    const refused = (await d.call('files.transfers')).find((t) => t.path === path);
    expect(refused).toMatchObject({ state: 'refused', error: { code: 'files.locked' } });
    await other.unlock(path, token ?? '');
    await d.call('files.retryTransfer', { id: refused?.id ?? '' });
    await d.feature.syncNow();
    expect(await serverText(path)).toBe('v2');
    expect(await d.call('files.transfers')).toEqual([]);
  });
});
