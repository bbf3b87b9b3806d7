import type { SyncStatus } from '../../../shared/status';
import type { EventBus } from '../events';

/** The one place that knows connection and sync state; every change is pushed as `status`. */
export class StatusHolder {
  private current: SyncStatus = { connection: 'unknown', syncing: false, lastSyncAt: null, account: null };

  constructor(private readonly bus: EventBus) {}

  get(): SyncStatus {
    return this.current;
  }

  update(change: Partial<SyncStatus>): void {
    const next = { ...this.current, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.bus.emit('status', next);
  }
}
