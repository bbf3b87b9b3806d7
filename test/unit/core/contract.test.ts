import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, testCore } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup(config = {}) {
  const dir = tempDir();
  const { core, platform } = testCore(dir.path, config);
  cleanups.push(() => {
    core.close();
    dir.remove();
  });
  return { core, platform, dir };
}

describe('the contract gate', () => {
  it('refuses an unknown call with call.unknown', async () => {
    const { core } = setup();
    const res = await core.call('mail.deleteEverything', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'call.unknown', messageKey: 'errors.call.unknown' } });
  });

  it.each([null, 42, { toString: 'x' }])('refuses a call name that is not a string (%s)', async (name) => {
    const { core } = setup();
    const res = await core.call(name, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'call.unknown' } });
  });

  it('refuses bad params with call.invalid_params and names the field, running nothing', async () => {
    const { core } = setup();
    const res = await core.call('settings.set', { mailBodyWindowDays: 1000 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('call.invalid_params');
    expect(res.error.issues?.[0]?.path).toBe('mailBodyWindowDays');
    const after = await core.call('settings.get', {});
    expect(after).toMatchObject({ ok: true, result: { values: { mailBodyWindowDays: 30 } } });
  });

  it('refuses unknown extra params rather than ignoring them', async () => {
    const { core } = setup();
    const res = await core.call('settings.set', { language: 'en', isAdmin: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'call.invalid_params' } });
    const after = await core.call('settings.get', {});
    expect(after).toMatchObject({ ok: true, result: { values: { language: 'vi' } } });
  });

  it('answers a valid call', async () => {
    const { core } = setup();
    const res = await core.call('app.info', {});
    expect(res).toMatchObject({ ok: true, result: { name: 'Govdesk', shell: 'host', secretStorage: { available: true, backend: 'node-keyfile' } } });
  });

  it('opens only allowed links in the system browser', async () => {
    const opened: string[] = [];
    const dir = tempDir();
    const { nodePlatform } = await import('../../../electron/core/platform');
    const { createCore } = await import('../../../electron/core/core');
    const { silentLogger } = await import('../../../electron/core/log');
    const core = createCore(nodePlatform({ userData: dir.path, openExternal: async (u) => void opened.push(u) }), { organization: null, logger: silentLogger });
    cleanups.push(() => {
      core.close();
      dir.remove();
    });
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@evil.example/', 'not a url']) {
      expect(await core.call('shell.openExternal', { url: bad })).toMatchObject({ ok: false, error: { code: 'shell.url_not_allowed' } });
    }
    expect(await core.call('shell.openExternal', { url: 'https://meet.jit.si/GiaoBan' })).toMatchObject({ ok: true });
    expect(opened).toEqual(['https://meet.jit.si/GiaoBan']);
  });
});
