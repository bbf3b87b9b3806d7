// Documents search on the cache alone (BENCH.md format), no demo stack:
//   docs.search_cache.p95_ms   the search of `documents.search` over N documents
//                              put straight into a fresh cache, shaped like
//                              `stack:seed --documents` (default 10,000)
// It isolates the query from sync and the HTTP feed, so a change to search can
// be measured in seconds; `npm run bench documents` gives the figure with the
// whole feature. Run: npx tsx bench/documents-search.bench.ts
import { register } from 'node:module';
import { emit, log, percentile } from './report';
import { benchDocument } from './document-fixture';

register('./sql-loader.mjs', import.meta.url);

const { benchAccount } = await import('./account.ts');
const { DocumentStore } = await import('../electron/core/documents/store.ts');
const { DocumentSearch } = await import('../electron/core/documents/search.ts');

const COUNT = Number(process.env.GOVDESK_BENCH_DOCUMENTS ?? 10_000);
const WARMUP = 50;
const SAMPLES = 500;

const account = benchAccount('docsearch', {
  email: 'kiemthu@demo.gov.vn',
  name: 'Kiểm Thử',
  organization: {} as never,
  tokens: { accessToken: async () => '', renew: async () => '' },
});
const store = new DocumentStore(account.db);
const me = { username: 'kiemthu', role: 'specialist' as const, unitId: 'cds' };
const subjects = ['V/v triển khai Kế hoạch chuyển đổi số', 'V/v báo cáo tình hình thực hiện nhiệm vụ', 'V/v tăng cường an toàn thông tin mạng', 'Kế hoạch kiểm tra công tác văn thư, lưu trữ', 'Giấy mời họp giao ban', 'Báo cáo kết quả cải cách hành chính'];
const types = ['Công văn', 'Báo cáo', 'Công văn', 'Kế hoạch', 'Giấy mời', 'Báo cáo'];
const base = Date.parse('2026-12-01T01:00:00Z');
const t0 = performance.now();
store.transaction(() => {
  for (let i = 0; i < COUNT; i++) {
    const iso = new Date(base - i * 37 * 60_000).toISOString();
    const day = iso.slice(0, 10);
    const k = i % subjects.length;
    const doc = benchDocument({ i, iso, typeName: types[k]!, subject: `${subjects[k]} (số ${i + 1})`, due: day, assignee: { username: me.username, name: 'Kiểm Thử' }, waiting: true });
    store.put(doc, doc, me, true);
  }
});
log(`${COUNT} documents put in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const search = new DocumentSearch(store);
const queries = ['chuyen doi so', 'bao cao', 'ke hoach', 'an toan thong tin', 'giay moi hop', 'van thu luu tru', 'cong van', 'tinh hinh thuc hien nhiem vu', 'ubnd', 'so 123', 'cai cach hanh chinh', 'tang cuong'];
const run = (q: string) => search.search(q, undefined, 50, (rows) => rows.map((r) => ({ id: r.id }) as never)).hits.length;
for (let i = 0; i < WARMUP; i++) run(queries[i % queries.length]!);
const found: number[] = [];
let hits = 0;
for (let i = 0; i < SAMPLES; i++) {
  const q = queries[i % queries.length]!;
  const s = performance.now();
  hits += run(q);
  found.push(performance.now() - s);
}
// Each query's mean on stderr: which kind of query is the tail.
const per = new Map<string, number[]>();
for (let i = 0; i < 120; i++) {
  const q = queries[i % queries.length]!;
  const s = performance.now();
  run(q);
  per.set(q, [...(per.get(q) ?? []), performance.now() - s]);
}
for (const [q, a] of per) log(`${q}: ${(a.reduce((x, y) => x + y, 0) / a.length).toFixed(2)} ms`);
found.sort((a, b) => a - b);
const note = `${queries.length} queries without diacritics (common words included), 50 hits each at most, ${COUNT} documents, cache only`;
emit('docs.search_cache.p50_ms', percentile(found, 50), 'ms', SAMPLES, note);
emit('docs.search_cache.p95_ms', percentile(found, 95), 'ms', SAMPLES, note);
if (hits === 0) log('warning: no search found anything');
account.db.close();
account.remove();
