// The search indexer's thread (worker_threads): brings mail_search up to date
// on its own connection to the account's cache, so that folding and FTS5
// inserts (~8,000 bodies/s) never run on the event loop that answers the UI.
// The core keeps its own connection; WAL lets both read at any time, and
// writes take turns (BEGIN IMMEDIATE and the busy timeout, db/open.ts). Each
// transaction here is kept to a few milliseconds and followed by a pause as
// long, so a write of the core waits at most about one such transaction.
// Bundled as its own file beside main.cjs and host.cjs (scripts/build.ts);
// indexer.ts starts it.
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../db/open';
import { MailStore } from './store';
import { indexWorkerDataSchema, type FromIndexWorker, type ToIndexWorker } from './index-protocol';

const port = parentPort;
if (!port) throw new Error('index-worker.ts runs as a worker thread');
const opts = indexWorkerDataSchema.parse(workerData);
const db = openDatabase(opts.path);
const store = new MailStore(db, () => Date.now());
const send = (m: FromIndexWorker) => port.postMessage(m);

let wanted = 0;
let running = false;
let stopping = false;
let batch = opts.firstBatch;

/** Indexes until nothing is pending, in short transactions with pauses between them. */
async function run(): Promise<void> {
  running = true;
  let indexed = 0;
  while (!stopping) {
    const asked = wanted;
    const t = performance.now();
    const n = store.indexPending(batch);
    const ms = performance.now() - t;
    indexed += n;
    if (n === 0) {
      send({ type: 'idle', seq: asked, indexed });
      indexed = 0;
      // A kick that came while this pass looked is answered by another look.
      if (wanted === asked) break;
      continue;
    }
    // The next batch is sized so one transaction holds the write lock about holdMs.
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
    void run();
  }
});
send({ type: 'ready' });
