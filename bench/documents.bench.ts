// Documents benchmark (BENCH.md format; figures on stdout, progress on stderr):
//   docs.sync.initial_s        all metadata of N documents (default 10,000, seeded
//                              with `stack:seed --documents N` for the benchmark
//                              account) into an empty cache, through the feature's sync
//   docs.sync.raw_http_s       the same change feed paged over HTTP, bodies read, not parsed
//   docs.sync.ratio            the two, taken in the same run
//   docs.list.p95_ms           first page of a box through the call's schema and handler (target < 10)
//   docs.search.p95_ms         Vietnamese queries typed without diacritics, common words included (target < 30)
//   docs.open_cached.p95_ms    documents.open of a cached document (target < 50)
// Run: npm run bench documents   (needs the demo stack; GOVDESK_BENCH_DOCUMENTS=N to change N)
import { spawnSync } from 'node:child_process';
import { register } from 'node:module';
import { join } from 'node:path';
import { emit, log, percentile } from './report';

register('./sql-loader.mjs', import.meta.url);

const { createDocumentsFeature } = await import('../electron/core/documents/service.ts');
const { organizationSchema } = await import('../electron/core/config/organization.ts');
const { calls } = await import('../shared/api.ts');
const { benchAccount } = await import('./account.ts');
const { readStackJson, accountOf } = await import('../test/stack/stack-json.ts');
const { signIn, refresh } = await import('../test/stack/login.ts');

const COUNT = Number(process.env.GOVDESK_BENCH_DOCUMENTS ?? 10_000);
const WARMUP = 50;
const SAMPLES = 500;
const USER = 'kiemthu';

function time<T>(fn: () => T): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

let stack: ReturnType<typeof readStackJson>;
try {
  stack = readStackJson();
} catch {
  log('the demo stack is not running: nothing to measure');
  process.exit(0);
}

log(`seeding ${COUNT} documents for ${USER}`);
const seeded = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx'), join(import.meta.dirname, '..', 'test', 'stack', 'cli.ts'), 'seed', '--documents', String(COUNT)], {
  stdio: ['ignore', process.stderr, process.stderr],
});
if (seeded.status !== 0) {
  log('seeding failed: nothing to measure');
  process.exit(1);
}

const account = accountOf(stack, USER);
let session = await signIn(stack, USER);
const tokens = {
  accessToken: async () => session.accessToken,
  async renew() {
    session = await refresh(stack, session.refreshToken);
    return session.accessToken;
  },
};
const organization = organizationSchema.parse(stack.organization);

// ---- raw: the change feed over HTTP, bodies read and not parsed ----
async function rawFeed(): Promise<{ ms: number; pages: number; bytes: number }> {
  const base = stack.services.documents.url.replace(/\/?$/, '/');
  const t0 = performance.now();
  let cursor: string | undefined;
  let pages = 0;
  let bytes = 0;
  for (;;) {
    const url = new URL('changes', base);
    if (cursor) url.searchParams.set('cursor', cursor);
    url.searchParams.set('limit', '500');
    const res = await fetch(url, { headers: { Authorization: `Bearer ${await tokens.accessToken()}`, Accept: 'application/json' } });
    const text = await res.text();
    bytes += text.length;
    pages++;
    // Only what paging needs, found by position: the cursor and whether more follow.
    const c = /"cursor":"([^"]+)"/.exec(text.slice(-400)) ?? /"cursor":"([^"]+)"/.exec(text);
    cursor = c?.[1];
    if (!/"more":true/.test(text.slice(-200)) || !cursor) break;
  }
  return { ms: performance.now() - t0, pages, bytes };
}

// ---- the feature's initial sync into an empty cache ----
const bench = benchAccount('docs', { email: account.email, name: account.name, organization, tokens });
const feature = createDocumentsFeature(bench.ctx);
try {
  await rawFeed(); // warm the server's own caches alike for both
  const raw = await rawFeed();
  log(`raw feed: ${raw.pages} pages, ${(raw.bytes / 1e6).toFixed(1)} MB`);
  const t0 = performance.now();
  const report = await feature.sync!.pull();
  const syncMs = performance.now() - t0;
  const held = bench.db.prepare('SELECT count(*) FROM doc_documents').pluck().get() as number;
  const note = `${held} documents, ${report.pages} pages of 500, ${(raw.bytes / 1e6).toFixed(1)} MB of JSON`;
  emit('docs.sync.initial_s', syncMs / 1000, 's', 1, note);
  emit('docs.sync.raw_http_s', raw.ms / 1000, 's', 1, note);
  emit('docs.sync.ratio', syncMs / raw.ms, 'ratio', 1, 'initial sync time over raw paging time, same run');

  const h = feature.handlers;
  const callList = (box: 'to_process' | 'incoming', sort: 'date' | 'deadline') => h['documents.list'](calls['documents.list'].params.parse({ box, sort, limit: 100 }));
  for (let i = 0; i < WARMUP; i++) callList('to_process', 'date');
  const list: number[] = [];
  for (let i = 0; i < SAMPLES; i++) list.push(time(() => callList(i % 2 ? 'to_process' : 'incoming', i % 3 ? 'date' : 'deadline')));
  list.sort((a, b) => a - b);
  emit('docs.list.p50_ms', percentile(list, 50), 'ms', SAMPLES, `first page of 100, To process and Incoming, by date and deadline, ${held} documents`);
  emit('docs.list.p95_ms', percentile(list, 95), 'ms', SAMPLES, `first page of 100, To process and Incoming, by date and deadline, ${held} documents`);

  const queries = ['chuyen doi so', 'bao cao', 'ke hoach', 'an toan thong tin', 'giay moi hop', 'van thu luu tru', 'cong van', 'tinh hinh thuc hien nhiem vu', 'ubnd', 'so 123', 'cai cach hanh chinh', 'tang cuong'];
  const search = (q: string) => h['documents.search'](calls['documents.search'].params.parse({ query: q, limit: 50 }));
  for (let i = 0; i < WARMUP; i++) search(queries[i % queries.length]!);
  const found: number[] = [];
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const q = queries[i % queries.length]!;
    found.push(
      time(() => {
        hits += (search(q) as { hits: unknown[] }).hits.length;
      }),
    );
  }
  found.sort((a, b) => a - b);
  emit('docs.search.p50_ms', percentile(found, 50), 'ms', SAMPLES, `${queries.length} queries without diacritics (common words included), 50 hits each at most, ${held} documents`);
  emit('docs.search.p95_ms', percentile(found, 95), 'ms', SAMPLES, `${queries.length} queries without diacritics (common words included), 50 hits each at most, ${held} documents`);
  if (hits === 0) log('warning: no search found anything');

  const ids = bench.db.prepare('SELECT id FROM doc_documents ORDER BY random() LIMIT 600').pluck().all() as string[];
  const open = (id: string) => h['documents.open'](calls['documents.open'].params.parse({ id }));
  for (let i = 0; i < WARMUP; i++) open(ids[i % ids.length]!);
  const opened: number[] = [];
  for (let i = 0; i < SAMPLES; i++) opened.push(time(() => open(ids[(i + WARMUP) % ids.length]!)));
  opened.sort((a, b) => a - b);
  emit('docs.open_cached.p50_ms', percentile(opened, 50), 'ms', SAMPLES, `documents.open from the cache (marks read on first open), ${held} documents`);
  emit('docs.open_cached.p95_ms', percentile(opened, 95), 'ms', SAMPLES, `documents.open from the cache (marks read on first open), ${held} documents`);
} finally {
  feature.stop();
  bench.db.close();
  bench.remove();
}
