/**
 * When the server refuses the sender (a header From: that is not the signed-in
 * user's), the app gets a refusal of its own kind, with the server's reason,
 * which the outbox keeps and shows like any refused send.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MailClient } from '../../../electron/core/mail/client';
import { ActionRefused } from '../../../electron/core/mail/outbox';
import { silentLogger } from '../../../electron/core/log';
import { systemClock } from '../../../electron/core/platform';
import { accountOf } from '../../stack/stack-json.ts';
import { stack, stackTokens } from './helpers';

function client(username: string): { client: MailClient; email: string } {
  const s = stack();
  const email = accountOf(s, username).email;
  return { email, client: new MailClient({ endpoints: { imap: s.services.imap, smtp: s.services.smtp }, user: email, tokens: stackTokens(username), log: silentLogger }, { clock: systemClock }) };
}

const raw = (from: string, to: string) => Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: ${randomUUID()}\r\nMessage-ID: <${randomUUID()}@govdesk.invalid>\r\nDate: ${new Date().toUTCString()}\r\n\r\nx\r\n`);

describe('a sender the server refuses', () => {
  it("a From: naming a colleague comes back as mail.sender_refused with the server's reason", async () => {
    const { client: c, email } = client('anh.ntm');
    const victim = accountOf(stack(), 'cuong.lv').email;
    try {
      const err = await c.submit({ from: email, to: [email] }, raw(`<${victim}>`, email)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ActionRefused);
      expect(err).toMatchObject({ code: 'mail.sender_refused' });
      expect((err as ActionRefused).detail).toMatch(/550 5\.7\.1 .*cuong\.lv@so-demo\.invalid/);
    } finally {
      await c.close();
    }
  });

  it("a colleague's envelope sender is mail.sender_refused too; my own address sends (the baseline)", async () => {
    const { client: c, email } = client('anh.ntm');
    const victim = accountOf(stack(), 'cuong.lv').email;
    try {
      await expect(c.submit({ from: victim, to: [email] }, raw(`<${email}>`, email))).rejects.toMatchObject({ code: 'mail.sender_refused' });
      await expect(c.submit({ from: email, to: [email] }, raw(`<${email}>`, email))).resolves.toEqual({ refused: [] });
    } finally {
      await c.close();
    }
  });
});
