import type { Migration } from '../../migrate';
import m001 from './001_settings.sql';
import m002 from './002_accounts.sql';
import m003 from './003_pending_revocations.sql';

/** The app database (not per account): settings and the account registry. */
export const appMigrations: readonly Migration[] = [
  { version: 1, name: '001_settings', sql: m001 },
  { version: 2, name: '002_accounts', sql: m002 },
  { version: 3, name: '003_pending_revocations', sql: m003 },
];
