// The core's client of the document-system API (api/documents.openapi.yaml),
// with the organization's SSO token (ARCHITECTURE rule 5): every request asks
// the TokenSource, a 401 renews once and retries once (withToken). Every
// answer is parsed with the API's zod schemas; the rest of the documents
// feature sees typed values and AppErrors, never a raw response.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { withToken, type TokenSource } from '../auth/token-source';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { ErrorCode } from '../../../shared/errors';
import {
  ActionRequestSchema,
  ActionResultSchema,
  ChangesPageSchema,
  CreateRequestSchema,
  DirectorySchema,
  DocumentSchema,
  ErrorBodySchema,
  MeSchema,
  type ActionRequest,
  type ApiDocument,
  type ChangesPage,
  type CreateRequest,
  type Directory,
  type ErrorBody,
  type Me,
} from './api';

export interface DocumentsClientOptions {
  /** The organization's `documents.apiUrl`, e.g. https://vanban.example.gov.vn/api/v1/ */
  apiUrl: string;
  tokens: TokenSource;
  log: Logger;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per request; a sync on a slow link must still end. */
  timeoutMs?: number;
}

/** The server refused an action: 409 carries the document as it is now. */
export type ActionOutcome =
  | { ok: true; document: ApiDocument; replayed: boolean }
  | { ok: false; code: ErrorCode; status: number; message: string; document?: ApiDocument; details?: { path: string; message: string }[] };

export interface AttachmentDownload {
  notModified: false;
  etag: string | null;
  contentType: string;
  size: number | null;
  body: Readable;
}

class Unauthorized extends Error {}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** fetch's own message is only "fetch failed"; the socket's reason is in its cause. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${(err.cause as Error & { code?: string }).code ?? err.cause.message}` : '';
  return `${err.message}${cause}`;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'documents.invalid_request',
  403: 'documents.forbidden',
  404: 'documents.not_found',
  409: 'documents.conflict',
  410: 'documents.cursor_expired',
  413: 'documents.too_large',
  415: 'documents.invalid_request',
  422: 'documents.invalid_request',
};

function codeOf(status: number, body: ErrorBody | undefined): ErrorCode {
  if (status === 409 && body?.error.code === 'duplicate') return 'documents.duplicate';
  return STATUS_CODES[status] ?? (status >= 500 ? 'documents.server_error' : 'documents.invalid_response');
}

export class DocumentsClient {
  private readonly base: URL;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: DocumentsClientOptions) {
    this.base = new URL(opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`);
    if (!/^https?:$/.test(this.base.protocol)) throw new AppError('documents.not_configured', `not an http(s) URL: ${opts.apiUrl}`);
    this.fetchImpl = opts.fetch ?? fetch;
  }

  private url(path: string, query: Record<string, string | undefined> = {}): URL {
    const u = new URL(path, this.base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, v);
    return u;
  }

  /** One request with the token; 401 renews once (withToken). Network failures become documents.unreachable. */
  private async send(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; query?: Record<string, string | undefined> } = {}): Promise<Response> {
    return withToken(
      this.opts.tokens,
      'documents',
      async (token) => {
        const method = init.method ?? 'GET';
        const attempt = () =>
          this.fetchImpl(this.url(path, init.query), {
            method,
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: 'application/json',
              ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
              ...init.headers,
            },
            body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
            signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
          });
        let res: Response;
        try {
          try {
            res = await attempt();
          } catch (err) {
            // A kept-alive connection the server closed just as this request
            // went out fails at once with no answer; a GET is safe to send once
            // more on a fresh connection, as browsers do. A timeout is not retried.
            if (method !== 'GET' || isTimeout(err)) throw err;
            this.opts.log.log('info', 'documents request failed at once, sent again', { path, error: describe(err) });
            res = await attempt();
          }
        } catch (err) {
          this.opts.log.log('warn', 'documents request failed', { path, error: describe(err) });
          throw new AppError('documents.unreachable', err instanceof Error ? err.message : String(err));
        }
        if (res.status === 401) {
          await res.body?.cancel();
          throw new Unauthorized();
        }
        return res;
      },
      (err) => err instanceof Unauthorized,
    ).catch((err: unknown) => {
      if (err instanceof Unauthorized) throw new AppError('documents.unauthorized', 'the document system refused the renewed token');
      throw err;
    });
  }

  private async json<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
    let raw: unknown;
    try {
      raw = await res.json();
    } catch {
      throw new AppError('documents.invalid_response', `${what}: the answer is not JSON (HTTP ${res.status})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new AppError('documents.invalid_response', `${what}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  private async failure(res: Response, what: string): Promise<never> {
    const body = await this.errorBody(res);
    throw new AppError(codeOf(res.status, body), `${what}: HTTP ${res.status}${body ? ` ${body.error.code}: ${body.error.message}` : ''}`, body?.error.details);
  }

  private async errorBody(res: Response): Promise<ErrorBody | undefined> {
    try {
      const parsed = ErrorBodySchema.safeParse(await res.json());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async me(): Promise<Me> {
    const res = await this.send('me');
    return res.ok ? this.json(res, MeSchema, 'me') : this.failure(res, 'me');
  }

  async directory(): Promise<Directory> {
    const res = await this.send('directory');
    return res.ok ? this.json(res, DirectorySchema, 'directory') : this.failure(res, 'directory');
  }

  /**
   * One page of the delta feed. Without a cursor: everything this person may
   * see. AppError('documents.cursor_expired') means: drop the cursor and start over.
   */
  async changes(cursor?: string, limit?: number): Promise<ChangesPage> {
    const res = await this.send('changes', { query: { cursor, limit: limit === undefined ? undefined : String(limit) } });
    return res.ok ? this.json(res, ChangesPageSchema, 'changes') : this.failure(res, 'changes');
  }

  async document(id: string): Promise<ApiDocument> {
    const res = await this.send(`documents/${encodeURIComponent(id)}`);
    return res.ok ? this.json(res, DocumentSchema, 'document') : this.failure(res, 'document');
  }

  /** Streams an attachment; with the ETag the cache holds, an unchanged file is not sent again. */
  async attachment(documentId: string, attachmentId: string, etag?: string): Promise<AttachmentDownload | { notModified: true }> {
    return this.file(`documents/${encodeURIComponent(documentId)}/attachments/${encodeURIComponent(attachmentId)}`, etag, 'attachment');
  }

  /** The original edXML package, byte for byte. */
  async originalPackage(documentId: string, etag?: string): Promise<AttachmentDownload | { notModified: true }> {
    return this.file(`documents/${encodeURIComponent(documentId)}/package`, etag, 'package');
  }

  private async file(path: string, etag: string | undefined, what: string): Promise<AttachmentDownload | { notModified: true }> {
    const res = await this.send(path, { headers: { Accept: '*/*', ...(etag ? { 'If-None-Match': etag } : {}) } });
    if (res.status === 304) return { notModified: true };
    if (!res.ok || !res.body) return this.failure(res, what);
    const length = res.headers.get('content-length');
    return {
      notModified: false,
      etag: res.headers.get('etag'),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
      size: length === null ? null : Number(length),
      body: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>),
    };
  }

  /** An action on a document; send the same actionId again after a crash or a lost answer. */
  async act(documentId: string, request: ActionRequest): Promise<ActionOutcome> {
    const body = ActionRequestSchema.parse(request);
    const res = await this.send(`documents/${encodeURIComponent(documentId)}/actions`, { method: 'POST', body });
    return this.outcome(res, 'action');
  }

  /** A new draft, or a paper document the clerk received. */
  async create(request: CreateRequest): Promise<ActionOutcome> {
    const body = CreateRequestSchema.parse(request);
    const res = await this.send('documents', { method: 'POST', body });
    return this.outcome(res, 'create');
  }

  private async outcome(res: Response, what: string): Promise<ActionOutcome> {
    if (res.ok) {
      const r = await this.json(res, ActionResultSchema, what);
      return { ok: true, document: r.document, replayed: res.headers.get('idempotent-replay') === 'true' };
    }
    if (res.status >= 500) return this.failure(res, what);
    const body = await this.errorBody(res);
    if (!body) throw new AppError('documents.invalid_response', `${what}: HTTP ${res.status} without an error body`);
    return { ok: false, code: codeOf(res.status, body), status: res.status, message: body.error.message, document: body.document, details: body.error.details };
  }
}
