import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountId, Vault, type AccountProfile } from '../../../electron/core/auth/vault';
import { appMigrations } from '../../../electron/core/db/migrations/app';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { silentLogger } from '../../../electron/core/log';
import { keyFileSecrets, noSecrets, type SecretStorage } from '../../../electron/core/platform';
import { tempDir } from '../core/helpers';

const TOKEN = 'rt-VERY-SECRET-refresh-token-0123456789';
const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function setup(secrets?: (dir: string) => SecretStorage) {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase(join(dir.path, 'govdesk.db'));
  migrate(db, appMigrations);
  const vault = new Vault(db, secrets ? secrets(dir.path) : keyFileSecrets(dir.path), silentLogger);
  return { dir: dir.path, db, vault };
}

const profile: AccountProfile = { id: accountId('so-demo', 'anh.ntm'), orgId: 'so-demo', subject: 'anh.ntm', email: 'anh.ntm@so-demo.invalid', name: 'Nguyễn Thị Minh Anh', unit: 'Phòng CNTT' };

/** Every byte SQLite wrote for the app database: the file, its WAL and shared memory. */
function databaseBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith('govdesk.db'))
      .map((f) => readFileSync(join(dir, f))),
  );
}

describe('vault', () => {
  it('gives an account a stable id per organization + subject, revealing neither', () => {
    expect(accountId('so-demo', 'anh.ntm')).toBe(profile.id);
    expect(accountId('so-demo', 'bao.tq')).not.toBe(profile.id);
    expect(accountId('so-khac', 'anh.ntm')).not.toBe(profile.id);
    expect(profile.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('stores the refresh token only sealed: the database files never contain it', () => {
    const { dir, db, vault } = setup();
    expect(vault.save(profile, TOKEN, 1000)).toBe(true);
    expect(databaseBytes(dir).includes(Buffer.from(TOKEN))).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(databaseBytes(dir).includes(Buffer.from(TOKEN))).toBe(false);
    expect(databaseBytes(dir).includes(Buffer.from('anh.ntm@so-demo.invalid'))).toBe(true); // the files were read
    expect(vault.restore('so-demo')).toEqual({ profile, refreshToken: TOKEN });
    db.close();
  });

  it('restores the most recently used account of the organization, and nothing after clearing', () => {
    const { db, vault } = setup();
    const other = { ...profile, id: accountId('so-demo', 'bao.tq'), subject: 'bao.tq', email: 'bao.tq@so-demo.invalid' };
    vault.save(profile, TOKEN, 1000);
    vault.save(other, 'rt-other', 2000);
    expect(vault.restore('so-demo')?.profile.subject).toBe('bao.tq');
    expect(vault.restore('so-khac')).toBeNull();
    vault.clearToken(other.id);
    expect(vault.restore('so-demo')?.profile.subject).toBe('anh.ntm');
    vault.forget(profile.id);
    expect(vault.restore('so-demo')).toBeNull();
    db.close();
  });

  it('writes nothing secret where there is no secret storage', () => {
    const { dir, db, vault } = setup(() => noSecrets);
    expect(vault.persistent).toBe(false);
    expect(vault.save(profile, TOKEN, 1000)).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(databaseBytes(dir).includes(Buffer.from(TOKEN))).toBe(false);
    expect(vault.restore('so-demo')).toBeNull();
    db.close();
  });

  it('forgets a token that can no longer be unsealed (a changed keyring), keeping the account', () => {
    const { db, vault, dir } = setup();
    vault.save(profile, TOKEN, 1000);
    const otherKey = keyFileSecrets(join(dir, 'other-key'));
    const after = new Vault(db, otherKey, silentLogger);
    expect(after.restore('so-demo')).toBeNull();
    expect(db.prepare('SELECT sealed_refresh_token AS t FROM accounts WHERE id = ?').get(profile.id)).toEqual({ t: null });
    db.close();
  });
});
