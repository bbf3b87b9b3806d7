// The document service of the demo stack, as the app's core sees it: a
// DocumentsClient per person with a token from a real sign-in, and the
// exchange platform's folders (intake, out) that the service reads and writes.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TokenSource } from '../../../electron/core/auth/token-source';
import type { ApiDocument, ChangesPage } from '../../../electron/core/documents/api';
import { DocumentsClient } from '../../../electron/core/documents/client';
import { silentLogger } from '../../../electron/core/log';
import { refresh, signIn } from '../../stack/login';
import { readStackJson, type StackJson } from '../../stack/stack-json';

let cached: StackJson | null = null;
export function stack(): StackJson {
  cached ??= readStackJson();
  return cached;
}

export async function tokenSource(username: string): Promise<TokenSource> {
  let t = await signIn(stack(), username);
  return {
    accessToken: async () => t.accessToken,
    async renew() {
      t = await refresh(stack(), t.refreshToken);
      return t.accessToken;
    },
  };
}

export async function client(username: string): Promise<DocumentsClient> {
  return new DocumentsClient({ apiUrl: stack().services.documents.url, tokens: await tokenSource(username), log: silentLogger });
}

/** Everything the person's feed holds now, following pages; returns the documents by id and the cursor. */
export async function syncAll(c: DocumentsClient, cursor?: string): Promise<{ docs: Map<string, ApiDocument>; removed: Set<string>; cursor: string; pages: ChangesPage[] }> {
  const docs = new Map<string, ApiDocument>();
  const removed = new Set<string>();
  const pages: ChangesPage[] = [];
  let cur = cursor;
  for (;;) {
    const page = await c.changes(cur, 500);
    pages.push(page);
    for (const ch of page.changes) {
      if (ch.type === 'document') {
        docs.set(ch.document.id, ch.document);
        removed.delete(ch.document.id);
      } else {
        docs.delete(ch.id);
        removed.add(ch.id);
      }
    }
    cur = page.cursor;
    if (!page.more) return { docs, removed, cursor: cur, pages };
  }
}

/** Drops a package into the intake folder the way a transfer does: written aside, then renamed in. */
export function dropIntoIntake(bytes: Uint8Array, name = `${randomUUID()}.edxml`): string {
  const dir = stack().services.documents.intakeDir;
  const tmp = path.join(dir, `.${name}.part`);
  writeFileSync(tmp, bytes);
  renameSync(tmp, path.join(dir, name));
  return name;
}

/** Polls until `check` returns a value (the intake runs on its own timer); fails with `what` after the deadline. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Where the intake put a file: processed, or refused with its reason. */
export function intakeOutcome(name: string): { state: 'processed' } | { state: 'refused'; reason: string } | undefined {
  const dir = stack().services.documents.intakeDir;
  if (existsSync(path.join(dir, 'processed', name))) return { state: 'processed' };
  const reason = path.join(dir, 'refused', `${name}.reason.txt`);
  if (existsSync(reason)) return { state: 'refused', reason: readFileSync(reason, 'utf8').trim() };
  return undefined;
}

/** Status packages the service wrote for the exchange about one document, in the order written. */
export function statusFiles(documentId: string): { name: string; bytes: Buffer }[] {
  const dir = stack().services.documents.exchangeOutDir;
  const key = documentId.replace(/[^A-Za-z0-9.-]+/g, '_');
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && n.includes('-status-') && n.endsWith(`-${key}.edxml`))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

export function outFiles(kind: 'document' | 'revoke', documentId: string): { name: string; bytes: Buffer }[] {
  const dir = stack().services.documents.exchangeOutDir;
  const key = documentId.replace(/[^A-Za-z0-9.-]+/g, '_');
  return readdirSync(dir)
    .filter((n) => n.includes(`-${kind}-`) && n.endsWith(`-${key}.edxml`))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

export const uuid = randomUUID;

/** One client per person, in the order named. */
export async function clients<const N extends readonly string[]>(...names: N): Promise<{ [K in keyof N]: DocumentsClient }> {
  return (await Promise.all(names.map(client))) as { [K in keyof N]: DocumentsClient };
}
