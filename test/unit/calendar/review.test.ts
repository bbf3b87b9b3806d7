// Review of the agency schedule (issue 6.4) in the core: proposals are
// tentative, reviewers see what waits, approval or return is written into the
// entry, and staff see only confirmed entries unless they proposed them.
import { describe, expect, it } from 'vitest';
import { CalendarOutbox } from '../../../electron/core/calendar/outbox';
import { CalendarService } from '../../../electron/core/calendar/service';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { eventDraftSchema } from '../../../shared/calendar';
import { ics, manualClock, memoryDb, testStore } from './helpers';

function setup(user: string, reviewer: boolean, selfApproval?: boolean) {
  const db = memoryDb();
  const clock = manualClock(Date.UTC(2025, 10, 17, 1));
  const store = testStore(db, clock.now);
  store.ensureWindow();
  const outbox = new CalendarOutbox(db, store, clock.now);
  const agency = store.upsertCalendar({ url: 'http://dav/agency/lich-cong-tac/', kind: 'agency', displayName: 'Lịch công tác', color: null, writable: reviewer, components: ['VEVENT'] });
  /** The same cache seen by another signed-in person (another reviewer on the same computer, for the test). */
  const as = (email: string) =>
    new CalendarService({
      store, outbox, links: linkMatcher({}), now: clock.now, user: { email, name: email }, agencyName: 'Sở Thông tin và Truyền thông',
      meetingsBaseUrl: null, defaultZone: 'Asia/Ho_Chi_Minh', kick: () => undefined, syncNow: async () => undefined, emitChanged: () => undefined,
      ...(selfApproval === undefined ? {} : { selfApproval }),
    });
  return { store, service: as(user), agency, as };
}

const draft = (calendarId: number, summary: string) =>
  eventDraftSchema.parse({ calendarId, summary, allDay: false, start: '2025-11-19T08:00', end: '2025-11-19T09:30', agency: { chair: 'Đ/c Cường, PGĐ', attendees: 'Lãnh đạo các phòng', preparingUnit: 'Văn phòng Sở' } });

describe('agency schedule review', () => {
  it('a proposal is tentative, waits in the reviewer’s queue, and leaves it once approved', () => {
    const { service, agency, as } = setup('dung.pt@so-demo.invalid', true);
    const p = service.create(draft(agency, 'Họp giao ban'));
    expect(p.agency).toMatchObject({ review: 'tentative', proposer: 'dung.pt@so-demo.invalid', chair: 'Đ/c Cường, PGĐ', preparingUnit: 'Văn phòng Sở' });
    expect(service.reviewQueue().map((o) => o.summary)).toEqual(['Họp giao ban']);
    const approved = as('cuong.lv@so-demo.invalid').review(p.id, 'confirmed', '');
    expect(approved.agency?.review).toBe('confirmed');
    expect(approved.status).toBe('CONFIRMED');
    expect(service.reviewQueue()).toEqual([]);
    const week = service.agencyWeek('2025-11-19');
    expect(week.days[2]!.morning.map((e) => [e.time, e.content, e.review])).toEqual([['08:00', 'Họp giao ban', 'confirmed']]);
  });

  it('a returned entry carries the comment back, and stays tentative for calendar clients', () => {
    const { service, agency, store } = setup('cuong.lv@so-demo.invalid', true);
    const p = service.create(draft(agency, 'Tiếp đoàn công tác'));
    const back = service.review(p.id, 'returned', 'Đổi sang chiều thứ Năm');
    expect(back.agency).toMatchObject({ review: 'returned', reviewComment: 'Đổi sang chiều thứ Năm' });
    expect(back.status).toBe('TENTATIVE');
    expect(store.object(p.objectId)!.raw).toMatch(/X-GOVDESK-REVIEWER:mailto:cuong\.lv@so-demo\.invalid/);
  });

  it('staff see confirmed entries and their own proposals only, and cannot review', () => {
    const { service, agency, store } = setup('anh.ntm@so-demo.invalid', false);
    const put = (uid: string, review: string, proposer: string) =>
      store.putObject({ calendarId: agency, href: `/agency/${uid}.ics`, etag: '"1"', raw: ics('BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20251119T010000Z', 'DURATION:PT1H', `SUMMARY:${uid}`, `X-GOVDESK-REVIEW:${review}`, `X-GOVDESK-PROPOSER:mailto:${proposer}`, 'END:VEVENT') });
    put('da-duyet', 'CONFIRMED', 'dung.pt@so-demo.invalid');
    const waiting = put('cho-duyet', 'TENTATIVE', 'dung.pt@so-demo.invalid');
    put('cua-toi', 'RETURNED', 'anh.ntm@so-demo.invalid');
    const week = service.agencyWeek('2025-11-19');
    expect(week.canReview).toBe(false);
    expect(week.days[2]!.morning.map((e) => e.content).sort()).toEqual(['cua-toi', 'da-duyet']);
    expect(service.reviewQueue().map((o) => o.summary)).toEqual(['cua-toi']);
    expect(() => service.review(`${waiting}:`, 'confirmed', '')).toThrow(/only reviewers/);
    expect(() => service.create(draft(agency, 'x'))).toThrow(/read_only|lich-cong-tac/);
  });

  it('nobody approves their own proposal unless the policy allows it; returning (withdrawing) it stays possible', () => {
    const { service, agency, as } = setup('bao.tq@so-demo.invalid', true);
    const p = service.create(draft(agency, 'Làm việc với phòng CNTT'));
    expect(service.agencyWeek('2025-11-19').selfApproval).toBe(false);
    expect(() => service.review(p.id, 'confirmed', '')).toThrow(expect.objectContaining({ code: 'calendar.self_approval' }));
    expect(service.get(p.id).agency?.review).toBe('tentative');
    expect(service.review(p.id, 'returned', 'Rút lại').agency?.review).toBe('returned');
    expect(as('cuong.lv@so-demo.invalid').review(p.id, 'confirmed', '').agency?.review).toBe('confirmed');

    const allowed = setup('bao.tq@so-demo.invalid', true, true);
    const q = allowed.service.create(draft(allowed.agency, 'Họp tổ công tác'));
    expect(allowed.service.agencyWeek('2025-11-19').selfApproval).toBe(true);
    expect(allowed.service.review(q.id, 'confirmed', '').agency?.review).toBe('confirmed');
  });

  it('a returned entry can still be approved later by a reviewer, which clears the comment from the schedule', () => {
    const { service, agency, as } = setup('dung.pt@so-demo.invalid', true);
    const p = service.create(draft(agency, 'Tiếp đoàn công tác'));
    const head = as('cuong.lv@so-demo.invalid');
    expect(head.review(p.id, 'returned', 'Đổi giờ').agency?.review).toBe('returned');
    const later = head.review(p.id, 'confirmed', '');
    expect(later.agency).toMatchObject({ review: 'confirmed' });
    expect(later.status).toBe('CONFIRMED');
    expect(head.agencyWeek('2025-11-19').days[2]!.morning.map((e) => [e.content, e.review, e.reviewComment])).toEqual([['Tiếp đoàn công tác', 'confirmed', '']]);
  });
});
