import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'govdesk/layers').map((m) => m.message);
}

describe('the layering lint rule', () => {
  it.each([
    ['renderer/src/x.ts', "import { createCore } from '../../electron/core/core';", /renderer may not import core/],
    ['renderer/src/x.ts', "import { app } from 'electron';", /package 'electron'/],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';", /package 'node:fs'/],
    ['electron/core/x.ts', "import { app } from 'electron';", /core may not import the package 'electron'/],
    ['electron/core/mail/x.ts', "import { electronPlatform } from '../../platform';", /core may not import shell/],
    ['electron/core/x.ts', "const e = require('electron');", /package 'electron'/],
    ['shared/x.ts', "import { App } from '../renderer/src/shell/App';", /shared may not import renderer/],
    ['electron/host/x.ts', "import '../main';", /host may not import shell/],
  ])('rejects %s: %s', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['renderer/src/x.ts', "import type { CallName } from '../../shared/api';"],
    ['electron/core/auth/x.ts', "import type { Platform } from '../platform';"],
    ['electron/main.ts', "import { app } from 'electron';\nimport { createCore } from './core/core';"],
    ['electron/host/x.ts', "import { contentSecurityPolicy } from '../csp';"],
  ])('accepts %s: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
