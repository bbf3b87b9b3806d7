// What the auth integration tests share: the stack, a core on a fresh data
// folder whose browser is scripted, and the provider's introspection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/core/core';
import { fileLogger } from '../../../electron/core/log';
import { nodePlatform, type Platform } from '../../../electron/core/platform';
import { scriptedBrowser, type BrowserScript, type ScriptedBrowser } from './browser';
import { stack } from './provider';

export { introspect, refreshTokenState, revokeAtProvider, sealedRefreshToken, stack, until } from './provider';

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
    // The real file logger: a test checks that no token ever reaches it.
    logger: fileLogger(platform.paths.logs, Date.now),
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

