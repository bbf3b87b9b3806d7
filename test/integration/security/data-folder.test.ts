/**
 * After a real sign-in (the app's core against the stack's identity provider),
 * the data folder holds the session and the account's cache: another user of
 * the same machine can neither list nor read any of it.
 */
import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOf } from '../../stack/stack-json.ts';
import { removeDir, startApp, stack, type TestApp } from '../auth/helpers';
import { asStranger } from './probes.ts';

let app: TestApp;
let parent: string | undefined;

beforeAll(async () => {
  const a = accountOf(stack(), 'anh.ntm');
  // A parent every user may enter, so that only the data folder's own modes stand in the way.
  parent = mkdtempSync(join(tmpdir(), 'govdesk-sec-'));
  chmodSync(parent, 0o755);
  app = startApp({ script: { username: a.username, password: a.password }, dataDir: join(parent, 'Govdesk') });
  await app.call('auth.signIn');
});

afterAll(() => {
  app?.close();
  if (parent) removeDir(parent);
});

function walk(dir: string, out: { path: string; mode: number; dir: boolean }[] = []) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = statSync(p);
    out.push({ path: p, mode: st.mode & 0o777, dir: st.isDirectory() });
    if (st.isDirectory()) walk(p, out);
  }
  return out;
}

describe.runIf(process.platform !== 'win32')("the app's data folder after a sign-in", () => {
  it('is 0700, every folder in it 0700 and every file 0600', () => {
    const entries = walk(app.dataDir);
    // The sign-in made the account's cache and the sealed session: the walk has something to judge.
    expect(entries.some((e) => /accounts\/[0-9a-f]+\/cache\.db$/.test(e.path))).toBe(true);
    expect(statSync(app.dataDir).mode & 0o777).toBe(0o700);
    const open = entries.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(open).toEqual([]);
  });

  it('another local user can neither list nor read it', async () => {
    const targets = [app.dataDir, ...walk(app.dataDir).filter((e) => !e.dir).map((e) => e.path)];
    const result = await asStranger<Record<string, string>>(
      `import fs from 'node:fs';
       const out = {};
       for (const p of JSON.parse(process.env.INPUT)) {
         try { fs.statSync(p).isDirectory() ? fs.readdirSync(p) : fs.readFileSync(p); out[p] = 'read'; } catch (e) { out[p] = e.code; }
       }
       console.log(JSON.stringify(out));`,
      targets,
    );
    expect(Object.keys(result)).toHaveLength(targets.length);
    for (const t of targets) expect(result[t], t).toBe('EACCES');
  });
});
