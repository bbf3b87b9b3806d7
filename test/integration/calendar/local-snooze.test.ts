// A reminder of the agency schedule snoozed by a specialist, who may only read
// that calendar: the snooze is kept on the specialist's device (it cannot go
// into the object), rings again at the chosen time after the agency's next
// change has been synced, and the server never hears of it.
import { describe, expect, it } from 'vitest';
import { devicesFor, rawClient, runId, type Device } from './helpers';

const run = runId();
const dev = devicesFor(run, ['dung.pt']);
const MIN = 60_000;
const hanoiLocal = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);

describe('a snooze on the agency schedule (read-only for staff)', () => {
  it('rings again at the chosen time after a sync, and nothing is written to the server', async () => {
    const office = await dev('dung.pt');
    const leader = await dev('cuong.lv');
    const specialist = await dev('anh.ntm');
    const agencyOf = (d: Device) => d.feature.store.calendars().find((c) => c.kind === 'agency')!;
    expect(agencyOf(specialist).writable).toBe(0);

    // A meeting in ten minutes or so, with a reminder 15 minutes before: it has rung already.
    const startMs = Math.ceil((Date.now() + 10 * MIN) / MIN) * MIN;
    const draft = (location: string) => ({
      calendarId: agencyOf(office).id, summary: `Làm việc với đoàn kiểm tra ${run}`, allDay: false, start: hanoiLocal(startMs), end: hanoiLocal(startMs + 60 * MIN),
      location, alarmsMinutesBefore: [15], attendees: [{ email: 'anh.ntm@so-demo.invalid', name: 'Nguyễn Thị Minh Anh' }],
      agency: { chair: 'Đ/c Lê Văn Cường, Phó Giám đốc', attendees: 'Chuyên viên phòng', preparingUnit: 'Văn phòng Sở' },
    });
    const created = await office.call('calendar.create', draft('Phòng họp số 2'));
    await office.feature.syncNow();
    const href = office.feature.store.object(created.objectId)!.href;
    await leader.feature.syncNow();
    await leader.call('calendar.approve', { id: `${leader.feature.store.objectByHref(agencyOf(leader).id, href)!.id}:`, comment: '' });
    await leader.feature.syncNow();
    await specialist.feature.syncNow();

    const objectId = specialist.feature.store.objectByHref(agencyOf(specialist).id, href)!.id;
    const mine = (fromMs: number, toMs: number) => specialist.feature.reminders.due(fromMs, toMs).filter((a) => a.objectId === objectId);
    const rang = mine(startMs - 16 * MIN, startMs);
    expect(rang.map((a) => a.fireAt)).toEqual([startMs - 15 * MIN]);

    const untilMs = startMs - 2 * MIN;
    specialist.feature.reminders.snooze(objectId, rang[0]!.instance, rang[0]!.alarmUid, untilMs);
    expect(mine(startMs - 16 * MIN, untilMs)).toEqual([]);
    expect(mine(untilMs, untilMs + MIN).map((a) => [a.fireAt, a.aboutMs])).toEqual([[untilMs, startMs]]);
    const before = await (await rawClient('anh.ntm')).get(href);

    // The agency moves the meeting to another room; the specialist syncs (and
    // replays its outbox, were anything in it).
    await office.feature.syncNow();
    await office.call('calendar.update', { id: `${created.objectId}:`, scope: 'all', draft: draft('Hội trường tầng 3') });
    await office.feature.syncNow();
    await specialist.feature.syncNow();
    expect((await specialist.call('calendar.get', { id: `${objectId}:` })).location).toBe('Hội trường tầng 3');
    expect(mine(startMs - 16 * MIN, untilMs)).toEqual([]);
    expect(mine(untilMs, untilMs + MIN).map((a) => [a.fireAt, a.aboutMs])).toEqual([[untilMs, startMs]]);

    const server = await (await rawClient('anh.ntm')).get(href);
    expect(before?.etag).toBeTruthy();
    expect(server?.etag).not.toBe(before?.etag);
    const unfolded = server!.data.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('Hội trường tầng 3');
    expect(unfolded).not.toMatch(/RELTYPE=SNOOZE|ACKNOWLEDGED/);
  });
});
