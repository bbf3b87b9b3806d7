import type { Migration } from '../../migrate';
import m001 from './001_outbox.sql';

/** The per-account cache (one database per organization + user). Features append here. */
export const accountMigrations: readonly Migration[] = [{ version: 1, name: '001_outbox', sql: m001 }];
