// What a feature gets when a user is signed in: its account's own cache
// database and the one token source. Built by the auth module at sign-in,
// closed at sign-out; a feature never reaches outside it.
import type { OrganizationConfig } from './config/organization';
import type { Db } from './db/open';
import type { EventBus } from './events';
import type { Logger } from './log';
import type { Platform } from './platform';
import type { TokenSource } from './auth/token-source';
import type { SyncRegistry } from './sync/scheduler';

export interface AccountContext {
  /** Stable key of organization + user: names the cache folder. */
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly organization: OrganizationConfig;
  /** The account's cache (migrated with accountMigrations). */
  readonly db: Db;
  readonly tokens: TokenSource;
  readonly bus: EventBus;
  readonly platform: Platform;
  readonly log: Logger;
  /**
   * The sync scheduler: a feature registers its job (pull, outbox, where its
   * service listens) when it starts and unregisters when it stops. It runs no
   * sync timer of its own.
   */
  readonly sync: SyncRegistry;
}
