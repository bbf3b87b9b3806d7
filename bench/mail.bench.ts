// Mail benchmark (BENCH.md format; figures on stdout, progress on stderr), on
// the stack's 100,000-message Benchmark folder (`npx tsx test/stack/cli.ts seed --mail 100000`):
//   mail.sync.raw_headers_per_s  bare UID FETCH of UID FLAGS + 8 header fields over a plain socket
//   mail.sync.headers_per_s      the app's initial sync of the same folder into a fresh cache
//   mail.sync.ratio              the two, measured in this run
//   mail.sync.bodies_per_s       (extra) full sources fetched, parsed and cached
//   mail.index.rows_per_s        (extra) the background search indexer catching up on subject, people, body
//   mail.search.p50/p95_ms       Vietnamese queries typed without diacritics, common words included
//   mail.folder_page.p50/p95_ms  first page (100) of the folder, through the call's schema and handler
//   mail.thread_page.p50/p95_ms  first page (100) of the folder by conversation (mail.threads), same way;
//                                the seeded messages carry no References, so each is its own conversation
//                                (bench/mail-threads.bench.ts measures real conversations without the stack)
//   mail.open_cached.p50/p95_ms  mail.open of a cached message, through schema and handler
//   mail.core_rss_mb             RSS after the sync
// Run: npx tsx bench/mail.bench.ts   (needs the running demo stack)
import { register } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountContext } from '../electron/core/account';
import { noSyncReport } from '../electron/core/sync/status';

register('./sql-loader.mjs', import.meta.url);

const { createMailFeature } = await import('../electron/core/mail/service.ts');
const { openBulk, openImap } = await import('../electron/core/mail/client.ts');
const { parseBody } = await import('../electron/core/mail/parse.ts');
const { uidRanges } = await import('../electron/core/mail/sync.ts');
const { organizationSchema } = await import('../electron/core/config/organization.ts');
const { accountMigrations } = await import('../electron/core/db/migrations/account/index.ts');
const { migrate } = await import('../electron/core/db/migrate.ts');
const { openDatabase } = await import('../electron/core/db/open.ts');
const { EventBus } = await import('../electron/core/events.ts');
const { silentLogger } = await import('../electron/core/log.ts');
const { nodePlatform } = await import('../electron/core/platform.ts');
const { calls } = await import('../shared/api.ts');
const { readStackJson, accountOf } = await import('../test/stack/stack-json.ts');
const { signIn } = await import('../test/stack/login.ts');

// What the process weighs before any mail: tsx's transpiler and the loaded modules.
(globalThis as { gc?: () => void }).gc?.();
const baselineRss = process.memoryUsage().rss / 1024 / 1024;
const WARMUP = 50;
const SAMPLES = 500;
const log = (msg: string) => process.stderr.write(`# ${msg}\n`);
const emit = (metric: string, value: number, unit: string, n: number, note: string) =>
  process.stdout.write(JSON.stringify({ metric, value: Math.round(value * 100) / 100, unit, n, note }) + '\n');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function latency(name: string, note: string, run: (i: number) => unknown | Promise<unknown>): Promise<void> {
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

// ---- the wire's limit: a bare FETCH over a socket, scanning only for literals and the end ----

async function rawHeaderFetch(host: string, port: number, user: string, token: string, folder: string): Promise<{ count: number; ms: number }> {
  const sock: Socket = connect({ host, port });
  let buf: Buffer = Buffer.alloc(0);
  let waiter: (() => void) | null = null;
  sock.on('data', (d: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    waiter?.();
  });
  const more = () => new Promise<void>((r) => (waiter = r));
  /** Reads response lines until the tagged one; literals are skipped by their byte count. */
  async function until(tag: string, onUntagged?: () => void): Promise<string> {
    for (;;) {
      let nl: number;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.subarray(0, nl).toString('latin1');
        if (line.startsWith('* ') && onUntagged && line.includes(' FETCH ')) onUntagged();
        const lit = /\{(\d+)\}$/.exec(line);
        if (lit) {
          const n = Number(lit[1]);
          while (buf.length < nl + 2 + n) await more();
          buf = buf.subarray(nl + 2 + n);
          continue;
        }
        buf = buf.subarray(nl + 2);
        if (line.startsWith(`${tag} `)) return line;
      }
      await more();
    }
  }
  await until('*');
  const sasl = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
  sock.write(`a1 AUTHENTICATE XOAUTH2 ${sasl}\r\n`);
  const auth = await until('a1');
  if (!auth.startsWith('a1 OK')) throw new Error(`raw login failed: ${auth}`);
  sock.write(`a2 EXAMINE "${folder}"\r\n`);
  const examined = await until('a2');
  if (!examined.startsWith('a2 OK')) throw new Error(`no folder ${folder}: seed it with \`npx tsx test/stack/cli.ts seed --mail 100000\` (${examined})`);
  let count = 0;
  const t = performance.now();
  sock.write('a3 UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID REFERENCES IN-REPLY-TO)])\r\n');
  const done = await until('a3', () => count++);
  const ms = performance.now() - t;
  if (!done.startsWith('a3 OK')) throw new Error(`raw fetch failed: ${done}`);
  sock.write('a4 LOGOUT\r\n');
  sock.end();
  return { count, ms };
}

// ---- the run ----

const stack = readStackJson();
const username = stack.benchmark.username;
const folder = stack.benchmark.folder;
const account = accountOf(stack, username);
const token = (await signIn(stack, username)).accessToken;
const tokens = { accessToken: async () => token, renew: async () => (await signIn(stack, username)).accessToken };

const MAILBOX = 100_000;
log(`raw fetch warm-up on ${folder}`);
const warm = await rawHeaderFetch(stack.services.imap.host, stack.services.imap.port, account.email, token, folder).catch(() => ({ count: 0, ms: 0 }));
if (warm.count < MAILBOX) {
  // The benchmark mailbox is seeded on demand (Maildir files written directly, ~10 s).
  log(`${folder} holds ${warm.count} messages: seeding ${MAILBOX}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--no-warnings', join(import.meta.dirname, '..', 'test', 'stack', 'cli.ts'), 'seed', '--mail', String(MAILBOX)], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error('seeding the benchmark mailbox failed');
  await rawHeaderFetch(stack.services.imap.host, stack.services.imap.port, account.email, token, folder);
}
const raw = await rawHeaderFetch(stack.services.imap.host, stack.services.imap.port, account.email, token, folder);
const rawRate = raw.count / (raw.ms / 1000);
const note = `${raw.count} messages, Dovecot on loopback, warm`;
log(`raw: ${raw.count} in ${raw.ms.toFixed(0)} ms`);
if (raw.count < 1000) log(`only ${raw.count} messages in ${folder}: seed with \`npx tsx test/stack/cli.ts seed --mail 100000\``);

const dir = mkdtempSync(join(tmpdir(), 'govdesk-mail-bench-'));
const db = openDatabase(join(dir, 'account.db'));
migrate(db, accountMigrations);
const ctx: AccountContext = {
  id: 'bench',
  email: account.email,
  name: account.name,
  organization: organizationSchema.parse(stack.organization),
  db,
  tokens,
  bus: new EventBus(),
  platform: nodePlatform({ userData: dir }),
  sync: noSyncReport,
  log: silentLogger,
};
const feature = createMailFeature(ctx, { bodyWindowDays: () => 1 });
const { store, indexer } = feature.parts;

// The app's sync of the folder, as the sync engine does it, on its own connection.
const conn = { endpoints: ctx.organization.mail!, user: account.email, tokens, log: silentLogger };
const imap = await openImap(conn, 'bench', { disableAutoIdle: true });
const list = await imap.list();
const { folderInput, MailSync } = await import('../electron/core/mail/sync.ts');
store.syncFolders(list.map(folderInput));
const st = store.folderState(folder);
if (!st) throw new Error(`no folder ${folder} for ${username}`);
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
    if (p.done % 20_000 < 2000) log(`sync ${p.done}/${p.total}`);
  },
});
const t0 = performance.now();
await engine.syncFolder(imap, st, null);
const syncMs = performance.now() - t0;
const synced = store.folders().find((f) => f.id === st.id)?.total ?? 0;
const appRate = synced / (syncMs / 1000);
emit('mail.sync.raw_headers_per_s', rawRate, 'per_s', raw.count, note);
emit('mail.sync.headers_per_s', appRate, 'per_s', synced, `${note}; headers, flags and size into SQLite, index in the background`);
emit('mail.sync.ratio', appRate / rawRate, 'ratio', synced, 'headers_per_s / raw_headers_per_s, same run');
// With --expose-gc (set below when run through `npx tsx`), collect first: RSS then shows what is kept, not garbage.
(globalThis as { gc?: () => void }).gc?.();
const mem = process.memoryUsage();
emit('mail.core_rss_mb', mem.rss / 1024 / 1024, 'mb', 1, `after the header sync of ${synced} messages; heap ${Math.round(mem.heapUsed / 1048576)} MB; the same process weighed ${Math.round(baselineRss)} MB before (tsx + modules)`);

// Bodies of every message, so search and open_cached see a full cache.
log('bodies: fetching, parsing, caching every message');
const tb = performance.now();
let bodies = 0;
const lock = await imap.getMailboxLock(folder);
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
emit('mail.sync.bodies_per_s', bodies / ((performance.now() - tb) / 1000), 'per_s', bodies, 'full source fetched, parsed by mailparser, cached');
await imap.logout();

log('search index: catching up');
const ti = performance.now();
const before = store.pendingIndexCount();
indexer.kick();
await indexer.idle();
emit('mail.index.rows_per_s', before / ((performance.now() - ti) / 1000), 'per_s', before, 'subject, people and ~2 KB body per row, folded, FTS5 contentless detail=column, 8 ms slices between other work');
emit('mail.core_rss_mb.after_bodies', process.memoryUsage().rss / 1024 / 1024, 'mb', 1, 'after bodies and index');

const h = feature.handlers;
const queries = ['bao cao', 'ke hoach', 'cong van', 'ha noi', 'da nang', 'đà nẵng', 'so thong tin', 'bao cao ket qua', 'hop giao ban', 'chuyen doi so', 'nguyen', 'tran quoc bao', 'ngan sach', 'to trinh', 'giay moi'];
await latency('mail.search', `${synced} messages, ${queries.length} queries without diacritics incl. báo cáo, kế hoạch, công văn; 50 hits ranked, highlighted`, (i) => {
  const params = calls['mail.search'].params.parse({ query: queries[i % queries.length] });
  return h['mail.search'](params);
});
await latency('mail.folder_page', `first 100 of ${synced}`, () => h['mail.list'](calls['mail.list'].params.parse({ folderId: st.id, limit: 100 })));
await latency('mail.thread_page', `first 100 conversations of ${synced} messages (one message each here)`, () =>
  h['mail.threads'](calls['mail.threads'].params.parse({ folderId: st.id, limit: 100 })),
);
const ids = store.page(st.id, null, 500).items.map((m) => m.id);
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
else rmSync(dir, { recursive: true, force: true });
