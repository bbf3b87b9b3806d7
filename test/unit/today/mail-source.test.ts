// Today's mail: unread Inbox mail from people who matter (in the
// organization's directory, or written to from Sent), never from others, and
// mail flagged for follow-up that is due today or overdue.
import { describe, expect, it } from 'vitest';
import { ianaZone } from '../../../electron/core/calendar/zones';
import { MailFollowUps, wallToMs } from '../../../electron/core/mail/follow-up';
import { MailActions, MailOutbox } from '../../../electron/core/mail/outbox';
import { todayView } from '../../../electron/core/today/service';
import { mailSource } from '../../../electron/core/today/sources';
import { header, storeWithInbox } from '../mail/helpers';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
const vn = (date: string, time: string) => wallToMs(HANOI, date, time);
const person = (name: string, address: string) => [{ name, address }];

function mailbox(now: number) {
  const s = storeWithInbox(() => now);
  const actions = new MailActions(s.db, s.store, new MailOutbox(s.db, s.store, () => now));
  return { ...s, followUps: new MailFollowUps(s.db, s.store, actions) };
}

describe("Today's mail", () => {
  it('lists unread mail from the directory and from people I wrote to, and nothing from strangers', () => {
    const now = vn('2026-12-07', '09:00');
    const { store, inbox, sent } = mailbox(now);
    store.upsertHeaders(sent, [header({ uid: 100, from: person('Tôi', 'anh.ntm@so-demo.invalid'), to: person('Chị Hoa', 'HOA@partner.invalid'), flags: ['\\Seen'] })]);
    store.upsertHeaders(inbox, [
      header({ uid: 1, subject: 'Từ giám đốc', from: person('Giám đốc', 'giamdoc@so-demo.invalid'), date: now - 60_000 }),
      header({ uid: 2, subject: 'Từ đối tác', from: person('Chị Hoa', 'hoa@partner.invalid'), date: now - 120_000 }),
      header({ uid: 3, subject: 'Quảng cáo', from: person('Shop', 'sale@shop.invalid'), date: now - 30_000 }),
      header({ uid: 4, subject: 'Đã đọc', from: person('Giám đốc', 'giamdoc@so-demo.invalid'), flags: ['\\Seen'], date: now - 10_000 }),
    ]);
    const source = mailSource(() => ({ parts: { store } }), () => ['GiamDoc@so-demo.invalid', '']);
    const view = todayView([source], HANOI, now);
    expect(view.sections[0]!.items.map((i) => [i.title, i.detail, i.urgency])).toEqual([
      ['Từ giám đốc', 'Giám đốc', 'normal'],
      ['Từ đối tác', 'Chị Hoa', 'normal'],
    ]);
    expect(view.sections[0]!.items[0]!.open).toEqual({ section: 'mail', id: String(store.idByUid(inbox, 1)) });
    // Without a directory, only the people I wrote to.
    expect(mailSource(() => ({ parts: { store } }), () => []).items({ date: '2026-12-07', fromMs: 0, toMs: now + 1, nowMs: now, zone: HANOI.id }).map((i) => i.title)).toEqual(['Từ đối tác']);
  });

  it('lists mail to follow up today or overdue first, once, and not what is due tomorrow or done', () => {
    const now = vn('2026-12-07', '09:00');
    const { store, inbox, followUps } = mailbox(now);
    store.upsertHeaders(inbox, [
      header({ uid: 1, subject: 'Hạn hôm nay', from: person('Giám đốc', 'giamdoc@so-demo.invalid') }),
      header({ uid: 2, subject: 'Quá hạn', from: person('Ai đó', 'someone@else.invalid'), flags: ['\\Seen'] }),
      header({ uid: 3, subject: 'Ngày mai', from: person('Ai đó', 'someone@else.invalid') }),
      header({ uid: 4, subject: 'Xong rồi', from: person('Ai đó', 'someone@else.invalid') }),
    ]);
    const id = (uid: number) => store.idByUid(inbox, uid)!;
    followUps.set([id(1)], vn('2026-12-07', '16:00'));
    followUps.set([id(2)], vn('2026-12-04', '16:00'));
    followUps.set([id(3)], vn('2026-12-08', '07:30'));
    followUps.set([id(4)], vn('2026-12-07', '10:00'));
    followUps.end([id(4)], 'complete');
    const items = todayView([mailSource(() => ({ parts: { store } }), () => ['giamdoc@so-demo.invalid'])], HANOI, now).sections[0]!.items;
    expect(items.map((i) => [i.title, i.urgency, i.at])).toEqual([
      ['Quá hạn', 'overdue', vn('2026-12-04', '16:00')],
      ['Hạn hôm nay', 'due', vn('2026-12-07', '16:00')],
    ]);
    expect(items.every((i) => i.open?.section === 'mail')).toBe(true);
  });

  it('knows a new correspondent as soon as the mail written to them is in Sent, and lists their unread mail newest first, at most the limit', () => {
    const now = vn('2026-12-07', '09:00');
    const { store, inbox, sent } = mailbox(now);
    store.upsertHeaders(inbox, [
      header({ uid: 1, subject: 'Thư 1', from: person('Chị Hoa', 'hoa@partner.invalid'), date: now - 300_000 }),
      header({ uid: 2, subject: 'Thư 2', from: person('Shop', 'sale@shop.invalid'), date: now - 200_000 }),
      header({ uid: 3, subject: 'Thư 3', from: person('Chị Hoa', 'hoa@partner.invalid'), date: now - 100_000 }),
      header({ uid: 4, subject: 'Thư 4', from: person('Chị Hoa', 'hoa@partner.invalid'), date: now - 50_000 }),
    ]);
    const titles = () => mailSource(() => ({ parts: { store } }), () => []).items({ date: '2026-12-07', fromMs: 0, toMs: now + 1, nowMs: now, zone: HANOI.id }).map((i) => i.title);
    expect(store.correspondents().has('hoa@partner.invalid')).toBe(false);
    expect(titles()).toEqual([]);
    store.upsertHeaders(sent, [header({ uid: 100, from: person('Tôi', 'anh.ntm@so-demo.invalid'), to: person('Chị Hoa', 'Hoa@Partner.invalid'), flags: ['\\Seen'] })]);
    expect(store.correspondents().has('hoa@partner.invalid')).toBe(true);
    expect(titles()).toEqual(['Thư 4', 'Thư 3', 'Thư 1']);
    expect(store.unreadInboxFrom((a) => a === 'hoa@partner.invalid', 2).map((m) => m.subject)).toEqual(['Thư 4', 'Thư 3']);
    // Read, it leaves the list (the unread index follows the flag).
    store.upsertHeaders(inbox, [header({ uid: 4, subject: 'Thư 4', from: person('Chị Hoa', 'hoa@partner.invalid'), date: now - 50_000, flags: ['\\Seen'] })]);
    expect(titles()).toEqual(['Thư 3', 'Thư 1']);
    // What a caller does with the set it got does not change the store's.
    store.correspondents().clear();
    expect(store.correspondents().size).toBe(1);
  });
});
