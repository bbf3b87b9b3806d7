/** Renders the config templates in test/stack/templates: {{NAME}} placeholders, all required. */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STACK_SRC } from './config.ts';

export function renderTemplate(name: string, vars: Record<string, string | number>): string {
  const text = readFileSync(path.join(STACK_SRC, 'templates', name), 'utf8');
  return text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`template ${name}: no value for {{${key}}}`);
    return String(v);
  });
}

export function writeRendered(name: string, dest: string, vars: Record<string, string | number>, mode = 0o644): void {
  writeFileSync(dest, renderTemplate(name, vars), { mode });
  // writeFileSync's mode applies only to a new file: a copy left by an older version keeps its own.
  chmodSync(dest, mode);
}
