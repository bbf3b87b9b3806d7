// Mail flagged for follow-up with a date: the presets in Viet Nam's zone, the
// date kept in the cache and \Flagged through the outbox, surviving a resync,
// ended by completing it or by the flag leaving the server, and the reminder
// it rings through the engine on an injected clock.
import { describe, expect, it } from 'vitest';
import { ianaZone } from '../../../electron/core/calendar/zones';
import type { Db } from '../../../electron/core/db/open';
import { MailFollowUps, followUpPresets, mailFollowUpSource, wallToMs } from '../../../electron/core/mail/follow-up';
import { MailActions, MailOutbox } from '../../../electron/core/mail/outbox';
import type { MailStore } from '../../../electron/core/mail/store';
import { testEngine } from '../reminders/engine-fixture';
import { header, storeWithInbox } from './helpers';
import { fakeClock } from '../reminders/step-clock';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
/** Viet Nam's wall time as an instant (UTC+7, no DST). */
const vn = (date: string, time: string) => wallToMs(HANOI, date, time);


function setup(now: () => number) {
  const { db, store, inbox, sent } = storeWithInbox(now);
  const outbox = new MailOutbox(db, store, now);
  const actions = new MailActions(db, store, outbox);
  const followUps = new MailFollowUps(db, store, actions);
  return { db, store, inbox, sent, outbox, actions, followUps };
}

/** The outbox's flag entries, as the replay would send them. */
function flagEntries(db: Db): { add: string[]; remove: string[] }[] {
  return (db.prepare(`SELECT payload FROM outbox WHERE kind = 'flags' ORDER BY seq`).pluck().all() as string[]).map((p) => {
    const a = JSON.parse(p) as { add: string[]; remove: string[] };
    return { add: a.add, remove: a.remove };
  });
}

/** The replay went through: the rows no longer wait for the server. */
function settleAll(db: Db, store: MailStore) {
  for (const id of db.prepare(`SELECT id FROM mail_messages WHERE local_pending > 0`).pluck().all() as number[]) store.settle(id);
  db.prepare(`UPDATE outbox SET state = 'done'`).run();
}

describe('follow-up presets', () => {
  it('reads today, tomorrow, this week and next week in Viet Nam, leaving out those already past', () => {
    // Monday 7 December 2026, 10:00 in Hà Nội.
    const monday = followUpPresets(HANOI, vn('2026-12-07', '10:00'), '07:30');
    expect(monday).toEqual({
      today: vn('2026-12-07', '16:00'),
      tomorrow: vn('2026-12-08', '07:30'),
      thisWeek: vn('2026-12-11', '16:00'),
      nextWeek: vn('2026-12-14', '07:30'),
    });
    // 17:00 the same day: today's 16:00 has gone by.
    expect(followUpPresets(HANOI, vn('2026-12-07', '17:00'), '07:30').today).toBeNull();
    // Friday evening: this week is over, next week is Monday.
    const friday = followUpPresets(HANOI, vn('2026-12-11', '16:30'), '08:00');
    expect(friday.thisWeek).toBeNull();
    expect(friday.nextWeek).toBe(vn('2026-12-14', '08:00'));
    // Sunday: next week is tomorrow morning; across the month's end from Monday 28th.
    expect(followUpPresets(HANOI, vn('2026-12-13', '09:00'), '07:30')).toMatchObject({ thisWeek: null, nextWeek: vn('2026-12-14', '07:30'), tomorrow: vn('2026-12-14', '07:30') });
    expect(followUpPresets(HANOI, vn('2026-12-28', '09:00'), '07:30')).toMatchObject({ thisWeek: vn('2027-01-01', '16:00'), nextWeek: vn('2027-01-04', '07:30') });
  });

  it('takes a typed date and time as Viet Nam wall time, whatever the machine zone', () => {
    expect(vn('2026-12-07', '09:30')).toBe(Date.UTC(2026, 11, 7, 2, 30));
  });
});

describe('mail follow-ups in the cache', () => {
  it('keeps the date here and queues \\Flagged for the server, in the same step', () => {
    const t = vn('2026-12-07', '10:00');
    const { db, store, inbox, followUps } = setup(() => t);
    store.upsertHeaders(inbox, [header({ uid: 1, subject: 'Báo cáo quý IV' })]);
    const id = store.idByUid(inbox, 1)!;
    followUps.set([id], vn('2026-12-07', '16:00'));
    const m = store.summary(id)!;
    expect(m.flagged).toBe(true);
    expect(m.pending).toBe(true);
    expect(m.followUpAt).toBe(vn('2026-12-07', '16:00'));
    expect(flagEntries(db)).toEqual([{ add: ['\\Flagged'], remove: [] }]);
    // The list shows it too.
    expect(store.page(inbox, null, 10).items[0]!.followUpAt).toBe(vn('2026-12-07', '16:00'));
    // Moving the date changes no flag on the server: it is flagged already.
    followUps.set([id], vn('2026-12-08', '07:30'));
    expect(flagEntries(db)).toHaveLength(1);
    expect(store.followUpsDue(0, Number.MAX_SAFE_INTEGER).map((f) => f.dueAt)).toEqual([vn('2026-12-08', '07:30')]);
  });

  it('survives a resync: the message expunged and found again (a new UIDVALIDITY) keeps its date by Message-ID', () => {
    const t = vn('2026-12-07', '10:00');
    const { db, store, inbox, followUps } = setup(() => t);
    store.upsertHeaders(inbox, [header({ uid: 7, messageId: '<quy4@so-demo.invalid>' })]);
    followUps.set([store.idByUid(inbox, 7)!], vn('2026-12-09', '16:00'));
    settleAll(db, store);
    store.resetFolder(inbox, 999);
    expect(store.followUpsDue(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    store.upsertHeaders(inbox, [header({ uid: 1, messageId: '<quy4@so-demo.invalid>', flags: ['\\Flagged'] })]);
    const again = store.followUpsDue(0, Number.MAX_SAFE_INTEGER);
    expect(again.map((f) => [f.message.uid, f.dueAt])).toEqual([[1, vn('2026-12-09', '16:00')]]);
    expect(store.summary(again[0]!.message.id)!.followUpAt).toBe(vn('2026-12-09', '16:00'));
  });

  it('ends when another device takes the flag away, and a later star elsewhere does not bring the date back', () => {
    const t = vn('2026-12-07', '10:00');
    const { db, store, inbox, followUps } = setup(() => t);
    store.upsertHeaders(inbox, [header({ uid: 3 })]);
    const id = store.idByUid(inbox, 3)!;
    followUps.set([id], vn('2026-12-07', '16:00'));
    // A sync while our flag is still on its way changes nothing.
    store.updateFlags(inbox, [{ uid: 3, flags: [], modseq: null }]);
    expect(store.summary(id)!.followUpAt).toBe(vn('2026-12-07', '16:00'));
    settleAll(db, store);
    store.updateFlags(inbox, [{ uid: 3, flags: ['\\Flagged'], modseq: null }]);
    expect(store.followUpsDue(0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    // Unflagged on the phone: the next sync sees \Flagged gone.
    store.updateFlags(inbox, [{ uid: 3, flags: ['\\Seen'], modseq: null }]);
    expect(store.followUpsDue(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(store.summary(id)!.followUpAt).toBeNull();
    store.updateFlags(inbox, [{ uid: 3, flags: ['\\Seen', '\\Flagged'], modseq: null }]);
    expect(store.summary(id)!.flagged).toBe(true);
    expect(store.summary(id)!.followUpAt).toBeNull();
  });

  it('a copy still flagged in another folder keeps the follow-up when one copy loses its flag', () => {
    const t = vn('2026-12-07', '10:00');
    const { db, store, inbox, sent, followUps } = setup(() => t);
    store.upsertHeaders(inbox, [header({ uid: 4, messageId: '<both@x>', flags: ['\\Flagged'] })]);
    store.upsertHeaders(sent, [header({ uid: 40, messageId: '<both@x>', flags: ['\\Flagged'] })]);
    followUps.set([store.idByUid(inbox, 4)!], vn('2026-12-07', '16:00'));
    settleAll(db, store);
    store.updateFlags(sent, [{ uid: 40, flags: [], modseq: null }]);
    expect(store.followUpsDue(0, Number.MAX_SAFE_INTEGER).map((f) => f.message.uid)).toEqual([4]);
  });

  it('completing or clearing removes \\Flagged from the server; unflagging here ends it too', () => {
    const t = vn('2026-12-07', '10:00');
    const { db, store, inbox, actions, followUps } = setup(() => t);
    store.upsertHeaders(inbox, [header({ uid: 5 }), header({ uid: 6 }), header({ uid: 8 })]);
    const [a, b, c] = [5, 6, 8].map((u) => store.idByUid(inbox, u)!) as [number, number, number];
    followUps.set([a, b, c], vn('2026-12-08', '07:30'));
    settleAll(db, store);
    db.prepare(`DELETE FROM outbox`).run();
    followUps.end([a], 'complete');
    followUps.end([b], 'clear');
    actions.setFlags([c], [], ['\\Flagged']);
    expect(flagEntries(db)).toEqual([
      { add: [], remove: ['\\Flagged'] },
      { add: [], remove: ['\\Flagged'] },
      { add: [], remove: ['\\Flagged'] },
    ]);
    expect(store.followUpsDue(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(db.prepare(`SELECT state FROM mail_followups ORDER BY id`).pluck().all()).toEqual(['done', 'unflagged', 'unflagged']);
    // Flagging it again with a date opens it again.
    followUps.set([a], vn('2026-12-10', '16:00'));
    expect(store.followUpsDue(0, Number.MAX_SAFE_INTEGER).map((f) => f.message.id)).toEqual([a]);
  });

  it('refuses a message that is not in the cache, and changes nothing', () => {
    const { db, followUps } = setup(() => 0);
    expect(() => followUps.set([12345], 1)).toThrow(expect.objectContaining({ code: 'mail.not_found' }));
    expect(db.prepare(`SELECT count(*) FROM outbox`).pluck().get()).toBe(0);
  });
});

describe('the follow-up reminder', () => {
  function ringing(start: number) {
    const c = fakeClock(start);
    const s = setup(c.clock.now);
    const { engine, notices, opened } = testEngine({ db: s.db, clock: c.clock, sources: [mailFollowUpSource(() => s.store)], zone: HANOI });
    return { ...s, c, engine, notices, opened };
  }

  it('rings once at the date with Open, Snooze and Dismiss; Open opens the message', () => {
    const r = ringing(vn('2026-12-07', '10:00'));
    r.store.upsertHeaders(r.inbox, [header({ uid: 1, subject: 'Trả lời Sở Tài chính' })]);
    const id = r.store.idByUid(r.inbox, 1)!;
    r.followUps.set([id], vn('2026-12-07', '16:00'));
    r.engine.start();
    expect(r.engine.nextAt).toBe(vn('2026-12-07', '16:00'));
    expect(r.engine.list().upcoming.map((u) => [u.source, u.title])).toEqual([['mail', 'Trả lời Sở Tài chính']]);
    r.c.run(vn('2026-12-07', '16:00') + 1000);
    expect(r.notices.map((n) => n.title)).toEqual(['Trả lời Sở Tài chính']);
    expect(r.notices[0]!.actions?.map((a) => a.id)).toEqual(['snooze:5m', 'snooze:10m', 'snooze:1h', 'snooze:tomorrow', 'dismiss']);
    r.notices[0]!.onAction?.('open');
    expect(r.opened).toEqual([{ section: 'mail', id: String(id) }]);
    r.c.run(vn('2026-12-07', '18:00'));
    expect(r.notices).toHaveLength(1);
    expect(r.engine.list().now.map((x) => x.state)).toEqual(['ringing']);
  });

  it('completing the follow-up silences a ringing reminder, and one snoozed never rings again', () => {
    const r = ringing(vn('2026-12-07', '10:00'));
    r.store.upsertHeaders(r.inbox, [header({ uid: 1 }), header({ uid: 2 })]);
    const [a, b] = [1, 2].map((u) => r.store.idByUid(r.inbox, u)!) as [number, number];
    r.followUps.set([a, b], vn('2026-12-07', '16:00'));
    r.engine.start();
    r.c.run(vn('2026-12-07', '16:01'));
    const [first, second] = r.engine.list().now;
    r.engine.snooze(second!.id, '10m');
    r.followUps.end([a], 'complete');
    r.followUps.end([b], 'complete');
    r.engine.changed();
    expect(r.engine.list().now).toEqual([]);
    expect(r.engine.list().dismissed.map((x) => [x.id, x.state])).toContainEqual([first!.id, 'done_elsewhere']);
    const before = r.notices.length;
    r.c.run(vn('2026-12-07', '17:00'));
    expect(r.notices).toHaveLength(before);
    expect(r.engine.list().now).toEqual([]);
  });

  it('the flag removed from the server by another device silences it', () => {
    const r = ringing(vn('2026-12-07', '15:00'));
    r.store.upsertHeaders(r.inbox, [header({ uid: 9 })]);
    r.followUps.set([r.store.idByUid(r.inbox, 9)!], vn('2026-12-07', '15:30'));
    settleAll(r.db, r.store);
    r.engine.start();
    r.c.run(vn('2026-12-07', '15:31'));
    expect(r.engine.list().now).toHaveLength(1);
    r.store.updateFlags(r.inbox, [{ uid: 9, flags: ['\\Seen'], modseq: null }]);
    r.engine.changed();
    expect(r.engine.list().now).toEqual([]);
    expect(r.engine.list().dismissed[0]!.state).toBe('done_elsewhere');
  });
});
