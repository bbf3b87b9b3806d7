// Tasks (VTODO): created with DUE and completed (STATUS, COMPLETED,
// PERCENT-COMPLETE) on the stored object, through the outbox like events:
// If-None-Match: * for a new one, If-Match for a completion, a stale
// completion a visible conflict.
import { describe, expect, it } from 'vitest';
import { buildTask, completeTask, type WriteContext } from '../../../electron/core/calendar/ical-write';
import { parseObject } from '../../../electron/core/calendar/ical';
import type { CalendarServer } from '../../../electron/core/calendar/outbox';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { CalendarService } from '../../../electron/core/calendar/service';
import { AppError } from '../../../electron/core/errors';
import { calendarParams, taskDraftSchema } from '../../../shared/calendar';
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

  it('the contract takes a due date or a local time, and a non-empty summary', () => {
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: 'x', due: '2025-11-24' }).success).toBe(true);
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: 'x', due: '2025-11-24T08:00' }).success).toBe(true);
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: 'x', due: 'tomorrow' }).success).toBe(false);
    expect(taskDraftSchema.safeParse({ calendarId: 1, summary: '  ', due: '2025-11-24' }).success).toBe(false);
    expect(calendarParams.completeTask.parse({ id: '3:' })).toEqual({ id: '3:', completed: true });
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
  async delete() {
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
