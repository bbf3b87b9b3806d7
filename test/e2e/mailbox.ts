// Mail put in a demo user's Inbox the way another mail program would
// (IMAP APPEND, unread), for specs that need a message to arrive.
import { ImapFlow } from 'imapflow';
import { stack } from '../integration/auth/provider';
import { signIn as tokenFor } from '../stack/login';
import { accountOf } from '../stack/stack-json';

export async function deliver(username: string, raw: string): Promise<void> {
  const s = stack();
  const c = new ImapFlow({ ...s.services.imap, auth: { user: accountOf(s, username).email, accessToken: (await tokenFor(s, username)).accessToken }, logger: false });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.append('INBOX', Buffer.from(raw));
  } finally {
    await c.logout();
  }
}
