// The calendar calls in the composition root: validated by the contract, and
// answered by the signed-in account's feature (none here: auth.required).
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../core/helpers';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('calendar calls in the core', () => {
  it('refuse bad params before anything runs, and need a signed-in account', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { core } = testCore(dir.path);
    const bad = await core.call('calendar.range', { from: '24/11/2025', to: '2025-12-01' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'call.invalid_params' } });
    const draft = await core.call('calendar.create', { calendarId: 1, summary: 'x', allDay: false, start: '2025-11-24T09:00', end: '2025-11-24T08:00' });
    expect(draft).toMatchObject({ ok: false, error: { code: 'call.invalid_params', issues: [{ path: 'end' }] } });
    const noAccount = await core.call('calendar.range', { from: '2025-11-24', to: '2025-12-01' });
    expect(noAccount).toMatchObject({ ok: false, error: { code: 'auth.required' } });
    core.close();
  });
});
