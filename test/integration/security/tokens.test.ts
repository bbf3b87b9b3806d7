/**
 * Every kind of token one sign-in hands out, against every service: only an
 * access token of the desktop app opens anything. A refresh token (14 days)
 * or an ID token is refused with each protocol's answer for bad credentials,
 * so that a client asks for a new sign-in instead of retrying.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { introspect } from '../../stack/login.ts';
import type { StackJson } from '../../stack/stack-json.ts';
import { stack } from '../stack/helpers.ts';
import { http, imapAuth, smtpAuth, tokenKinds, type TokenKinds } from './probes.ts';

const USER = 'anh.ntm';
let s: StackJson;
let k: TokenKinds;

beforeAll(async () => {
  s = stack();
  k = await tokenKinds(s, USER);
});

const IMAP_REFUSED = /^A1 NO \[AUTHENTICATIONFAILED\]/;
const SMTP_REFUSED = /^535 /;

type Kind = 'refresh token' | 'ID token' | 'short-lived client refresh token' | "the servers' client secret";
const refused: [Kind, (k: TokenKinds) => string][] = [
  ['refresh token', (x) => x.tokens.refreshToken],
  ['ID token', (x) => x.tokens.idToken],
  ['short-lived client refresh token', (x) => x.shortLived.refreshToken],
  ["the servers' client secret", () => s.clients.resourceServer.clientSecret],
];

async function documentsStatus(token: string): Promise<number> {
  return (await http(new URL('me', s.services.documents.url).toString(), { token })).status;
}
async function webdavStatus(token: string): Promise<number> {
  return (await http(`${s.services.webdav.homesUrl}${USER}/`, { method: 'PROPFIND', token, headers: { depth: '1' } })).status;
}
async function caldavStatus(token: string): Promise<number> {
  return (await http(`${s.services.caldav.url}${USER}/lich-ca-nhan/`, { method: 'PROPFIND', token, headers: { depth: '1' } })).status;
}

describe('the access tokens of the desktop app open every service (the baseline)', () => {
  it.each([
    ['desktop', (x: TokenKinds) => x.tokens.accessToken],
    ['short-lived test client', (x: TokenKinds) => x.shortLived.accessToken],
  ] as const)('%s access token', async (_n, pick) => {
    const t = pick(k);
    expect(await imapAuth(s, 'OAUTHBEARER', k.email, t)).toMatch(/^A1 OK/);
    expect(await smtpAuth(s, 'XOAUTH2', k.email, t)).toMatch(/^235 /);
    expect(await webdavStatus(t)).toBe(207);
    expect(await caldavStatus(t)).toBe(207);
    expect(await documentsStatus(t)).toBe(200);
  });
});

describe.each(refused)('a %s is refused as a bearer token', (_kind, pick) => {
  it('by the identity provider\'s introspection: not active', async () => {
    expect(await introspect(s, pick(k))).toEqual({ active: false });
  });
  it('by IMAP: NO [AUTHENTICATIONFAILED] (OAUTHBEARER and XOAUTH2)', async () => {
    expect(await imapAuth(s, 'OAUTHBEARER', k.email, pick(k))).toMatch(IMAP_REFUSED);
    expect(await imapAuth(s, 'XOAUTH2', k.email, pick(k))).toMatch(IMAP_REFUSED);
  });
  it('by SMTP submission: 535 (XOAUTH2 and OAUTHBEARER)', async () => {
    expect(await smtpAuth(s, 'XOAUTH2', k.email, pick(k))).toMatch(SMTP_REFUSED);
    expect(await smtpAuth(s, 'OAUTHBEARER', k.email, pick(k))).toMatch(SMTP_REFUSED);
  });
  it('by the document service: 401', async () => {
    expect(await documentsStatus(pick(k))).toBe(401);
  });
  it('by WebDAV and CalDAV: 401', async () => {
    expect(await webdavStatus(pick(k))).toBe(401);
    expect(await caldavStatus(pick(k))).toBe(401);
    // Nor does it write: a PUT into the user's own home.
    const put = await http(`${s.services.webdav.homesUrl}${USER}/refresh-probe.txt`, { method: 'PUT', token: pick(k), body: 'x' });
    expect(put.status).toBe(401);
  });
});

describe('credentials that are not a token', () => {
  it('the password over IMAP LOGIN and SMTP AUTH PLAIN is refused', async () => {
    const { LineSession, imapTarget, smtpTarget, b64 } = await import('./probes.ts');
    const password = s.accounts.find((a) => a.username === USER)?.password ?? '';
    const imap = await LineSession.open(imapTarget(s));
    await imap.until((l) => l.startsWith('* OK'));
    expect(await imap.imap('A1', `LOGIN ${k.email} "${password}"`)).toMatch(/^A1 (NO|BAD)/);
    imap.close();
    const smtp = await LineSession.open(smtpTarget(s));
    await smtp.smtpReply();
    await smtp.smtp('EHLO probe.invalid');
    expect(await smtp.smtp(`AUTH PLAIN ${b64(`\0${k.email}\0${password}`)}`)).toMatch(/^5\d\d /);
    smtp.close();
  });
  it('HTTP Basic with the password or the servers\' client secret is refused by WebDAV', async () => {
    const password = s.accounts.find((a) => a.username === USER)?.password ?? '';
    for (const [user, secret] of [[USER, password], [s.clients.resourceServer.clientId, s.clients.resourceServer.clientSecret]] as const) {
      const r = await http(`${s.services.webdav.homesUrl}${USER}/`, { method: 'PROPFIND', headers: { depth: '1', authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` } });
      expect(r.status).toBe(401);
    }
  });
});
