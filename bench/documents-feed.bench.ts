// Document service feed benchmark (BENCH.md format; figures on stdout, progress on stderr):
//   documents.feed.full_sync_s       the benchmark account's whole feed (N documents, pages of 500)
//                                    through the core's DocumentsClient, zod-parsed, from no cursor
//   documents.feed.docs_per_s        the same as a rate
//   documents.feed.idle_poll.p50_ms  GET /changes with the last cursor and nothing new (what a
//   documents.feed.idle_poll.p95_ms  scheduler's poll costs the service: one introspection + one query)
// Run: npx tsx bench/documents-feed.bench.ts [N]   (needs the running demo stack; fills the
// benchmark account with N documents first, default 10000, as `stack:seed --documents N` does).
import { signIn, refresh } from '../test/stack/login.ts';
import { stackPaths } from '../test/stack/config.ts';
import { readStackJson } from '../test/stack/stack-json.ts';
import { seedBenchmarkDocuments } from '../test/stack/documents/seed.ts';
import { DocumentsClient } from '../electron/core/documents/client.ts';
import { silentLogger } from '../electron/core/log.ts';
import { emit, log, percentile } from './report.ts';

const N = Number(process.argv[2] ?? 10_000);
const POLLS = 300;

let stack: ReturnType<typeof readStackJson>;
try {
  stack = readStackJson();
} catch (err) {
  log(`the demo stack is not running (${err instanceof Error ? err.message : String(err)}): nothing measured`);
  process.exit(0);
}

const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
log(`filling the benchmark account with ${N} documents`);
const seeded = await seedBenchmarkDocuments(stackPaths(stack.stackDir), N, today);
log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);

let t = await signIn(stack, stack.benchmark.username);
const client = new DocumentsClient({
  apiUrl: stack.services.documents.url,
  log: silentLogger,
  tokens: {
    accessToken: async () => t.accessToken,
    renew: async () => {
      t = await refresh(stack, t.refreshToken);
      return t.accessToken;
    },
  },
});

const t0 = performance.now();
let cursor: string | undefined;
let docs = 0;
for (;;) {
  const page = await client.changes(cursor, 500);
  docs += page.changes.filter((c) => c.type === 'document').length;
  cursor = page.cursor;
  if (!page.more) break;
}
const fullS = (performance.now() - t0) / 1000;
emit('documents.feed.full_sync_s', fullS, 's', docs, `${docs} documents visible to the benchmark account, pages of 500, zod-parsed`);
emit('documents.feed.docs_per_s', docs / fullS, 'per_s', docs, 'documents received and parsed per second over the full sync');

const samples: number[] = [];
for (let i = 0; i < POLLS + 20; i++) {
  const s = performance.now();
  const page = await client.changes(cursor, 500);
  if (page.changes.length) log(`unexpected changes during the idle polls: ${page.changes.length}`);
  if (i >= 20) samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
emit('documents.feed.idle_poll.p50_ms', percentile(samples, 50), 'ms', samples.length, 'GET /changes with nothing new (token introspection included)');
emit('documents.feed.idle_poll.p95_ms', percentile(samples, 95), 'ms', samples.length, 'GET /changes with nothing new (token introspection included)');
