// Reminders against the demo stack's CalDAV: a dismissal and a snooze made on
// one device reach the server (RFC 9074) and silence the reminder on the
// user's second device after its next sync.
import { describe, expect, it } from 'vitest';
import { calendarAlarmSource, taskDueSource } from '../../../electron/core/calendar/reminder-sources';
import { ianaZone } from '../../../electron/core/calendar/zones';
import { createRemindersFeature } from '../../../electron/core/reminders/service';
import { devicesFor, rawClient, runId, type Device } from '../calendar/helpers';

const run = runId();
const dev = devicesFor(run, ['anh.ntm']);
const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;

function reminders(d: Device) {
  const feature = createRemindersFeature(d.ctx, {
    sources: [calendarAlarmSource(() => d.feature), taskDueSource(() => d.feature, HANOI, () => '07:30')],
    settings: { quietHours: () => ({ enabled: false, start: '22:00', end: '06:30' }), workDayStart: () => '07:30', language: () => 'vi' },
  });
  feature.start();
  return feature;
}

/** A Hanoi wall time `minutes` from now, as the event form sends it. */
const localIn = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 7 * 3_600_000).toISOString().slice(0, 16);

async function meetingRingingNow(a: Device, title: string) {
  const cal = a.feature.store.calendars().find((c) => c.kind === 'event' && c.writable === 1)!;
  // Starts in 5 minutes with a 10-minute reminder: it is due now.
  const created = await a.call('calendar.create', { calendarId: cal.id, summary: title, allDay: false, start: localIn(5), end: localIn(35), alarmsMinutesBefore: [10] });
  await a.feature.syncNow();
  return created;
}

describe('reminders written back to CalDAV', () => {
  it('a dismissal reaches the server and silences the second device', async () => {
    const a = await dev('anh.ntm');
    const b = await dev('anh.ntm');
    const created = await meetingRingingNow(a, `Nhắc ${run} bỏ qua`);
    await b.feature.syncNow();
    const ra = reminders(a);
    const rb = reminders(b);
    const onA = ra.engine.list().now.find((r) => r.title === `Nhắc ${run} bỏ qua`);
    expect(onA?.state).toBe('ringing');
    expect(rb.engine.list().now.find((r) => r.title === `Nhắc ${run} bỏ qua`)?.state).toBe('ringing');

    ra.engine.dismiss([onA!.id]);
    await a.feature.syncNow();
    const raw = (await (await rawClient('anh.ntm')).get(a.feature.store.object(created.objectId)!.href))?.data.replace(/\r\n[ \t]/g, '');
    expect(raw).toMatch(/^ACKNOWLEDGED:\d{8}T\d{6}Z$/m);

    await b.feature.syncNow();
    rb.engine.changed();
    expect(rb.engine.list().now.find((r) => r.title === `Nhắc ${run} bỏ qua`)).toBeUndefined();
    expect(rb.engine.list().dismissed.find((r) => r.title === `Nhắc ${run} bỏ qua`)?.state).toBe('done_elsewhere');
    ra.stop();
    rb.stop();
  });

  it('a snooze reaches the server as an RFC 9074 snooze alarm that the second device rings at the same time', async () => {
    const a = await dev('anh.ntm');
    const b = await dev('anh.ntm');
    const created = await meetingRingingNow(a, `Nhắc ${run} báo lại`);
    const ra = reminders(a);
    const onA = ra.engine.list().now.find((r) => r.title === `Nhắc ${run} báo lại`)!;
    const snoozed = ra.engine.snooze(onA.id, '10m');
    await a.feature.syncNow();
    const raw = (await (await rawClient('anh.ntm')).get(a.feature.store.object(created.objectId)!.href))?.data.replace(/\r\n[ \t]/g, '');
    expect(raw).toMatch(/RELATED-TO;RELTYPE=SNOOZE/);

    await b.feature.syncNow();
    const rb = reminders(b);
    // The second device does not ring the dismissed original; it has the snooze coming at the same time.
    expect(rb.engine.list().now.find((r) => r.title === `Nhắc ${run} báo lại`)).toBeUndefined();
    expect(rb.engine.list().upcoming.filter((r) => r.title === `Nhắc ${run} báo lại`).map((r) => r.fireAt)).toEqual([snoozed.snoozedUntil]);
    ra.stop();
    rb.stop();
  });

  it('dismissing a snoozed reminder removes its snooze alarm from the server: it rings on neither device', async () => {
    const a = await dev('anh.ntm');
    const b = await dev('anh.ntm');
    const title = `Nhắc ${run} thôi báo`;
    const created = await meetingRingingNow(a, title);
    const ra = reminders(a);
    const snoozed = ra.engine.snooze(ra.engine.list().now.find((r) => r.title === title)!.id, '10m');
    await a.feature.syncNow();
    await b.feature.syncNow();
    const rb = reminders(b);
    expect(rb.engine.list().upcoming.filter((r) => r.title === title).map((r) => r.fireAt)).toEqual([snoozed.snoozedUntil]);

    // Dismissed from the Reminders section while it waits to ring again.
    ra.engine.dismiss([snoozed.id]);
    await a.feature.syncNow();
    const raw = (await (await rawClient('anh.ntm')).get(a.feature.store.object(created.objectId)!.href))?.data.replace(/\r\n[ \t]/g, '') ?? '';
    expect(raw).not.toMatch(/RELTYPE=SNOOZE/);
    expect(raw.match(/^BEGIN:VALARM$/gm)).toHaveLength(1);
    expect(raw).toMatch(/^ACKNOWLEDGED:\d{8}T\d{6}Z$/m);
    expect(ra.engine.list().upcoming.filter((r) => r.title === title)).toEqual([]);

    await b.feature.syncNow();
    rb.engine.changed();
    expect(rb.engine.list().upcoming.filter((r) => r.title === title)).toEqual([]);
    expect(rb.engine.list().now.filter((r) => r.title === title)).toEqual([]);
    ra.stop();
    rb.stop();
  });

  it('dismissing the snooze when it rings removes it and acknowledges the reminder it snoozed', async () => {
    const a = await dev('anh.ntm');
    const title = `Nhắc ${run} báo lại rồi thôi`;
    const created = await meetingRingingNow(a, title);
    const [original] = a.feature.reminders.due(Date.now() - 60 * 60_000, Date.now() + 60_000).filter((x) => x.summary === title);
    const until = Math.floor((Date.now() + 5 * 60_000) / 1000) * 1000;
    a.feature.reminders.snooze(created.objectId, original!.instance, original!.alarmUid, until);
    await a.feature.syncNow();
    const snooze = a.feature.reminders.due(until, until + 1).find((x) => x.summary === title)!;
    expect(snooze.alarmUid).not.toBe(original!.alarmUid);

    // The snooze rang (on this or another device) and the user dismissed it: what the engine asks of the source then.
    a.feature.reminders.acknowledge(created.objectId, snooze.instance, snooze.alarmUid);
    await a.feature.syncNow();
    const raw = (await (await rawClient('anh.ntm')).get(a.feature.store.object(created.objectId)!.href))?.data.replace(/\r\n[ \t]/g, '') ?? '';
    expect(raw).not.toMatch(/RELTYPE=SNOOZE/);
    expect(raw.match(/^BEGIN:VALARM$/gm)).toHaveLength(1);
    expect(raw).toMatch(/^ACKNOWLEDGED:\d{8}T\d{6}Z$/m);
    expect(a.feature.reminders.due(Date.now() - 60 * 60_000, until + 60_000).filter((x) => x.summary === title)).toEqual([]);
  });
});
