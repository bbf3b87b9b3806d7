// The core's side of the search indexer: starts index-worker.ts as a worker
// thread on the account's cache file, tells it when something was written
// (kick), knows when it has caught up (idle), stops it with the feature, and
// restarts it, with a growing pause, when it dies: a crash is logged and
// shown in mail.status, never a silent end of indexing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { shareWriteIntent, type Db } from '../db/open';
import type { Logger } from '../log';
import type { Clock } from '../platform';
import type { FromIndexWorker, IndexWorkerData, ToIndexWorker } from './index-protocol';

export interface IndexHealth {
  /** Work was written that the index has not caught up with yet. */
  indexing: boolean;
  /** Times the worker died and was started again, this session. */
  restarts: number;
  /** Why it last died, until a new worker has caught up. */
  error: string | null;
}

/** What sync and the service need of an indexer (worker thread, or in-process for an in-memory cache). */
export interface SearchIndexer {
  kick(): void;
  /** Resolves when everything kicked so far is indexed (tests, bench), or at once after stop. */
  idle(): Promise<void>;
  stop(): void | Promise<void>;
  health(): IndexHealth;
}

/** Where the worker's code is: a bundled file, or the TypeScript source run through tsx. */
export type WorkerEntry = { file: string } | { tsUrl: string };

/** The bundle's file name; scripts/build.ts emits it beside main.cjs and host.cjs. */
export const INDEX_WORKER_BUNDLE = 'mail-index-worker.cjs';

/**
 * The worker beside this code: in a bundle (esbuild defines import.meta.dirname
 * as the bundle's folder) the built file; under tsx or vitest the source.
 */
export function defaultIndexWorkerEntry(): WorkerEntry {
  const here = import.meta.dirname;
  const bundled = join(here, INDEX_WORKER_BUNDLE);
  if (existsSync(bundled)) return { file: bundled };
  return { tsUrl: pathToFileURL(join(here, 'index-worker.ts')).href };
}

function spawnWorker(entry: WorkerEntry, data: IndexWorkerData): Worker {
  if ('file' in entry) return new Worker(entry.file, { workerData: data });
  // A worker thread does not inherit the parent's loaders: it registers tsx itself.
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.tsUrl)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

export interface WorkerIndexerOptions {
  /** The core's connection to the account's cache (a file); the worker opens its own. */
  db: Db;
  log: Logger;
  clock: Clock;
  /** Health changed in a way the user may see (a crash, a recovery). */
  onHealth?: (health: IndexHealth) => void;
  /** Tests: another worker script. */
  entry?: WorkerEntry;
  tuning?: Partial<Omit<IndexWorkerData, 'path' | 'writeIntent'>>;
}

/** A worker with nothing to do for this long ends (its thread and connection weigh ~17 MB); the next kick starts another. */
export const REST_AFTER_MS = 15_000;
const FIRST_RESTART_MS = 1000;
const MAX_RESTART_MS = 60_000;
const STOP_GRACE_MS = 2000;

export class WorkerIndexer implements SearchIndexer {
  private worker: Worker | null = null;
  /** Kicks sent, and the highest kick the worker has reported caught up with. */
  private seq = 0;
  private caughtUp = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private stopped = false;
  private restarts = 0;
  private error: string | null = null;
  private restartDelay = FIRST_RESTART_MS;
  private cancelRestart: (() => void) | null = null;
  private cancelRest: (() => void) | null = null;
  /** A worker told to end because it had nothing to do: its exit is no crash. */
  private resting: Worker | null = null;

  /** The core's write transactions in progress, shared with the worker (db/open.ts). */
  private readonly writeIntent = new SharedArrayBuffer(4);

  constructor(private readonly o: WorkerIndexerOptions) {
    shareWriteIntent(o.db, new Int32Array(this.writeIntent));
  }

  kick(): void {
    if (this.stopped) return;
    this.seq++;
    this.cancelRest?.();
    this.cancelRest = null;
    // While a restart is pending, the new worker gets the latest kick when it starts.
    if (!this.worker && !this.cancelRestart) this.spawn();
    this.post({ type: 'kick', seq: this.seq });
  }

  idle(): Promise<void> {
    if (this.stopped || this.caughtUp >= this.seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq: this.seq, resolve }));
  }

  health(): IndexHealth {
    return { indexing: !this.stopped && this.caughtUp < this.seq, restarts: this.restarts, error: this.error };
  }

  /** Asks the worker to finish its transaction and close; terminates it if it does not within a grace period. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRestart?.();
    this.cancelRestart = null;
    this.cancelRest?.();
    this.cancelRest = null;
    this.release(Infinity);
    const running = this.worker;
    this.worker = null;
    // One told to rest may still be closing: its connection must be gone too.
    const ending = [running, this.resting].filter((w): w is Worker => w !== null);
    await Promise.all(
      ending.map(async (w) => {
        const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
        // Unref'd, the worker would not hold the process while it ends; and the grace
        // timer is on the injected clock, which holds nothing. When this stop is the
        // last thing a run waits for (a benchmark's end, the host closing), Node would
        // then exit with the stop unsettled (code 13) before the worker closed its
        // connection. Held from here, the process lives until the worker is gone.
        w.ref();
        if (w === running) w.postMessage({ type: 'stop' } satisfies ToIndexWorker);
        const cancel = this.o.clock.setTimer(STOP_GRACE_MS, () => void w.terminate());
        await exited;
        cancel();
      }),
    );
  }

  private post(m: ToIndexWorker): void {
    this.worker?.postMessage(m);
  }

  /**
   * A commit that finds the WAL past its limit copies it into the database
   * and syncs the file, tens of milliseconds on a busy disk. While a worker
   * runs, the core's commits leave that to the worker's (index-worker.ts
   * checkpoints after each pass too); without one, the core does it again.
   */
  private checkpointsByWorker(yes: boolean): void {
    if (this.o.db.open) this.o.db.pragma(`wal_autocheckpoint = ${yes ? 0 : 1000}`);
  }

  private spawn(): void {
    const data: IndexWorkerData = {
      path: this.o.db.name,
      firstBatch: 50,
      maxBatch: 1000,
      holdMs: 4,
      minPauseMs: 1,
      ...this.o.tuning,
      writeIntent: this.writeIntent,
    };
    const w = spawnWorker(this.o.entry ?? defaultIndexWorkerEntry(), data);
    this.worker = w;
    this.checkpointsByWorker(true);
    // The feature's stop ends it; it must not keep a closing process alive on its own.
    w.unref();
    w.on('message', (m: FromIndexWorker) => {
      if (m.type === 'idle') this.onIdle(m.seq);
    });
    w.on('error', (err: unknown) => {
      if (this.resting !== w) this.error = err instanceof Error ? err.message : JSON.stringify(err);
    });
    w.on('exit', (code) => {
      if (this.resting === w) {
        this.resting = null;
        if (!this.worker) this.checkpointsByWorker(false);
        return;
      }
      if (this.worker === w) this.worker = null;
      this.checkpointsByWorker(false);
      if (!this.stopped) this.crashed(code);
    });
  }

  private onIdle(seq: number): void {
    this.caughtUp = Math.max(this.caughtUp, seq);
    if (this.error !== null && this.caughtUp >= this.seq) {
      // A worker started after a crash has caught up: indexing works again.
      this.error = null;
      this.restartDelay = FIRST_RESTART_MS;
      this.o.log.log('info', 'search indexer recovered', { restarts: this.restarts });
      this.o.onHealth?.(this.health());
    }
    this.release(this.caughtUp);
    if (this.caughtUp >= this.seq && !this.cancelRest) this.cancelRest = this.o.clock.setTimer(REST_AFTER_MS, () => this.rest());
  }

  /** Nothing was kicked for a while: the worker ends, and its thread and connection with it. */
  private rest(): void {
    this.cancelRest = null;
    const w = this.worker;
    if (!w || this.stopped || this.caughtUp < this.seq) return;
    this.worker = null;
    this.resting = w;
    this.o.log.log('debug', 'search indexer resting', {});
    w.postMessage({ type: 'stop' } satisfies ToIndexWorker);
  }

  private release(upTo: number): void {
    const ready = this.waiters.filter((w) => w.seq <= upTo);
    this.waiters = this.waiters.filter((w) => w.seq > upTo);
    for (const w of ready) w.resolve();
  }

  private crashed(code: number): void {
    this.restarts++;
    this.error ??= `worker exited with code ${code}`;
    const wait = this.restartDelay;
    this.restartDelay = Math.min(this.restartDelay * 2, MAX_RESTART_MS);
    this.o.log.log('error', 'search indexer stopped unexpectedly; restarting', { code, err: this.error, restartInMs: wait, restarts: this.restarts });
    this.o.onHealth?.(this.health());
    this.cancelRestart = this.o.clock.setTimer(wait, () => {
      this.cancelRestart = null;
      if (this.stopped) return;
      this.spawn();
      this.post({ type: 'kick', seq: this.seq });
    });
  }
}
