/**
 * Mail as an attacker with an ordinary account would try it: send as someone
 * else (by envelope, by header, with the null sender), open a colleague's
 * mailbox, and deliver without signing in at all.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../stack/login.ts';
import { accountOf, type StackJson } from '../../stack/stack-json.ts';
import { imapClient, stack } from '../stack/helpers.ts';
import { imapAuth, LineSession, sendRaw, smtpSignedIn, smtpTarget } from './probes.ts';

const USER = 'anh.ntm'; // chuyên viên
const VICTIM = 'cuong.lv'; // phó giám đốc: the name an impostor wants
let s: StackJson;
let token: string;
let me: string;
let victim: string;
let session: LineSession;

beforeAll(async () => {
  s = stack();
  token = (await signIn(s, USER)).accessToken;
  me = accountOf(s, USER).email;
  victim = accountOf(s, VICTIM).email;
});

afterAll(() => session?.close());

function message(headers: Record<string, string>, subject: string): string {
  const lines = Object.entries({ To: me, Subject: subject, Date: new Date().toUTCString(), 'Message-ID': `<${randomUUID()}@probe.invalid>`, ...headers }).map(([k, v]) => `${k}: ${v}`);
  return [...lines, '', 'Kính gửi anh chị, đề nghị chuyển khoản gấp.', ''].join('\n');
}

/** A fresh signed-in session per send: a refusal may leave one in any state. */
async function send(envelopeFrom: string, headers: Record<string, string>, subject = `probe ${randomUUID()}`): Promise<string> {
  session?.close();
  session = await smtpSignedIn(s, me, token);
  return sendRaw(session, envelopeFrom, me, message(headers, subject));
}

/** Delivery is asynchronous (queue, LMTP): look again until it is there or 10 s pass. */
async function waitForSubject(c: ReturnType<typeof imapClient>, subject: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await c.noop();
    const uids = await c.search({ subject }, { uid: true });
    const uid = uids && uids[0];
    if (uid) return c.fetchOne(String(uid), { envelope: true }, { uid: true });
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('sending as someone else', () => {
  it('my own address in the envelope and in From: is accepted (the baseline)', async () => {
    expect(await send(me, { From: `"Nguyễn Thị Minh Anh" <${me}>` })).toMatch(/^250 /);
  });

  it("another user's envelope sender is refused (553)", async () => {
    expect(await send(victim, { From: `<${victim}>` })).toMatch(/^553 5\.7\.1 /);
  });

  it('the null envelope sender <> is refused for a signed-in user', async () => {
    expect(await send('', { From: `<${me}>` })).toMatch(/^553 5\.7\.1 .*null sender/);
  });

  it("my envelope sender with another user's From: is refused, naming the address", async () => {
    const subject = `forged ${randomUUID()}`;
    const reply = await send(me, { From: `"Lê Văn Cường" <${victim}>` }, subject);
    expect(reply).toMatch(/^550 5\.7\.1 .*From: header names cuong\.lv@so-demo\.invalid/);
    // ...and nothing was delivered under that subject.
    const c = imapClient(s, me, token);
    await c.connect();
    try {
      await c.mailboxOpen('INBOX');
      expect(await c.search({ subject })).toEqual([]);
    } finally {
      await c.logout();
    }
  });

  it.each([
    ['a second From: address', { From: `<${me}>, <${victim}>`, Sender: `<${me}>` }],
    ["another user's Sender:", { From: `<${me}>`, Sender: `<${victim}>` }],
    ["another user's Resent-From:", { From: `<${me}>`, 'Resent-From': `<${victim}>` }],
    ['a display name that is an address, with the real address another user\'s', { From: `"${me}" <${victim}>` }],
    ['a From: with no address at all', { From: 'undisclosed-recipients:;' }],
  ])('%s is refused', async (_what, headers) => {
    expect(await send(me, headers)).toMatch(/^550 5\.7\.1 /);
  });

  it('a message without From: goes out with the signed-in address, never another', async () => {
    const subject = `no-from ${randomUUID()}`;
    expect(await send(me, {}, subject)).toMatch(/^250 /);
    const c = imapClient(s, me, token);
    await c.connect();
    try {
      await c.mailboxOpen('INBOX');
      const found = await waitForSubject(c, subject);
      expect(found ? found.envelope?.from?.map((a) => a.address) : 'not delivered').toEqual([me]);
    } finally {
      await c.logout();
    }
  });
});

describe("another user's mailbox", () => {
  it("my token with a colleague's address as the IMAP user is refused", async () => {
    expect(await imapAuth(s, 'OAUTHBEARER', victim, token)).toMatch(/^A1 NO \[AUTHENTICATIONFAILED\]/);
    expect(await imapAuth(s, 'XOAUTH2', victim, token)).toMatch(/^A1 NO \[AUTHENTICATIONFAILED\]/);
  });

  it("signed in as myself, no mailbox name reaches a colleague's mail", async () => {
    const c = await LineSession.open({ host: s.services.imap.host, port: s.services.imap.port });
    try {
      await c.until((l) => l.startsWith('* OK'));
      const { oauthbearer } = await import('./probes.ts');
      expect(await c.imap('A1', `AUTHENTICATE OAUTHBEARER ${oauthbearer(me, token)}`)).toMatch(/^A1 OK/);
      // The baseline: my own INBOX opens.
      expect(await c.imap('A2', 'EXAMINE INBOX')).toMatch(/^A2 OK/);
      const tries = ['../cuong.lv/Maildir/INBOX', '../../cuong.lv/Maildir', '~cuong.lv/INBOX', '/cuong.lv/INBOX', 'shared/cuong.lv/INBOX', 'Other Users/cuong.lv/INBOX', '#shared/cuong.lv'];
      let n = 3;
      for (const name of tries) {
        const tag = `A${n++}`;
        expect(await c.imap(tag, `EXAMINE "${name}"`), name).toMatch(new RegExp(`^${tag} (NO|BAD)`));
      }
      // LIST shows only my own folders: none is named for a colleague.
      c.send('L1 LIST "" "*"');
      const list = await c.until((l) => l.startsWith('L1 '));
      expect(list.line).toMatch(/^L1 OK/);
      expect(list.seen.filter((l) => l.startsWith('* LIST')).join('\n')).not.toMatch(/cuong|bao\.tq|dung\.pt/);
    } finally {
      c.close();
    }
  });
});

describe('delivery without signing in', () => {
  it('submission refuses mail from a client that has not signed in', async () => {
    const c = await LineSession.open(smtpTarget(s));
    try {
      await c.smtpReply();
      await c.smtp('EHLO probe.invalid');
      const mail = await c.smtp(`MAIL FROM:<${victim}>`);
      const rcpt = mail.startsWith('250') ? await c.smtp(`RCPT TO:<${me}>`) : mail;
      expect(rcpt).toMatch(/^5\d\d /);
    } finally {
      c.close();
    }
  });
});
