import type { Connection, ServiceId, ServiceStatus, SyncStatus } from '../../../shared/status';
import { SERVICE_IDS } from '../../../shared/status';
import type { EventBus } from '../events';

/** What a feature's sync tells the status bar: a pass began, and how it ended. */
export interface SyncReporter {
  /** Marks a pass as running; call the returned function once when it ends (ok: it completed). */
  begin(): (ok: boolean) => void;
}

/**
 * The overall connection from the services' own states: online only when
 * every one answers; a service not tried yet does not make it offline.
 */
export function overallConnection(services: readonly ServiceStatus[]): Connection {
  if (services.length === 0) return 'unknown';
  const up = services.filter((s) => s.state === 'online').length;
  const down = services.filter((s) => s.state !== 'online' && s.state !== 'unknown').length;
  if (up === services.length) return 'online';
  if (down === services.length) return 'offline';
  if (down > 0) return 'partial';
  return 'unknown';
}

/** The one place that knows connection and sync state; every change is pushed as `status`. */
export class StatusHolder {
  private current: SyncStatus = { connection: 'unknown', syncing: false, lastSyncAt: null, account: null, services: [] };
  private running = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly now: () => number,
  ) {}

  get(): SyncStatus {
    return this.current;
  }

  update(change: Partial<Omit<SyncStatus, 'connection' | 'services'>>): void {
    this.set({ ...this.current, ...change });
  }

  /** One service's state; the overall connection follows. */
  setService(s: ServiceStatus): void {
    const rest = this.current.services.filter((x) => x.service !== s.service);
    const services = [...rest, s].sort((a, b) => SERVICE_IDS.indexOf(a.service) - SERVICE_IDS.indexOf(b.service));
    this.set({ ...this.current, services });
  }

  service(id: ServiceId): ServiceStatus | null {
    return this.current.services.find((s) => s.service === id) ?? null;
  }

  removeService(id: ServiceId): void {
    if (!this.service(id)) return;
    this.set({ ...this.current, services: this.current.services.filter((x) => x.service !== id) });
  }

  /** Nobody signed in: no service to speak of. */
  clearServices(): void {
    this.set({ ...this.current, services: [] });
  }

  private set(next: SyncStatus): void {
    const full = { ...next, connection: overallConnection(next.services) };
    if (JSON.stringify(full) === JSON.stringify(this.current)) return;
    this.current = full;
    this.bus.emit('status', full);
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
