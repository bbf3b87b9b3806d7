// The mail servers check each token by introspection at the identity
// provider. With the provider stopped, Dovecot answers AUTHENTICATE with
// `NO [UNAVAILABLE]`: the token is fine and the user need not sign in again.
// The app must not renew the token (the provider is down anyway) nor ask for
// a sign-in. (The stack's Postfix 3.7 says 535 then, not 454: SMTP 454 is
// covered by the unit test against a server that says it.)
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenSource } from '../../../electron/core/auth/token-source';
import { AppError } from '../../../electron/core/errors';
import { silentLogger } from '../../../electron/core/log';
import { openImap, type MailConnection } from '../../../electron/core/mail/client';
import { classifyFailure } from '../../../electron/core/sync/outcome';
import { stackPaths } from '../../stack/config';
import { accountOf } from '../../stack/stack-json';
import { startServers, stopServers } from '../../stack/servers';
import { signIn } from '../../stack/login';
import { stack } from './helpers';

const USER = 'cuong.lv';
let idpStopped = false;

afterAll(async () => {
  // Restarting the provider forgets its sessions: later tests sign in afresh.
  if (idpStopped) await startServers(stackPaths(stack().stackDir), ['idp']);
  idpStopped = false;
});

describe('the identity provider is down while the mail servers are up', () => {
  it('IMAP says "cannot check sign-ins now": no renewal, no sign-in prompt, retried on the server back-off', async () => {
    const s = stack();
    const account = accountOf(s, USER);
    const token = (await signIn(s, USER)).accessToken;
    let renewals = 0;
    const tokens: TokenSource = {
      accessToken: async () => token,
      renew: async () => {
        renewals++;
        throw new AppError('auth.reauth_required', 'renewal asked for a token the server did not refuse');
      },
    };
    const conn: MailConnection = { endpoints: { imap: s.services.imap, smtp: s.services.smtp }, user: account.email, tokens, log: silentLogger };

    // With the provider up, the same token signs in: what follows is the provider's absence, not the token.
    (await openImap(conn, 'test')).close();

    await stopServers(stackPaths(s.stackDir), ['idp']);
    idpStopped = true;

    const imapErr = await openImap(conn, 'test').then(
      (c) => {
        c.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(imapErr).toBeInstanceOf(AppError);
    expect((imapErr as AppError).code).toBe('mail.auth_unavailable');
    expect(classifyFailure(imapErr)).toMatchObject({ kind: 'unreachable', code: 'mail.auth_unavailable', probe: false });

    expect(renewals).toBe(0);
  });
});
