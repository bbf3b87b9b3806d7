// The search indexer's thread (worker_threads): brings mail_search up to date
// on its own connection to the account's cache, so that folding and FTS5
// inserts (~8,000 bodies/s) never run on the event loop that answers the UI.
// The core keeps its own connection; WAL lets both read at any time, and
// writes take turns (BEGIN IMMEDIATE and the busy timeout, db/open.ts). The
// core's write would wait on its own thread, so this side gives way: no
// transaction starts while the core has one running or about to (a shared
// counter), and each one here is kept to a few milliseconds with a pause
// after it, so a write of the core waits at most about one such transaction.
// Bundled as its own file beside main.cjs and host.cjs (scripts/build.ts);
// indexer.ts starts it.
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../db/open';
import { MailStore } from './store';
import { indexWorkerDataSchema, type FromIndexWorker, type ToIndexWorker } from './index-protocol';

/**
 * An error as the core will read it: only an Error's message survives the
 * way to the other thread (a SqliteError arrives as {code} alone).
 */
function plain(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const code = (err as { code?: unknown }).code;
  return new Error(`${err.name}: ${err.message}${typeof code === 'string' ? ` (${code})` : ''}`);
}

const port = parentPort;
if (!port) throw new Error('index-worker.ts runs as a worker thread');
const opts = indexWorkerDataSchema.parse(workerData);
const { db, store } = (() => {
  try {
    const db = openDatabase(opts.path);
    return { db, store: new MailStore(db, () => Date.now()) };
  } catch (err) {
    throw plain(err);
  }
})();
const send = (m: FromIndexWorker) => port.postMessage(m);

let wanted = 0;
let running = false;
let stopping = false;
let batch = opts.firstBatch;
const coreWrites = new Int32Array(opts.writeIntent);

/** Blocks this thread (not the core's) while the core writes. */
function giveWay(): void {
  for (let n = Atomics.load(coreWrites, 0); n > 0; n = Atomics.load(coreWrites, 0)) Atomics.wait(coreWrites, 0, n, 100);
}

/** Indexes until nothing is pending, in short transactions with pauses between them. */
async function run(): Promise<void> {
  running = true;
  let indexed = 0;
  while (!stopping) {
    const asked = wanted;
    giveWay();
    const t = performance.now();
    const n = store.indexPending(batch, () => performance.now() - t >= opts.holdMs);
    const ms = performance.now() - t;
    indexed += n;
    if (n === 0) {
      // The core leaves checkpoints to this thread (indexer.ts): whatever it wrote since goes into the file now.
      db.pragma('wal_checkpoint(PASSIVE)');
      send({ type: 'idle', seq: asked, indexed });
      indexed = 0;
      // A kick that came while this pass looked is answered by another look.
      if (wanted === asked) break;
      continue;
    }
    // Rows are read in batches sized to what fits in holdMs; the deadline cuts a batch that would not.
    if (n === batch) batch = Math.max(5, Math.min(opts.maxBatch, Math.round((batch * opts.holdMs) / Math.max(ms, 0.1))));
    await sleep(Math.max(opts.minPauseMs, ms));
  }
  running = false;
  if (stopping) finish();
}

function finish(): void {
  if (db.open) db.close();
  send({ type: 'stopped' });
  port?.close();
}

port.on('message', (m: ToIndexWorker) => {
  if (m.type === 'stop') {
    stopping = true;
    if (!running) finish();
    return;
  }
  wanted = Math.max(wanted, m.seq);
  if (!running && !stopping) {
    // A failure is left unhandled on purpose: it ends this thread, and the
    // core logs it, reports it in mail.status and starts another.
    run().catch((err: unknown) => {
      throw plain(err);
    });
  }
});
send({ type: 'ready' });
