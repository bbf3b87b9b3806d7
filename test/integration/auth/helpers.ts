// What the auth integration tests share: the stack, a core on a fresh data
// folder whose browser is scripted, and the provider's introspection.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createCore, type Core } from '../../../electron/core/core';
import { silentLogger } from '../../../electron/core/log';
import { keyFileSecrets, nodePlatform, type Platform } from '../../../electron/core/platform';
import { readStackJson, type StackJson } from '../../stack/stack-json';
import { scriptedBrowser, type BrowserScript, type ScriptedBrowser } from './browser';

export function stack(): StackJson {
  return readStackJson();
}

export interface TestApp {
  core: Core;
  platform: Platform;
  browser: ScriptedBrowser;
  dataDir: string;
  call(name: string, params?: unknown): Promise<Record<string, unknown>>;
  close(): void;
}

export function startApp(opts: { script: BrowserScript; dataDir?: string; clientId?: string; issuer?: string; signInTimeoutMs?: number }): TestApp {
  const s = stack();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'govdesk-auth-it-'));
  const browser = scriptedBrowser(opts.script);
  const platform = nodePlatform({ userData: dataDir, openExternal: browser.openExternal });
  const organization = { ...s.organization, oidc: { ...s.organization.oidc, clientId: opts.clientId ?? s.organization.oidc.clientId, issuer: opts.issuer ?? s.organization.oidc.issuer } };
  const core = createCore(platform, {
    organization,
    logger: silentLogger,
    ...(opts.signInTimeoutMs ? { auth: { signInTimeoutMs: opts.signInTimeoutMs } } : {}),
  });
  return {
    core,
    platform,
    browser,
    dataDir,
    async call(name, params = {}) {
      const r = await core.call(name, params);
      if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.detail ?? ''}`), { code: r.error.code });
      return r.result as Record<string, unknown>;
    },
    close() {
      core.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const introspection = z.object({ active: z.boolean(), email: z.string().optional(), token_type: z.string().optional(), client_id: z.string().optional() }).passthrough();

/** RFC 7662 introspection as the resource servers do it (the resource-server client's credentials). */
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

/** Waits for a condition, polling, with a deadline (no fixed sleeps). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The refresh token the app sealed, unsealed here with the host's own key
 * file. Only the keyfile backend (tests, development) makes this possible;
 * with safeStorage no other process can. Never read from a log.
 */
export function sealedRefreshToken(dataDir: string): string | null {
  const db = new Database(join(dataDir, 'govdesk.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT sealed_refresh_token AS sealed FROM accounts WHERE sealed_refresh_token IS NOT NULL ORDER BY last_used_at DESC LIMIT 1').get() as { sealed: Buffer } | undefined;
    return row ? keyFileSecrets(dataDir).decrypt(row.sealed) : null;
  } finally {
    db.close();
  }
}
