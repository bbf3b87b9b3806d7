// Downloads from Files to a place on this computer, against the stack's
// Apache mod_dav: a file to the path a dialog gave, a folder into a chosen
// folder (never over what is there), and a connection dropped half-way by
// stopping the real server: no file under the final name, no partial left.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FilesClient } from '../../../electron/core/files/client';
import type { SaveTargets } from '../../../electron/core/platform';
import type { DownloadView } from '../../../shared/files';
import { stackPaths } from '../../stack/config';
import { startServers, stopServers } from '../../stack/servers';
import { filesDevice, rawFiles, runId, stack, type FilesDevice } from './helpers';
import { HoldingRelay } from './holding-relay';

const USER = 'anh.ntm';
const HOME = `home/${USER}`;
const run = runId();
const base = `${HOME}/dl-${run}`;

let raw: FilesClient;
let tmp: string;
let apacheStopped = false;
const open: Array<{ close(): unknown }> = [];

/** A shell whose dialogs answer what the test says, and remember what they were asked. */
function dialogs(answer: { path?: string; folder?: string }): SaveTargets & { asked: string[] } {
  const asked: string[] = [];
  return {
    mode: 'dialog',
    asked,
    chooseSavePath: async ({ suggestedName }) => (asked.push(`file:${suggestedName}`), answer.path ?? null),
    chooseFolder: async () => (asked.push('folder'), answer.folder ?? null),
    showInFolder: () => undefined,
  };
}

async function put(path: string, bytes: Buffer): Promise<void> {
  const src = join(tmp, `src-${Math.random().toString(36).slice(2)}`);
  writeFileSync(src, bytes);
  await raw.upload(path, src, {});
}

async function finished(d: FilesDevice, id: string): Promise<DownloadView> {
  let view: DownloadView | undefined;
  await expect
    .poll(async () => {
      view = (await d.call('files.downloads')).find((v) => v.id === id);
      return view?.state;
    }, { timeout: 30_000 })
    .not.toBe('running');
  return view as DownloadView;
}

/** Everything in a folder, recursively, as relative path → bytes. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, tree(join(dir, e.name), rel));
    else out[rel] = readFileSync(join(dir, e.name)).toString('base64');
  }
  return out;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'govdesk-files-dl-'));
  raw = await rawFiles(USER);
  await raw.mkdir(base);
});

afterEach(async () => {
  if (apacheStopped) await startServers(stackPaths(stack().stackDir), ['apache']);
  apacheStopped = false;
  for (const o of open.splice(0)) await o.close();
});

afterAll(async () => {
  await raw?.delete(base, null).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe('download to a place the user chooses', () => {
  it('a file goes to the path the dialog gave, complete, with nothing else left beside it', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    await put(`${base}/Báo cáo quý.bin`, bytes);
    const out = mkdtempSync(join(tmp, 'out-'));
    const shell = dialogs({ path: join(out, 'đã lưu.bin') });
    const d = await filesDevice(USER, { saveTargets: shell });
    open.push(d);
    await d.call('files.refresh', { path: base });
    const started = await d.call('files.download', { paths: [`${base}/Báo cáo quý.bin`] });
    expect(shell.asked).toEqual(['file:Báo cáo quý.bin']);
    expect(started).toMatchObject({ target: join(out, 'đã lưu.bin'), asked: true });
    const view = await finished(d, started.id as string);
    expect(view).toMatchObject({ state: 'done', done: bytes.length, total: bytes.length, files: 1, filesDone: 1, error: null });
    expect(readdirSync(out)).toEqual(['đã lưu.bin']);
    expect(readFileSync(join(out, 'đã lưu.bin')).equals(bytes)).toBe(true);
  });

  it('a cancelled dialog starts nothing', async () => {
    await put(`${base}/huy.txt`, Buffer.from('x'));
    const d = await filesDevice(USER, { saveTargets: dialogs({}) });
    open.push(d);
    await d.call('files.refresh', { path: base });
    expect(await d.call('files.download', { paths: [`${base}/huy.txt`] })).toEqual({ id: null, target: null, asked: true });
    expect(await d.call('files.downloads')).toEqual([]);
  });

  it('a folder goes into the chosen folder whole, and a second time beside the first, never over it', async () => {
    const folder = `${base}/Hồ sơ`;
    await raw.mkdir(folder);
    await raw.mkdir(`${folder}/Phụ lục`);
    const a = randomBytes(200_000);
    const b = Buffer.from('phụ lục 1');
    await put(`${folder}/tờ trình.bin`, a);
    await put(`${folder}/Phụ lục/1.txt`, b);
    const out = mkdtempSync(join(tmp, 'out-'));
    const d = await filesDevice(USER, { saveTargets: dialogs({ folder: out }) });
    open.push(d);
    await d.call('files.refresh', { path: base });
    const expected = { 'tờ trình.bin': a.toString('base64'), 'Phụ lục/1.txt': b.toString('base64') };
    const first = await d.call('files.download', { paths: [folder] });
    expect(await finished(d, first.id as string)).toMatchObject({ state: 'done', files: 2, filesDone: 2, done: a.length + b.length });
    const second = await d.call('files.download', { paths: [folder] });
    expect(await finished(d, second.id as string)).toMatchObject({ state: 'done' });
    expect(readdirSync(out).sort()).toEqual(['Hồ sơ', 'Hồ sơ (2)']);
    expect(tree(join(out, 'Hồ sơ'))).toEqual(expected);
    expect(tree(join(out, 'Hồ sơ (2)'))).toEqual(expected);
  });

  it('the host saves into its downloads folder without asking, next to a file of the same name', async () => {
    await put(`${base}/ghi chú.txt`, Buffer.from('bản trên máy chủ'));
    const d = await filesDevice(USER);
    open.push(d);
    const downloads = join(d.ctx.platform.paths.userData, 'downloads');
    await d.call('files.refresh', { path: base });
    const one = await d.call('files.download', { paths: [`${base}/ghi chú.txt`] });
    expect(one).toMatchObject({ asked: false, target: join(downloads, 'ghi chú.txt') });
    await finished(d, one.id as string);
    const two = await d.call('files.download', { paths: [`${base}/ghi chú.txt`] });
    expect(two.target).toBe(join(downloads, 'ghi chú (2).txt'));
    await finished(d, two.id as string);
    expect(readFileSync(join(downloads, 'ghi chú (2).txt'), 'utf8')).toBe('bản trên máy chủ');
  });

  it('a connection dropped half-way (the file server stopped) leaves no file under its name and no partial file', async () => {
    const bytes = randomBytes(6 * 1024 * 1024);
    await put(`${base}/lớn.bin`, bytes);
    const webdav = new URL(stack().organization.files.webdavUrl);
    let hold: number | null = null;
    const relay = await HoldingRelay.start({ host: webdav.hostname, port: Number(webdav.port) }, () => hold);
    open.push(relay);
    const out = mkdtempSync(join(tmp, 'out-'));
    const viaRelay = new URL(webdav.pathname, `http://127.0.0.1:${relay.port}`).toString();
    const d = await filesDevice(USER, { webdavUrl: viaRelay, saveTargets: dialogs({ path: join(out, 'lớn.bin') }) });
    open.push(d);
    await d.call('files.refresh', { path: base });
    hold = 1024 * 1024;
    const started = await d.call('files.download', { paths: [`${base}/lớn.bin`] });
    await expect.poll(() => relay.holding(), { timeout: 20_000 }).toBe(true);
    // Half-way: a part file exists, nothing carries the final name.
    expect(readdirSync(out).some((n) => n === 'lớn.bin')).toBe(false);
    await stopServers(stackPaths(stack().stackDir), ['apache']);
    apacheStopped = true;
    const view = await finished(d, started.id as string);
    expect(view.state).toBe('failed');
    expect(view.error?.code).toMatch(/^files\.(unreachable|not_available_offline)$/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a cancel half-way removes the partial file', async () => {
    const bytes = randomBytes(4 * 1024 * 1024);
    await put(`${base}/hủy giữa chừng.bin`, bytes);
    await put(`${base}/huy.txt`, Buffer.from('x'));
    const webdav = new URL(stack().organization.files.webdavUrl);
    let hold: number | null = null;
    const relay = await HoldingRelay.start({ host: webdav.hostname, port: Number(webdav.port) }, () => hold);
    open.push(relay);
    const out = mkdtempSync(join(tmp, 'out-'));
    const d = await filesDevice(USER, { webdavUrl: new URL(webdav.pathname, `http://127.0.0.1:${relay.port}`).toString(), saveTargets: dialogs({ folder: out }) });
    open.push(d);
    await d.call('files.refresh', { path: base });
    hold = 512 * 1024;
    // Two files into a folder: the first is held half-way and cancelled.
    const started = await d.call('files.download', { paths: [`${base}/hủy giữa chừng.bin`, `${base}/huy.txt`] });
    await expect.poll(() => relay.holding(), { timeout: 20_000 }).toBe(true);
    expect(readdirSync(out).length).toBe(1); // the part file
    expect(await d.call('files.cancelDownload', { id: started.id as string })).toEqual({ cancelled: true });
    expect((await finished(d, started.id as string)).state).toBe('cancelled');
    expect(readdirSync(out)).toEqual([]);
  });
});
