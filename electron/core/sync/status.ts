import type { SyncStatus } from '../../../shared/status';
import type { EventBus } from '../events';

/** What a feature's sync tells the status bar: a pass began, and how it ended. */
export interface SyncReporter {
  /** Marks a pass as running; call the returned function once when it ends (ok: it completed). */
  begin(): (ok: boolean) => void;
}

/** The one place that knows connection and sync state; every change is pushed as `status`. */
export class StatusHolder {
  private current: SyncStatus = { connection: 'unknown', syncing: false, lastSyncAt: null, account: null };
  private running = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly now: () => number,
  ) {}

  get(): SyncStatus {
    return this.current;
  }

  update(change: Partial<SyncStatus>): void {
    const next = { ...this.current, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.bus.emit('status', next);
  }

  /** Passes of several features overlap: syncing stays on until the last one ends. */
  readonly reporter: SyncReporter = {
    begin: () => {
      this.running++;
      this.update({ syncing: true });
      let ended = false;
      return (ok) => {
        if (ended) return;
        ended = true;
        this.running--;
        this.update({ syncing: this.running > 0, ...(ok ? { lastSyncAt: this.now() } : {}) });
      };
    },
  };
}

/** For a feature run without a status bar (tests, benchmarks). */
export const noSyncReport: SyncReporter = { begin: () => () => undefined };
