// The provider side of the auth tests (integration and e2e): the stack,
// RFC 7662 introspection as the servers do it, and the refresh token the app
// sealed. Imports nothing of the core but the Node key-file secrets, so
// Playwright specs can use it too.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { z } from 'zod';
import { keyFileSecrets } from '../../../electron/core/platform';
import { readStackJson, type StackJson } from '../../stack/stack-json';

export function stack(): StackJson {
  return readStackJson();
}

const introspection = z.object({ active: z.boolean(), email: z.string().optional(), token_type: z.string().optional(), client_id: z.string().optional() }).passthrough();

/** Introspection with the resource-server client's credentials, as Dovecot and Apache do it. */
export async function introspect(token: string): Promise<z.infer<typeof introspection>> {
  const s = stack();
  const { clientId, clientSecret } = s.clients.resourceServer;
  const res = await fetch(s.introspectionEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  if (!res.ok) throw new Error(`introspection: HTTP ${res.status}`);
  return introspection.parse(await res.json());
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
    return row ? keyFileSecrets(dataDir).decrypt(row.sealed) : null;
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
