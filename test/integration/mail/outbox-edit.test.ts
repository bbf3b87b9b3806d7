// Editing a refused send against the stack's Postfix, which refuses an unknown
// local recipient at RCPT TO (550 5.1.1): the entry stays refused with the
// server's words; edited to the right address it is delivered once, answers
// the same message, and lands in Sent once.
import { afterEach, describe, expect, it } from 'vitest';
import { calls } from '../../../shared/api';
import { startMail, uniqueSubject, type TestMail } from './helpers';

const open: TestMail[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});
function mail(username: string): TestMail {
  const m = startMail(username);
  open.push(m);
  return m;
}

function items(m: TestMail, use: 'inbox' | 'sent' | 'drafts', subject: string) {
  const { store } = m.feature.parts;
  const f = store.folderBySpecialUse(use);
  return f ? store.page(f.id, null, 500).items.filter((x) => x.subject === subject) : [];
}

describe('editing a refused send', () => {
  it('stays refused with the reason; edited to the right address it is delivered once and lands in Sent', async () => {
    const a = mail('anh.ntm');
    const d = mail('dung.pt');
    await a.feature.parts.sync!.syncNow();
    await d.feature.parts.sync!.syncNow();
    d.feature.start();
    const { store } = a.feature.parts;
    const answered = store.page(store.folderBySpecialUse('inbox')!.id, null, 100).items.find((m) => m.messageId !== null)!;
    expect(answered).toBeDefined();

    const subject = uniqueSubject('Re: Báo cáo tuần');
    const text = 'Kính gửi chị Dung,\n\nEm gửi báo cáo tuần, chị xem giúp em.\n';
    const file = { filename: 'Báo cáo tuần.txt', contentType: 'text/plain', contentBase64: Buffer.from('Số liệu tuần 48').toString('base64') };
    const { messageId: refusedId } = await a.feature.handlers['mail.send'](
      calls['mail.send'].params.parse({ to: [{ name: 'Phạm Thị Dung', address: 'dung.tp@so-demo.invalid' }], subject, text, inReplyTo: answered.id, attachments: [file] }),
    );
    await a.feature.flushOutbox();
    const [entry] = await a.feature.handlers['mail.outbox']({});
    expect(entry).toMatchObject({ id: refusedId, state: 'refused', errorCode: 'mail.recipient_refused', editable: true });
    expect(entry!.errorDetail).toMatch(/\b550\b/);
    // Retrying as it is changes nothing: the server still says no.
    await a.feature.handlers['mail.outboxRetry']({ id: refusedId });
    await a.feature.flushOutbox();
    expect(await a.feature.handlers['mail.outbox']({})).toMatchObject([{ id: refusedId, state: 'refused', attempts: 2 }]);

    const content = await a.feature.handlers['mail.outboxOpen']({ id: refusedId });
    expect(content).toMatchObject({
      id: refusedId,
      errorCode: 'mail.recipient_refused',
      to: [{ name: 'Phạm Thị Dung', address: 'dung.tp@so-demo.invalid' }],
      cc: [],
      bcc: [],
      subject,
      text,
      inReplyTo: answered.messageId,
      attachments: [file],
    });

    // A save while editing goes to Drafts; the send replaces the refused entry and removes that draft.
    const edited = { to: [{ name: 'Phạm Thị Dung', address: d.email }], subject, text: content.text, attachments: content.attachments, editOf: refusedId };
    const draft = await a.feature.handlers['mail.saveDraft'](calls['mail.saveDraft'].params.parse(edited));
    await a.feature.flushOutbox();
    expect((await a.feature.handlers['mail.outbox']({})).map((o) => [o.id, o.state])).toEqual([[refusedId, 'refused']]);
    await a.feature.parts.sync!.syncNow();
    const drafts = items(a, 'drafts', subject);
    expect(drafts.map((m) => m.messageId)).toEqual([draft.messageId]);
    // The draft of an edit answers the same message too.
    expect(store.view(drafts[0]!.id)?.inReplyTo).toBe(answered.messageId);
    const { messageId } = await a.feature.handlers['mail.send'](calls['mail.send'].params.parse({ ...edited, draftId: draft.messageId }));
    expect(messageId).not.toBe(refusedId);
    expect((await a.feature.handlers['mail.outbox']({})).map((o) => o.id)).toEqual([messageId]);
    await a.feature.flushOutbox();
    expect(await a.feature.handlers['mail.outbox']({})).toEqual([]);
    await expect(a.feature.handlers['mail.outboxOpen']({ id: refusedId })).rejects.toMatchObject({ code: 'mail.outbox_not_found' });

    // Delivered once, by IDLE, answering the same message, with its file.
    await d.until(() => items(d, 'inbox', subject).length === 1, 'the edited message in d’s Inbox');
    await d.feature.parts.sync!.syncNow();
    const got = items(d, 'inbox', subject);
    expect(got.map((m) => m.messageId)).toEqual([messageId]);
    const view = await d.feature.handlers['mail.open']({ id: got[0]!.id });
    expect(view.inReplyTo).toBe(answered.messageId);
    expect(view.text.trim()).toBe(text.trim());
    expect(view.attachments.map((x) => x.filename)).toEqual([file.filename]);

    // In Sent once, the draft gone, the answered message flagged.
    await a.feature.parts.sync!.syncNow();
    expect(items(a, 'sent', subject).map((m) => m.messageId)).toEqual([messageId]);
    expect(items(a, 'drafts', subject)).toEqual([]);
    expect(store.summary(answered.id)?.answered).toBe(true);
  });

  it('taken for one recipient and refused for another: the entry stays for that one, and its edit reaches only them', async () => {
    const a = mail('anh.ntm');
    const d = mail('dung.pt');
    const h = mail('hung.dv');
    for (const m of [a, d, h]) await m.feature.parts.sync!.syncNow();
    d.feature.start();
    h.feature.start();
    const subject = uniqueSubject('Giấy mời họp');
    const { messageId } = await a.feature.handlers['mail.send'](
      calls['mail.send'].params.parse({
        to: [
          { name: 'Phạm Thị Dung', address: d.email },
          { name: 'Đỗ Văn Hùng', address: 'hung.vd@so-demo.invalid' },
        ],
        subject,
        text: 'Mời anh chị dự họp.',
      }),
    );
    await a.feature.flushOutbox();
    // Postfix took it for Dung and refused the misspelt address: the entry stays, for that address alone.
    const [entry] = await a.feature.handlers['mail.outbox']({});
    expect(entry).toMatchObject({ id: messageId, state: 'refused', errorCode: 'mail.some_recipients_refused', editable: true, refusedRecipients: ['hung.vd@so-demo.invalid'] });
    expect(entry!.errorDetail).toMatch(/hung\.vd@so-demo\.invalid: 550/);
    await d.until(() => items(d, 'inbox', subject).length === 1, 'the message in Dung’s Inbox');

    const content = await a.feature.handlers['mail.outboxOpen']({ id: messageId });
    expect(content.to).toEqual([{ name: 'Đỗ Văn Hùng', address: 'hung.vd@so-demo.invalid' }]);
    const { messageId: again } = await a.feature.handlers['mail.send'](
      calls['mail.send'].params.parse({ to: [{ name: 'Đỗ Văn Hùng', address: h.email }], subject, text: content.text, editOf: messageId }),
    );
    await a.feature.flushOutbox();
    expect(await a.feature.handlers['mail.outbox']({})).toEqual([]);
    await h.until(() => items(h, 'inbox', subject).length === 1, 'the edit in Hùng’s Inbox');
    await d.feature.parts.sync!.syncNow();
    await h.feature.parts.sync!.syncNow();
    expect(items(d, 'inbox', subject).map((m) => m.messageId)).toEqual([messageId]);
    expect(items(h, 'inbox', subject).map((m) => m.messageId)).toEqual([again]);
    await a.feature.parts.sync!.syncNow();
    expect(items(a, 'sent', subject).map((m) => m.messageId).sort()).toEqual([messageId, again].sort());
  });
});
