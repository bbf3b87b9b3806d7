import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreConfig } from '../../../electron/core/core';
import { silentLogger } from '../../../electron/core/log';
import { nodePlatform, type Platform } from '../../../electron/core/platform';

/** A fresh data folder per test, removed afterwards. */
export function tempDir(prefix = 'govdesk-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function testCore(dataDir: string, config: Partial<CoreConfig> = {}): { core: Core; platform: Platform } {
  const platform = nodePlatform({ userData: dataDir });
  const core = createCore(platform, { organization: null, logger: silentLogger, ...config });
  return { core, platform };
}
