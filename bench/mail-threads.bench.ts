// Grouped mail list benchmark (BENCH.md format; figures on stdout, progress on
// stderr), on a local cache of 100,000 messages in real conversations: the
// stack's benchmark folder has no replies, so there every conversation is one
// message (mail.bench.ts measures that case as mail.thread_page). Here most
// conversations are one or two messages, some run to a dozen, the user's own
// replies are in Sent, and one 2,000-message discussion list thread is the
// newest of all (its count and senders on every first page).
//   mail.thread_page.threaded.p50/p95_ms       first page (100) of the Inbox by conversation, through schema and handler
//   mail.thread_page.threaded_deep.p50/p95_ms  a page of 100 starting a year back (keyset)
//   mail.folder_page.threaded.p50/p95_ms       the same Inbox's first page ungrouped, same run
//   mail.thread_page.ratio                     grouped p95 / ungrouped p95, same run
// Run: npx tsx bench/mail-threads.bench.ts   (no stack needed)
import { register } from 'node:module';
import type { HeaderRecord } from '../electron/core/mail/store';
import { rng } from '../test/stack/seed/util';
import { emit, log, percentile } from './report';

register('./sql-loader.mjs', import.meta.url);

const { createMailFeature } = await import('../electron/core/mail/service.ts');
const { organizationSchema } = await import('../electron/core/config/organization.ts');
const { calls } = await import('../shared/api.ts');
const { benchAccount } = await import('./account.ts');

const MESSAGES = 100_000;
const WARMUP = 50;
const SAMPLES = 500;

async function latency(name: string, note: string, run: () => unknown): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  emit(`${name}.p50_ms`, percentile(times, 50), 'ms', SAMPLES, note);
  const p95 = percentile(times, 95);
  emit(`${name}.p95_ms`, p95, 'ms', SAMPLES, note);
  return p95;
}


// ---- the mailbox ----

const me = { name: 'Nguyễn Thị Mai Anh', address: 'anh.ntm@so-demo.invalid' };
const { ctx, db, remove } = benchAccount('threads', {
  email: me.address,
  name: me.name,
  organization: organizationSchema.parse({ id: 'bench', name: 'Bench', oidc: { issuer: 'http://127.0.0.1:1/', clientId: 'bench', scopes: ['openid'] } }),
  tokens: { accessToken: async () => 'none', renew: async () => 'none' },
});
const feature = createMailFeature(ctx);
const { store } = feature.parts;
store.syncFolders([
  { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
  { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: 'sent', subscribed: true },
]);
const inbox = store.folderState('INBOX')!.id;
const sent = store.folderState('Sent')!.id;

const r = rng(20261201);
const people = Array.from({ length: 60 }, (_, i) => ({ name: `Cán bộ ${i + 1}`, address: `cb${i + 1}@so-demo.invalid` }));
const end = Date.parse('2026-11-30T10:00:00Z');
const start = end - 2 * 365 * 86400_000;
type Placed = { folder: number; h: Omit<HeaderRecord, 'uid'> };
const placed: Placed[] = [];
const message = (id: string, date: number, from: typeof me, root: string | null, parent: string | null, seen: boolean): Omit<HeaderRecord, 'uid'> => ({
  messageId: id,
  inReplyTo: parent,
  references: root && parent ? (root === parent ? [root] : [root, parent]) : [],
  subject: `${root ? 'Re: ' : ''}Báo cáo kết quả thực hiện kế hoạch`,
  from: [from],
  to: [me],
  cc: [],
  date,
  flags: seen ? ['\\Seen'] : [],
  size: 4000,
  hasAttachments: r() < 0.1,
  modseq: null,
});

// The discussion list: the newest conversation, 2,000 messages over the last month.
const list = '<ds-0@so-demo.invalid>';
for (let k = 0; k < 2000; k++) {
  const id = k === 0 ? list : `<ds-${k}@so-demo.invalid>`;
  placed.push({ folder: inbox, h: message(id, end - 30 * 86400_000 + k * 1290_000, people[k % people.length]!, k ? list : null, k ? `<ds-${k - 1}@so-demo.invalid>` : null, k < 1990) });
}
let c = 0;
while (placed.length < MESSAGES) {
  const length = (() => {
    const x = r();
    return x < 0.55 ? 1 : x < 0.8 ? 2 : x < 0.92 ? 3 + Math.floor(r() * 3) : x < 0.99 ? 6 + Math.floor(r() * 7) : 20 + Math.floor(r() * 40);
  })();
  const root = `<c${c}@so-demo.invalid>`;
  let date = start + r() * (end - start - 86400_000);
  let parent: string | null = null;
  // A conversation goes on until its length or today, whichever comes first.
  for (let k = 0; k < length && placed.length < MESSAGES && date < end; k++) {
    const id = k === 0 ? root : `<c${c}-${k}@so-demo.invalid>`;
    // Every third reply is the user's own, filed in Sent.
    const mine = k > 0 && r() < 0.33;
    const old = end - date > 14 * 86400_000;
    placed.push({ folder: mine ? sent : inbox, h: message(id, Math.floor(date), mine ? me : people[Math.floor(r() * people.length)]!, k ? root : null, parent, mine || old || r() < 0.5) });
    parent = id;
    date += 600_000 + r() * 2 * 86400_000;
  }
  c++;
}
// Uids in arrival order per folder, as a server gives them.
placed.sort((a, b) => a.h.date - b.h.date);
const next = new Map<number, number>();
const batches = new Map<number, HeaderRecord[]>();
const t0 = performance.now();
for (const p of placed) {
  const uid = (next.get(p.folder) ?? 0) + 1;
  next.set(p.folder, uid);
  const batch = batches.get(p.folder) ?? [];
  batch.push({ uid, ...p.h });
  batches.set(p.folder, batch);
  if (batch.length >= 5000) {
    store.upsertHeaders(p.folder, batch);
    batches.set(p.folder, []);
  }
}
for (const [folder, batch] of batches) store.upsertHeaders(folder, batch);
const inboxCount = store.folders().find((f) => f.id === inbox)?.total ?? 0;
log(`${placed.length} messages in ${c + 1} conversations (${inboxCount} in the Inbox) cached in ${Math.round(performance.now() - t0)} ms`);

// ---- the figures ----

const h = feature.handlers;
const note = `${placed.length} messages, ${c + 1} conversations (${inboxCount} in the Inbox; replies in Sent; a 2,000-message list thread newest)`;
const grouped = await latency('mail.thread_page.threaded', `first 100 conversations of the Inbox; ${note}`, () =>
  h['mail.threads'](calls['mail.threads'].params.parse({ folderId: inbox, limit: 100 })),
);
const yearBack = { date: end - 365 * 86400_000, uid: 0 };
await latency('mail.thread_page.threaded_deep', `a page of 100 conversations starting a year back (keyset); ${note}`, () =>
  h['mail.threads'](calls['mail.threads'].params.parse({ folderId: inbox, after: yearBack, limit: 100 })),
);
const plain = await latency('mail.folder_page.threaded', `first 100 messages of the same Inbox, ungrouped; ${note}`, () =>
  h['mail.list'](calls['mail.list'].params.parse({ folderId: inbox, limit: 100 })),
);
emit('mail.thread_page.ratio', grouped / plain, 'ratio', SAMPLES, 'mail.thread_page.threaded.p95_ms / mail.folder_page.threaded.p95_ms, same run');

await feature.stop();
db.close();
remove();
