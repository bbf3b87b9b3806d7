/**
 * Files by content: <dir>/<sha256>. Written to a temporary name and renamed,
 * so a reader never sees half a file; the same bytes are stored once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class Blobs {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`not a sha256: ${sha}`);
    return path.join(this.dir, sha);
  }

  put(bytes: Uint8Array): { sha: string; size: number } {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const file = this.pathOf(sha);
    if (!existsSync(file)) {
      const tmp = path.join(this.dir, `.${sha}.${randomBytes(4).toString('hex')}.tmp`);
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    }
    return { sha, size: bytes.byteLength };
  }

  size(sha: string): number {
    return statSync(this.pathOf(sha)).size;
  }
}

/** Writes a file whole or not at all: temporary name, then rename. */
export function writeAtomic(file: string, bytes: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}
