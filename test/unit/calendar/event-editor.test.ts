// What the event form sends, as the core keeps it: a pasted meeting link
// (checked like Join checks it), a link removed or replaced, several
// reminders, invitees who keep their replies.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors';
import { eventDraftSchema, type EventDraft } from '../../../shared/calendar';
import { ics, testService } from './helpers';

function setup() {
  const { store, service, cal } = testService(Date.UTC(2025, 10, 20, 3), { meetingsBaseUrl: 'https://meet.so-demo.invalid', userName: 'Nguyễn Thị Minh Anh' });
  return { store, service, cal };
}

const draft = (cal: number, extra: Partial<EventDraft> = {}): EventDraft =>
  eventDraftSchema.parse({ calendarId: cal, summary: 'Họp với đối tác', allDay: false, start: '2025-11-24T14:00', end: '2025-11-24T15:00', ...extra });

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

describe('the event editor, as the core keeps what it sends', () => {
  it('keeps a pasted Zoom link, replaces it with a new room, and removes it', () => {
    const { service, cal } = setup();
    const zoom = 'https://us02web.zoom.us/j/81234567890?pwd=abc';
    const ev = service.create(draft(cal, { meetingUrl: zoom }));
    expect(service.get(ev.id).meeting).toEqual({ url: zoom, vendor: 'zoom' });

    const room = service.update(ev.id, 'all', draft(cal, { meetingUrl: null, newMeeting: true, removeMeetingUrl: zoom }));
    expect(room.meeting?.vendor).toBe('organization');
    expect(room.meeting?.url).toMatch(/^https:\/\/meet\.so-demo\.invalid\/[a-z2-7]{26}$/);

    const none = service.update(ev.id, 'all', draft(cal, { meetingUrl: null, removeMeetingUrl: room.meeting!.url }));
    expect(none.meeting).toBeNull();
  });

  it('refuses a link Join would not open, before anything is written', () => {
    const { service, cal, store } = setup();
    for (const bad of ['javascript:alert(1)', 'https://user:pw@zoom.us/j/1', 'http://unknown.example/room']) {
      expect(codeOf(() => service.create(draft(cal, { meetingUrl: bad })))).toBe('calendar.invalid_meeting_link');
    }
    expect(store.calendars().length).toBe(1);
    expect(service.range({ from: '2025-11-24', to: '2025-11-25' })).toEqual([]);
  });

  it('keeps several reminders, and drops the one removed', () => {
    const { service, cal } = setup();
    const ev = service.create(draft(cal, { alarmsMinutesBefore: [1440, 15, 5] }));
    expect(ev.alarms.map((a) => a.minutesBefore).sort((a, b) => a! - b!)).toEqual([5, 15, 1440]);
    const edited = service.update(ev.id, 'all', draft(cal, { alarmsMinutesBefore: [1440, 5] }));
    expect(edited.alarms.map((a) => a.minutesBefore).sort((a, b) => a! - b!)).toEqual([5, 1440]);
  });

  it('an invitee who stays keeps their reply; a new one has not answered yet', () => {
    const { service, store, cal } = setup();
    const id = store.putObject({
      calendarId: cal, href: '/anh/lich/hop.ics', etag: '"1"',
      raw: ics('BEGIN:VEVENT', 'UID:hop', 'DTSTART:20251124T070000Z', 'DTEND:20251124T080000Z', 'SUMMARY:Họp',
        'ORGANIZER;CN=Nguyễn Thị Minh Anh:mailto:anh.ntm@so-demo.invalid',
        'ATTENDEE;CN=Trần Quốc Bảo;PARTSTAT=ACCEPTED:mailto:bao.tq@so-demo.invalid',
        'ATTENDEE;CN=Lê Văn Cường;PARTSTAT=DECLINED:mailto:cuong.lv@so-demo.invalid', 'END:VEVENT'),
    });
    const edited = service.update(`${id}:`, 'all', draft(cal, { attendees: [{ email: 'bao.tq@so-demo.invalid', name: 'Trần Quốc Bảo' }, { email: 'hung.dv@so-demo.invalid', name: 'Đặng Văn Hùng' }] }));
    expect(edited.attendees.map((a) => [a.email, a.partstat])).toEqual([
      ['bao.tq@so-demo.invalid', 'ACCEPTED'],
      ['hung.dv@so-demo.invalid', 'NEEDS-ACTION'],
    ]);
  });
});

describe('calendar.checkMeetingLink through the core', () => {
  it('names a pasted link before sign-in too, and refuses one Join would not open', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createCore } = await import('../../../electron/core/core');
    const { silentLogger } = await import('../../../electron/core/log');
    const { nodePlatform } = await import('../../../electron/core/platform');
    const dir = mkdtempSync(join(tmpdir(), 'govdesk-link-'));
    const core = createCore(nodePlatform({ userData: dir }), { organization: null, logger: silentLogger });
    try {
      expect(await core.call('calendar.checkMeetingLink', { url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0' })).toMatchObject({ ok: true, result: { vendor: 'teams' } });
      expect(await core.call('calendar.checkMeetingLink', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'calendar.invalid_meeting_link' } });
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

