// Where the Electron binary is, if this machine has one. The electron package
// installs without it when its download is refused (install scripts off, or no
// access to its host); then `require('electron')` throws.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ELECTRON_DIR = join(import.meta.dirname, '..', 'node_modules', 'electron');

export function electronBinary(): string | null {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
