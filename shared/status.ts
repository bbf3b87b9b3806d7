// Connection and sync state as the status bar sees it: pushed as the `status`
// event and answered by `status.get`. `connection` is online only when every
// service the account uses answers; `services` says which ones do not, since
// when, why, and what waits for them.
import { z } from 'zod';

/** online: every service answers; partial: some do not; offline: none does; unknown: nothing tried yet (or nobody signed in). */
export type Connection = 'online' | 'partial' | 'offline' | 'unknown';

/** The organization's services the app talks to; `signin` is the identity provider. */
export const SERVICE_IDS = ['signin', 'mail', 'calendar', 'files', 'documents'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/**
 * What the last real outcome said about a service:
 * online (it answered), offline (refused or timed out: not reachable),
 * error (it answered with a server error), signed_out (it wants a new sign-in),
 * unknown (not tried yet in this session).
 */
export type Reachability = 'unknown' | 'online' | 'offline' | 'error' | 'signed_out';

export interface ServiceStatus {
  service: ServiceId;
  state: Reachability;
  /** Epoch ms since which it is in this state (null while unknown). */
  since: number | null;
  /** Epoch ms of the last time it answered, or null. */
  lastOkAt: number | null;
  /** Why it is not online: a stable error code (i18n `errors.<code>`) and the technical detail. */
  error: { code: string; detail: string } | null;
  /** When the next attempt is due on its own (epoch ms), or null (none planned, or it waits for a sign-in). */
  nextRetryAt: number | null;
  /** Changes written here that wait to be sent to it. */
  waiting: number;
  /** Its outbox is on the wire right now. */
  sending: boolean;
}

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
  /** Each service the signed-in account uses, sign-in first. Empty when nobody is signed in. */
  services: ServiceStatus[];
}

export const statusParams = {
  /** One service, or every one that is not online. */
  tryNow: z.object({ service: z.enum(SERVICE_IDS).optional() }).strict(),
};
