// Mail benchmark (BENCH.md format; figures on stdout, progress on stderr), on
// the stack's 100,000-message Benchmark folder (seeded here when missing):
//   mail.sync.raw_headers_per_s  bare UID FETCH of UID FLAGS + 8 header fields over a plain socket
//   mail.sync.headers_per_s      the app's initial sync of the same folder into a fresh cache
//   mail.sync.ratio              the two, measured in this run
//   mail.sync.loop_lag_*_ms      how long the core's event loop (the one answering the UI) was held during that sync
//   mail.core_rss_mb             RSS of the core right after the sync (.idle before any mail, .peak the highest,
//                                .settled once the index caught up, .after_bodies at the end)
//   mail.sync.bodies_per_s       (extra) full sources fetched, parsed and cached
//   mail.index.rows_per_s        (extra) the search index worker catching up on subject, people, body
//   mail.index.loop_lag_*, core_write_*  (extra) the core's loop and its writes while the worker indexes
//   mail.search.p50/p95_ms       Vietnamese queries typed without diacritics, common words included
//   mail.folder_page.p50/p95_ms  first page (100) of the folder, through the call's schema and handler
//   mail.thread_page.p50/p95_ms  first page (100) of the folder by conversation (mail.threads), same way;
//                                the seeded messages carry no References, so each is its own conversation
//                                (bench/mail-threads.bench.ts measures real conversations without the stack)
//   mail.open_cached.p50/p95_ms  mail.open of a cached message, through schema and handler
// This file (under tsx) signs in, seeds and measures the wire; the app's side
// runs in bench/mail-driver.ts, bundled by esbuild like the shipped core and
// started under plain node, so its figures (RSS above all) are the product's.
// Run: npx tsx bench/mail.bench.ts   (needs the running demo stack)
import { spawn, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { nodeBundleOptions, workerEntries } from '../scripts/bundle-options';
import { readStackJson, accountOf } from '../test/stack/stack-json';
import { signIn } from '../test/stack/login';
import { emit, log } from './report';

const root = join(import.meta.dirname, '..');

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
  // A refused login or a missing folder throws: the socket must not outlive it (it kept the run from ending).
  try {
    return await fetchOn();
  } finally {
    sock.end();
    sock.unref();
  }

  async function fetchOn(): Promise<{ count: number; ms: number }> {
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
    return { count, ms };
  }
}

// ---- the run ----

const stack = readStackJson();
const username = stack.benchmark.username;
const folder = stack.benchmark.folder;
const account = accountOf(stack, username);
const token = (await signIn(stack, username)).accessToken;

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

emit('mail.sync.raw_headers_per_s', rawRate, 'per_s', raw.count, note);

// The app's side, bundled as the product bundles the core (the index worker beside it).
const outdir = join(root, 'dist', 'bench');
await build({
  ...nodeBundleOptions,
  entryPoints: { 'mail-driver': join(root, 'bench', 'mail-driver.ts'), ...Object.fromEntries(Object.entries(workerEntries).map(([k, v]) => [k, join(root, v)])) },
  outdir,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
});
const driver = spawn(process.execPath, ['--expose-gc', join(outdir, 'mail-driver.cjs')], { cwd: root, stdio: ['pipe', 'inherit', 'inherit'] });
driver.stdin.end(
  JSON.stringify({ organization: stack.organization, email: account.email, name: account.name, token, folder, rawRate, note }),
);
const code = await new Promise<number | null>((resolve) => driver.on('exit', resolve));
if (code !== 0) throw new Error(`the benchmark driver ended with exit ${code}`);
