// Tasks against the demo stack's Radicale: an edited due date as the server
// keeps it and a second device reads it, a stale edit as a visible conflict,
// a delete that reaches the server, and one occurrence of a repeating task
// completed alone after a round trip.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../electron/core/calendar/zones';
import { devicesFor, hanoiDate, rawClient, runId, type Device } from './helpers';

const run = runId();
const devices = devicesFor(run, ['anh.ntm']);
const dev = (): Promise<Device> => devices('anh.ntm');
function taskList(d: Device): number {
  const list = d.feature.store.calendars().find((c) => c.kind === 'task' && c.writable === 1);
  if (!list) throw new Error('no task list');
  return list.id;
}
const unfold = (x: string | undefined) => x?.replace(/\r\n[ \t]/g, '');
const edit = (summary: string, due: string) => ({ summary, due, timeZone: 'Asia/Ho_Chi_Minh', description: '', priority: 0, reminderMinutesBefore: null });

describe('tasks against the stack', () => {
  const day = hanoiDate(2);
  const later = hanoiDate(5);

  it('edits a task\'s due date and title; the server keeps them and a second device reads them back', async () => {
    const a = await dev();
    const task = await a.call('calendar.createTask', { calendarId: taskList(a), summary: `Dự thảo tờ trình ${run}`, due: `${day}T16:30` });
    await a.feature.syncNow();
    const edited = await a.call('calendar.updateTask', { id: task.id, draft: { ...edit(`Dự thảo tờ trình (sửa) ${run}`, `${later}T09:00`), priority: 1, reminderMinutesBefore: 30 } });
    expect(edited).toMatchObject({ localState: 'pending', summary: `Dự thảo tờ trình (sửa) ${run}` });
    await a.feature.syncNow();
    expect((await a.call('calendar.get', { id: task.id })).localState).toBe('synced');

    const server = unfold((await (await rawClient('anh.ntm')).get(a.feature.store.object(task.objectId)!.href))?.data);
    expect(server).toMatch(new RegExp(`^DUE;TZID=Asia/Ho_Chi_Minh:${later.replaceAll('-', '')}T090000$`, 'm'));
    expect(server).toMatch(/^PRIORITY:1$/m);
    expect(server).toMatch(/^TRIGGER;RELATED=END:-PT30M$/m);
    expect(server).toMatch(/^SEQUENCE:1$/m);

    const b = await dev();
    const list = await b.call('calendar.tasks', { from: later, to: addDays(later, 1) });
    expect(list.tasks.find((x) => x.summary === `Dự thảo tờ trình (sửa) ${run}`)).toMatchObject({ due: edited.end, priority: 1, reminderMinutesBefore: 30, group: 'week', overdue: false });
  });

  it('a stale edit of a task is a visible conflict, and the server keeps the other device\'s version', async () => {
    const a = await dev();
    const b = await dev();
    const task = await a.call('calendar.createTask', { calendarId: taskList(a), summary: `Gốc ${run}`, due: day });
    await a.feature.syncNow();
    await b.feature.syncNow();
    const onB = (await b.call('calendar.tasks', { from: day, to: addDays(day, 1) })).tasks.find((x) => x.summary === `Gốc ${run}`)!;
    await b.call('calendar.updateTask', { id: onB.id, draft: edit(`Máy B ${run}`, day) });
    await b.feature.syncNow();

    await a.call('calendar.updateTask', { id: task.id, draft: edit(`Máy A ${run}`, later) });
    await a.feature.syncNow();
    expect(await a.call('calendar.get', { id: task.id })).toMatchObject({ localState: 'conflict', summary: `Máy A ${run}`, conflict: { server: { summary: `Máy B ${run}` } } });
    expect(await a.call('calendar.conflicts', {})).toContainEqual({ objectId: task.objectId, summary: `Máy A ${run}`, reason: 'calendar.conflict' });
    const server = await (await rawClient('anh.ntm')).get(a.feature.store.object(task.objectId)!.href);
    expect(server?.data).toContain(`Máy B ${run}`);
    await a.call('calendar.resolveConflict', { objectId: task.objectId, keep: 'theirs' });
    expect((await a.call('calendar.get', { id: task.id })).summary).toBe(`Máy B ${run}`);
  });

  it('deletes a task: gone from the list at once and from the server after sync', async () => {
    const a = await dev();
    const task = await a.call('calendar.createTask', { calendarId: taskList(a), summary: `Xoá tôi ${run}` });
    await a.feature.syncNow();
    const href = a.feature.store.object(task.objectId)!.href;
    expect((await a.call('calendar.tasks', { from: day, to: addDays(day, 1) })).tasks.find((x) => x.id === task.id)).toMatchObject({ group: 'undated', due: null });
    expect(await (await rawClient('anh.ntm')).get(href)).not.toBeNull();

    await a.call('calendar.delete', { id: task.id, scope: 'all' });
    expect((await a.call('calendar.tasks', { from: day, to: addDays(day, 1) })).tasks.some((x) => x.id === task.id)).toBe(false);
    await a.feature.syncNow();
    expect(await (await rawClient('anh.ntm')).get(href)).toBeNull();
  });

  it('completes one occurrence of a repeating task only, and a second device sees the others open', async () => {
    const a = await dev();
    const list = a.feature.store.calendars().find((c) => c.id === taskList(a))!;
    const uid = `weekly-${run}`;
    const first = day.replaceAll('-', '');
    // Written by "another client": weekly, due at 17:00 Hanoi, four times.
    const raw = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VTODO', `UID:${uid}`, 'DTSTAMP:20250101T000000Z',
      `DTSTART;TZID=Asia/Ho_Chi_Minh:${first}T160000`, `DUE;TZID=Asia/Ho_Chi_Minh:${first}T170000`, 'RRULE:FREQ=WEEKLY;COUNT=4',
      `SUMMARY:Báo cáo tuần ${run}`, 'STATUS:NEEDS-ACTION', 'END:VTODO', 'END:VCALENDAR', '',
    ].join('\r\n');
    const client = await rawClient('anh.ntm');
    expect((await client.put(`${new URL(list.url).pathname}${uid}.ics`, raw, null)).status).toBe('ok');
    await a.feature.syncNow();
    const second = addDays(day, 7);
    const onA = (await a.call('calendar.tasks', { from: second, to: addDays(second, 1) })).tasks.find((x) => x.summary === `Báo cáo tuần ${run}`)!;
    expect(onA).toMatchObject({ recurring: true, completed: false });
    await a.call('calendar.completeTask', { id: onA.id, completed: true });
    await a.feature.syncNow();

    const b = await dev();
    const weeks = await b.call('calendar.range', { from: day, to: addDays(day, 28) });
    expect(weeks.filter((o) => o.summary === `Báo cáo tuần ${run}`).map((o) => o.status)).toEqual(['NEEDS-ACTION', 'COMPLETED', 'NEEDS-ACTION', 'NEEDS-ACTION']);
  });
});
