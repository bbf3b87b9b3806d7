// What the core and the search indexer's worker thread (index-worker.ts) say
// to each other. Both sides are ours, but the worker's start data is still
// checked: a wrong path or limit would fail far from its cause.
import { z } from 'zod';

export const indexWorkerDataSchema = z
  .object({
    /** The account's cache file (never ':memory:': another connection cannot see that). */
    path: z.string().min(1),
    /** Rows of the first transaction; later ones are sized to last about holdMs. */
    firstBatch: z.number().int().min(1).max(10_000),
    maxBatch: z.number().int().min(1).max(10_000),
    holdMs: z.number().positive().max(1000),
    /** Pause after each transaction, at least; otherwise as long as the transaction took. */
    minPauseMs: z.number().min(0).max(1000),
    /** One Int32: transactions of the core running or about to (db/open.ts shareWriteIntent); none starts here while above zero. */
    writeIntent: z.instanceof(SharedArrayBuffer),
  })
  .strict();
export type IndexWorkerData = z.infer<typeof indexWorkerDataSchema>;

export type ToIndexWorker =
  /** Something was written that may need indexing; seq grows with each kick. */
  | { type: 'kick'; seq: number }
  /** Finish the transaction under way, close the database, exit. */
  | { type: 'stop' };

export type FromIndexWorker =
  | { type: 'ready' }
  /** Nothing pending once every kick up to seq was seen; `indexed` rows since the last idle. */
  | { type: 'idle'; seq: number; indexed: number }
  | { type: 'stopped' };
