// RECURRENCE-ID;RANGE=THISANDFUTURE written by "another client" on the
// stack's Radicale: dismissing the reminder of an instance the range governs,
// and editing that one instance, land on the server where other clients read
// them, and a second device agrees.
import { describe, expect, it } from 'vitest';
import { parseObject } from '../../../electron/core/calendar/ical';
import { devicesFor, rawClient, runId, type Device } from './helpers';

const run = runId();
const devices = devicesFor(run, ['anh.ntm']);
const dev = (): Promise<Device> => devices('anh.ntm');

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
/** UTC basic format, as iCalendar writes it. */
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
/** Local 'YYYY-MM-DDTHH:mm' in Hanoi, as the form sends it. */
const hanoi = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 16);

describe('THISANDFUTURE from another client, against the stack', () => {
  it('dismisses a governed instance’s reminder on the range’s VALARM, and edits that instance from the range', async () => {
    const a = await dev();
    // Weekly at the last full hour, from three weeks ago; from two weeks ago
    // on an hour later, renamed, in the hall, with a reminder of its own.
    const h = Math.floor(Date.now() / HOUR) * HOUR;
    const first = h - 3 * WEEK;
    const uid = `range-${run}@test`;
    const raw = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//other client//EN',
      'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', `DTSTART:${utc(first)}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6',
      `SUMMARY:Giao ban ${run}`, 'LOCATION:Phòng 1', 'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', `RECURRENCE-ID;RANGE=THISANDFUTURE:${utc(first + WEEK)}`,
      `DTSTART:${utc(first + WEEK + HOUR)}`, `DTEND:${utc(first + WEEK + 2 * HOUR)}`, `SUMMARY:Giao ban (dời) ${run}`, 'LOCATION:Hội trường', 'X-OTHER-CLIENT:giữ nguyên',
      'BEGIN:VALARM', 'UID:r1', 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:Giao ban (dời)', 'END:VALARM', 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n');
    const cal = a.feature.store.calendars().find((c) => c.kind === 'event' && c.writable === 1)!;
    const href = `${new URL(cal.url).pathname}${uid}.ics`;
    const client = await rawClient('anh.ntm');
    expect((await client.put(href, raw, null)).status).toBe('ok');
    await a.feature.syncNow();

    // Last week's instance: the range's reminder rang for it, an hour later than the series'.
    const governed = first + 2 * WEEK;
    const objectOf = (d: Device) => d.feature.store.objectByHref(d.feature.store.calendars().find((x) => x.url === cal.url)!.id, href)!.id;
    const objectId = objectOf(a);
    const rang = a.feature.reminders.due(governed, governed + HOUR).filter((x) => x.objectId === objectId);
    expect(rang.map((x) => [x.instance, x.alarmUid, x.fireAt])).toEqual([[String(governed), 'r1', governed + 50 * 60_000]]);
    a.feature.reminders.acknowledge(objectId, String(governed), 'r1');
    await a.feature.syncNow();

    const server = parseObject((await client.get(href))!.data);
    expect(server.overrides).toHaveLength(1);
    expect(server.overrides[0]!.alarms[0]!.acknowledgedMs).toBeGreaterThanOrEqual(governed + 50 * 60_000);
    expect(server.master!.alarms[0]!.acknowledgedMs).toBeNull();

    // Another device reads the acknowledgement: not again for last week, still next week.
    const b = await dev();
    const firings = b.feature.reminders.due(first, h + 3 * WEEK).filter((x) => x.summary.endsWith(run)).map((x) => x.fireAt);
    expect(firings).not.toContain(governed + 50 * 60_000);
    expect(firings).toContain(h + WEEK + 50 * 60_000);

    // "This occurrence" of next week's instance, from what the range made it.
    const next = `${objectId}:${String(h + WEEK)}`;
    const shown = await a.call('calendar.get', { id: next });
    expect(shown).toMatchObject({ summary: `Giao ban (dời) ${run}`, location: 'Hội trường', start: h + WEEK + HOUR });
    await a.call('calendar.update', {
      id: next, scope: 'this',
      draft: { calendarId: cal.id, summary: shown.summary, allDay: false, start: hanoi(shown.start), end: hanoi(shown.end), timeZone: 'Asia/Ho_Chi_Minh', location: shown.location, description: 'Mang báo cáo tuần', alarmsMinutesBefore: [10] },
    });
    await a.feature.syncNow();
    const edited = parseObject((await client.get(href))!.data);
    const own = edited.overrides.find((o) => !o.thisAndFuture)!;
    expect(own).toMatchObject({ recurrenceKey: String(h + WEEK), summary: `Giao ban (dời) ${run}`, location: 'Hội trường', description: 'Mang báo cáo tuần', startMs: h + WEEK + HOUR });
    expect(own.xprops).toContainEqual(['X-OTHER-CLIENT', 'giữ nguyên']);
    expect(own.alarms.map((x) => x.uid)).toEqual(['r1']);
    const c = await dev();
    expect(await c.call('calendar.get', { id: `${objectOf(c)}:${String(h + WEEK)}` })).toMatchObject({ summary: `Giao ban (dời) ${run}`, description: 'Mang báo cáo tuần', start: h + WEEK + HOUR });
  });
});
