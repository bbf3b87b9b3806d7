// The provider side of the auth tests (integration and e2e): the stack,
// RFC 7662 introspection as the servers do it, and the refresh token the app
// sealed. Imports nothing of the core but the Node key-file secrets, so
// Playwright specs can use it too.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { keyFileSecrets } from '../../../electron/core/platform';
import { introspect as stackIntrospect, introspectAsClient, revoke as stackRevoke, type Introspection } from '../../stack/login';
import { readStackJson, type StackJson } from '../../stack/stack-json';

export function stack(): StackJson {
  return readStackJson();
}

/** Introspection with the resource-server client's credentials, as Dovecot and Apache do it. */
export function introspect(token: string): Promise<Introspection> {
  return stackIntrospect(stack(), token);
}

/**
 * Whether a refresh token is alive, asked as the client it was issued to:
 * the servers' client is told `active: false` for every refresh token.
 */
export async function refreshTokenState(token: string, clientId?: string): Promise<Introspection> {
  return introspectAsClient(stack(), token, clientId ?? stack().clients.desktop.clientId);
}

/** Revokes at the provider as the desktop client would: the "administrator ended your session" case. */
export function revokeAtProvider(token: string, clientId?: string): Promise<void> {
  return stackRevoke(stack(), token, clientId ?? stack().clients.desktop.clientId, 'refresh_token');
}

/**
 * The refresh token the app sealed, unsealed here with the app's own key
 * file. Only the key-file backend (tests, development) allows this; with
 * safeStorage no other process can. Never read from a log.
 */
export function sealedRefreshToken(dataDir: string): string | null {
  const db = new Database(join(dataDir, 'govdesk.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT sealed_refresh_token AS sealed FROM accounts WHERE sealed_refresh_token IS NOT NULL ORDER BY last_used_at DESC LIMIT 1')
      .get() as { sealed: Buffer } | undefined;
    // A test reading the host's key file: Playwright's runner sets no NODE_ENV, so say it.
    return row ? keyFileSecrets(dataDir, { NODE_ENV: 'test' }).decrypt(row.sealed) : null;
  } finally {
    db.close();
  }
}

/** Waits for a condition, polling, with a deadline (no fixed sleeps). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
