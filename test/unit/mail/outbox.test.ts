import { describe, expect, it } from 'vitest';
import { ActionRefused, MailActions, MailOutbox, compose, type Envelope, type MailServer, type SubmitResult } from '../../../electron/core/mail/outbox';
import { queuedContent, threadOf } from '../../../electron/core/mail/outbox-edit';
import { calls } from '../../../shared/api';
import { header, storeWithInbox } from './helpers';

/** An in-memory stand-in for IMAP+SMTP that records what was done, in order. */
class FakeServer implements MailServer {
  log: string[] = [];
  folders = new Map<string, Map<number, { messageId: string | null; flags: Set<string> }>>();
  nextUid = 1000;
  offline = false;
  refuseSubmit: string | null = null;
  /** Fails the next submit after the server accepted it (a crash before our commit). */
  loseAnswerOnce = false;
  autoFileSent = false;
  submitted: string[] = [];

  constructor(paths: string[]) {
    for (const p of paths) this.folders.set(p, new Map());
  }
  private up(): void {
    if (this.offline) throw new Error('ECONNREFUSED');
  }
  add(path: string, uid: number, messageId: string | null): void {
    this.folders.get(path)!.set(uid, { messageId, flags: new Set() });
  }
  /** Recipients refused at RCPT TO while the message is taken for the others. */
  refuseSome = new Map<string, string>();
  envelopes: string[][] = [];
  async submit(e: Envelope, raw: Buffer): Promise<SubmitResult> {
    this.up();
    if (this.refuseSubmit) throw new ActionRefused('mail.recipient_refused', this.refuseSubmit);
    const id = /Message-ID: (<[^>]+>)/i.exec(raw.toString())![1]!;
    const refused = e.to.filter((a) => this.refuseSome.has(a)).map((address) => ({ address, reply: this.refuseSome.get(address)! }));
    this.envelopes.push(e.to.filter((a) => !this.refuseSome.has(a)));
    this.submitted.push(id);
    this.log.push(`submit ${id}`);
    if (this.autoFileSent) this.add('Sent', this.nextUid++, id);
    if (this.loseAnswerOnce) {
      this.loseAnswerOnce = false;
      throw new Error('connection reset after DATA');
    }
    return { refused };
  }
  async findByMessageId(path: string, messageId: string): Promise<number | null> {
    this.up();
    for (const [uid, m] of this.folders.get(path) ?? []) if (m.messageId === messageId) return uid;
    return null;
  }
  async append(path: string, raw: Buffer): Promise<void> {
    this.up();
    const id = /Message-ID: (<[^>]+>)/i.exec(raw.toString())?.[1] ?? null;
    this.add(path, this.nextUid++, id);
    this.log.push(`append ${path}`);
  }
  async setFlags(path: string, uids: number[], add: string[], remove: string[]): Promise<void> {
    this.up();
    this.log.push(`flags ${path} ${uids.join(',')} +${add.join('')} -${remove.join('')}`);
  }
  async move(path: string, uids: number[], toPath: string): Promise<Map<number, number>> {
    this.up();
    const map = new Map<number, number>();
    for (const uid of uids) {
      const m = this.folders.get(path)?.get(uid);
      if (!m) continue;
      this.folders.get(path)!.delete(uid);
      const nu = this.nextUid++;
      this.folders.get(toPath)!.set(nu, m);
      map.set(uid, nu);
    }
    this.log.push(`move ${path} ${uids.join(',')} ${toPath}`);
    return map;
  }
  async specialFolder(use: 'sent' | 'drafts'): Promise<string | null> {
    return use === 'sent' ? 'Sent' : null;
  }
  async expunge(path: string, uids: number[]): Promise<void> {
    this.up();
    for (const u of uids) this.folders.get(path)?.delete(u);
    this.log.push(`expunge ${path} ${uids.join(',')}`);
  }
}

function setup() {
  let t = 1_700_000_000_000;
  const ctx = storeWithInbox(() => t++);
  const outbox = new MailOutbox(ctx.db, ctx.store, () => t++);
  let n = 0;
  const actions = new MailActions(ctx.db, ctx.store, outbox, () => `action-${++n}`);
  const server = new FakeServer(['INBOX', 'Sent', 'Trash']);
  ctx.store.upsertHeaders(ctx.inbox, [header({ uid: 1, messageId: '<a@t>' }), header({ uid: 2, messageId: '<b@t>' })]);
  server.add('INBOX', 1, '<a@t>');
  server.add('INBOX', 2, '<b@t>');
  const id = (uid: number) => ctx.store.idByUid(ctx.inbox, uid)!;
  return { ...ctx, outbox, actions, server, id };
}

const me = { name: 'Nguyễn Thị Minh Anh', address: 'anh.ntm@so-demo.invalid' };
const draft = (subject: string) => ({
  to: [{ name: 'Trần Quốc Bảo', address: 'bao.tq@so-demo.invalid' }],
  cc: [],
  bcc: [{ name: '', address: 'secret@so-demo.invalid' }],
  subject,
  text: 'Kính gửi anh, em gửi báo cáo.',
  attachments: [],
});

describe('mail actions', () => {
  it('applies at once to the cache and queues in the same transaction', () => {
    const { actions, store, outbox, id, trash } = setup();
    actions.setFlags([id(1)], ['\\Seen'], []);
    actions.delete([id(2)]);
    expect(store.summary(id(1))?.seen).toBe(true);
    expect(store.summary(id(1))?.pending).toBe(true);
    expect(store.page(trash, null, 10).items.map((m) => m.messageId)).toEqual(['<b@t>']);
    expect(outbox.list().map((e) => [e.kind, e.state])).toEqual([
      ['flags', 'pending'],
      ['move', 'pending'],
    ]);
  });

  it('replays in order and stops at a passing failure without losing anything', async () => {
    const { actions, outbox, server, id, store, trash } = setup();
    actions.setFlags([id(1)], ['\\Flagged'], []);
    const moved = id(2);
    actions.move([moved], trash);
    actions.setFlags([moved], ['\\Seen'], []);
    server.offline = true;
    const r1 = await outbox.replay(server);
    expect(r1.done).toBe(0);
    expect(r1.blocked).toBeInstanceOf(Error);
    expect(outbox.list().map((e) => e.state)).toEqual(['pending', 'pending', 'pending']);
    server.offline = false;
    const r2 = await outbox.replay(server);
    expect(r2.done).toBe(3);
    expect(server.log).toEqual(['flags INBOX 1 +\\Flagged -', 'move INBOX 2 Trash', 'flags Trash 1000 +\\Seen -']);
    // The placeholder took the uid the server gave (COPYUID); nothing pending now.
    expect(store.summary(moved)).toMatchObject({ folderId: trash, uid: 1000, pending: false, seen: true });
    expect(outbox.list()).toEqual([]);
  });

  it('reconciles a move of a message the server no longer has', async () => {
    const { actions, outbox, server, id, store, trash } = setup();
    const gone = id(2);
    actions.move([gone], trash);
    server.folders.get('INBOX')!.delete(2);
    // The uid is known, so the move is attempted: the server moves nothing.
    await outbox.replay(server);
    expect(store.summary(gone)?.uid).toBeLessThan(0);
    expect(outbox.list()).toEqual([]);
  });

  it('deletes for good from Trash', async () => {
    const { actions, outbox, server, store, trash } = setup();
    store.upsertHeaders(trash, [header({ uid: 50, messageId: '<t@t>' })]);
    server.add('Trash', 50, '<t@t>');
    actions.delete([store.idByUid(trash, 50)!]);
    expect(store.idByUid(trash, 50)).toBeNull();
    await outbox.replay(server);
    expect(server.log).toEqual(['expunge Trash 50']);
  });
});

describe('send exactly once', () => {
  it('composes with a client-made Message-ID that is the outbox id, and keeps Bcc out of the headers', async () => {
    const c = await compose(me, draft('Báo cáo'), null, 1_700_000_000_000);
    expect(c.messageId).toMatch(/^<[0-9a-f-]{36}@so-demo\.invalid>$/);
    expect(c.raw.toString()).toContain(`Message-ID: ${c.messageId}`);
    expect(c.raw.toString()).not.toContain('secret@');
    expect(c.envelope.to).toContain('secret@so-demo.invalid');
  });

  it('sends once and files the copy in Sent', async () => {
    const { actions, outbox, server } = setup();
    const c = await compose(me, draft('Một'), null, 1);
    actions.queueSend(c, 'Một', null);
    expect(outbox.list()).toMatchObject([{ id: c.messageId, kind: 'send', state: 'pending', subject: 'Một' }]);
    await outbox.replay(server);
    await outbox.replay(server);
    expect(server.submitted).toEqual([c.messageId]);
    expect(server.log).toEqual([`submit ${c.messageId}`, 'append Sent']);
  });

  it('waits offline, then delivers once', async () => {
    const { actions, outbox, server } = setup();
    const c = await compose(me, draft('Hai'), null, 1);
    actions.queueSend(c, 'Hai', null);
    server.offline = true;
    await outbox.replay(server);
    await outbox.replay(server);
    expect(outbox.list()[0]).toMatchObject({ state: 'pending', errorCode: 'mail.offline', attempts: 2 });
    server.offline = false;
    await outbox.replay(server);
    expect(server.submitted).toEqual([c.messageId]);
  });

  it('says "sending" only while an entry is on the wire, not for one an attempt or a crash left behind', async () => {
    const { actions, outbox, server, db } = setup();
    const first = await compose(me, draft('Một'), null, 1);
    const second = await compose(me, draft('Hai'), null, 2);
    actions.queueSend(first, 'Một', null);
    actions.queueSend(second, 'Hai', null);
    // A crash during an attempt leaves the row marked as sent-to-the-wire.
    db.prepare(`UPDATE outbox SET state = 'sending' WHERE id = ?`).run(first.messageId);
    expect(outbox.list().map((e) => e.state)).toEqual(['pending', 'pending']);
    const seen: string[][] = [];
    await outbox.replay(server, () => seen.push(outbox.list().map((e) => `${e.subject}:${e.state}`)));
    // At each step only the entry on the wire is "sending"; the one behind it waits.
    expect(seen).toEqual([
      ['Một:sending', 'Hai:pending'],
      ['Hai:sending'],
    ]);
    expect(outbox.list()).toEqual([]);
  });

  it('does not send again when a lost answer hid a delivery the server filed in Sent', async () => {
    const { actions, outbox, server } = setup();
    server.autoFileSent = true;
    server.loseAnswerOnce = true;
    const c = await compose(me, draft('Ba'), null, 1);
    actions.queueSend(c, 'Ba', null);
    const r1 = await outbox.replay(server);
    expect(r1.blocked).toBeInstanceOf(Error);
    await outbox.replay(server);
    expect(server.submitted).toEqual([c.messageId]);
    // Filed once: by the server, not again by us.
    expect([...server.folders.get('Sent')!.values()].filter((m) => m.messageId === c.messageId).length).toBe(1);
  });

  it('after the server accepted, a retry only files the copy', async () => {
    const { actions, outbox, server, db } = setup();
    const c = await compose(me, draft('Bốn'), null, 1);
    actions.queueSend(c, 'Bốn', null);
    const realAppend = server.append.bind(server);
    let failAppend = true;
    server.append = async (p: string, r: Buffer) => {
      if (failAppend) {
        failAppend = false;
        throw new Error('IMAP connection lost');
      }
      return realAppend(p, r);
    };
    await outbox.replay(server);
    expect(db.prepare(`SELECT stage FROM mail_outgoing`).pluck().get()).toBe('smtp_ok');
    await outbox.replay(server);
    expect(server.submitted).toEqual([c.messageId]);
    expect(server.log).toEqual([`submit ${c.messageId}`, 'append Sent']);
  });

  it('keeps a refused send visible with the reason, and later entries still run', async () => {
    const { actions, outbox, server, id } = setup();
    server.refuseSubmit = '550 5.1.1 <nobody@so-demo.invalid>: Recipient address rejected';
    const c = await compose(me, draft('Năm'), null, 1);
    actions.queueSend(c, 'Năm', null);
    actions.setFlags([id(1)], ['\\Seen'], []);
    const r = await outbox.replay(server);
    expect(r).toMatchObject({ refused: 1, done: 1, blocked: null });
    expect(outbox.list()).toMatchObject([{ id: c.messageId, state: 'refused', errorCode: 'mail.recipient_refused' }]);
    expect(outbox.list()[0]!.errorDetail).toContain('Recipient address rejected');
    server.refuseSubmit = null;
    outbox.retry(c.messageId);
    await outbox.replay(server);
    expect(server.submitted).toEqual([c.messageId]);
  });

  it('files drafts in Drafts, one version at a time, and removes the draft once the message is sent', async () => {
    const { actions, outbox, server } = setup();
    server.folders.set('Drafts', new Map());
    server.specialFolder = async (use) => (use === 'sent' ? 'Sent' : 'Drafts');
    const v1 = await compose(me, draft('Nháp'), null, 1);
    actions.queueDraft(v1, 'Nháp', null);
    const v2 = await compose(me, draft('Nháp 2'), null, 2);
    // v1 never reached the server: v2 takes its place in the queue.
    actions.queueDraft(v2, 'Nháp 2', v1.messageId);
    expect(outbox.list().map((e) => e.id)).toEqual([v2.messageId]);
    await outbox.replay(server);
    expect([...server.folders.get('Drafts')!.values()].map((m) => m.messageId)).toEqual([v2.messageId]);
    const v3 = await compose(me, draft('Nháp 3'), null, 3);
    actions.queueDraft(v3, 'Nháp 3', v2.messageId);
    await outbox.replay(server);
    expect([...server.folders.get('Drafts')!.values()].map((m) => m.messageId)).toEqual([v3.messageId]);
    const final = await compose(me, draft('Gửi'), null, 4);
    actions.queueSend(final, 'Gửi', null, v3.messageId);
    await outbox.replay(server);
    expect(server.submitted).toEqual([final.messageId]);
    expect([...server.folders.get('Drafts')!.values()]).toEqual([]);
  });

  it('lets the user give up a refused entry', async () => {
    const { actions, outbox, server, db } = setup();
    server.refuseSubmit = '550 5.1.1 no such user';
    const c = await compose(me, draft('Sáu'), null, 1);
    actions.queueSend(c, 'Sáu', null);
    await outbox.replay(server);
    expect(outbox.discard('not-there')).toBe(false);
    expect(outbox.discard(c.messageId)).toBe(true);
    expect(outbox.list()).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM mail_outgoing`).pluck().get()).toBe(0);
  });

  it('marks the original answered after a reply is sent', async () => {
    const { actions, outbox, server, store, id } = setup();
    const original = store.view(id(1))!;
    const c = await compose(me, draft('Re: x'), { messageId: original.messageId, references: original.references }, 1);
    expect(c.raw.toString()).toContain('In-Reply-To: <a@t>');
    actions.queueSend(c, 'Re: x', id(1));
    await outbox.replay(server);
    expect(server.log).toContain('flags INBOX 1 +\\Answered -');
  });
});

describe('editing a refused send', () => {
  const bad = '550 5.1.1 <nobdy@so-demo.invalid>: Recipient address rejected: User unknown';
  const pdf = { filename: 'Tờ trình số 12.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 tờ trình').toString('base64') };

  async function refused(s: ReturnType<typeof setup>, over: Partial<Parameters<typeof compose>[1]> = {}, replyTo: Parameters<typeof compose>[2] = null) {
    s.server.refuseSubmit = bad;
    const c = await compose(me, { ...draft('Tờ trình'), ...over }, replyTo, 1);
    s.actions.queueSend(c, over.subject ?? 'Tờ trình', null);
    await s.outbox.replay(s.server);
    s.server.refuseSubmit = null;
    return c;
  }
  const rows = (s: ReturnType<typeof setup>) => ({
    outbox: s.outbox.list().map((e) => [e.id, e.state]),
    outgoing: s.db.prepare(`SELECT id FROM mail_outgoing ORDER BY id`).pluck().all(),
  });

  it('reads back exactly what was queued: recipients with Bcc, subject, text, files, conversation', async () => {
    const s = setup();
    const original = s.store.view(s.id(1))!;
    const text = 'Kính gửi anh,\n\nEm gửi tờ trình về việc tổ chức hội nghị.\nTrân trọng.';
    const c = await refused(
      s,
      { to: [{ name: 'Nguyễn Văn Nobdy', address: 'nobdy@so-demo.invalid' }], cc: [{ name: 'Lê Văn Cường', address: 'cuong.lv@so-demo.invalid' }], text, attachments: [pdf] },
      { messageId: original.messageId, references: ['<root@t>'] },
    );
    expect(s.outbox.list()).toMatchObject([{ id: c.messageId, state: 'refused', editable: true }]);
    const content = await queuedContent(s.outbox.refusedSend(c.messageId));
    expect(content).toMatchObject({
      id: c.messageId,
      errorCode: 'mail.recipient_refused',
      errorDetail: bad,
      to: [{ name: 'Nguyễn Văn Nobdy', address: 'nobdy@so-demo.invalid' }],
      cc: [{ name: 'Lê Văn Cường', address: 'cuong.lv@so-demo.invalid' }],
      bcc: [{ name: '', address: 'secret@so-demo.invalid' }],
      subject: 'Tờ trình',
      text,
      html: null,
      inReplyTo: '<a@t>',
      references: ['<root@t>', '<a@t>'],
      draftId: null,
    });
    expect(content.attachments).toEqual([pdf]);
    // The edit answers the same message with the same References.
    const edit = await compose(me, { ...draft('Tờ trình'), attachments: content.attachments }, threadOf(content), 2);
    const headers = edit.raw.toString().split('\r\n\r\n')[0]!;
    expect(headers).toContain('In-Reply-To: <a@t>');
    expect(headers).toMatch(/References: <root@t>\s+<a@t>/);
  });

  it('replaces the refused entry by the edit in one transaction, and sends only the edit', async () => {
    const s = setup();
    const old = await refused(s);
    s.actions.setFlags([s.id(1)], ['\\Seen'], []);
    await s.outbox.replay(s.server);
    const content = await queuedContent(s.outbox.refusedSend(old.messageId));
    const edit = await compose(me, { ...draft('Tờ trình'), to: [{ name: '', address: 'bao.tq@so-demo.invalid' }], attachments: content.attachments }, threadOf(content), 2);
    s.actions.queueSend(edit, 'Tờ trình', null, null, old.messageId);
    expect(rows(s)).toEqual({ outbox: [[edit.messageId, 'pending']], outgoing: [edit.messageId] });
    await s.outbox.replay(s.server);
    // A new Message-ID: the refused one was never accepted, and nothing of its attempts carries over.
    expect(edit.messageId).not.toBe(old.messageId);
    expect(s.server.submitted).toEqual([edit.messageId]);
    expect(rows(s)).toEqual({ outbox: [], outgoing: [] });
  });

  it('leaves the refused entry as it was when the edit cannot be queued', async () => {
    const s = setup();
    const old = await refused(s);
    const before = rows(s);
    const other = await compose(me, draft('Khác'), null, 2);
    s.actions.queueSend(other, 'Khác', null);
    const withOther = rows(s);
    // Queuing a message whose id is already taken fails after the refused entry was taken out: all of it rolls back.
    expect(() => s.actions.queueSend(other, 'Khác', null, null, old.messageId)).toThrow();
    expect(rows(s)).toEqual(withOther);
    expect(withOther.outbox[0]).toEqual(before.outbox[0]);
    expect(s.outbox.refusedSend(old.messageId).raw.equals(old.raw)).toBe(true);
  });

  it('refuses to edit what the SMTP server accepted, what is not refused and what is not there', async () => {
    const s = setup();
    // Accepted by SMTP, then filing the copy in Sent is refused: the recipients have it.
    s.server.append = async () => {
      throw new ActionRefused('mail.server_refused', 'APPEND to Sent refused');
    };
    const accepted = await compose(me, draft('Đã nhận'), null, 1);
    s.actions.queueSend(accepted, 'Đã nhận', null);
    await s.outbox.replay(s.server);
    expect(s.outbox.list()).toMatchObject([{ id: accepted.messageId, state: 'refused', editable: false }]);
    expect(() => s.outbox.refusedSend(accepted.messageId)).toThrow(expect.objectContaining({ code: 'mail.outbox_already_sent' }));
    const edit = await compose(me, draft('Đã nhận (sửa)'), null, 2);
    expect(() => s.actions.queueSend(edit, 'Đã nhận (sửa)', null, null, accepted.messageId)).toThrow(expect.objectContaining({ code: 'mail.outbox_already_sent' }));
    expect(s.outbox.list().map((e) => e.id)).toEqual([accepted.messageId]);
    expect(s.server.submitted).toEqual([accepted.messageId]);

    const waiting = await compose(me, draft('Đang chờ'), null, 3);
    s.server.offline = true;
    s.actions.queueSend(waiting, 'Đang chờ', null);
    expect(() => s.outbox.refusedSend(waiting.messageId)).toThrow(expect.objectContaining({ code: 'mail.outbox_not_editable' }));
    s.actions.setFlags([s.id(1)], ['\\Seen'], []);
    const flags = s.outbox.list().find((e) => e.kind === 'flags')!;
    expect(() => s.outbox.refusedSend(flags.id)).toThrow(expect.objectContaining({ code: 'mail.outbox_not_editable' }));
    expect(() => s.outbox.refusedSend('<nothing@so-demo.invalid>')).toThrow(expect.objectContaining({ code: 'mail.outbox_not_found' }));
  });

  it('keeps what the server took for some recipients and refused for others: the edit goes to those others only', async () => {
    const s = setup();
    s.server.refuseSome.set('nobdy@so-demo.invalid', '550 5.1.1 <nobdy@so-demo.invalid>: Recipient address rejected');
    const c = await compose(
      me,
      { ...draft('Giấy mời'), to: [{ name: 'Trần Quốc Bảo', address: 'bao.tq@so-demo.invalid' }, { name: 'Nobdy', address: 'nobdy@so-demo.invalid' }], attachments: [pdf] },
      null,
      1,
    );
    s.actions.queueSend(c, 'Giấy mời', null);
    await s.outbox.replay(s.server);
    // Bảo and the Bcc have it, the copy is in Sent; the entry stays for the one it did not reach.
    expect(s.server.envelopes).toEqual([['bao.tq@so-demo.invalid', 'secret@so-demo.invalid']]);
    expect(s.server.log).toEqual([`submit ${c.messageId}`, 'append Sent']);
    expect(s.outbox.list()).toMatchObject([
      { id: c.messageId, state: 'refused', errorCode: 'mail.some_recipients_refused', editable: true, refusedRecipients: ['nobdy@so-demo.invalid'] },
    ]);
    expect(s.outbox.list()[0]!.errorDetail).toContain('nobdy@so-demo.invalid: 550 5.1.1');
    // A retry submits nothing again.
    s.outbox.retry(c.messageId);
    await s.outbox.replay(s.server);
    expect(s.server.submitted).toEqual([c.messageId]);
    expect(s.outbox.list()).toMatchObject([{ id: c.messageId, state: 'refused', errorCode: 'mail.some_recipients_refused' }]);
    const content = await queuedContent(s.outbox.refusedSend(c.messageId));
    expect(content).toMatchObject({ to: [{ name: 'Nobdy', address: 'nobdy@so-demo.invalid' }], cc: [], bcc: [], subject: 'Giấy mời' });
    expect(content.attachments).toEqual([pdf]);
    s.server.refuseSome.clear();
    const edit = await compose(me, { ...draft('Giấy mời'), to: [{ name: 'Nobdy', address: 'nobody@so-demo.invalid' }], bcc: [], attachments: content.attachments }, threadOf(content), 2);
    s.actions.queueSend(edit, 'Giấy mời', null, null, c.messageId);
    await s.outbox.replay(s.server);
    expect(s.server.envelopes).toEqual([['bao.tq@so-demo.invalid', 'secret@so-demo.invalid'], ['nobody@so-demo.invalid']]);
    expect(s.outbox.list()).toEqual([]);
  });

  it('keeps the link to the draft it was written in: the edit removes it from Drafts once sent', async () => {
    const s = setup();
    s.server.folders.set('Drafts', new Map());
    s.server.specialFolder = async (use) => (use === 'sent' ? 'Sent' : 'Drafts');
    const saved = await compose(me, draft('Nháp'), null, 1);
    s.actions.queueDraft(saved, 'Nháp', null);
    await s.outbox.replay(s.server);
    s.server.refuseSubmit = bad;
    const sent = await compose(me, draft('Nháp'), null, 2);
    s.actions.queueSend(sent, 'Nháp', null, saved.messageId);
    await s.outbox.replay(s.server);
    s.server.refuseSubmit = null;
    const content = await queuedContent(s.outbox.refusedSend(sent.messageId));
    expect(content.draftId).toBe(saved.messageId);
    // Closed without sending: nothing changed, the draft is still there.
    expect([...s.server.folders.get('Drafts')!.values()].map((m) => m.messageId)).toEqual([saved.messageId]);
    const edit = await compose(me, draft('Nháp (sửa)'), null, 3);
    s.actions.queueSend(edit, 'Nháp (sửa)', null, null, sent.messageId);
    await s.outbox.replay(s.server);
    expect(s.server.submitted).toEqual([edit.messageId]);
    expect([...s.server.folders.get('Drafts')!.values()]).toEqual([]);
  });
});

describe('the edit in the contract', () => {
  it('takes the conversation from the refused entry, never from the renderer as well', () => {
    const base = { to: [{ address: 'bao.tq@so-demo.invalid' }], subject: 'x', editOf: '<old@so-demo.invalid>' };
    expect(calls['mail.send'].params.safeParse(base).success).toBe(true);
    expect(calls['mail.send'].params.safeParse({ ...base, inReplyTo: 3 }).success).toBe(false);
    expect(calls['mail.saveDraft'].params.safeParse({ ...base, forwardOf: 3 }).success).toBe(false);
    expect(calls['mail.outboxOpen'].params.safeParse({ id: '' }).success).toBe(false);
  });
});
