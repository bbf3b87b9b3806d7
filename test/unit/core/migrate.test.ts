import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { appMigrations } from '../../../electron/core/db/migrations/app';
import { migrate, type Migration } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { tempDir } from './helpers';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function tables(db: ReturnType<typeof openDatabase>): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
}

describe('migrations', () => {
  it('bring an empty database to the newest schema, with WAL and foreign keys', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = openDatabase(join(dir.path, 'app.db'));
    expect(migrate(db, appMigrations)).toEqual({ from: 0, to: appMigrations.length });
    expect(db.pragma('user_version', { simple: true })).toBe(appMigrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toContain('settings');
    db.close();
  });

  it('apply only what is new to an existing database and keep its rows', () => {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir.path, 'app.db');
    const v1: Migration[] = [{ version: 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);' }];
    let db = openDatabase(path);
    migrate(db, v1);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('Báo cáo tuần');
    db.close();

    db = openDatabase(path);
    const v2 = [...v1, { version: 2, name: 'tags', sql: 'ALTER TABLE notes ADD COLUMN tag TEXT;' }];
    expect(migrate(db, v2)).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT body, tag FROM notes').get()).toEqual({ body: 'Báo cáo tuần', tag: null });
    expect(migrate(db, v2)).toEqual({ from: 2, to: 2 });
    db.close();
  });

  it('leave the database at a whole version when a migration fails', () => {
    const db = openDatabase(':memory:');
    const broken: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });

  it('refuse a database newer than the app', () => {
    const db = openDatabase(':memory:');
    db.pragma('user_version = 9');
    expect(() => migrate(db, appMigrations)).toThrow(/newer than this app/);
  });

  it.each([
    ['app', appMigrations],
    ['account', accountMigrations],
  ] as const)('list every .sql file of the %s folder, in order', (folder, list) => {
    const files = readdirSync(join(__dirname, '../../../electron/core/db/migrations', folder))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(list.map((m) => `${m.name}.sql`)).toEqual(files);
    const db = openDatabase(':memory:');
    expect(migrate(db, list).to).toBe(files.length);
  });
});
