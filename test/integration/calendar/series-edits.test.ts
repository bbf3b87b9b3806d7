// "Nothing lost" in series edits, as other clients read them on the stack's
// Radicale: "this and following" carries a later moved meeting into the new
// series, and "all occurrences" renames an overridden week that still had the
// old title without giving the series a range's meeting link.
import { describe, expect, it } from 'vitest';
import { parseObject } from '../../../electron/core/calendar/ical';
import { devicesFor, rawClient, runId, type Device } from './helpers';

const run = runId();
const devices = devicesFor(run, ['anh.ntm']);
const dev = (): Promise<Device> => devices('anh.ntm');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const hanoi = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 16);
const hanoiDay = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 10);
const A = 'https://meet.jit.si/phong-hop-1';
const B = 'https://meet.jit.si/hoi-truong';

/** Puts an object as another client would, and lets device `a` read it. */
async function putAsOtherClient(a: Device, uid: string, components: string[][]) {
  const raw = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//other client//EN', ...components.flatMap((c) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', ...c, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');
  const cal = a.feature.store.calendars().find((c) => c.kind === 'event' && c.writable === 1)!;
  const href = `${new URL(cal.url).pathname}${uid}.ics`;
  const client = await rawClient('anh.ntm');
  expect((await client.put(href, raw, null)).status).toBe('ok');
  await a.feature.syncNow();
  return { cal, href, client, objectId: a.feature.store.objectByHref(cal.id, href)!.id };
}

describe('series edits, against the stack', () => {
  it('"this and following" moves a later moved meeting into the new series on the server, renamed, and a second device shows it once', async () => {
    const a = await dev();
    const h = Math.floor(Date.now() / HOUR) * HOUR;
    const first = h - WEEK;
    const moved = first + 3 * WEEK;
    const { cal, href, client, objectId } = await putAsOtherClient(a, `split-${run}@test`, [
      [`DTSTART:${utc(first)}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6', `SUMMARY:Giao ban ${run}`, 'LOCATION:Phòng 1'],
      // The user moved that week's meeting a day later, to another room.
      [`RECURRENCE-ID:${utc(moved)}`, `DTSTART:${utc(moved + DAY)}`, `DTEND:${utc(moved + DAY + HOUR)}`, `SUMMARY:Giao ban ${run}`, 'LOCATION:Phòng 3'],
    ]);
    const cut = first + 2 * WEEK;
    const shown = await a.call('calendar.get', { id: `${objectId}:${String(cut)}` });
    const next = await a.call('calendar.update', {
      id: `${objectId}:${String(cut)}`, scope: 'following',
      draft: { calendarId: cal.id, summary: `Giao ban tuần ${run}`, allDay: false, start: hanoi(shown.start), end: hanoi(shown.end), timeZone: 'Asia/Ho_Chi_Minh', location: shown.location, description: '', alarmsMinutesBefore: [] },
    });
    await a.feature.syncNow();

    const old = parseObject((await client.get(href))!.data);
    expect(old.overrides).toEqual([]);
    const carried = parseObject((await client.get(a.feature.store.object(next.objectId)!.href))!.data);
    expect(carried.uid).toBe(next.uid);
    expect(carried.overrides.map((o) => [o.recurrenceKey, o.startMs, o.summary, o.location])).toEqual([[String(moved), moved + DAY, `Giao ban tuần ${run}`, 'Phòng 3']]);

    const b = await dev();
    const week = await b.call('calendar.range', { from: hanoiDay(moved - DAY), to: hanoiDay(moved + 3 * DAY), timeZone: 'Asia/Ho_Chi_Minh' });
    expect(week.filter((o) => o.summary.endsWith(run)).map((o) => [o.start, o.summary, o.location])).toEqual([[moved + DAY, `Giao ban tuần ${run}`, 'Phòng 3']]);
  });

  it('"all occurrences" from a week a range governs renames the overridden week that had the old title, and leaves the series its own link', async () => {
    const a = await dev();
    const h = Math.floor(Date.now() / HOUR) * HOUR;
    const first = h - 2 * WEEK;
    const own = first + 3 * WEEK;
    const { cal, href, client, objectId } = await putAsOtherClient(a, `all-${run}@test`, [
      [`DTSTART:${utc(first)}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6', `SUMMARY:Giao ban ${run}`, 'LOCATION:Phòng 1', `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${A}`, `URL:${A}`],
      [`RECURRENCE-ID;RANGE=THISANDFUTURE:${utc(first + WEEK)}`, `DTSTART:${utc(first + WEEK + HOUR)}`, `DTEND:${utc(first + WEEK + 2 * HOUR)}`, `SUMMARY:Giao ban (dời) ${run}`,
        'LOCATION:Hội trường', `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${B}`, `URL:${B}`],
      // A week under the range moved to another room, the rest a copy of the range.
      [`RECURRENCE-ID:${utc(own)}`, `DTSTART:${utc(own + HOUR)}`, `DTEND:${utc(own + 2 * HOUR)}`, `SUMMARY:Giao ban (dời) ${run}`, 'LOCATION:Phòng 3', `CONFERENCE;VALUE=URI;FEATURE=VIDEO:${B}`, `URL:${B}`],
    ]);
    const governed = `${objectId}:${String(first + 2 * WEEK)}`;
    const shown = await a.call('calendar.get', { id: governed });
    expect(shown.meeting?.url).toBe(B);
    await a.call('calendar.update', {
      id: governed, scope: 'all',
      draft: { calendarId: cal.id, summary: `Giao ban tuần ${run}`, allDay: false, start: hanoi(shown.start), end: hanoi(shown.end), timeZone: 'Asia/Ho_Chi_Minh', location: shown.location, description: '', alarmsMinutesBefore: [], meetingUrl: B },
    });
    await a.feature.syncNow();

    const server = (await client.get(href))!.data;
    const obj = parseObject(server);
    expect(obj.master).toMatchObject({ summary: `Giao ban tuần ${run}`, location: 'Phòng 1', url: A });
    expect(obj.master!.conferences).toEqual([A]);
    const byKey = new Map(obj.overrides.map((o) => [o.recurrenceKey, o]));
    expect(byKey.get(String(own))).toMatchObject({ summary: `Giao ban tuần ${run}`, location: 'Phòng 3', startMs: own + HOUR });
    expect(byKey.get(String(first + WEEK))).toMatchObject({ summary: `Giao ban tuần ${run}`, location: 'Hội trường' });
  });
});
