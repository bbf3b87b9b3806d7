// Files benchmark (BENCH.md format; figures on stdout, progress on stderr):
//   files.list.p95_ms          files.list of a cached folder of 10,000 entries,
//                              through the call's schema and handler, sorted by
//                              name, size, date and type in turn (target < 10);
//                              the list is paged by key (its first page)
//   files.list.after_write_*   the same, each call right after a write to the
//                              cache (nothing remembered: read from the index)
//   files.list.next_page_after_write_*  a page from the middle of the folder
//                              (after a cursor) right after a write
//   files.list.all_pages_ms    every page of the folder in turn, after a write:
//                              what the list loads in the background
//   files.upload.ratio         the app's upload of a 200 MB file (the outbox's
//                              streamed PUT, If-None-Match) over the stack's
//                              WebDAV, as throughput divided by a bare streamed
//                              HTTP PUT of the same file in the same run (≥ 0.8)
//   files.download.ratio       the same for a download into the cache (GET)
//   files.core_rss_delta_mb    the process's RSS above its level before the
//                              app's transfers, at its highest during them (< 50)
// Run: npx tsx bench/files.bench.ts [MB]  (the transfers need the running demo
// stack; without it only the listing is measured).
import { createReadStream, createWriteStream, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { register } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AccountContext } from '../electron/core/account';
import { emit, log, percentile } from './report';

register('./sql-loader.mjs', import.meta.url);

const { createFilesFeature } = await import('../electron/core/files/service.ts');
const { organizationSchema } = await import('../electron/core/config/organization.ts');
const { calls } = await import('../shared/api.ts');
const { FILES_PAGE } = await import('../shared/files.ts');
const { benchAccount } = await import('./account.ts');

const ENTRIES = 10_000;
const WARMUP = 50;
const SAMPLES = 500;
const MB = Number(process.argv[2] ?? 200);

const noTokens: AccountContext['tokens'] = { accessToken: async () => 'none', renew: async () => 'none' };

async function listing(): Promise<void> {
  const organization = organizationSchema.parse({
    id: 'bench',
    name: 'Bench',
    oidc: { issuer: 'http://127.0.0.1:9', clientId: 'x', scopes: ['openid'] },
    files: { webdavUrl: 'http://127.0.0.1:9/files/' },
  });
  const acc = benchAccount('files', { email: 'bench@bench.invalid', name: 'Bench', organization, tokens: noTokens });
  const feature = createFilesFeature(acc.ctx);
  const folder = 'home/bench/Lưu trữ';
  const t0 = Date.UTC(2024, 0, 1);
  const entries = Array.from({ length: ENTRIES }, (_, i) => {
    const dir = i % 25 === 0;
    const ext = ['docx', 'pdf', 'xlsx', 'png', 'txt'][i % 5] as string;
    const name = dir ? `Thư mục ${i}` : `Văn bản số ${(i * 7919) % 100_000} về việc ${i % 13 === 0 ? 'Đầu tư' : 'báo cáo'}.${ext}`;
    return { path: `${folder}/${name}`, name, isDir: dir, size: (i * 104_729) % 50_000_000, modified: t0 + i * 3_600_000, mime: dir ? null : `application/x-${ext}`, etag: `"${i}"` };
  });
  feature.store.applyListing(folder, entries, Date.now());
  const sorts = ['name', 'size', 'modified', 'type'] as const;
  const times: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const params = calls['files.list'].params.parse({ path: folder, sort: sorts[i % 4], descending: i % 8 >= 4 });
    const s = performance.now();
    const r = feature.handlers['files.list'](params) as { entries: unknown[]; total: number };
    const ms = performance.now() - s;
    if (r.entries.length !== FILES_PAGE || r.total !== ENTRIES) throw new Error(`listed ${r.entries.length} of ${r.total} entries`);
    if (i >= WARMUP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const note = `cached folder of ${ENTRIES} entries, sorted by name/size/modified/type`;
  emit('files.list.p50_ms', percentile(times, 50), 'ms', SAMPLES, note);
  emit('files.list.p95_ms', percentile(times, 95), 'ms', SAMPLES, note);
  // The same after a write each time (a sync changed something): read and sorted from SQLite again.
  const cold: number[] = [];
  for (let i = 0; i < 60; i++) {
    feature.store.setKept(`home/bench/elsewhere-${i}`, true, Date.now());
    const params = calls['files.list'].params.parse({ path: folder, sort: sorts[i % 4], descending: i % 8 >= 4 });
    const s = performance.now();
    feature.handlers['files.list'](params);
    if (i >= 10) cold.push(performance.now() - s);
  }
  cold.sort((a, b) => a - b);
  emit('files.list.after_write_p50_ms', percentile(cold, 50), 'ms', cold.length, `${note}; first page (${FILES_PAGE}), each call after a write to the cache`);
  emit('files.list.after_write_p95_ms', percentile(cold, 95), 'ms', cold.length, `${note}; first page (${FILES_PAGE}), each call after a write to the cache`);
  // A page from the middle (after a cursor), and the whole folder page by page, each after a write.
  type Page = { entries: unknown[]; next: unknown };
  const mid: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < 40; i++) {
    const sort = sorts[i % 4];
    const descending = i % 8 >= 4;
    let after: unknown = null;
    let pages = 0;
    let listed = 0;
    feature.store.setKept(`home/bench/elsewhere-${i}`, false, Date.now());
    const s = performance.now();
    do {
      if (pages === 10) feature.store.setKept(`home/bench/mid-${i}`, true, Date.now());
      const p0 = performance.now();
      const r = feature.handlers['files.list'](calls['files.list'].params.parse({ path: folder, sort, descending, after })) as Page;
      if (pages === 10 && i >= 4) mid.push(performance.now() - p0);
      listed += r.entries.length;
      after = r.next;
      pages++;
    } while (after);
    if (i >= 4) whole.push(performance.now() - s);
    if (listed !== ENTRIES) throw new Error(`paged through ${listed} entries`);
  }
  mid.sort((a, b) => a - b);
  whole.sort((a, b) => a - b);
  emit('files.list.next_page_after_write_p50_ms', percentile(mid, 50), 'ms', mid.length, `${note}; the 11th page, right after a write`);
  emit('files.list.next_page_after_write_p95_ms', percentile(mid, 95), 'ms', mid.length, `${note}; the 11th page, right after a write`);
  emit('files.list.all_pages_p50_ms', percentile(whole, 50), 'ms', whole.length, `${note}; all ${ENTRIES / FILES_PAGE} pages in turn after a write`);
  feature.stop();
  acc.db.close();
  acc.remove();
}

/** Bare streamed HTTP: the baseline the app is compared with. */
function bare(method: 'PUT' | 'GET', url: URL, token: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (method === 'PUT') headers['Content-Length'] = String(statSync(file).size);
    const req = request(url, { method, headers }, (res) => {
      if ((res.statusCode ?? 0) >= 300) {
        res.resume();
        reject(new Error(`${method} ${res.statusCode}`));
        return;
      }
      if (method === 'GET') pipeline(res, createWriteStream(file)).then(resolve, reject);
      else {
        res.resume();
        res.on('end', resolve);
      }
    });
    req.on('error', reject);
    if (method === 'PUT') createReadStream(file).pipe(req);
    else req.end();
  });
}

async function transfers(): Promise<void> {
  let stack;
  let stackMod: typeof import('../test/stack/stack-json.ts');
  try {
    stackMod = await import('../test/stack/stack-json.ts');
    stack = stackMod.readStackJson();
  } catch (err) {
    log(`no demo stack (${(err as Error).message}): no transfer figures`);
    return;
  }
  const s = stack;
  const { signIn, refresh } = await import('../test/stack/login.ts');
  const username = s.benchmark.username;
  const account = stackMod.accountOf(s, username);
  let t = await signIn(s, username);
  const tokens: AccountContext['tokens'] = {
    accessToken: async () => t.accessToken,
    renew: async () => ((t = await refresh(s, t.refreshToken)), t.accessToken),
  };
  const acc = benchAccount('files-transfer', { email: account.email, name: account.name, organization: organizationSchema.parse(s.organization), tokens });
  const feature = createFilesFeature(acc.ctx);
  const home = `home/${username}`;
  const src = join(acc.dir, 'source.bin');
  // A file of MB megabytes, written in 1 MB pieces (never whole in memory).
  const fd = openSync(src, 'w');
  const piece = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < MB; i++) {
    piece.fill(i % 251);
    writeSync(fd, piece);
  }
  closeSync(fd);
  const bytes = MB * 1024 * 1024;
  const url = (p: string) => new URL(p.split('/').map(encodeURIComponent).join('/'), s.organization.files.webdavUrl);
  const token = await tokens.accessToken('files');
  const appPath = `${home}/bench-app.bin`;
  const barePath = `${home}/bench-bare.bin`;

  // A run that stopped half-way left its files: gone first, so the app's upload creates its file.
  const { FilesClient } = await import('../electron/core/files/client.ts');
  const raw = new FilesClient({ rootUrl: s.organization.files.webdavUrl, tokens });
  for (const p of [appPath, barePath]) await raw.delete(p, null).catch(() => undefined);
  await feature.handlers['files.refresh']({ path: home });

  // Warm-up: one small transfer each way, so neither side pays for a cold connection alone.
  await bare('PUT', url(`${home}/bench-warm.bin`), token, join(import.meta.dirname, 'report.ts'));

  let r0 = performance.now();
  await bare('PUT', url(barePath), token, src);
  const bareUp = (performance.now() - r0) / 1000;
  const bareDest = join(acc.dir, 'bare-download.bin');
  r0 = performance.now();
  await bare('GET', url(barePath), token, bareDest);
  const bareDown = (performance.now() - r0) / 1000;
  rmSync(bareDest, { force: true });

  // The app: RSS sampled every 20 ms from just before its transfers.
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  r0 = performance.now();
  const staged = 'bench-upload';
  const size = feature.outbox.stage(src, staged);
  const stageSeconds = (performance.now() - r0) / 1000;
  feature.store.transaction(() => {
    feature.store.putLocal({ path: appPath, isDir: false, size, modified: Date.now() });
    feature.outbox.enqueue(`bench-${Date.now()}`, { kind: 'upload', path: appPath, staged, size, baseEtag: null });
  });
  r0 = performance.now();
  const sent = await feature.outbox.replay(feature.client!);
  if (sent.blocked) throw sent.blocked;
  const appUp = (performance.now() - r0) / 1000;
  if (feature.outbox.pendingCount() !== 0 || feature.store.entry(appPath)?.local_state !== 'synced') throw new Error('the app upload did not complete');
  feature.store.clearCache(appPath);
  r0 = performance.now();
  const copy = await feature.sync.fetchCopy(appPath);
  const appDown = (performance.now() - r0) / 1000;
  clearInterval(sampler);
  if (statSync(copy).size !== bytes) throw new Error('the app download is incomplete');

  const note = `${MB} MB over the stack's WebDAV (Apache mod_dav), loopback`;
  emit('files.upload.app_mb_per_s', MB / appUp, 'per_s', 1, `${note}; staging copy ${stageSeconds.toFixed(2)} s not counted`);
  emit('files.upload.bare_mb_per_s', MB / bareUp, 'per_s', 1, note);
  emit('files.upload.ratio', bareUp / appUp, 'ratio', 1, note);
  emit('files.download.app_mb_per_s', MB / appDown, 'per_s', 1, note);
  emit('files.download.bare_mb_per_s', MB / bareDown, 'per_s', 1, note);
  emit('files.download.ratio', bareDown / appDown, 'ratio', 1, note);
  emit('files.core_rss_delta_mb', (peak - base) / (1024 * 1024), 'mb', 1, `peak RSS above the level before the app's upload and download of ${MB} MB`);

  // Leave the server as it was.
  for (const p of [appPath, barePath, `${home}/bench-warm.bin`]) await raw.delete(p, null).catch(() => undefined);
  feature.stop();
  acc.db.close();
  acc.remove();
}

await listing();
await transfers();
