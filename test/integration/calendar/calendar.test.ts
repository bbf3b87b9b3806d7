// The calendar feature against the demo stack's CalDAV (Radicale behind
// Apache, SSO bearer tokens): what the server keeps, conflicts between two
// devices, recurrence after a round trip, and the agency schedule's review.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../electron/core/calendar/zones';
import { mondayOf } from '../../../electron/core/calendar/week-schedule';
import { devicesFor, hanoiDate, rawClient, runId, stack, switchableFetch, type Device } from './helpers';

const run = runId();
const dev = devicesFor(run, ['anh.ntm', 'dung.pt', 'bao.tq']);

function personal(d: Device): number {
  const cal = d.feature.store.calendars().find((c) => c.kind === 'event' && c.writable === 1);
  if (!cal) throw new Error('no personal calendar');
  return cal.id;
}

describe('calendar against the stack', () => {
  const day = hanoiDate(3);

  it('creates an event with an alarm and a meeting link, and reads it back from the server', async () => {
    const a = await dev('anh.ntm');
    const created = await a.call('calendar.create', {
      calendarId: personal(a), summary: `Họp trực tuyến ${run}`, allDay: false, start: `${day}T09:00`, end: `${day}T10:00`,
      location: 'Phòng họp tầng 2', alarmsMinutesBefore: [15], newMeeting: true,
    });
    expect(created.localState).toBe('pending');
    await a.feature.syncNow();
    expect((await a.call('calendar.get', { id: created.id })).localState).toBe('synced');

    // What the server holds, without our cache.
    const raw = (await (await rawClient('anh.ntm')).get(a.feature.store.object(created.objectId)!.href))?.data.replace(/\r\n[ \t]/g, '');
    expect(raw).toContain('BEGIN:VALARM');
    expect(raw).toContain('TRIGGER:-PT15M');
    expect(raw).toMatch(/CONFERENCE;[^\r\n]*:https:\/\/meet\.so-demo\.invalid\/[a-z2-7]{26}/);

    // A second device of the same user sees the same.
    const b = await dev('anh.ntm');
    const seen = (await b.call('calendar.range', { from: day, to: addDays(day, 1) })).find((o) => o.summary === `Họp trực tuyến ${run}`);
    expect(seen).toMatchObject({ meetingUrl: created.meeting!.url, start: created.start, end: created.end });
    const detail = await b.call('calendar.get', { id: seen!.id });
    expect(detail.alarms.map((x) => x.minutesBefore)).toEqual([15]);
    expect(detail.meeting).toEqual({ url: created.meeting!.url, vendor: 'organization' });
    expect(b.feature.store.alarmsBetween(created.start - 16 * 60_000, created.start).map((x) => x.summary)).toContain(`Họp trực tuyến ${run}`);
  });

  it('creates a task with a due time and completes it, both on the server, and a second device sees it done', async () => {
    const a = await dev('anh.ntm');
    const list = a.feature.store.calendars().find((c) => c.kind === 'task' && c.writable === 1)!;
    expect(list.url).toMatch(/\/cong-viec\/$/);
    const task = await a.call('calendar.createTask', { calendarId: list.id, summary: `Nộp báo cáo ${run}`, due: `${day}T16:30` });
    expect(task).toMatchObject({ localState: 'pending', status: 'NEEDS-ACTION' });
    await a.feature.syncNow();
    const href = a.feature.store.object(task.objectId)!.href;
    const unfold = (x: string | undefined) => x?.replace(/\r\n[ \t]/g, '');
    const created = unfold((await (await rawClient('anh.ntm')).get(href))?.data);
    expect(created).toMatch(/^BEGIN:VTODO$/m);
    expect(created).toMatch(new RegExp(`^DUE;TZID=Asia/Ho_Chi_Minh:${day.replaceAll('-', '')}T163000$`, 'm'));
    expect(created).toMatch(/^STATUS:NEEDS-ACTION$/m);

    const done = await a.call('calendar.completeTask', { id: task.id });
    expect(done.status).toBe('COMPLETED');
    await a.feature.syncNow();
    expect((await a.call('calendar.get', { id: task.id })).localState).toBe('synced');
    const server = unfold((await (await rawClient('anh.ntm')).get(href))?.data);
    expect(server).toMatch(/^STATUS:COMPLETED$/m);
    expect(server).toMatch(/^COMPLETED:\d{8}T\d{6}Z$/m);
    expect(server).toMatch(/^PERCENT-COMPLETE:100$/m);

    const b = await dev('anh.ntm');
    const seen = (await b.call('calendar.range', { from: day, to: addDays(day, 1), calendarIds: [b.feature.store.calendars().find((c) => c.url === list.url)!.id] })).find((o) => o.summary === `Nộp báo cáo ${run}`);
    expect(seen).toMatchObject({ component: 'VTODO', status: 'COMPLETED', end: task.end });

    // A completion on a task someone changed meanwhile is a conflict, not an overwrite.
    await b.call('calendar.completeTask', { id: seen!.id, completed: false });
    await b.feature.syncNow();
    await a.call('calendar.completeTask', { id: task.id, completed: true });
    await a.feature.syncNow();
    const stale = await a.call('calendar.get', { id: task.id });
    expect(stale).toMatchObject({ localState: 'conflict', status: 'COMPLETED', conflict: { server: { status: 'NEEDS-ACTION' } } });
    await a.call('calendar.resolveConflict', { objectId: task.objectId, keep: 'theirs' });
  });

  it('keeps edits made offline and replays them, in order, when the server is back', async () => {
    const net = switchableFetch();
    const a = await dev('anh.ntm', net.fetch);
    net.offline.on = true;
    const ev = await a.call('calendar.create', { calendarId: personal(a), summary: `Ngoại tuyến ${run}`, allDay: false, start: `${day}T10:00`, end: `${day}T11:00` });
    await a.call('calendar.update', { id: ev.id, scope: 'all', draft: { calendarId: ev.calendarId, summary: `Ngoại tuyến đã sửa ${run}`, allDay: false, start: `${day}T10:30`, end: `${day}T11:30` } });
    await expect(a.feature.syncNow()).rejects.toMatchObject({ code: 'calendar.unreachable' });
    expect((await a.call('calendar.get', { id: ev.id })).localState).toBe('pending');
    net.offline.on = false;
    await a.feature.syncNow();
    expect((await a.call('calendar.get', { id: ev.id })).localState).toBe('synced');
    const server = await (await rawClient('anh.ntm')).get(a.feature.store.object(ev.objectId)!.href);
    expect(server?.data).toContain(`Ngoại tuyến đã sửa ${run}`);
  });

  it('turns a stale edit into a visible conflict instead of overwriting', async () => {
    const a = await dev('anh.ntm');
    const b = await dev('anh.ntm');
    const ev = await a.call('calendar.create', { calendarId: personal(a), summary: `Gốc ${run}`, allDay: false, start: `${day}T14:00`, end: `${day}T15:00` });
    await a.feature.syncNow();
    await b.feature.syncNow();
    const onB = (await b.call('calendar.range', { from: day, to: addDays(day, 1) })).find((o) => o.summary === `Gốc ${run}`)!;
    await b.call('calendar.update', { id: onB.id, scope: 'all', draft: { calendarId: onB.calendarId, summary: `Sửa trên máy B ${run}`, allDay: false, start: `${day}T14:00`, end: `${day}T15:00` } });
    await b.feature.syncNow();

    // A has not seen B's edit: its write carries the old ETag.
    await a.call('calendar.update', { id: ev.id, scope: 'all', draft: { calendarId: ev.calendarId, summary: `Sửa trên máy A ${run}`, allDay: false, start: `${day}T14:30`, end: `${day}T15:30` } });
    await a.feature.syncNow();
    const conflicted = await a.call('calendar.get', { id: ev.id });
    expect(conflicted.localState).toBe('conflict');
    expect(conflicted.summary).toBe(`Sửa trên máy A ${run}`);
    expect(conflicted.conflict?.server?.summary).toBe(`Sửa trên máy B ${run}`);
    expect(await a.call('calendar.conflicts', {})).toEqual([{ objectId: ev.objectId, summary: `Sửa trên máy A ${run}`, reason: 'calendar.conflict' }]);
    const server = await (await rawClient('anh.ntm')).get(a.feature.store.object(ev.objectId)!.href);
    expect(server?.data).toContain(`Sửa trên máy B ${run}`);

    // Keeping A's version writes it over the version A has now seen.
    await a.call('calendar.resolveConflict', { objectId: ev.objectId, keep: 'mine' });
    await a.feature.syncNow();
    expect((await a.call('calendar.get', { id: ev.id })).localState).toBe('synced');
    await b.feature.syncNow();
    expect((await b.call('calendar.get', { id: onB.id })).summary).toBe(`Sửa trên máy A ${run}`);
  });

  it('expands a recurring event with an overridden instance and an EXDATE the same after a round trip', async () => {
    const a = await dev('anh.ntm');
    // Written by "another client": New York time across the DST change, EXDATE in UTC, one moved instance.
    const uid = `ny-${run}@test`;
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//other client//EN',
      'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', 'DTSTART;TZID=America/New_York:20260301T090000', 'DURATION:PT1H',
      'RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE:20260315T130000Z', `SUMMARY:Họp với đối tác ${run}`, 'END:VEVENT',
      'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', 'RECURRENCE-ID:20260322T130000Z', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20260323T080000',
      'DURATION:PT2H', `SUMMARY:Họp với đối tác (dời) ${run}`, 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n');
    const cal = a.feature.store.calendar(personal(a))!;
    const href = `${new URL(cal.url).pathname}${uid}.ics`;
    expect((await (await rawClient('anh.ntm')).put(href, ics, null)).status).toBe('ok');
    await a.feature.syncNow();
    const occ = (await a.call('calendar.range', { from: '2026-02-28', to: '2026-03-31' })).filter((o) => o.summary.endsWith(run));
    expect(occ.map((o) => [new Date(o.start).toISOString(), o.overridden])).toEqual([
      ['2026-03-01T14:00:00.000Z', false],
      ['2026-03-08T13:00:00.000Z', false],
      ['2026-03-23T01:00:00.000Z', true],
    ]);

    // Our own edit of one instance survives the server too.
    const second = occ[1]!;
    await a.call('calendar.update', { id: second.id, scope: 'this', draft: { calendarId: cal.id, summary: `Chỉ buổi này ${run}`, allDay: false, start: '2026-03-09T08:00', end: '2026-03-09T09:00', timeZone: 'Asia/Ho_Chi_Minh' } });
    await a.feature.syncNow();
    const fresh = await dev('anh.ntm');
    const again = (await fresh.call('calendar.range', { from: '2026-02-28', to: '2026-03-31' })).filter((o) => o.summary.endsWith(run));
    expect(again.map((o) => [new Date(o.start).toISOString(), o.summary])).toEqual([
      ['2026-03-01T14:00:00.000Z', `Họp với đối tác ${run}`],
      ['2026-03-09T01:00:00.000Z', `Chỉ buổi này ${run}`],
      ['2026-03-23T01:00:00.000Z', `Họp với đối tác (dời) ${run}`],
    ]);
  });

  it('falls back to comparing ETags when the server refuses the stored sync token', async () => {
    const a = await dev('anh.ntm');
    const cal = a.feature.store.calendar(personal(a))!;
    const other = await dev('anh.ntm');
    await other.call('calendar.create', { calendarId: personal(other), summary: `Từ máy khác ${run}`, allDay: false, start: `${day}T16:00`, end: `${day}T16:30` });
    await other.feature.syncNow();
    // A token the server never issued: RFC 6578 says 403 valid-sync-token.
    a.feature.store.setSyncState(cal.id, { ctag: null, syncToken: 'http://radicale.org/ns/sync/0000000000000000000000000000000000000000000000000000000000000000' });
    const report = await a.feature.sync.syncAll();
    expect(report.fellBack).toBeGreaterThanOrEqual(1);
    expect((await a.call('calendar.range', { from: day, to: addDays(day, 1) })).map((o) => o.summary)).toContain(`Từ máy khác ${run}`);
    expect(a.feature.store.calendar(cal.id)!.sync_token).toMatch(/^http:\/\/radicale\.org\/ns\/sync\//);
    expect((await a.feature.sync.syncAll()).fellBack).toBe(0);
  });

  it('office proposes an agency entry, a leader approves it, and only then a specialist sees it', async () => {
    const s = stack();
    expect(s.agencyCalendarWriters).toEqual(expect.arrayContaining(['dung.pt', 'cuong.lv']));
    const office = await dev('dung.pt');
    const leader = await dev('cuong.lv');
    const specialist = await dev('anh.ntm');
    const agencyOf = (d: Device) => d.feature.store.calendars().find((c) => c.kind === 'agency')!;
    expect(agencyOf(specialist).writable).toBe(0);
    expect(() => specialist.feature.handlers['calendar.create']({ calendarId: agencyOf(specialist).id, summary: 'x', allDay: false, start: `${day}T08:00`, end: `${day}T09:00`, location: '', description: '', alarmsMinutesBefore: [], attendees: [], meetingUrl: null, newMeeting: false })).toThrow(/read_only/);

    const content = `Họp giao ban lãnh đạo Sở ${run}`;
    const proposed = await office.call('calendar.create', {
      calendarId: agencyOf(office).id, summary: content, allDay: false, start: `${day}T08:00`, end: `${day}T09:30`, location: 'Phòng họp số 1',
      agency: { chair: 'Đ/c Lê Văn Cường, Phó Giám đốc', attendees: 'Lãnh đạo các phòng', preparingUnit: 'Văn phòng Sở' },
    });
    expect(proposed.agency).toMatchObject({ review: 'tentative', proposer: 'dung.pt@so-demo.invalid' });
    await office.feature.syncNow();

    const weekOf = async (d: Device) => {
      await d.feature.syncNow();
      const w = await d.call('calendar.agencyWeek', { date: day });
      return w.days.flatMap((x) => [...x.morning, ...x.afternoon]).filter((e) => e.content === content);
    };
    expect(await weekOf(specialist)).toEqual([]);
    const waiting = await weekOf(leader);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ review: 'tentative', time: '08:00', chair: 'Đ/c Lê Văn Cường, Phó Giám đốc', preparingUnit: 'Văn phòng Sở', place: 'Phòng họp số 1' });
    expect((await leader.call('calendar.agencyWeek', { date: day })).canReview).toBe(true);
    expect((await leader.call('calendar.reviewQueue', {})).map((o) => o.summary)).toContain(content);
    expect((await specialist.call('calendar.reviewQueue', {})).map((o) => o.summary)).not.toContain(content);

    await leader.call('calendar.approve', { id: waiting[0]!.id, comment: '' });
    await leader.feature.syncNow();
    expect((await leader.call('calendar.reviewQueue', {})).map((o) => o.summary)).not.toContain(content);
    const seen = await weekOf(specialist);
    expect(seen).toMatchObject([{ review: 'confirmed', time: '08:00', content }]);
    const w = await specialist.call('calendar.agencyWeek', { date: day });
    expect(w).toMatchObject({ weekStart: mondayOf(day), canReview: false, agencyName: s.organization.name });
    expect((await weekOf(office))[0]!.review).toBe('confirmed');

    // A returned entry goes back to the office with the comment, and away from staff.
    const second = await office.call('calendar.create', { calendarId: agencyOf(office).id, summary: `${content} (2)`, allDay: false, start: `${day}T14:00`, end: `${day}T15:00` });
    await office.feature.syncNow();
    await leader.feature.syncNow();
    const onLeader = leader.feature.store.objectByHref(agencyOf(leader).id, office.feature.store.object(second.objectId)!.href)!;
    await leader.call('calendar.return', { id: `${onLeader.id}:`, comment: 'Đề nghị đổi sang thứ Năm' });
    await leader.feature.syncNow();
    await office.feature.syncNow();
    expect((await office.call('calendar.get', { id: `${second.objectId}:` })).agency).toMatchObject({ review: 'returned', reviewComment: 'Đề nghị đổi sang thứ Năm' });
    await specialist.feature.syncNow();
    expect((await specialist.call('calendar.agencyWeek', { date: day })).days.flatMap((x) => [...x.morning, ...x.afternoon]).some((e) => e.content === `${content} (2)`)).toBe(false);
  });

  it('a department head reviews too: approves one proposal, returns another, and staff see only the confirmed one', async () => {
    const s = stack();
    const head = s.accounts.find((a) => a.username === 'bao.tq')!;
    expect(head.role).toBe('truong_phong');
    expect(s.agencyCalendarWriters).toContain('bao.tq');
    expect(s.agencyCalendarWriters).not.toContain('anh.ntm');
    const office = await dev('dung.pt');
    const reviewer = await dev('bao.tq');
    const specialist = await dev('anh.ntm');
    const agencyOf = (d: Device) => d.feature.store.calendars().find((c) => c.kind === 'agency')!;
    expect(agencyOf(reviewer).writable).toBe(1);
    expect(agencyOf(specialist).writable).toBe(0);
    const approveMe = `Làm việc với phòng CNTT ${run}`;
    const returnMe = `Kiểm tra an toàn thông tin ${run}`;
    const entries = async (d: Device) => {
      await d.feature.syncNow();
      const w = await d.call('calendar.agencyWeek', { date: day });
      return w.days.flatMap((x) => [...x.morning, ...x.afternoon]).filter((e) => e.content === approveMe || e.content === returnMe);
    };
    await office.call('calendar.create', { calendarId: agencyOf(office).id, summary: approveMe, allDay: false, start: `${day}T09:00`, end: `${day}T10:00`, agency: { chair: 'Đ/c Trần Quốc Bảo, Trưởng phòng', attendees: 'Phòng CNTT', preparingUnit: 'Phòng Công nghệ thông tin' } });
    const proposedReturn = await office.call('calendar.create', { calendarId: agencyOf(office).id, summary: returnMe, allDay: false, start: `${day}T15:00`, end: `${day}T16:00` });
    await office.feature.syncNow();

    expect((await reviewer.call('calendar.agencyWeek', { date: day })).canReview).toBe(true);
    const waiting = await entries(reviewer);
    expect(waiting.map((e) => [e.content, e.review]).sort()).toEqual([[approveMe, 'tentative'], [returnMe, 'tentative']].sort());
    expect((await reviewer.call('calendar.reviewQueue', {})).map((o) => o.summary)).toEqual(expect.arrayContaining([approveMe, returnMe]));
    expect(await entries(specialist)).toEqual([]);

    await reviewer.call('calendar.approve', { id: waiting.find((e) => e.content === approveMe)!.id, comment: '' });
    await reviewer.call('calendar.return', { id: waiting.find((e) => e.content === returnMe)!.id, comment: 'Đề nghị lùi sang tuần sau' });
    await reviewer.feature.syncNow();
    expect((await reviewer.call('calendar.reviewQueue', {})).map((o) => o.summary)).not.toEqual(expect.arrayContaining([approveMe]));

    // The office sees both results; staff see only the confirmed entry.
    const atOffice = await entries(office);
    expect(atOffice.find((e) => e.content === approveMe)?.review).toBe('confirmed');
    expect(atOffice.find((e) => e.content === returnMe)?.review).toBe('returned');
    expect((await office.call('calendar.get', { id: `${proposedReturn.objectId}:` })).agency).toMatchObject({ review: 'returned', reviewComment: 'Đề nghị lùi sang tuần sau' });
    expect(await entries(specialist)).toMatchObject([{ content: approveMe, review: 'confirmed', time: '09:00', preparingUnit: 'Phòng Công nghệ thông tin' }]);
  });
});
