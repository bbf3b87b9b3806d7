import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Resolves a request path inside root, or null if it would leave it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, rel));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return full;
}

export async function readStatic(root: string, urlPath: string, start?: StartFiles): Promise<{ body: Buffer; type: string } | null> {
  const file = resolveStatic(root, urlPath);
  if (!file) return null;
  const preloaded = start?.take(file);
  if (preloaded) return preloaded;
  try {
    const body = await readFile(file);
    return { body, type: TYPES[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

export interface StartFiles {
  /** A file the page starts with, from memory, on its first request only (a rebuild is read from disk after). */
  take(file: string): { body: Buffer; type: string } | null;
  /** Resolves once each of them has been served: the browser has what it parses first. */
  readonly served: Promise<void>;
}

/**
 * The page and the script and style files it names, read before the server
 * listens (a few hundred kilobytes, a few milliseconds): the browser's first
 * requests are then answered without a trip to the disk's thread pool, and
 * the host knows when it may turn to making the core (host/main.ts).
 */
export function preloadStartFiles(root: string): StartFiles {
  const files = new Map<string, { body: Buffer; type: string }>();
  const load = (urlPath: string) => {
    const file = resolveStatic(root, urlPath);
    if (!file) return null;
    try {
      const body = readFileSync(file);
      files.set(file, { body, type: TYPES[extname(file)] ?? 'application/octet-stream' });
      return body;
    } catch {
      return null;
    }
  };
  const html = load('/');
  if (html) {
    for (const m of html.toString('utf8').matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)) load(`/${m[1]}`);
  }
  let done: () => void = () => undefined;
  const served = new Promise<void>((resolve) => (done = resolve));
  if (files.size === 0) done();
  return {
    take(file) {
      const hit = files.get(file);
      if (!hit) return null;
      files.delete(file);
      if (files.size === 0) done();
      return hit;
    },
    served,
  };
}
