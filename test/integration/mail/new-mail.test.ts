// Mail that arrives while the app is open (issue 10): it opens at once,
// whichever connection fetches it, nothing vanishes because one FETCH came
// back empty, a connection that went silent is replaced, its body is
// searchable without anyone asking, and a large message shows its text
// without its files crossing the wire.
import { afterEach, describe, expect, it } from 'vitest';
import { calls } from '../../../shared/api';
import { otherClient, stack, startMail, uniqueSubject, type TestMail } from './helpers';
import { TcpRelay } from './proxy';

const open: TestMail[] = [];
const relays: TcpRelay[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
  for (const r of relays.splice(0)) await r.close();
});
function mail(username: string, opts?: Parameters<typeof startMail>[1]): TestMail {
  const m = startMail(username, opts);
  open.push(m);
  return m;
}

/** The app's IMAP traffic through a relay that counts it and can freeze it. */
async function throughRelay(): Promise<{ relay: TcpRelay; mail: NonNullable<Parameters<typeof startMail>[1]>['mail'] }> {
  const s = stack();
  const relay = await TcpRelay.start(s.services.imap);
  relays.push(relay);
  return { relay, mail: { imap: { host: '127.0.0.1', port: relay.port, secure: false }, smtp: s.services.smtp } };
}

function inbox(m: TestMail) {
  const { store } = m.feature.parts;
  return store.folderBySpecialUse('inbox')!;
}
function listed(m: TestMail, subject: string) {
  return m.feature.parts.store.page(inbox(m).id, null, 1000).items.filter((x) => x.subject === subject);
}

/** A message of the Inbox whose body is not cached: opening it goes to the server on the body connection. */
function notCached(m: TestMail, except?: number) {
  const found = m.feature.parts.store.page(inbox(m).id, null, 1000).items.find((x) => !x.bodyCached && x.id !== except);
  if (!found) throw new Error('every body is cached already');
  return found;
}

/** Sends through the real SMTP server: Postfix delivers to Dovecot by LMTP. */
async function deliver(from: TestMail, to: string, subject: string, text: string): Promise<void> {
  await from.feature.handlers['mail.send'](calls['mail.send'].params.parse({ to: [{ address: to }], subject, text }));
  await from.feature.flushOutbox();
  expect(await from.feature.handlers['mail.outbox']({})).toEqual([]);
}

/** Messages the server holds in the Inbox, asked on a connection of its own. */
async function serverCount(username: string): Promise<number> {
  const c = await otherClient(username);
  try {
    const st = await c.status('INBOX', { messages: true });
    return st ? (st.messages ?? -1) : -1;
  } finally {
    await c.logout();
  }
}

describe('new mail while the app is open', () => {
  it('opens each message delivered by IDLE at once, several in a row, on a connection that opened mail before', async () => {
    const a = mail('anh.ntm');
    // No prefetch (an empty window): every open goes to the server on the body connection.
    const b = mail('nhung.vth', { bodyWindowDays: () => 0 });
    await b.feature.parts.sync!.syncNow();
    b.feature.start();
    // The body connection exists and has the Inbox selected: the state the bug needed.
    const older = notCached(b);
    expect((await b.feature.handlers['mail.open']({ id: older.id })).bodyCached).toBe(true);

    for (let i = 1; i <= 4; i++) {
      const subject = uniqueSubject(`Thư mới ${i}`);
      await deliver(a, b.email, subject, `Nội dung thư mới số ${i}`);
      await b.until(() => listed(b, subject).length === 1, `message ${i} in the list by IDLE`);
      const row = listed(b, subject)[0]!;
      expect(row.bodyCached).toBe(false);
      const view = await b.feature.handlers['mail.open']({ id: row.id });
      expect(view.text.trim()).toBe(`Nội dung thư mới số ${i}`);
      expect(listed(b, subject)).toHaveLength(1);
    }
    // Nothing left the cache: it holds what the server holds.
    expect(b.feature.parts.store.page(inbox(b).id, null, 5000).items.length).toBe(await serverCount('nhung.vth'));
  });

  it('replaces a body connection that went silent (idle past the server’s time-out) and opens the new message', async () => {
    const { relay, mail: endpoints } = await throughRelay();
    const a = mail('anh.ntm');
    const b = mail('hung.dv', { bodyWindowDays: () => 0, stallMs: 1000, mail: endpoints });
    await b.feature.parts.sync!.syncNow();
    b.feature.start();
    const before = relay.connections.length;
    await b.feature.handlers['mail.open']({ id: notCached(b).id });
    const bodyConnection = relay.connections.slice(before);
    expect(bodyConnection).toHaveLength(1);
    // The server forgot it; the app was not told (no FIN, no RST): every byte now falls into a hole.
    bodyConnection[0]!.frozen = true;

    const subject = uniqueSubject('Sau khi kết nối im lặng');
    await deliver(a, b.email, subject, 'Vẫn mở được');
    await b.until(() => listed(b, subject).length === 1, 'the message in the list by IDLE');
    const row = listed(b, subject)[0]!;
    const view = await b.feature.handlers['mail.open']({ id: row.id });
    expect(view.text.trim()).toBe('Vẫn mở được');
    expect(listed(b, subject)).toHaveLength(1);
    // The silent connection was given up and a new one opened.
    expect(bodyConnection[0]!.client.destroyed).toBe(true);
    expect(relay.connections.length).toBeGreaterThan(before + 1);
  });

  it('removes a message only when the server confirms it is gone, and says why an open failed', async () => {
    const b = mail('duc.hm', { bodyWindowDays: () => 0 });
    const other = await otherClient('duc.hm');
    const subject = uniqueSubject('Sẽ bị xoá nơi khác');
    try {
      await other.append('INBOX', Buffer.from(`From: a@so-demo.invalid\r\nSubject: ${subject}\r\n\r\nx\r\n`));
      await b.feature.parts.sync!.syncNow();
      const row = listed(b, subject)[0]!;
      // The body connection exists and selected the Inbox before the expunge.
      await b.feature.handlers['mail.open']({ id: notCached(b, row.id).id });
      const lock = await other.getMailboxLock('INBOX');
      try {
        await other.messageDelete({ header: { subject } });
      } finally {
        lock.release();
      }
    } finally {
      await other.logout();
    }
    await expect(b.feature.handlers['mail.open']({ id: listed(b, subject)[0]!.id })).rejects.toMatchObject({ code: 'mail.not_found' });
    expect(listed(b, subject)).toEqual([]);
  });

  it('makes the body of new mail searchable without a refresh', async () => {
    const a = mail('anh.ntm');
    const b = mail('cuong.lv');
    await b.feature.parts.sync!.syncNow();
    b.feature.start();
    const word = `tukhoa${Date.now().toString(36)}`;
    const subject = uniqueSubject('Tìm theo nội dung');
    await deliver(a, b.email, subject, `Đề nghị các phòng rà soát ${word} trước thứ Sáu.`);
    // Nobody opens it, nobody asks for a pass: the sync fetches its body as it arrives.
    await b.until(() => listed(b, subject)[0]?.bodyCached === true, 'its body cached by the sync');
    await b.feature.parts.indexer.idle();
    const r = await b.feature.handlers['mail.search'](calls['mail.search'].params.parse({ query: `ra soat ${word}` }));
    expect(r.hits.map((h) => h.message.subject)).toEqual([subject]);
    expect(r.hits[0]!.snippet.filter((s) => s.hit).map((s) => s.text)).toEqual(['rà', 'soát', word]);
  });

  it('shows the text of a large message before any of its attachment crosses the wire, and fetches the file when asked', async () => {
    const { relay, mail: endpoints } = await throughRelay();
    const b = mail('bao.tq', { bodyWindowDays: () => 0, mail: endpoints });
    const other = await otherClient('bao.tq');
    const subject = uniqueSubject('Hồ sơ lớn');
    const file = Buffer.alloc(8 * 1024 * 1024, 0);
    for (let i = 0; i < file.length; i += 4) file.writeUInt32LE((i * 2654435761) >>> 0, i);
    const b64 = file.toString('base64').replace(/.{76}/g, '$&\r\n');
    const source = Buffer.from(
      [
        'From: a@so-demo.invalid',
        `Subject: ${subject}`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=BIG',
        '',
        '--BIG',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Kính gửi anh, hồ sơ đính kèm.',
        '--BIG',
        'Content-Type: application/pdf; name="ho-so.pdf"',
        'Content-Disposition: attachment; filename="ho-so.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        b64,
        '--BIG--',
        '',
      ].join('\r\n'),
    );
    try {
      await other.append('INBOX', source);
    } finally {
      await other.logout();
    }
    await b.feature.parts.sync!.syncNow();
    const row = listed(b, subject)[0]!;
    expect(row.size).toBeGreaterThan(10 * 1024 * 1024);
    const before = relay.bytesToClient();
    const view = await b.feature.handlers['mail.open']({ id: row.id });
    const moved = relay.bytesToClient() - before;
    expect(view.text.trim()).toBe('Kính gửi anh, hồ sơ đính kèm.');
    expect(view.attachments.map((x) => x.filename)).toEqual(['ho-so.pdf']);
    // The file's own size (from the structure, without its transfer encoding), to within a percent.
    expect(Math.abs(view.attachments[0]!.size - file.length)).toBeLessThan(file.length / 100);
    // The text and the structure: a few KB, not the 11 MB of the message.
    expect(moved).toBeLessThan(64 * 1024);
    const got = await b.feature.handlers['mail.attachment']({ id: row.id, index: view.attachments[0]!.index });
    expect(Buffer.from(got.contentBase64, 'base64').equals(file)).toBe(true);
    expect(relay.bytesToClient() - before).toBeGreaterThan(file.length);
  });

  it('reads a forwarded message inside a message, with safe file names, and downloads its file', async () => {
    const b = mail('dung.pt', { bodyWindowDays: () => 0 });
    const other = await otherClient('dung.pt');
    const subject = uniqueSubject('Chuyển tiếp');
    const pdf = Buffer.from('%PDF-1.4 nội dung');
    const inner = [
      'From: =?UTF-8?Q?L=C3=AA_V=C4=83n_C=C6=B0=E1=BB=9Dng?= <cuong.lv@so-demo.invalid>',
      'To: dung.pt@so-demo.invalid',
      'Subject: =?UTF-8?Q?T=E1=BB=9D_tr=C3=ACnh_g=E1=BB=91c?=',
      'Date: Tue, 24 Nov 2026 08:00:00 +0700',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=IN',
      '',
      '--IN',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Nội dung tờ trình gốc',
      '--IN',
      `Content-Type: application/pdf; name="=?UTF-8?B?${Buffer.from('bao-cao\u202efdp.exe').toString('base64')}?="`,
      'Content-Disposition: attachment',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64'),
      '--IN--',
      '',
    ].join('\r\n');
    const source = Buffer.from(
      [`From: a@so-demo.invalid`, `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=OUT', '', '--OUT', 'Content-Type: text/plain; charset=utf-8', '', 'Em chuyển tiếp tờ trình.', '--OUT', 'Content-Type: message/rfc822', '', inner, '--OUT--', ''].join('\r\n'),
    );
    try {
      await other.append('INBOX', source);
    } finally {
      await other.logout();
    }
    await b.feature.parts.sync!.syncNow();
    const view = await b.feature.handlers['mail.open']({ id: listed(b, subject)[0]!.id });
    expect(view.text.trim()).toBe('Em chuyển tiếp tờ trình.');
    expect(view.attachments.map((x) => x.contentType)).toEqual(['message/rfc822']);
    expect(view.nested).toHaveLength(1);
    const n = view.nested[0]!;
    expect(n.subject).toBe('Tờ trình gốc');
    expect(n.from).toEqual([{ name: 'Lê Văn Cường', address: 'cuong.lv@so-demo.invalid' }]);
    expect(n.text.trim()).toBe('Nội dung tờ trình gốc');
    expect(n.attachments.map((x) => [x.filename, x.originalFilename])).toEqual([['bao-caofdp.exe', 'bao-cao\u202efdp.exe']]);
    const got = await b.feature.handlers['mail.attachment']({ id: view.id, index: n.attachments[0]!.index });
    expect(got.filename).toBe('bao-caofdp.exe');
    expect(Buffer.from(got.contentBase64, 'base64').equals(pdf)).toBe(true);
  });
});
