export type Connection = 'online' | 'offline' | 'unknown';

export interface AccountSummary {
  name: string;
  email: string;
  unit: string | null;
}

export interface SyncStatus {
  connection: Connection;
  syncing: boolean;
  /** Epoch milliseconds of the last completed sync, or null if never. */
  lastSyncAt: number | null;
  account: AccountSummary | null;
}
