// A mail server that cannot check sign-ins just now (its auth backend or the
// identity provider's introspection is down) is not refusing the token:
// the app must neither renew it nor ask the user to sign in again.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenSource } from '../../../electron/core/auth/token-source';
import { AppError } from '../../../electron/core/errors';
import { silentLogger, type Logger } from '../../../electron/core/log';
import { MailClient, openImap, type MailConnection } from '../../../electron/core/mail/client';
import type { Clock } from '../../../electron/core/platform';
import { classifyFailure } from '../../../electron/core/sync/outcome';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A line server on loopback: `answer` gets each line the client sends and returns the reply lines. */
async function lineServer(greeting: string, answer: (line: string, socket: Socket) => string[]): Promise<number> {
  const server = createServer((socket) => {
    socket.write(`${greeting}\r\n`);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let at: number;
      while ((at = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + 2);
        for (const reply of answer(line, socket)) socket.write(`${reply}\r\n`);
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Dovecot's answers when its auth backend is down: or, with `refuse`, when the token itself is bad. */
function imapServer(refusal: string): Promise<number> {
  return lineServer('* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=OAUTHBEARER AUTH=XOAUTH2] ready', (line) => {
    const [tag, command] = line.split(' ');
    if (!tag || !command) return [];
    switch (command.toUpperCase()) {
      case 'CAPABILITY':
        return ['* CAPABILITY IMAP4rev1 SASL-IR AUTH=OAUTHBEARER AUTH=XOAUTH2', `${tag} OK done`];
      case 'AUTHENTICATE':
        return [`${tag} ${refusal}`];
      case 'LOGOUT':
        return ['* BYE bye', `${tag} OK done`];
      default:
        return [`${tag} BAD unexpected`];
    }
  });
}

/** Postfix (through Dovecot's SASL) when the check of sign-ins is down. */
function smtpServer(): Promise<number> {
  return lineServer('220 mail.test ESMTP', (line) => {
    const verb = line.split(' ')[0]?.toUpperCase();
    if (verb === 'EHLO') return ['250-mail.test', '250-AUTH XOAUTH2 OAUTHBEARER', '250 8BITMIME'];
    if (verb === 'AUTH') return ['454 4.7.0 Temporary authentication failure'];
    if (verb === 'QUIT') return ['221 bye'];
    return ['502 5.5.2 unexpected'];
  });
}

function tokens(): TokenSource & { renewals: number } {
  const t = {
    renewals: 0,
    accessToken: async () => 'token-1',
    renew: async () => {
      t.renewals++;
      return `token-${t.renewals + 1}`;
    },
  };
  return t;
}

const quiet: Logger = silentLogger;
const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

function connection(imapPort: number, smtpPort: number, t: TokenSource): MailConnection {
  return {
    endpoints: { imap: { host: '127.0.0.1', port: imapPort, secure: false }, smtp: { host: '127.0.0.1', port: smtpPort, secure: false } },
    user: 'an@so-demo.invalid',
    tokens: t,
    log: quiet,
  };
}

describe('a mail server that cannot check sign-ins just now', () => {
  it('IMAP NO [UNAVAILABLE]: no token renewal, no sign-in prompt, and the scheduler waits on its back-off without probes', async () => {
    const port = await imapServer('NO [UNAVAILABLE] Temporary authentication failure. [mail:2026-12-07 02:30:00]');
    const t = tokens();
    const err = await openImap(connection(port, 1, t), 'test', { connectionTimeout: 5_000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('mail.auth_unavailable');
    expect(t.renewals).toBe(0);
    expect(classifyFailure(err)).toMatchObject({ kind: 'unreachable', code: 'mail.auth_unavailable', probe: false });
  });

  it('IMAP refusing the token itself is still renewed once, and then asks for a sign-in', async () => {
    const port = await imapServer('NO [AUTHENTICATIONFAILED] Authentication failed.');
    const t = tokens();
    const err = await openImap(connection(port, 1, t), 'test', { connectionTimeout: 5_000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(t.renewals).toBe(1);
    expect(classifyFailure(err)).toMatchObject({ kind: 'auth', code: 'auth.reauth_required' });
  });

  it('reads imapflow’s own UNAVAILABLE error the same way', () => {
    const raw = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'UNAVAILABLE',
      responseStatus: 'NO',
      responseText: 'Temporary authentication failure.',
    });
    expect(classifyFailure(raw)).toMatchObject({ kind: 'unreachable', code: 'mail.auth_unavailable', probe: false });
  });

  it('SMTP 454: the message is not refused, the token is not renewed, and the scheduler reads it as auth unavailable', async () => {
    const smtp = await smtpServer();
    const t = tokens();
    const client = new MailClient(connection(1, smtp, t), { clock: realClock });
    const err = await client
      .submit({ from: 'an@so-demo.invalid', to: ['binh@so-demo.invalid'] }, Buffer.from('Subject: x\r\n\r\nbody\r\n'))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).not.toBeNull();
    expect(t.renewals).toBe(0);
    expect(classifyFailure(err)).toMatchObject({ kind: 'unreachable', code: 'mail.auth_unavailable', probe: false });
  });
});
