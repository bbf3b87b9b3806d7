import { afterEach, describe, expect, it } from 'vitest';
import { calls } from '../../../shared/api';
import { otherClient, startMail, uniqueSubject, type TestMail } from './helpers';

const open: TestMail[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});
function mail(username: string, opts?: Parameters<typeof startMail>[1]): TestMail {
  const m = startMail(username, opts);
  open.push(m);
  return m;
}

function inFolder(m: TestMail, use: 'inbox' | 'sent', where: (subject: string) => boolean) {
  const { store } = m.feature.parts;
  const f = store.folderBySpecialUse(use);
  if (!f) return [];
  return store.page(f.id, null, 500).items.filter((x) => where(x.subject));
}

function inFolderOf(m: TestMail, use: 'drafts' | 'archive') {
  const { store } = m.feature.parts;
  const f = store.folderBySpecialUse(use);
  return f ? store.page(f.id, null, 500).items : [];
}

describe('mail against the demo stack', () => {
  it('syncs folders with their special uses', async () => {
    const a = mail('anh.ntm');
    await a.feature.parts.sync!.syncNow();
    const folders = a.feature.handlers['mail.folders']({});
    const uses = (await folders).map((f) => f.specialUse);
    expect(uses).toEqual(expect.arrayContaining(['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive']));
    expect(await a.feature.handlers['mail.status']({})).toMatchObject({ connection: 'online' });
  });
});

describe('bulk header fetch', () => {
  it('fills the cache exactly as the imapflow path does', async () => {
    const viaBulk = mail('bao.tq', { bulkMin: 1 });
    const viaImapflow = mail('bao.tq', { bulkMin: Number.MAX_SAFE_INTEGER });
    await viaBulk.feature.parts.sync!.syncNow();
    await viaImapflow.feature.parts.sync!.syncNow();
    const dump = (m: TestMail) =>
      m.feature.parts.store
        .folders()
        .flatMap((f) => m.feature.parts.store.page(f.id, null, 5000).items.map((x) => ({ path: f.path, ...x, id: 0, folderId: 0, bodyCached: false })));
    const a = dump(viaBulk);
    expect(a.length).toBeGreaterThan(5);
    expect(a).toEqual(dump(viaImapflow));
  });
});

describe('sending and receiving', () => {
  it('sends from one account to another, which sees it arrive by IDLE, and files the copy in Sent', async () => {
    const a = mail('anh.ntm');
    const b = mail('bao.tq');
    await b.feature.parts.sync!.syncNow();
    b.feature.start();
    const subject = uniqueSubject('Kế hoạch công tác tuần');
    const { messageId } = await a.feature.handlers['mail.send']({
      to: [{ name: 'Trần Quốc Bảo', address: b.email }],
      cc: [],
      bcc: [],
      subject,
      text: 'Kính gửi anh Bảo, em gửi kế hoạch công tác tuần tới tại Đà Nẵng.',
      attachments: [{ filename: 'Kế hoạch.txt', contentType: 'text/plain', contentBase64: Buffer.from('nội dung').toString('base64') }],
    });
    await a.feature.flushOutbox();
    expect(await a.feature.handlers['mail.outbox']({})).toEqual([]);
    // No syncNow on b: only IDLE can bring it.
    await b.until(() => inFolder(b, 'inbox', (s) => s === subject).length === 1, 'the message in b’s Inbox');
    const got = inFolder(b, 'inbox', (s) => s === subject)[0]!;
    expect(got.messageId).toBe(messageId);
    expect(got.seen).toBe(false);
    expect(b.notices.some((n) => n.body.includes(subject))).toBe(true);
    // …and the icon's badge counts the Inbox's unread mail, this one included.
    const unread = () => b.feature.parts.store.unreadCount(b.feature.parts.store.folderBySpecialUse('inbox')!.id);
    await b.until(() => b.badges.at(-1) === unread(), 'the badge to show the Inbox unread count');
    expect(b.badges.at(-1)).toBeGreaterThan(0);
    // Open it: fetched once, kept, searchable without diacritics.
    const view = await b.feature.handlers['mail.open']({ id: got.id });
    expect(view.text).toContain('Đà Nẵng');
    expect(view.attachments.map((x) => x.filename)).toEqual(['Kế hoạch.txt']);
    await b.feature.parts.indexer.idle();
    // Words typed together are a phrase; a comma starts another (shared/text-search.ts).
    const hits = b.feature.handlers['mail.search']({ query: 'ke hoach cong tac, da nang', limit: 10 });
    expect((await hits).hits.map((h) => h.message.id)).toContain(got.id);
    // The sender's copy is in Sent, once.
    await a.feature.parts.sync!.syncNow();
    expect(inFolder(a, 'sent', (s) => s === subject).length).toBe(1);
    // Attachments come on demand; a forward carries them along.
    const file = await b.feature.handlers['mail.attachment']({ id: got.id, index: 0 });
    expect(Buffer.from(file.contentBase64, 'base64').toString()).toBe('nội dung');
    await b.feature.handlers['mail.send'](
      calls['mail.send'].params.parse({ to: [{ address: a.email }], subject: `Fwd: ${subject}`, text: 'Chuyển tiếp', forwardOf: got.id }),
    );
    await b.feature.flushOutbox();
    expect(await b.feature.handlers['mail.outbox']({})).toEqual([]);
    // Delivery is asynchronous (Postfix queue, then LMTP): a learns of it by IDLE.
    a.feature.start();
    await a.until(() => inFolder(a, 'inbox', (s) => s === `Fwd: ${subject}`).length === 1, 'the forward in a’s Inbox');
    const fwd = inFolder(a, 'inbox', (s) => s === `Fwd: ${subject}`)[0]!;
    expect((await a.feature.handlers['mail.open']({ id: fwd.id })).attachments.map((x) => x.filename)).toEqual(['Kế hoạch.txt']);
  });

  it('queues a send while offline and delivers it once when back', async () => {
    const dataDir = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'govdesk-mail-off-'));
    const closed = { host: '127.0.0.1', port: 9, secure: false };
    const offline = startMail('cuong.lv', { dataDir, mail: { imap: closed, smtp: closed } });
    const subject = uniqueSubject('Công văn gửi khi mất mạng');
    const to = [{ name: 'Phạm Thị Dung', address: 'dung.pt@so-demo.invalid' }];
    const { messageId } = await offline.feature.handlers['mail.send']({ to, cc: [], bcc: [], subject, text: 'Nội dung', attachments: [] });
    await offline.feature.flushOutbox();
    await offline.feature.flushOutbox();
    const waiting = await offline.feature.handlers['mail.outbox']({});
    expect(waiting).toMatchObject([{ id: messageId, state: 'pending', errorCode: 'mail.offline', subject }]);
    await offline.close();

    // The app comes back with the network: same cache, real servers.
    const online = mail('cuong.lv', { dataDir });
    await online.feature.parts.sync!.syncNow();
    await online.feature.flushOutbox();
    await online.feature.flushOutbox();
    expect(await online.feature.handlers['mail.outbox']({})).toEqual([]);
    const d = mail('dung.pt');
    d.feature.start();
    await d.until(() => inFolder(d, 'inbox', (s) => s === subject).length > 0, 'the queued message in d’s Inbox');
    // A later pass finds no second copy.
    await d.feature.parts.sync!.syncNow();
    expect(inFolder(d, 'inbox', (s) => s === subject).map((m) => m.messageId)).toEqual([messageId]);
  });

  it('keeps a refused send in the outbox with the server’s reason', async () => {
    const a = mail('anh.ntm');
    const subject = uniqueSubject('Gửi nhầm địa chỉ');
    const { messageId } = await a.feature.handlers['mail.send']({
      to: [{ name: '', address: 'khong.co.ai@so-demo.invalid' }],
      cc: [],
      bcc: [],
      subject,
      text: 'x',
      attachments: [],
    });
    await a.feature.flushOutbox();
    expect(await a.feature.handlers['mail.outbox']({})).toMatchObject([{ id: messageId, state: 'refused', errorCode: 'mail.recipient_refused', subject }]);
    expect((await a.feature.handlers['mail.outbox']({}))[0]?.errorDetail).toMatch(/5\d\d/);
  });
});

describe('drafts', () => {
  it('files each save in Drafts in place of the previous one, and removes it once sent', async () => {
    const a = mail('duc.hm');
    await a.feature.parts.sync!.syncNow();
    const subject = uniqueSubject('Dự thảo tờ trình');
    const base = { to: [{ address: 'hung.dv@so-demo.invalid' }], subject, text: 'Bản 1' };
    const v1 = await a.feature.handlers['mail.saveDraft'](calls['mail.saveDraft'].params.parse(base));
    await a.feature.flushOutbox();
    const v2 = await a.feature.handlers['mail.saveDraft'](calls['mail.saveDraft'].params.parse({ ...base, text: 'Bản 2', draftId: v1.messageId }));
    await a.feature.flushOutbox();
    await a.feature.parts.sync!.syncNow();
    const drafts = () => inFolderOf(a, 'drafts').filter((m) => m.subject === subject);
    expect(drafts().map((m) => m.messageId)).toEqual([v2.messageId]);
    await a.feature.handlers['mail.send'](calls['mail.send'].params.parse({ ...base, text: 'Bản cuối', draftId: v2.messageId }));
    await a.feature.flushOutbox();
    await a.feature.parts.sync!.syncNow();
    expect(drafts()).toEqual([]);
    expect(inFolder(a, 'sent', (s) => s === subject).length).toBe(1);
  });
});

describe('changes made elsewhere', () => {
  it('picks up a flag set and a message expunged by another client', async () => {
    const b = mail('hung.dv');
    const other = await otherClient('hung.dv');
    try {
      const subject = uniqueSubject('Báo cáo tháng');
      await other.append('INBOX', Buffer.from(`From: a@so-demo.invalid\r\nTo: hung.dv@so-demo.invalid\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@t>\r\n\r\nx\r\n`));
      await b.feature.parts.sync!.syncNow();
      b.feature.start();
      const row = () => inFolder(b, 'inbox', (s) => s === subject)[0];
      expect(row()?.flagged).toBe(false);
      const lock = await other.getMailboxLock('INBOX');
      try {
        await other.messageFlagsAdd({ header: { subject } }, ['\\Flagged']);
      } finally {
        lock.release();
      }
      await b.until(() => row()?.flagged === true, 'the flag set elsewhere');
      const lock2 = await other.getMailboxLock('INBOX');
      try {
        await other.messageDelete({ header: { subject } });
      } finally {
        lock2.release();
      }
      await b.until(() => row() === undefined, 'the expunge made elsewhere');
    } finally {
      await other.logout();
    }
  });

  it('follows flag changes in a folder it does not IDLE on (CONDSTORE on the next pass)', async () => {
    const b = mail('nhung.vth');
    const other = await otherClient('nhung.vth');
    try {
      const subject = uniqueSubject('Lưu trữ');
      await other.append('Archive', Buffer.from(`From: a@so-demo.invalid\r\nSubject: ${subject}\r\n\r\nx\r\n`));
      await b.feature.parts.sync!.syncNow();
      const { store } = b.feature.parts;
      const archive = store.folderBySpecialUse('archive')!;
      const row = () => store.page(archive.id, null, 500).items.find((m) => m.subject === subject);
      expect(row()?.seen).toBe(false);
      const lock = await other.getMailboxLock('Archive');
      try {
        await other.messageFlagsAdd({ header: { subject } }, ['\\Seen']);
      } finally {
        lock.release();
      }
      await b.feature.parts.sync!.syncNow();
      expect(row()?.seen).toBe(true);
    } finally {
      await other.logout();
    }
  });

  it('starts a folder over when its UIDVALIDITY changes', async () => {
    const b = mail('duc.hm');
    const other = await otherClient('duc.hm');
    const path = `Test-${Date.now().toString(36)}`;
    try {
      await other.mailboxCreate(path);
      await other.append(path, Buffer.from('From: a@so-demo.invalid\r\nSubject: cũ 1\r\n\r\nx\r\n'));
      await other.append(path, Buffer.from('From: a@so-demo.invalid\r\nSubject: cũ 2\r\n\r\nx\r\n'));
      await b.feature.parts.sync!.syncNow();
      const { store } = b.feature.parts;
      const before = store.folderState(path)!;
      expect(store.page(before.id, null, 10).items.map((m) => m.subject).sort()).toEqual(['cũ 1', 'cũ 2']);
      await other.mailboxDelete(path);
      await other.mailboxCreate(path);
      await other.append(path, Buffer.from('From: a@so-demo.invalid\r\nSubject: mới\r\n\r\nx\r\n'));
      await b.feature.parts.sync!.syncNow();
      const after = store.folderState(path)!;
      expect(store.page(after.id, null, 10).items.map((m) => m.subject)).toEqual(['mới']);
    } finally {
      await other.mailboxDelete(path).catch(() => undefined);
      await other.logout();
    }
  });
});

describe('server search', () => {
  it('finds on the server what the cache does not hold yet, and keeps it', async () => {
    const b = mail('cuong.lv');
    await b.feature.parts.sync!.syncNow();
    const other = await otherClient('cuong.lv');
    const tag = uniqueSubject('qd').replace(/\s/g, '');
    try {
      await other.append('Archive', Buffer.from(`From: a@so-demo.invalid\r\nSubject: Quyet dinh\r\n\r\nSo hieu ${tag}\r\n`));
    } finally {
      await other.logout();
    }
    const archive = b.feature.parts.store.folderBySpecialUse('archive')!;
    expect((await b.feature.handlers['mail.search']({ query: tag, limit: 10 })).hits).toEqual([]);
    const found = await b.feature.handlers['mail.searchServer']({ query: tag, folderId: archive.id, limit: 10 });
    expect(found.map((m) => m.subject)).toEqual(['Quyet dinh']);
    expect(b.feature.parts.store.summary(found[0]!.id)?.folderId).toBe(archive.id);
  });
});

describe('hard messages', () => {
  it('reads a legacy windows-1258 message and keeps a malformed one as raw source, without stopping the sync', async () => {
    const b = mail('dung.pt');
    const other = await otherClient('dung.pt');
    const tag = uniqueSubject('charset');
    // "Thông báo họp" in windows-1258 (tone marks as separate bytes: 0xEC acute, 0xF2 dot below).
    const cp1258Subject = Buffer.from([0x54, 0x68, 0xf4, 0x6e, 0x67, 0x20, 0x62, 0xe1, 0x6f, 0x20, 0x68, 0x6f, 0xf2, 0x70]);
    const cp1258Body = Buffer.from([0x4b, 0x69, 0xec, 0x6e, 0x68, 0x20, 0x67, 0xfd, 0xd2, 0x69]); // "Kính gửi"
    const legacy = Buffer.concat([
      Buffer.from(`From: a@so-demo.invalid\r\nSubject: =?windows-1258?B?${cp1258Subject.toString('base64')}?= ${tag}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
      cp1258Body,
      Buffer.from('\r\n'),
    ]);
    const malformed = Buffer.from(`From: a@so-demo.invalid\r\nSubject: hỏng ${tag}\r\nContent-Type: multipart/mixed; boundary="\r\nContent-Transfer-Encoding: base64\r\n\r\n--\r\n\x00\x01\x02 ????\r\n--\r\n`);
    const noHeaders = Buffer.from(`\x00\x01 not a message at all ${tag}\r\n\r\n\xff\xfe`, 'latin1');
    const after = Buffer.from(`From: a@so-demo.invalid\r\nSubject: sau ${tag}\r\n\r\nbình thường\r\n`);
    let junkUid: number;
    try {
      await other.append('INBOX', legacy);
      await other.append('INBOX', malformed);
      const r = await other.append('INBOX', noHeaders);
      junkUid = r && r.uid ? r.uid : 0;
      await other.append('INBOX', after);
    } finally {
      await other.logout();
    }
    await b.feature.parts.sync!.syncNow();
    expect(b.feature.parts.sync!.status.error).toBeNull();
    const rows = inFolder(b, 'inbox', (s) => s.endsWith(tag));
    // Composed (NFC) as they are in the cache, not as windows-1258 decodes them (base letters + combining marks).
    expect(rows.map((r) => r.subject).sort()).toEqual([`hỏng ${tag}`, `sau ${tag}`, `Thông báo họp ${tag}`].sort());
    const legacyRow = rows.find((r) => r.subject.startsWith('Th'))!;
    const v = await b.feature.handlers['mail.open']({ id: legacyRow.id });
    expect(v.text.trim()).toBe('Kính gửi');
    const brokenRow = rows.find((r) => r.subject.startsWith('hỏng'))!;
    const broken = await b.feature.handlers['mail.open']({ id: brokenRow.id });
    // mailparser reads broken MIME leniently: whatever it gives, opening never fails.
    expect(broken.subject.startsWith('hỏng')).toBe(true);
    const { store } = b.feature.parts;
    const junkId = store.idByUid(store.folderBySpecialUse('inbox')!.id, junkUid)!;
    const junk = await b.feature.handlers['mail.open']({ id: junkId });
    expect(junk.warning).toBe('no_headers');
    expect(junk.raw).toContain(tag);
    const okRow = rows.find((r) => r.subject.startsWith('sau'))!;
    expect((await b.feature.handlers['mail.open']({ id: okRow.id })).text.trim()).toBe('bình thường');
  });
});
