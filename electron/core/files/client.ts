// WebDAV with the organization's SSO token (ARCHITECTURE rule 5): every
// request asks the TokenSource, and a 401 renews once and retries once
// (withToken). PROPFIND, MKCOL, MOVE, COPY, DELETE, LOCK and UNLOCK go
// through the `webdav` package; GET and PUT are streamed with node:http here,
// file to socket and socket to file, so a file of any size never sits in
// memory, and the ETag the server answers is read from the response headers
// (which the package's putFileContents does not return).
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStat, WebDAVClient } from 'webdav';
import { z } from 'zod';
import { withToken, type TokenSource } from '../auth/token-source';
import { AppError } from '../errors';

export interface RemoteEntry {
  path: string;
  name: string;
  isDir: boolean;
  size: number;
  modified: number | null;
  mime: string | null;
  etag: string | null;
}

export interface TransferOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
}

/** The server answered 412 to a conditional write. */
export class PreconditionFailed extends Error {}

class Unauthorized extends Error {}

/** ETags compare without their weak marker: Apache gives W/"x" for about a second after a write, then "x". */
export function sameEtag(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const bare = (e: string) => e.replace(/^W\//, '').replace(/"/g, '');
  return bare(a) === bare(b);
}

/** One spelling for every ETag (the webdav package drops the quotes of PROPFIND's): W/"x" or "x". */
export function normalEtag(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const inner = raw.replace(/^W\//, '').replace(/"/g, '');
  return raw.startsWith('W/') ? `W/"${inner}"` : `"${inner}"`;
}

export function isWeak(etag: string | null): boolean {
  return etag !== null && etag.startsWith('W/');
}

const statSchema = z.object({
  filename: z.string(),
  basename: z.string(),
  type: z.enum(['file', 'directory']),
  size: z.number().optional(),
  lastmod: z.string().optional(),
  mime: z.string().optional(),
  etag: z.string().nullable().optional(),
});

function statusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const s = (err as { status?: unknown }).status ?? (err as { response?: { status?: unknown } }).response?.status;
  return typeof s === 'number' ? s : null;
}

/** An HTTP status as the feature's error: stable codes the UI explains. */
export function httpError(status: number, detail: string): Error {
  if (status === 401) return new Unauthorized(detail);
  if (status === 412) return new PreconditionFailed(detail);
  if (status === 403) return new AppError('files.forbidden', detail);
  if (status === 404 || status === 409) return new AppError('files.not_found', detail);
  if (status === 423) return new AppError('files.locked', detail);
  if (status === 507 || status === 413) return new AppError('files.full', detail);
  return new AppError('files.server_error', detail);
}

function wrap(err: unknown, what: string): Error {
  if (err instanceof AppError || err instanceof PreconditionFailed || err instanceof Unauthorized) return err;
  const status = statusOf(err);
  if (status !== null) return httpError(status, `${what}: HTTP ${status}`);
  if (err instanceof Error && err.name === 'AbortError') return err;
  const e = new AppError('files.unreachable', `${what}: ${err instanceof Error ? err.message : String(err)}`);
  (e as Error & { cause?: unknown }).cause = err;
  return e;
}

export interface FilesClientOptions {
  /** The organization's WebDAV root, ending in '/'. */
  rootUrl: string;
  tokens: TokenSource;
}

/** Counts bytes as they pass, for progress. */
function counter(onProgress?: (bytes: number) => void): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      onProgress?.(n);
      done(null, chunk);
    },
  });
}

// webdav (with its XML and HTTP dependencies) is the heaviest module the core
// would require: loaded on the first PROPFIND/MKCOL/MOVE, not at start, since a
// start from the cache talks to no server (`npm run bench today`).
let webdavLoading: Promise<typeof import('webdav')> | null = null;
function loadWebdav(): Promise<typeof import('webdav')> {
  webdavLoading ??= import('webdav');
  return webdavLoading;
}

export class FilesClient {
  private cached: { token: string; client: WebDAVClient } | null = null;
  private readonly root: URL;

  constructor(private readonly opts: FilesClientOptions) {
    this.root = new URL(opts.rootUrl.endsWith('/') ? opts.rootUrl : `${opts.rootUrl}/`);
  }

  /** The absolute URL of a path below the root, each segment encoded. */
  url(path: string, dir = false): URL {
    const enc = path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
    return new URL(enc + (dir && enc ? '/' : ''), this.root);
  }

  private async run<T>(what: string, fn: (token: string) => Promise<T>): Promise<T> {
    try {
      return await withToken(this.opts.tokens, 'files', async (token) => {
        try {
          return await fn(token);
        } catch (err) {
          throw wrap(err, what);
        }
      }, (err) => err instanceof Unauthorized);
    } catch (err) {
      if (err instanceof Unauthorized) throw new AppError('auth.reauth_required', `${what}: refused twice`);
      throw err;
    }
  }

  private async dav(token: string): Promise<WebDAVClient> {
    if (!this.cached || this.cached.token !== token) {
      const { createClient } = await loadWebdav();
      this.cached = { token, client: createClient(this.root.toString(), { headers: { Authorization: `Bearer ${token}` } }) };
    }
    return this.cached.client;
  }

  private toEntry(raw: unknown, base: string): RemoteEntry {
    const s = statSchema.parse(raw);
    const rel = s.filename.replace(/^\/+/, '').replace(/\/+$/, '');
    const path = rel.startsWith(base) ? rel : `${base}/${s.basename}`.replace(/^\/+/, '');
    const modified = s.lastmod ? Date.parse(s.lastmod) : NaN;
    return {
      path,
      name: s.basename.normalize('NFC'),
      isDir: s.type === 'directory',
      size: s.size ?? 0,
      modified: Number.isFinite(modified) ? modified : null,
      mime: s.mime ?? null,
      etag: normalEtag(s.etag),
    };
  }

  /** PROPFIND Depth 1: the folder's children, with their ETags. */
  async list(path: string): Promise<RemoteEntry[]> {
    return this.run(`list ${path}`, async (token) => {
      const items = (await (await this.dav(token)).getDirectoryContents(`/${path}/`, { details: false })) as FileStat[];
      return items.map((i) => this.toEntry(i, path)).filter((e) => e.path !== path).map((e) => ({ ...e, path: e.path.normalize('NFC') }));
    });
  }

  /** PROPFIND Depth 0; null when there is nothing at the path. */
  async stat(path: string): Promise<RemoteEntry | null> {
    return this.run(`stat ${path}`, async (token) => {
      try {
        const s = (await (await this.dav(token)).stat(`/${path}`)) as FileStat;
        const e = this.toEntry(s, path.split('/').slice(0, -1).join('/'));
        return { ...e, path };
      } catch (err) {
        if (statusOf(err) === 404) return null;
        throw err;
      }
    });
  }

  async mkdir(path: string): Promise<void> {
    await this.run(`mkdir ${path}`, async (token) => {
      try {
        await (await this.dav(token)).createDirectory(`/${path}`);
      } catch (err) {
        // 405: it exists already (a replay after a crash, or made by someone else meanwhile).
        if (statusOf(err) !== 405) throw err;
      }
    });
  }

  async move(from: string, to: string, lockToken?: string | null): Promise<void> {
    await this.run(`move ${from}`, async (token) => (await this.dav(token)).moveFile(`/${from}`, `/${to}`, { overwrite: false, ...(lockToken ? { headers: { If: `(<${lockToken}>)` } } : {}) }));
  }

  async copy(from: string, to: string): Promise<void> {
    await this.run(`copy ${from}`, async (token) => (await this.dav(token)).copyFile(`/${from}`, `/${to}`, { overwrite: false }));
  }

  /** DELETE, with If-Match for a file; 'gone' when it was not there any more. */
  async delete(path: string, ifMatch: string | null, lockToken?: string | null): Promise<'ok' | 'gone'> {
    return this.run(`delete ${path}`, async (token) => {
      try {
        const headers: Record<string, string> = {};
        if (ifMatch) headers['If-Match'] = ifMatch;
        if (lockToken) headers.If = `(<${lockToken}>)`;
        await (await this.dav(token)).deleteFile(`/${path}`, { headers });
        return 'ok' as const;
      } catch (err) {
        if (statusOf(err) === 404) return 'gone' as const;
        throw err;
      }
    });
  }

  /** An exclusive write lock; null where the server offers none. */
  async lock(path: string, timeoutSeconds = 3600): Promise<string | null> {
    return this.run(`lock ${path}`, async (token) => {
      try {
        const res = await (await this.dav(token)).lock(`/${path}`, { timeout: `Second-${timeoutSeconds}` });
        return res.token || null;
      } catch (err) {
        const s = statusOf(err);
        if (s === 405 || s === 501) return null;
        throw err;
      }
    });
  }

  async unlock(path: string, lockToken: string): Promise<void> {
    await this.run(`unlock ${path}`, async (token) => {
      try {
        // RFC 4918: Coded-URL in angle brackets (the package sends the header as given).
        await (await this.dav(token)).unlock(`/${path}`, `<${lockToken}>`);
      } catch (err) {
        // Expired or already gone: nothing is held any more.
        const s = statusOf(err);
        if (s !== 409 && s !== 412 && s !== 404) throw err;
      }
    });
  }

  /**
   * GET into `dest`: written to a part file first and renamed only when every
   * byte arrived, so a dropped download never leaves a file that looks complete.
   */
  async download(path: string, dest: string, o: TransferOptions = {}): Promise<{ etag: string | null; size: number }> {
    return this.run(`download ${path}`, async (token) => {
      const res = await this.send('GET', this.url(path), token, { signal: o.signal });
      if (res.statusCode !== 200) {
        res.resume();
        throw httpError(res.statusCode ?? 0, `GET ${path}: HTTP ${res.statusCode}`);
      }
      const part = `${dest}.part`;
      try {
        await pipeline(res, counter(o.onProgress), createWriteStream(part), { signal: o.signal });
        const expected = Number(res.headers['content-length'] ?? NaN);
        const size = statSync(part).size;
        if (Number.isFinite(expected) && size !== expected) throw new AppError('files.unreachable', `GET ${path}: ${size} of ${expected} bytes`);
        renameSync(part, dest);
        return { etag: header(res, 'etag'), size };
      } catch (err) {
        rmSync(part, { force: true });
        throw err;
      }
    });
  }

  /**
   * PUT from a file, streamed. ifMatch: the ETag the change was made on;
   * ifNoneMatch: a new file that must not replace one. Apache writes to a
   * temporary file and renames it when the body is complete, so a dropped
   * upload leaves the server's file as it was.
   */
  async upload(path: string, src: string, o: TransferOptions & { ifMatch?: string | null; createOnly?: boolean; lockToken?: string | null } = {}): Promise<{ etag: string | null }> {
    return this.run(`upload ${path}`, async (token) => {
      const size = statSync(src).size;
      const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) };
      if (o.ifMatch) headers['If-Match'] = o.ifMatch;
      if (o.createOnly) headers['If-None-Match'] = '*';
      if (o.lockToken) headers.If = `(<${o.lockToken}>)`;
      const res = await this.send('PUT', this.url(path), token, { signal: o.signal, headers, body: () => {
        const file = createReadStream(src);
        const counted = counter(o.onProgress);
        file.on('error', (err) => counted.destroy(err));
        return file.pipe(counted);
      } });
      res.resume();
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) throw httpError(status, `PUT ${path}: HTTP ${status}`);
      return { etag: header(res, 'etag') };
    });
  }

  private send(
    method: string,
    url: URL,
    token: string,
    o: { signal?: AbortSignal; headers?: Record<string, string>; body?: () => NodeJS.ReadableStream },
  ): Promise<IncomingMessage> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers: { ...o.headers, Authorization: `Bearer ${token}` }, signal: o.signal }, (res) => {
        if (res.statusCode === 401) {
          res.resume();
          reject(new Unauthorized(`${method} ${url.pathname}: 401`));
          return;
        }
        resolve(res);
      });
      req.on('error', reject);
      if (o.body) {
        const body = o.body();
        body.on('error', (err) => req.destroy(err));
        body.pipe(req);
      } else req.end();
    });
  }
}

function header(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  return typeof v === 'string' ? (name === 'etag' ? normalEtag(v) : v) : null;
}
