/**
 * An attacker's tools for the security suite: raw protocol sessions (so a
 * probe sees exactly what the server answered, not a client library's
 * reading of it) and a process running as another local user.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { signIn, type Tokens } from '../../stack/login.ts';
import { accountOf, type StackJson } from '../../stack/stack-json.ts';

/** A uid/gid no account on the machine has: "another user of the same machine". */
export const STRANGER = { uid: 61234, gid: 61234 } as const;

/** A line-based session over TCP or a Unix socket (IMAP, SMTP, LMTP). */
export class LineSession {
  private buf = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;

  private constructor(private readonly sock: net.Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        this.lines.push(this.buf.slice(0, i).replace(/\r$/, ''));
        this.buf = this.buf.slice(i + 1);
      }
      this.waiter?.();
    });
    const end = () => {
      this.closed = true;
      this.waiter?.();
    };
    sock.on('close', end);
    sock.on('error', end);
  }

  static open(target: { port: number; host: string } | { path: string }): Promise<LineSession> {
    return new Promise((resolve, reject) => {
      const sock = net.connect(target);
      sock.setTimeout(15_000, () => sock.destroy(new Error('timeout')));
      sock.once('connect', () => resolve(new LineSession(sock)));
      sock.once('error', reject);
    });
  }

  send(line: string): void {
    this.sock.write(`${line}\r\n`);
  }

  /** The next line that `done` accepts; every line read on the way is returned too. */
  async until(done: (line: string) => boolean): Promise<{ line: string; seen: string[] }> {
    const seen: string[] = [];
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        seen.push(line);
        if (done(line)) return { line, seen };
        continue;
      }
      if (this.closed) throw new Error(`connection closed; read: ${seen.join(' | ')}`);
      await new Promise<void>((r) => (this.waiter = r));
      this.waiter = undefined;
    }
  }

  /** An SMTP/LMTP reply: the last line of a multi-line answer (`250-...` continues). */
  smtpReply(): Promise<string> {
    return this.until((l) => /^\d{3} /.test(l)).then((r) => r.line);
  }

  async smtp(line: string): Promise<string> {
    this.send(line);
    return this.smtpReply();
  }

  /** Sends an IMAP command with `tag` and returns its tagged completion line. */
  async imap(tag: string, command: string): Promise<string> {
    this.send(`${tag} ${command}`);
    return (await this.until((l) => l.startsWith(`${tag} `))).line;
  }

  close(): void {
    this.sock.destroy();
  }
}

export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
export const oauthbearer = (user: string, token: string) => b64(`n,a=${user},\x01auth=Bearer ${token}\x01\x01`);
export const xoauth2 = (user: string, token: string) => b64(`user=${user}\x01auth=Bearer ${token}\x01\x01`);

export function imapTarget(s: StackJson) {
  return { host: s.services.imap.host, port: s.services.imap.port };
}
export function smtpTarget(s: StackJson) {
  return { host: s.services.smtp.host, port: s.services.smtp.port };
}

/**
 * IMAP AUTHENTICATE with a bearer token; the tagged answer. On failure the
 * server first sends a `+` challenge with its JSON error, which SASL answers
 * with a dummy response (base64 of 0x01).
 */
export async function imapAuth(s: StackJson, mech: 'OAUTHBEARER' | 'XOAUTH2', user: string, token: string): Promise<string> {
  const c = await LineSession.open(imapTarget(s));
  try {
    await c.until((l) => l.startsWith('* OK'));
    const ir = mech === 'OAUTHBEARER' ? oauthbearer(user, token) : xoauth2(user, token);
    c.send(`A1 AUTHENTICATE ${mech} ${ir}`);
    const first = await c.until((l) => l.startsWith('A1 ') || l.startsWith('+'));
    if (first.line.startsWith('A1 ')) return first.line;
    c.send('AQ==');
    return (await c.until((l) => l.startsWith('A1 '))).line;
  } finally {
    c.close();
  }
}

/** SMTP AUTH with a bearer token after EHLO; the final reply line. */
export async function smtpAuth(s: StackJson, mech: 'XOAUTH2' | 'OAUTHBEARER', user: string, token: string): Promise<string> {
  const c = await LineSession.open(smtpTarget(s));
  try {
    await c.smtpReply();
    await c.smtp('EHLO probe.invalid');
    const ir = mech === 'OAUTHBEARER' ? oauthbearer(user, token) : xoauth2(user, token);
    let reply = await c.smtp(`AUTH ${mech} ${ir}`);
    // 334 carries the server's JSON error; an empty line ends the exchange.
    if (reply.startsWith('334')) reply = await c.smtp('');
    return reply;
  } finally {
    c.close();
  }
}

/** A signed-in SMTP session (XOAUTH2 accepted), ready for MAIL FROM. */
export async function smtpSignedIn(s: StackJson, user: string, token: string): Promise<LineSession> {
  const c = await LineSession.open(smtpTarget(s));
  await c.smtpReply();
  await c.smtp('EHLO probe.invalid');
  const reply = await c.smtp(`AUTH XOAUTH2 ${xoauth2(user, token)}`);
  if (!reply.startsWith('235')) {
    c.close();
    throw new Error(`sign-in refused: ${reply}`);
  }
  return c;
}

/**
 * Sends one message in a signed-in session; the first refusal, or the reply
 * to the final dot. `data` is the message with \n line ends.
 */
export async function sendRaw(c: LineSession, from: string, to: string, data: string): Promise<string> {
  const mail = await c.smtp(`MAIL FROM:<${from}>`);
  if (!mail.startsWith('250')) return mail;
  const rcpt = await c.smtp(`RCPT TO:<${to}>`);
  if (!rcpt.startsWith('250')) return rcpt;
  const go = await c.smtp('DATA');
  if (!go.startsWith('354')) return go;
  for (const line of data.split('\n')) c.send(line.startsWith('.') ? `.${line}` : line);
  return c.smtp('.');
}

/** Raw HTTP with fetch, as a script on the machine would send it. */
export async function http(url: string, init: { method?: string; token?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    body: init.body,
    redirect: 'manual',
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Every kind of token one sign-in hands out, and which of them a server may accept. */
export interface TokenKinds {
  tokens: Tokens;
  shortLived: Tokens;
  email: string;
}

export async function tokenKinds(s: StackJson, username: string): Promise<TokenKinds> {
  const [tokens, shortLived] = await Promise.all([signIn(s, username), signIn(s, username, { clientId: s.clients.shortLived.clientId })]);
  return { tokens, shortLived, email: accountOf(s, username).email };
}

/** Runs `script` (Node, ES module source) as another local user; its stdout parsed as JSON. */
export function asStranger<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { uid: STRANGER.uid, gid: STRANGER.gid, cwd: '/', env: { PATH: '/usr/bin:/bin', INPUT: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`stranger's script exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}
