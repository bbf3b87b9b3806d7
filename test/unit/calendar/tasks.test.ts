// Tasks (VTODO): created with DUE and completed (STATUS, COMPLETED,
// PERCENT-COMPLETE) on the stored object, through the outbox like events:
// If-None-Match: * for a new one, If-Match for a completion, a stale
// completion a visible conflict.
import { describe, expect, it } from 'vitest';
import { buildTask, completeTask, editTask, type WriteContext } from '../../../electron/core/calendar/ical-write';
import { expand, parseObject } from '../../../electron/core/calendar/ical';
import type { CalendarServer } from '../../../electron/core/calendar/outbox';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { CalendarService } from '../../../electron/core/calendar/service';
import { AppError } from '../../../electron/core/errors';
import { calendarParams, taskDraftSchema, taskEditSchema } from '../../../shared/calendar';
import { ics, manualClock, memoryDb, testStore } from './helpers';

const NOW = Date.UTC(2025, 10, 20, 3);
const ctx = (over: Partial<WriteContext> = {}): WriteContext => ({ now: NOW, changeId: 'cal:1', meetingUrl: null, userEmail: 'anh.ntm@so-demo.invalid', userName: 'Nguyễn Thị Minh Anh', ...over });

describe('task objects', () => {
  it('a new task has DUE in the zone, NEEDS-ACTION, 0 %, and a reminder an hour before it is due', () => {
    const raw = buildTask('t-1', { summary: 'Nộp báo cáo tháng', due: '2025-11-24T16:30', timeZone: 'Asia/Ho_Chi_Minh', description: '' }, ctx());
    expect(raw).toMatch(/^BEGIN:VTODO$/m);
    expect(raw).toMatch(/^DUE;TZID=Asia\/Ho_Chi_Minh:20251124T163000$/m);
    expect(raw).toMatch(/^STATUS:NEEDS-ACTION$/m);
    expect(raw).toMatch(/^PERCENT-COMPLETE:0$/m);
    expect(raw).toMatch(/^TRIGGER;RELATED=END:-PT1H$/m);
    const p = parseObject(raw, { defaultZone: 'Asia/Ho_Chi_Minh' });
    expect(p.component).toBe('VTODO');
    expect(p.warnings).toEqual([]);
    expect(p.master?.endMs).toBe(Date.UTC(2025, 10, 24, 9, 30));
  });

  it('a task due on a date has a DATE DUE and no timed reminder', () => {
    const raw = buildTask('t-2', { summary: 'Rà soát hồ sơ', due: '2025-11-25', description: 'ghi chú' }, ctx());
    expect(raw).toMatch(/^DUE;VALUE=DATE:20251125$/m);
    expect(raw).not.toMatch(/VALARM/);
    expect(parseObject(raw, { defaultZone: 'Asia/Ho_Chi_Minh' }).master?.allDay).toBe(true);
  });

  it('completing sets STATUS, COMPLETED and PERCENT-COMPLETE, keeps what others wrote, and reopening clears them', () => {
    const theirs = ics('BEGIN:VTODO', 'UID:x', 'DTSTAMP:20251101T000000Z', 'DUE:20251124T090000Z', 'SUMMARY:Việc', 'STATUS:IN-PROCESS', 'PERCENT-COMPLETE:40', 'X-OTHER-CLIENT:keep me', 'SEQUENCE:2', 'END:VTODO');
    const done = completeTask(theirs, true, ctx({ changeId: 'cal:2' }));
    expect(done).toMatch(/^STATUS:COMPLETED$/m);
    expect(done).toMatch(/^COMPLETED:20251120T030000Z$/m);
    expect(done).toMatch(/^PERCENT-COMPLETE:100$/m);
    expect(done).toMatch(/^X-OTHER-CLIENT:keep me$/m);
    expect(done).toMatch(/^SEQUENCE:3$/m);
    expect(done).toMatch(/^X-GOVDESK-CHANGE-ID:cal:2$/m);
    const open = completeTask(done, false, ctx());
    expect(open).toMatch(/^STATUS:NEEDS-ACTION$/m);
    expect(open).not.toMatch(/^COMPLETED:/m);
    expect(open).toMatch(/^PERCENT-COMPLETE:0$/m);
    expect(() => completeTask(ics('BEGIN:VEVENT', 'UID:e', 'DTSTART:20251124T090000Z', 'END:VEVENT'), true, ctx())).toThrow(/not a task/);
  });

  it('the contract takes a due date, a local time or none, and a non-empty summary', () => {
    expect(taskDraftSchema.parse({ calendarId: 1, summary: 'x' })).toMatchObject({ due: '', priority: 0 });
    expect(taskEditSchema.safeParse({ summary: 'x', due: '2025-11-24', reminderMinutesBefore: null, priority: 10 }).success).toBe(false);
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: 'x', due: '2025-11-24' }).success).toBe(true);
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: 'x', due: '2025-11-24T08:00' }).success).toBe(true);
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: 'x', due: 'tomorrow' }).success).toBe(false);
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: '  ', due: '2025-11-24' }).success).toBe(false);
    expect(calendarParams.completeTask.parse({ id: '3:' })).toEqual({ id: '3:', completed: true });
  });
});

describe('editing tasks', () => {
  const theirs = ics(
    'BEGIN:VTODO', 'UID:x', 'DTSTAMP:20251101T000000Z', 'DTSTART:20251124T010000Z', 'DUE:20251124T090000Z', 'SUMMARY:Việc', 'PRIORITY:5', 'X-OTHER-CLIENT:keep me', 'SEQUENCE:2',
    'BEGIN:VALARM', 'UID:a1', 'ACTION:DISPLAY', 'TRIGGER;RELATED=END:-PT1H', 'END:VALARM',
    'BEGIN:VALARM', 'UID:s1', 'ACTION:DISPLAY', 'TRIGGER;VALUE=DATE-TIME:20251124T080000Z', 'RELATED-TO;RELTYPE=SNOOZE:a1', 'END:VALARM',
    'END:VTODO',
  );

  it('changes title, due, notes, priority and reminder on the stored object and keeps what others wrote', () => {
    const raw = editTask(theirs, '', { summary: 'Việc (sửa)', due: '2025-11-26T10:00', timeZone: 'Asia/Ho_Chi_Minh', description: 'ghi chú', priority: 1, reminderMinutesBefore: 30 }, ctx({ changeId: 'cal:7' }));
    const p = parseObject(raw, { defaultZone: 'Asia/Ho_Chi_Minh' });
    expect(p.master).toMatchObject({ summary: 'Việc (sửa)', description: 'ghi chú', priority: 1, endMs: Date.UTC(2025, 10, 26, 3) });
    expect(raw).toMatch(/^DUE;TZID=Asia\/Ho_Chi_Minh:20251126T100000$/m);
    expect(raw).toMatch(/^DTSTART:20251124T010000Z$/m); // still before the due: kept
    expect(raw).toMatch(/^X-OTHER-CLIENT:keep me$/m);
    expect(raw).toMatch(/^SEQUENCE:3$/m);
    expect(raw).toMatch(/^X-GOVDESK-CHANGE-ID:cal:7$/m);
    // The old reminder went, and the snooze that belonged to it; the new one is 30 minutes before the due.
    expect(p.master?.alarms.map((a) => [a.offsetMs, a.related, a.absoluteMs])).toEqual([[-30 * 60_000, 'END', null]]);
  });

  it('keeps a reminder that did not change (and its snooze), drops the start when the due moves before it, and can take the due away', () => {
    const same = editTask(theirs, '', { summary: 'Việc', due: '2025-11-24T16:00', timeZone: 'Asia/Ho_Chi_Minh', description: '', priority: 0, reminderMinutesBefore: 60 }, ctx());
    expect(same).toMatch(/^UID:a1$/m);
    expect(same).toMatch(/^UID:s1$/m);
    expect(same).not.toMatch(/^PRIORITY/m);
    const earlier = editTask(theirs, '', { summary: 'Việc', due: '2025-11-23', description: '', priority: 5, reminderMinutesBefore: null }, ctx());
    expect(earlier).not.toMatch(/^DTSTART/m);
    expect(earlier).toMatch(/^DUE;VALUE=DATE:20251123$/m);
    expect(earlier).not.toMatch(/TRIGGER/); // a date-only task has no timed reminder
    const undated = editTask(theirs, '', { summary: 'Việc', due: '', description: '', priority: 5, reminderMinutesBefore: 60 }, ctx());
    expect(undated).not.toMatch(/^(DUE|DTSTART)/m);
    const p = parseObject(undated, { defaultZone: 'Asia/Ho_Chi_Minh' });
    expect(p.master?.startMs).toBeNull();
    expect(p.warnings).toEqual([]);
  });
});

describe('repeating tasks', () => {
  // Every Monday at 16:00 Hanoi, four times, from 2025-11-03.
  const weekly = ics(
    'BEGIN:VTODO', 'UID:w', 'DTSTAMP:20251101T000000Z', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20251103T150000', 'DUE;TZID=Asia/Ho_Chi_Minh:20251103T160000',
    'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Báo cáo tuần', 'STATUS:NEEDS-ACTION', 'END:VTODO',
  );
  const second = String(Date.UTC(2025, 10, 10, 8)); // 2025-11-10 15:00 Hanoi, the second instance's start
  const states = (raw: string) =>
    expand(parseObject(raw, { defaultZone: 'Asia/Ho_Chi_Minh' }), Date.UTC(2025, 10, 1), Date.UTC(2025, 11, 31)).occurrences.map((o) => `${new Date(o.endMs).toISOString().slice(5, 16)} ${o.data.status}`);

  it('completing one occurrence completes that one only, in an override of it (RECURRENCE-ID), and reopening opens it again', () => {
    const done = completeTask(weekly, true, ctx(), second);
    expect(done).toMatch(/^RECURRENCE-ID;TZID=Asia\/Ho_Chi_Minh:20251110T150000$/m);
    expect(states(done)).toEqual(['11-03T09:00 NEEDS-ACTION', '11-10T09:00 COMPLETED', '11-17T09:00 NEEDS-ACTION', '11-24T09:00 NEEDS-ACTION']);
    // Once more: the same override, not a second one.
    const again = completeTask(done, true, ctx(), second);
    expect(again.match(/^RECURRENCE-ID/gm)).toHaveLength(1);
    expect(states(completeTask(again, false, ctx(), second))[1]).toBe('11-10T09:00 NEEDS-ACTION');
  });

  it('completing an occurrence a THISANDFUTURE override governs makes its override from that range; completing the range’s own one completes that one only', () => {
    // Another client: from the second Monday on, due an hour later, renamed.
    const ranged = weekly.replace('END:VCALENDAR', [
      'BEGIN:VTODO', 'UID:w', 'DTSTAMP:20251101T000000Z', 'RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh;RANGE=THISANDFUTURE:20251110T150000',
      'DTSTART;TZID=Asia/Ho_Chi_Minh:20251110T160000', 'DUE;TZID=Asia/Ho_Chi_Minh:20251110T170000', 'SUMMARY:Báo cáo tuần (mới)', 'STATUS:NEEDS-ACTION', 'END:VTODO', 'END:VCALENDAR',
    ].join('\r\n'));
    const titled = (raw: string) =>
      expand(parseObject(raw, { defaultZone: 'Asia/Ho_Chi_Minh' }), Date.UTC(2025, 10, 1), Date.UTC(2025, 11, 31)).occurrences.map((o) => `${new Date(o.endMs).toISOString().slice(5, 16)} ${o.data.status} ${o.data.summary}`);
    const third = String(Date.UTC(2025, 10, 17, 8));
    expect(titled(completeTask(ranged, true, ctx(), third))).toEqual([
      '11-03T09:00 NEEDS-ACTION Báo cáo tuần',
      '11-10T10:00 NEEDS-ACTION Báo cáo tuần (mới)',
      '11-17T10:00 COMPLETED Báo cáo tuần (mới)',
      '11-24T10:00 NEEDS-ACTION Báo cáo tuần (mới)',
    ]);
    expect(titled(completeTask(ranged, true, ctx(), second))).toEqual([
      '11-03T09:00 NEEDS-ACTION Báo cáo tuần',
      '11-10T10:00 COMPLETED Báo cáo tuần (mới)',
      '11-17T10:00 NEEDS-ACTION Báo cáo tuần (mới)',
      '11-24T10:00 NEEDS-ACTION Báo cáo tuần (mới)',
    ]);
  });

  it('a repeating task with only a DUE completes an occurrence too', () => {
    const dueOnly = weekly.replace(/^DTSTART[^\r\n]*\r\n/m, '');
    const occurrence = String(Date.UTC(2025, 10, 17, 9));
    const done = completeTask(dueOnly, true, ctx(), occurrence);
    expect(done).toMatch(/^RECURRENCE-ID;TZID=Asia\/Ho_Chi_Minh:20251117T160000$/m);
    expect(states(done)).toEqual(['11-03T09:00 NEEDS-ACTION', '11-10T09:00 NEEDS-ACTION', '11-17T09:00 COMPLETED', '11-24T09:00 NEEDS-ACTION']);
  });

  it('a new due on one occurrence moves the series and its completed occurrences with it; a new title reaches them', () => {
    const done = completeTask(weekly, true, ctx(), second);
    const moved = editTask(done, second, { summary: 'Báo cáo tuần (sửa)', due: '2025-11-11T16:00', timeZone: 'Asia/Ho_Chi_Minh', description: '', priority: 0, reminderMinutesBefore: null }, ctx());
    expect(states(moved)).toEqual(['11-04T09:00 NEEDS-ACTION', '11-11T09:00 COMPLETED', '11-18T09:00 NEEDS-ACTION', '11-25T09:00 NEEDS-ACTION']);
    const p = parseObject(moved, { defaultZone: 'Asia/Ho_Chi_Minh' });
    expect([p.master?.summary, p.overrides[0]?.summary]).toEqual(['Báo cáo tuần (sửa)', 'Báo cáo tuần (sửa)']);
    expect(() => editTask(weekly, second, { summary: 'x', due: '2025-11-11', description: '', priority: 0, reminderMinutesBefore: null }, ctx())).toThrow(/same kind/);
    expect(() => editTask(weekly, second, { summary: 'x', due: '', description: '', priority: 0, reminderMinutesBefore: null }, ctx())).toThrow(/same kind/);
  });
});

class FakeServer implements CalendarServer {
  objects = new Map<string, { etag: string; data: string }>();
  puts: Array<{ href: string; ifMatch: string | null }> = [];
  private n = 0;
  async put(href: string, data: string, ifMatch: string | null) {
    this.puts.push({ href, ifMatch });
    const cur = this.objects.get(href);
    if (ifMatch === null ? cur !== undefined : cur?.etag !== ifMatch) return { status: 'precondition_failed' as const };
    const etag = `"${++this.n}"`;
    this.objects.set(href, { etag, data });
    return { status: 'ok' as const, etag };
  }
  deletes: Array<{ href: string; ifMatch: string }> = [];
  async delete(href: string, ifMatch: string) {
    this.deletes.push({ href, ifMatch });
    const cur = this.objects.get(href);
    if (!cur) return 'gone' as const;
    if (cur.etag !== ifMatch) return 'precondition_failed' as const;
    this.objects.delete(href);
    return 'ok' as const;
  }
  async get(href: string) {
    const cur = this.objects.get(href);
    return cur ? { href, etag: cur.etag, data: cur.data } : null;
  }
}

function setup() {
  const db = memoryDb();
  const clock = manualClock(NOW);
  const store = testStore(db, clock.now);
  store.ensureWindow();
  const outbox = new CalendarOutbox(db, store, clock.now);
  const tasks = store.upsertCalendar({ url: 'http://dav/anh/cong-viec/', kind: 'task', displayName: 'Công việc', color: null, writable: true, components: ['VTODO'] });
  const events = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable: true, components: ['VEVENT'] });
  const service = new CalendarService({
    store, outbox, links: linkMatcher({ baseUrl: 'https://meet.so-demo.invalid' }), now: clock.now,
    user: { email: 'anh.ntm@so-demo.invalid', name: 'Nguyễn Thị Minh Anh' }, agencyName: 'Sở', meetingsBaseUrl: null,
    defaultZone: 'Asia/Ho_Chi_Minh', kick: () => undefined, syncNow: async () => undefined, emitChanged: () => undefined,
  });
  return { store, outbox, service, tasks, events, server: new FakeServer(), clock };
}

const edit = (over: Partial<ReturnType<typeof taskEditSchema.parse>> = {}) => taskEditSchema.parse({ summary: 'Việc', due: '2025-11-24', reminderMinutesBefore: null, ...over });

describe('tasks through the outbox', () => {
  it('creates a task at once (pending), sends it with If-None-Match, then completes it with If-Match on the ETag it got', async () => {
    const { service, outbox, server, tasks } = setup();
    const t = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Nộp báo cáo tháng', due: '2025-11-24T16:30' }));
    expect(t).toMatchObject({ localState: 'pending', status: 'NEEDS-ACTION', summary: 'Nộp báo cáo tháng', end: Date.UTC(2025, 10, 24, 9, 30) });
    expect(service.range({ from: '2025-11-24', to: '2025-11-25', calendarIds: [tasks] }).map((o) => [o.component, o.summary])).toEqual([['VTODO', 'Nộp báo cáo tháng']]);
    expect(await outbox.replay(server)).toMatchObject({ done: 1, refused: 0 });
    expect(server.puts).toEqual([{ href: `/anh/cong-viec/${t.uid}.ics`, ifMatch: null }]);

    const done = service.completeTask(t.id, true);
    expect(done).toMatchObject({ status: 'COMPLETED', localState: 'pending' });
    expect(service.range({ from: '2025-11-24', to: '2025-11-25', calendarIds: [tasks] })[0]?.status).toBe('COMPLETED');
    expect(await outbox.replay(server)).toMatchObject({ done: 1, refused: 0 });
    expect(server.puts[1]).toEqual({ href: `/anh/cong-viec/${t.uid}.ics`, ifMatch: '"1"' });
    expect(server.objects.get(`/anh/cong-viec/${t.uid}.ics`)!.data).toMatch(/^PERCENT-COMPLETE:100$/m);
    expect(service.get(t.id).localState).toBe('synced');
  });

  it('a completion on a task someone changed meanwhile is a conflict, not an overwrite', async () => {
    const { service, outbox, server, tasks } = setup();
    const t = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Việc', due: '2025-11-24' }));
    await outbox.replay(server);
    const href = `/anh/cong-viec/${t.uid}.ics`;
    server.objects.set(href, { etag: '"99"', data: server.objects.get(href)!.data.replace('SUMMARY:Việc', 'SUMMARY:Việc (đã sửa)') });
    service.completeTask(t.id, true);
    expect(await outbox.replay(server)).toMatchObject({ done: 0, refused: 1 });
    expect(service.get(t.id)).toMatchObject({ localState: 'conflict', conflict: { reason: 'changed', server: { summary: 'Việc (đã sửa)' } } });
  });

  it('refuses a task in an event calendar and completing an event, with codes', () => {
    const { service, tasks, events } = setup();
    expect(() => service.createTask(taskDraftSchema.parse({ calendarId: events, summary: 'x', due: '2025-11-24' }))).toThrow(expect.objectContaining({ code: 'calendar.not_task' }) as Error);
    const ev = service.create({ calendarId: events, summary: 'Họp', allDay: false, start: '2025-11-24T08:00', end: '2025-11-24T09:00', location: '', description: '', alarmsMinutesBefore: [], attendees: [], meetingUrl: null, newMeeting: false });
    expect(() => service.completeTask(ev.id, true)).toThrow(expect.objectContaining({ code: 'calendar.not_task' }) as Error);
    expect(() => service.completeTask('999:', true)).toThrow(AppError);
    expect(tasks).toBeGreaterThan(0);
  });
});

describe('editing and deleting tasks through the outbox', () => {
  it('edits a task with If-Match on its ETag, and deletes it with If-Match', async () => {
    const { service, outbox, server, tasks } = setup();
    const t = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Việc', due: '2025-11-24' }));
    await outbox.replay(server);
    const href = `/anh/cong-viec/${t.uid}.ics`;
    const edited = service.updateTask(t.id, edit({ summary: 'Việc (sửa)', due: '2025-11-27T09:30', priority: 1, reminderMinutesBefore: 15 }));
    expect(edited).toMatchObject({ summary: 'Việc (sửa)', localState: 'pending', end: Date.UTC(2025, 10, 27, 2, 30), alarms: [{ minutesBefore: 15 }] });
    expect(await outbox.replay(server)).toMatchObject({ done: 1, refused: 0 });
    expect(server.puts[1]).toEqual({ href, ifMatch: '"1"' });
    expect(server.objects.get(href)!.data).toMatch(/^PRIORITY:1$/m);

    service.remove(t.id, 'all');
    expect(service.tasks({ from: '2025-11-24', to: '2025-12-01' }).tasks).toEqual([]);
    expect(await outbox.replay(server)).toMatchObject({ done: 1, refused: 0 });
    expect(server.deletes).toEqual([{ href, ifMatch: '"2"' }]);
    expect(server.objects.has(href)).toBe(false);
  });

  it('an edit of a task someone changed meanwhile is a conflict with both versions kept', async () => {
    const { service, outbox, server, tasks } = setup();
    const t = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Việc', due: '2025-11-24' }));
    await outbox.replay(server);
    const href = `/anh/cong-viec/${t.uid}.ics`;
    server.objects.set(href, { etag: '"99"', data: server.objects.get(href)!.data.replace('SUMMARY:Việc', 'SUMMARY:Việc (máy khác)') });
    service.updateTask(t.id, edit({ summary: 'Việc (máy này)' }));
    expect(await outbox.replay(server)).toMatchObject({ done: 0, refused: 1 });
    expect(service.conflicts()).toEqual([{ objectId: t.objectId, summary: 'Việc (máy này)', reason: 'calendar.conflict' }]);
    expect(service.get(t.id)).toMatchObject({ localState: 'conflict', conflict: { server: { summary: 'Việc (máy khác)' } } });
    expect(() => service.updateTask(t.id, edit())).toThrow(expect.objectContaining({ code: 'calendar.conflict' }) as Error);
  });

  it('a repeating task keeps its kind of due: the refusal has a code', () => {
    const { service, store, tasks } = setup();
    const id = store.putObject({ calendarId: tasks, href: '/anh/cong-viec/w.ics', etag: '"1"', raw: ics('BEGIN:VTODO', 'UID:w', 'DUE;VALUE=DATE:20251124', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Tuần', 'END:VTODO') });
    expect(() => service.updateTask(`${id}:2025-11-24`, edit({ due: '2025-11-24T09:00' }))).toThrow(expect.objectContaining({ code: 'calendar.invalid_task' }) as Error);
  });
});

describe('the task list', () => {
  it('lists overdue open tasks of earlier weeks first, marked overdue; the week\'s; and tasks without a due date', () => {
    const { service, tasks, clock } = setup();
    // NOW is Thursday 2025-11-20, 10:00 Hanoi; the shown week starts Monday 2025-11-17.
    const late = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Báo cáo quý (trễ)', due: '2025-11-12T17:00' }));
    const lateDone = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Đã xong từ trước', due: '2025-11-10' }));
    service.completeTask(lateDone.id, true);
    const thisWeekLate = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Hôm qua', due: '2025-11-19' }));
    const today = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Chiều nay', due: '2025-11-20T16:00' }));
    const someday = service.createTask(taskDraftSchema.parse({ calendarId: tasks, summary: 'Khi nào rảnh', priority: 1 }));
    const list = service.tasks({ from: '2025-11-17', to: '2025-11-24' }).tasks;
    expect(list.map((x) => [x.summary, x.group, x.overdue])).toEqual([
      ['Báo cáo quý (trễ)', 'overdue', true],
      ['Hôm qua', 'week', true],
      ['Chiều nay', 'week', false],
      ['Khi nào rảnh', 'undated', false],
    ]);
    expect(list[0]).toMatchObject({ id: late.id, due: Date.UTC(2025, 10, 12, 10), reminderMinutesBefore: 60, allDay: false });
    expect(list[1]).toMatchObject({ id: thisWeekLate.id, dueDate: '2025-11-19', allDay: true });
    expect(list[3]).toMatchObject({ id: someday.id, due: null, priority: 1 });
    expect(today.id).toBe(list[2]!.id);

    // Done: the late one leaves the overdue group; the undated one done this week stays, ticked.
    service.completeTask(late.id, true);
    service.completeTask(someday.id, true);
    expect(service.tasks({ from: '2025-11-17', to: '2025-11-24' }).tasks.map((x) => [x.summary, x.completed])).toEqual([
      ['Hôm qua', false],
      ['Chiều nay', false],
      ['Khi nào rảnh', true],
    ]);
    // A week later it is history.
    clock.advance(7 * 86_400_000);
    expect(service.tasks({ from: '2025-11-24', to: '2025-12-01' }).tasks.map((x) => x.summary)).toEqual(['Hôm qua', 'Chiều nay']);
  });

  it('shows a repeating task\'s missed occurrences as one overdue line, its earliest, and completing it brings the next', () => {
    const { service, store, tasks } = setup();
    const id = store.putObject({ calendarId: tasks, href: '/anh/cong-viec/d.ics', etag: '"1"', raw: ics('BEGIN:VTODO', 'UID:d', 'DUE;VALUE=DATE:20251103', 'RRULE:FREQ=WEEKLY;COUNT=6', 'SUMMARY:Nộp tuần', 'END:VTODO') });
    const first = service.tasks({ from: '2025-11-17', to: '2025-11-24' }).tasks;
    expect(first.map((x) => [x.id, x.group, x.overdue, x.recurring])).toEqual([
      [`${id}:2025-11-03`, 'overdue', true, true],
      [`${id}:2025-11-17`, 'week', true, true],
    ]);
    service.completeTask(`${id}:2025-11-03`, true);
    const next = service.tasks({ from: '2025-11-17', to: '2025-11-24' }).tasks;
    expect(next.map((x) => x.id)).toEqual([`${id}:2025-11-10`, `${id}:2025-11-17`]);
    expect(service.range({ from: '2025-11-03', to: '2025-11-04', calendarIds: [tasks] })[0]?.status).toBe('COMPLETED');
  });

  it('offers the task list the last new task went to, else the first one', () => {
    const { service, store, tasks } = setup();
    const other = store.upsertCalendar({ url: 'http://dav/anh/viec-phong/', kind: 'task', displayName: 'Việc phòng', color: null, writable: true, components: ['VTODO'] });
    const first = store.calendars().find((c) => c.kind === 'task')!.id;
    expect(service.tasks({ from: '2025-11-17', to: '2025-11-24' }).defaultCalendarId).toBe(first);
    const chosen = first === tasks ? other : tasks;
    service.createTask(taskDraftSchema.parse({ calendarId: chosen, summary: 'Việc', due: '2025-11-20' }));
    expect(service.tasks({ from: '2025-11-17', to: '2025-11-24' }).defaultCalendarId).toBe(chosen);
  });
});
