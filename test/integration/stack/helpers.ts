/** What the stack's integration tests share: one client per protocol, each given only an access token. */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { accountOf, readStackJson, type StackJson } from '../../stack/stack-json.ts';

export function stack(): StackJson {
  return readStackJson();
}

export function imapClient(s: StackJson, email: string, accessToken: string): ImapFlow {
  return new ImapFlow({ host: s.services.imap.host, port: s.services.imap.port, secure: s.services.imap.secure, auth: { user: email, accessToken }, logger: false, connectionTimeout: 10_000 });
}

/** Tries an IMAP login; resolves to 'ok' or the failure, closing the socket either way. */
export async function imapLogin(s: StackJson, email: string, accessToken: string): Promise<'ok' | 'auth-failed' | string> {
  const c = imapClient(s, email, accessToken);
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.logout();
    return 'ok';
  } catch (err) {
    return (err as { authenticationFailed?: boolean }).authenticationFailed ? 'auth-failed' : String(err);
  } finally {
    c.close();
  }
}

export function smtpTransport(s: StackJson, email: string, accessToken: string) {
  return nodemailer.createTransport({
    host: s.services.smtp.host,
    port: s.services.smtp.port,
    secure: s.services.smtp.secure,
    ignoreTLS: true,
    auth: { type: 'OAuth2', user: email, accessToken },
  });
}

/** SMTP AUTH only (no mail): 'ok' or the server's response code. */
export async function smtpLogin(s: StackJson, email: string, accessToken: string): Promise<'ok' | number | string> {
  const t = smtpTransport(s, email, accessToken);
  try {
    await t.verify();
    return 'ok';
  } catch (err) {
    const e = err as { responseCode?: number; message?: string };
    return e.responseCode ?? e.message ?? String(err);
  } finally {
    t.close();
  }
}

export async function dav(url: string, accessToken: string | undefined, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: init.method ?? 'PROPFIND',
    headers: { ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}), ...((init.method ?? 'PROPFIND') === 'PROPFIND' ? { depth: '1' } : {}), ...init.headers },
    body: init.body,
  });
  return { status: res.status, body: await res.text() };
}

export const homeUrl = (s: StackJson, username: string) => `${s.services.webdav.homesUrl}${encodeURIComponent(username)}/`;
export const calendarUrl = (s: StackJson, username: string, id: string) => `${s.services.caldav.url}${encodeURIComponent(username)}/${id}/`;

/** 'ok' where each of the four services let the token in, else what it said. */
export async function allFour(s: StackJson, username: string, accessToken: string): Promise<Record<'imap' | 'smtp' | 'caldav' | 'webdav', string | number>> {
  const a = accountOf(s, username);
  const [imap, smtp, cal, files] = await Promise.all([
    imapLogin(s, a.email, accessToken),
    smtpLogin(s, a.email, accessToken),
    dav(s.services.caldav.url, accessToken, { headers: { depth: '0' } }),
    dav(homeUrl(s, username), accessToken),
  ]);
  return { imap, smtp, caldav: cal.status === 207 ? 'ok' : cal.status, webdav: files.status === 207 ? 'ok' : files.status };
}

export const REFUSED = { imap: 'auth-failed', smtp: 535, caldav: 401, webdav: 401 } as const;
export const ACCEPTED = { imap: 'ok', smtp: 'ok', caldav: 'ok', webdav: 'ok' } as const;
