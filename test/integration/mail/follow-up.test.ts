// A follow-up against the stack's Dovecot: setting it puts \Flagged on the
// server (what other devices and mail programs see), and another client
// taking the flag away ends the follow-up here and silences its reminder.
import { afterEach, describe, expect, it } from 'vitest';
import { ianaZone } from '../../../electron/core/calendar/zones';
import { mailFollowUpSource } from '../../../electron/core/mail/follow-up';
import { ReminderEngine } from '../../../electron/core/reminders/engine';
import { otherClient, startMail, uniqueSubject, type TestMail } from './helpers';

const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
const open: TestMail[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});

/** A minute ago on Viet Nam's wall clock, as the custom form sends it. */
function aMinuteAgo(): { date: string; time: string } {
  const w = HANOI.toWall(Date.now() - 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return { date: `${w.year}-${p(w.month)}-${p(w.day)}`, time: `${p(w.hour)}:${p(w.minute)}` };
}

describe('mail follow-up against the demo stack', () => {
  it('flags on the server, and unflagging from another client ends the follow-up and its reminder here', async () => {
    const a = startMail('duc.hm');
    open.push(a);
    const other = await otherClient('duc.hm');
    try {
      const subject = uniqueSubject('Đề nghị phối hợp');
      const messageId = `<${subject.replace(/\W/g, '')}@so-demo.invalid>`;
      await other.append('INBOX', Buffer.from(`From: hoa@so-tc.invalid\r\nTo: duc.hm@so-demo.invalid\r\nSubject: ${subject}\r\nMessage-ID: ${messageId}\r\n\r\nx\r\n`));
      await a.feature.parts.sync!.syncNow();
      const { store } = a.feature.parts;
      const inbox = store.folderBySpecialUse('inbox')!;
      const row = () => store.page(inbox.id, null, 500).items.find((m) => m.subject === subject);
      const id = row()!.id;

      const { dueAt } = await a.feature.handlers['mail.setFollowUp']({ ids: [id], due: aMinuteAgo() });
      await a.feature.flushOutbox();
      expect(await a.feature.handlers['mail.outbox']({})).toEqual([]);
      const serverFlags = async () => {
        const lock = await other.getMailboxLock('INBOX');
        try {
          const found = await other.search({ header: { 'message-id': messageId } }, { uid: true });
          const uid = Array.isArray(found) ? found[0] : undefined;
          if (uid === undefined) return null;
          const one = await other.fetchOne(String(uid), { flags: true }, { uid: true });
          return one ? [...(one.flags ?? [])] : null;
        } finally {
          lock.release();
        }
      };
      expect(await serverFlags()).toContain('\\Flagged');
      // A resync keeps the date: it is the cache's, keyed by the Message-ID.
      await a.feature.parts.sync!.syncNow();
      expect(row()!.followUpAt).toBe(dueAt);

      const engine = new ReminderEngine({
        db: a.db,
        clock: a.ctx.platform.clock,
        sources: [mailFollowUpSource(() => store)],
        notify: () => undefined,
        onChange: () => undefined,
        onOpen: () => undefined,
        quietHours: () => ({ enabled: false, start: '22:00', end: '06:30' }),
        workDayStart: () => '07:30',
        language: () => 'vi',
        zone: HANOI,
      });
      engine.start();
      try {
        expect(engine.list().now.map((r) => [r.source, r.title, r.open])).toEqual([['mail', subject, { section: 'mail', id: String(id) }]]);

        a.feature.start();
        const lock = await other.getMailboxLock('INBOX');
        try {
          await other.messageFlagsRemove({ header: { 'message-id': messageId } }, ['\\Flagged']);
        } finally {
          lock.release();
        }
        // IDLE brings the change: the follow-up ends with the flag.
        await a.until(() => row()?.flagged === false, 'the flag removed elsewhere');
        expect(row()!.followUpAt).toBeNull();
        engine.changed();
        expect(engine.list().now).toEqual([]);
        expect(engine.list().dismissed.map((r) => r.state)).toEqual(['done_elsewhere']);
        // Starred again from the other client later: a star, not the old follow-up.
        const lock2 = await other.getMailboxLock('INBOX');
        try {
          await other.messageFlagsAdd({ header: { 'message-id': messageId } }, ['\\Flagged']);
        } finally {
          lock2.release();
        }
        await a.until(() => row()?.flagged === true, 'the flag set again elsewhere');
        expect(row()!.followUpAt).toBeNull();
      } finally {
        engine.stop();
      }
    } finally {
      await other.logout();
    }
  });
});
