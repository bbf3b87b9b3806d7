import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/api';
import { tempDir, testCore } from './helpers';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('settings', () => {
  it('default to Vietnamese and survive closing and reopening the core', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let { core } = testCore(dir.path);
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, result: { values: { language: 'vi' }, locked: [] } });
    const events: EventMessage[] = [];
    core.subscribe((m) => events.push(m));
    expect(await core.call('settings.set', { language: 'en', mailBodyWindowDays: 14 })).toMatchObject({ ok: true });
    expect(events).toContainEqual({ event: 'changed', payload: { topic: 'settings', ids: ['language', 'mailBodyWindowDays'] } });
    core.close();

    ({ core } = testCore(dir.path));
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, result: { values: { language: 'en', mailBodyWindowDays: 14 } } });
    core.close();
  });

  it('apply the policy: locked values win and cannot be changed, defaults can', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const policy = { settings: { keepCacheOnSignOut: false }, defaults: { language: 'en' as const } };
    const { core } = testCore(dir.path, { policy });
    expect(await core.call('settings.get', {})).toMatchObject({
      ok: true,
      result: { values: { language: 'en', keepCacheOnSignOut: false }, locked: ['keepCacheOnSignOut'] },
    });
    expect(await core.call('settings.set', { keepCacheOnSignOut: true })).toMatchObject({ ok: false, error: { code: 'settings.locked' } });
    expect(await core.call('settings.set', { language: 'vi' })).toMatchObject({ ok: true, result: { values: { language: 'vi' } } });
    core.close();
  });

  it('skip a stored value that today’s schema no longer accepts', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let { core } = testCore(dir.path);
    core.close();
    const { openDatabase } = await import('../../../electron/core/db/open');
    const db = openDatabase(`${dir.path}/govdesk.db`);
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('language', '\"klingon\"', 0), ('mailBodyWindowDays', 'not json', 0)").run();
    db.close();
    ({ core } = testCore(dir.path));
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, result: { values: { language: 'vi', mailBodyWindowDays: 30 } } });
    core.close();
  });

  it('group the mail list by conversation unless the user turns it off, or a policy decides', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let { core } = testCore(dir.path);
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, result: { values: { mailGroupByThread: true } } });
    expect(await core.call('settings.set', { mailGroupByThread: false })).toMatchObject({ ok: true, result: { values: { mailGroupByThread: false } } });
    core.close();
    // IT fixes it on: the user's earlier choice gives way, and cannot be made again.
    ({ core } = testCore(dir.path, { policy: { settings: { mailGroupByThread: true } } }));
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, result: { values: { mailGroupByThread: true }, locked: ['mailGroupByThread'] } });
    expect(await core.call('settings.set', { mailGroupByThread: false })).toMatchObject({ ok: false, error: { code: 'settings.locked' } });
    expect(await core.call('settings.set', { mailGroupByThread: 'yes' })).toMatchObject({ ok: false, error: { code: 'call.invalid_params' } });
    core.close();
  });

  it('take the documents offline limit and deadline lead times from a policy: a default the user may change, a lock they may not', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let { core } = testCore(dir.path);
    // Built in: 500 MB, 2 days before and on the day.
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, result: { values: { documentsOfflineLimitMb: 500, documentDeadlineLeadDays: [2, 0] } } });
    core.close();
    const policy = { defaults: { documentsOfflineLimitMb: 2048 }, settings: { documentDeadlineLeadDays: [7, 0] as (0 | 7)[] } };
    ({ core } = testCore(dir.path, { policy }));
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, result: { values: { documentsOfflineLimitMb: 2048, documentDeadlineLeadDays: [7, 0] }, locked: ['documentDeadlineLeadDays'] } });
    expect(await core.call('settings.set', { documentDeadlineLeadDays: [1] })).toMatchObject({ ok: false, error: { code: 'settings.locked' } });
    expect(await core.call('settings.set', { documentsOfflineLimitMb: 250 })).toMatchObject({ ok: true, result: { values: { documentsOfflineLimitMb: 250 } } });
    expect(await core.call('settings.set', { documentsOfflineLimitMb: 10 })).toMatchObject({ ok: false, error: { code: 'call.invalid_params' } });
    core.close();
  });
});
