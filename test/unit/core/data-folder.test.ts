/**
 * The app's data folder is its owner's alone on Linux and macOS: what the app
 * creates is private from the start, and what was left open (an older
 * version, a copy, a restore) is narrowed at the next start, with a log line.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_DB_FILE, createCore } from '../../../electron/core/core';
import { secureDataFolder } from '../../../electron/core/data-folder';
import { fileLogger } from '../../../electron/core/log';
import { keyFileSecrets, KeyFileRefusedError, nodePlatform } from '../../../electron/core/platform';
import { tempDir } from './helpers';

const mode = (p: string) => statSync(p).mode & 0o777;
const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});
function fresh(): string {
  const d = tempDir('govdesk-perm-');
  dirs.push(d);
  return d.path;
}

describe.runIf(process.platform !== 'win32')('data folder permissions (Linux, macOS)', () => {
  it('a new data folder, its logs and its databases are private from the start', () => {
    const root = join(fresh(), 'Govdesk');
    const platform = nodePlatform({ userData: root });
    const core = createCore(platform, { organization: null });
    try {
      expect(mode(root)).toBe(0o700);
      expect(mode(platform.paths.logs)).toBe(0o700);
      expect(mode(join(root, 'secret.key'))).toBe(0o600);
      expect(mode(join(root, 'logs', 'core.log'))).toBe(0o600);
      const dbs = [APP_DB_FILE, `${APP_DB_FILE}-wal`, `${APP_DB_FILE}-shm`].map((f) => join(root, f));
      for (const f of dbs) expect(mode(f), f).toBe(0o600);
    } finally {
      core.close();
    }
  });

  it('what was left open is narrowed at start-up and the log says so', () => {
    const root = fresh();
    mkdirSync(join(root, 'accounts', 'abc'), { recursive: true });
    writeFileSync(join(root, 'accounts', 'abc', 'cache.db'), '');
    writeFileSync(join(root, 'notes.txt'), 'x');
    chmodSync(join(root, 'accounts', 'abc', 'cache.db'), 0o644);
    chmodSync(join(root, 'notes.txt'), 0o666);
    chmodSync(join(root, 'accounts', 'abc'), 0o755);
    chmodSync(join(root, 'accounts'), 0o775);
    chmodSync(root, 0o755);
    const platform = nodePlatform({ userData: root });
    const core = createCore(platform, { organization: null, logger: fileLogger(platform.paths.logs, () => 0) });
    core.close();
    expect(mode(root)).toBe(0o700);
    expect(mode(join(root, 'accounts'))).toBe(0o700);
    expect(mode(join(root, 'accounts', 'abc'))).toBe(0o700);
    expect(mode(join(root, 'accounts', 'abc', 'cache.db'))).toBe(0o600);
    expect(mode(join(root, 'notes.txt'))).toBe(0o600);
    const lines = readFileSync(join(root, 'logs', 'core.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { msg: string; repaired?: string[] });
    const line = lines.find((l) => /narrowed to the owner/.test(l.msg));
    expect(line?.repaired).toEqual(expect.arrayContaining(['accounts', join('accounts', 'abc'), join('accounts', 'abc', 'cache.db'), 'notes.txt']));
  });

  it('a private folder is left as it is, and a symlink out of it is not followed', () => {
    const root = fresh();
    const outside = fresh();
    chmodSync(outside, 0o755);
    chmodSync(root, 0o700);
    writeFileSync(join(root, 'a.db'), '', { mode: 0o600 });
    symlinkSync(outside, join(root, 'link'));
    expect(secureDataFolder(root)).toEqual({ repaired: [], failed: [] });
    expect(mode(outside)).toBe(0o755);
  });
});

describe('Windows', () => {
  it('only checks that the folder is inside the user profile', () => {
    expect(secureDataFolder('C:\\Users\\Anh\\AppData\\Roaming\\Govdesk', 'win32', 'C:\\Users\\anh')).toEqual({ repaired: [], failed: [], inProfile: true });
    expect(secureDataFolder('D:\\Shared\\Govdesk', 'win32', 'C:\\Users\\anh')).toEqual({ repaired: [], failed: [], inProfile: false });
    // A sibling whose name starts like the profile is not inside it.
    expect(secureDataFolder('C:\\Users\\anh2\\Govdesk', 'win32', 'C:\\Users\\anh').inProfile).toBe(false);
  });
});

describe('the development key-file secret store', () => {
  it('refuses to run outside development and tests, and says why', () => {
    const dir = fresh();
    expect(() => keyFileSecrets(dir, { NODE_ENV: 'production' })).toThrow(KeyFileRefusedError);
    expect(() => keyFileSecrets(dir, {})).toThrow(/development and tests only/);
    expect(() => nodePlatform({ userData: dir, secrets: undefined })).not.toThrow(); // vitest: a test
  });

  it('runs in development and in tests', () => {
    const dir = fresh();
    for (const env of [{ NODE_ENV: 'development' }, { NODE_ENV: 'test' }, { VITEST: 'true' }]) {
      const s = keyFileSecrets(dir, env);
      expect(s.decrypt(s.encrypt('bí mật'))).toBe('bí mật');
    }
  });
});
