/**
 * Against the real Radicale: when one stored object is broken, Radicale
 * answers 500 for its whole collection. The app says so as a sync error of
 * that calendar and keeps showing the copy it had; the other calendars sync.
 */
import { chownSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { device, hanoiDate, stack, type Device } from './helpers';

const USER = 'kiemthu';
const BROKEN = 'govdesk-it-broken.ics';
const devices: Device[] = [];
const collectionDir = () => join(stack().stackDir, 'radicale', 'collections', 'collection-root', USER, 'lich-ca-nhan');

afterAll(() => {
  rmSync(join(collectionDir(), BROKEN), { force: true });
  for (const d of devices) d.close();
});

describe('a collection the server cannot serve', () => {
  it('is a sync error of that calendar; its saved copy stays, and clears when the server recovers', async () => {
    const d = await device(USER);
    devices.push(d);
    await d.feature.syncNow();
    const week = { from: hanoiDate(-7), to: hanoiDate(14) };
    const before = await d.call('calendar.range', week);
    const personal = (await d.call('calendar.calendars', {})).find((c) => c.url.includes('/lich-ca-nhan/'));
    expect(personal?.syncError).toBeNull();
    expect(before.filter((o) => o.calendarId === personal?.id).length).toBeGreaterThan(0);

    // Another client left an object Radicale stored but cannot read back (never closed).
    const dir = collectionDir();
    const file = join(dir, BROKEN);
    writeFileSync(file, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\nUID:govdesk-it-broken\r\nDTSTART:20261207T020000Z\r\nSUMMARY:Hỏng\r\n');
    const owner = statSync(dir);
    chownSync(file, owner.uid, owner.gid);

    await d.feature.syncNow();
    const after = await d.call('calendar.calendars', {});
    const failed = after.find((c) => c.id === personal?.id);
    expect(failed?.syncError).toMatchObject({ code: 'calendar.server_error', detail: expect.stringMatching(/500/) });
    // Not an empty calendar: the same entries as before.
    const during = await d.call('calendar.range', week);
    expect(during.filter((o) => o.calendarId === personal?.id).map((o) => o.id)).toEqual(before.filter((o) => o.calendarId === personal?.id).map((o) => o.id));
    // The other calendars (the task list, the agency schedule) synced.
    expect(after.filter((c) => c.id !== personal?.id).every((c) => c.syncError === null)).toBe(true);

    rmSync(file);
    await d.feature.syncNow();
    expect((await d.call('calendar.calendars', {})).find((c) => c.id === personal?.id)?.syncError).toBeNull();
  });
});
