// The mail benchmark's app side, run the way the product runs the core: this
// file is bundled by esbuild with the core's bundle options (with the search
// index worker beside it, as in dist/main and dist/host) and started by
// mail.bench.ts under plain `node --expose-gc`, so no tsx or vitest weighs in
// its heap and the worker is the bundled one. It reads its settings as one
// JSON line on stdin and prints BENCH.md figures on stdout.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { z } from 'zod';
import { calls } from '../shared/api';
import { organizationSchema } from '../electron/core/config/organization';
import { openBulk, openImap } from '../electron/core/mail/client';
import { parseBody } from '../electron/core/mail/parse';
import { createMailFeature } from '../electron/core/mail/service';
import { folderInput, MailSync, uidRanges } from '../electron/core/mail/sync';
import { silentLogger } from '../electron/core/log';
import { benchAccount } from './account';
import { emit, log, percentile } from './report';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => bytes / 1024 / 1024;
gc();
// What the process weighs with the core's modules loaded, before any mail.
const baselineRss = mb(process.memoryUsage().rss);

const settingsSchema = z.object({
  organization: z.unknown(),
  email: z.string(),
  name: z.string(),
  token: z.string(),
  folder: z.string(),
  rawRate: z.number(),
  note: z.string(),
});

const WARMUP = 50;
const SAMPLES = 500;
/** Event-loop delay sampling interval; a sample's lag is its delay beyond this. */
const LAG_RESOLUTION_MS = 5;

async function latency(name: string, note: string, run: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  emit(`${name}.p50_ms`, percentile(times, 50), 'ms', SAMPLES, note);
  emit(`${name}.p95_ms`, percentile(times, 95), 'ms', SAMPLES, note);
}

/** How long the loop that answers the UI was held, while `work` ran. */
async function loopLag<T>(work: () => Promise<T>): Promise<{ result: T; h: IntervalHistogram }> {
  const h = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  h.enable();
  try {
    return { result: await work(), h };
  } finally {
    h.disable();
  }
}

function emitLag(name: string, h: IntervalHistogram, note: string): void {
  const lag = (p: number) => Math.max(0, h.percentile(p) / 1e6 - LAG_RESOLUTION_MS);
  emit(`${name}.loop_lag_p50_ms`, lag(50), 'ms', h.count, note);
  emit(`${name}.loop_lag_p99_ms`, lag(99), 'ms', h.count, note);
  emit(`${name}.loop_lag_max_ms`, Math.max(0, h.max / 1e6 - LAG_RESOLUTION_MS), 'ms', h.count, note);
}

async function readSettings(): Promise<z.infer<typeof settingsSchema>> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return settingsSchema.parse(JSON.parse(text));
}

// CommonJS (as the shipped bundles) has no top-level await.
async function main(): Promise<void> {
  const s = await readSettings();
  const organization = organizationSchema.parse(s.organization);
  const tokens = { accessToken: async () => s.token, renew: async () => s.token };
  const { ctx, db, dir, remove } = benchAccount('mail', { email: s.email, name: s.name, organization, tokens });
  const feature = createMailFeature(ctx, { bodyWindowDays: () => 1 });
  const { store, indexer } = feature.parts;
  // The index worker started (on the empty cache): its thread's own weight.
  indexer.kick();
  await indexer.idle();
  gc();
  emit('mail.core_rss_mb.idle', mb(process.memoryUsage().rss), 'mb', 1, `bundled core, feature built, index worker started on an empty cache; ${Math.round(baselineRss)} MB before`);

  // The app's first sync of the folder, as the sync engine does it, on its own connection.
  const conn = { endpoints: organization.mail!, user: s.email, tokens, log: silentLogger };
  const imap = await openImap(conn, 'bench', { disableAutoIdle: true });
  store.syncFolders((await imap.list()).map(folderInput));
  const st = store.folderState(s.folder);
  if (!st) throw new Error(`no folder ${s.folder}`);
  const engine = new MailSync({
    store,
    indexer,
    open: async () => imap,
    openBulk: (path) => openBulk(conn, path, ctx.platform.clock),
    log: silentLogger,
    clock: ctx.platform.clock,
    bodyWindowDays: () => 1,
    onChange: () => undefined,
    onProgress: (p) => {
      if (p.done % 20_000 < 5000) log(`sync ${p.done}/${p.total}`);
    },
  });
  const t0 = performance.now();
  const { h: syncLag } = await loopLag(() => engine.syncFolder(imap, st, null));
  const syncMs = performance.now() - t0;
  const synced = store.folders().find((f) => f.id === st.id)?.total ?? 0;
  const appRate = synced / (syncMs / 1000);
  emit('mail.sync.headers_per_s', appRate, 'per_s', synced, `${s.note}; headers, flags and size into SQLite, index on its worker meanwhile`);
  emit('mail.sync.ratio', appRate / s.rawRate, 'ratio', synced, 'headers_per_s / raw_headers_per_s, same run');
  emitLag('mail.sync', syncLag, `core's event loop during the first sync of ${synced} headers (index worker running), delay beyond the ${LAG_RESOLUTION_MS} ms sampling interval`);
  gc();
  const mem = process.memoryUsage();
  emit(
    'mail.core_rss_mb',
    mb(mem.rss),
    'mb',
    1,
    `bundled core under plain node, after the header sync of ${synced} messages (index worker alive); V8 heap ${Math.round(mb(mem.heapUsed))} of ${Math.round(mb(mem.heapTotal))} MB, external ${Math.round(mb(mem.external))} MB; ${Math.round(baselineRss)} MB with the modules loaded, before any mail`,
  );

  emit('mail.core_rss_mb.peak', process.resourceUsage().maxRSS / 1024, 'mb', 1, 'highest RSS of the core process so far (during the first sync)');
  // The headers' index catches up (subject and people; bodies come below),
  // and V8 and malloc hand back what the sync's batches used.
  await indexer.idle();
  await new Promise((r) => setTimeout(r, 2000));
  gc();
  emit('mail.core_rss_mb.settled', mb(process.memoryUsage().rss), 'mb', 1, 'after the worker indexed every header, 2 s later: what the core keeps with a 100,000-message cache');

  // Bodies of every message, so search and open_cached see a full cache.
  log('bodies: fetching, parsing, caching every message');
  const tb = performance.now();
  let bodies = 0;
  const lock = await imap.getMailboxLock(s.folder);
  try {
    const uids = store.uids(st.id);
    for (let i = 0; i < uids.length; i += 2000) {
      const batch = uids.slice(i, i + 2000);
      const got: { uid: number; source: Buffer }[] = [];
      for await (const m of imap.fetch(uidRanges(batch), { uid: true, source: true }, { uid: true })) if (m.source) got.push({ uid: m.uid, source: m.source });
      const parsed = await Promise.all(got.map(async (g) => ({ uid: g.uid, body: await parseBody(g.source) })));
      store.transaction(() => {
        for (const p of parsed) {
          const id = store.idByUid(st.id, p.uid);
          if (id !== null) store.saveBody(id, p.body);
        }
      });
      bodies += parsed.length;
    }
  } finally {
    lock.release();
  }
  emit('mail.sync.bodies_per_s', bodies / ((performance.now() - tb) / 1000), 'per_s', bodies, 'full source fetched, parsed by mailparser, cached (no indexing meanwhile)');
  await imap.logout();

  // The worker indexes every body while the core goes on writing: small
  // transactions every 10 ms, timed, show how long the worker makes them wait.
  log('search index: catching up on the worker');
  const before = store.pendingIndexCount();
  const ids = store.page(st.id, null, 500).items.map((m) => m.id);
  const recentUids = store.uids(st.id).slice(-500);
  const waits: number[] = [];
  const ti = performance.now();
  const { h: indexLag } = await loopLag(async () => {
    indexer.kick();
    let caughtUp = false;
    const idle = indexer.idle().then(() => (caughtUp = true));
    for (let i = 0; !caughtUp; i++) {
      const t = performance.now();
      store.transaction(() => store.updateFlags(st.id, [{ uid: recentUids[i % recentUids.length]!, flags: i % 2 ? ['\\Seen'] : [], modseq: null }]));
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    await idle;
  });
  const indexMs = performance.now() - ti;
  waits.sort((a, b) => a - b);
  emit('mail.index.rows_per_s', before / (indexMs / 1000), 'per_s', before, 'subject, people and ~2 KB body per row, folded, FTS5 contentless detail=column, on the worker thread in ~4 ms transactions with pauses as long');
  emitLag('mail.index', indexLag, 'core\'s event loop while the worker indexed every body');
  emit('mail.index.core_write_p50_ms', percentile(waits, 50), 'ms', waits.length, 'a one-row write transaction of the core while the worker indexes (waits for its transaction)');
  emit('mail.index.core_write_p99_ms', percentile(waits, 99), 'ms', waits.length, 'a one-row write transaction of the core while the worker indexes (waits for its transaction)');
  gc();
  emit('mail.core_rss_mb.after_bodies', mb(process.memoryUsage().rss), 'mb', 1, 'after bodies and index');

  const h = feature.handlers;
  const queries = ['bao cao', 'ke hoach', 'cong van', 'ha noi', 'da nang', 'đà nẵng', 'so thong tin', 'bao cao ket qua', 'hop giao ban', 'chuyen doi so', 'nguyen', 'tran quoc bao', 'ngan sach', 'to trinh', 'giay moi'];
  await latency('mail.search', `${synced} messages, ${queries.length} queries without diacritics incl. báo cáo, kế hoạch, công văn; 50 hits ranked, highlighted`, (i) =>
    h['mail.search'](calls['mail.search'].params.parse({ query: queries[i % queries.length] })),
  );
  await latency('mail.folder_page', `first 100 of ${synced}`, () => h['mail.list'](calls['mail.list'].params.parse({ folderId: st.id, limit: 100 })));
  await latency('mail.thread_page', `first 100 conversations of ${synced} messages (one message each here)`, () =>
    h['mail.threads'](calls['mail.threads'].params.parse({ folderId: st.id, limit: 100 })),
  );
  const older = (await h['mail.list'](calls['mail.list'].params.parse({ folderId: st.id, after: { date: Date.parse('2025-01-01'), uid: 0 }, limit: 500 }))).items.map((m) => m.id);
  const sample = [...ids, ...older];
  await latency('mail.open_cached', `mail.open of cached messages across the folder`, (i) => h['mail.open'](calls['mail.open'].params.parse({ id: sample[(i * 7919) % sample.length] })));
  await latency('mail.folder_page.deep', `a page of 100 starting a year back (keyset)`, () =>
    h['mail.list'](calls['mail.list'].params.parse({ folderId: st.id, after: { date: Date.parse('2025-01-01'), uid: 0 }, limit: 100 })),
  );

  await feature.stop();
  db.close();
  // GOVDESK_BENCH_KEEP=1 keeps the filled cache for profiling.
  if (process.env.GOVDESK_BENCH_KEEP) log(`cache kept in ${dir}`);
  else remove();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
