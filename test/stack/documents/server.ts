/**
 * The document-system API over HTTP (api/documents.openapi.yaml), on
 * node:http. Every request's bearer token is introspected at the identity
 * provider; only active access tokens of the desktop app are accepted, and
 * the person's role and unit come from the token's claims.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { ActionRequestSchema, CreateRequestSchema, type ApiDocument, type ErrorBody } from '../../../electron/core/documents/api.ts';
import { writeAtomic, type Blobs } from './blobs.ts';
import type { ServiceConfig } from './config.ts';
import { DomainError, applyAction, create, importPackage, type Ctx } from './domain.ts';
import { AGENCY, ClaimsSchema, directory, findPerson, personFromClaims, type Person } from './org.ts';
import type { Store } from './store.ts';

const BASE = '/api/v1';

export interface ServerDeps {
  cfg: ServiceConfig;
  store: Store;
  blobs: Blobs;
  now: () => Date;
  log: (line: string) => void;
  fetch?: typeof fetch;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error.message);
  }
}

function fail(status: number, code: ErrorBody['error']['code'], message: string, extra: Partial<ErrorBody> = {}, headers: Record<string, string> = {}): never {
  throw new HttpError(status, { error: { code, message, ...(extra.error?.details ? { details: extra.error.details } : {}) }, ...(extra.document ? { document: extra.document } : {}) }, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

const IntrospectionSchema = z.object({ active: z.boolean() }).passthrough();

async function authenticate(req: IncomingMessage, deps: ServerDeps): Promise<Person> {
  const challenge = { 'WWW-Authenticate': 'Bearer realm="govdesk-documents", error="invalid_token"' };
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
  if (!m) fail(401, 'unauthorized', 'a bearer access token is required', {}, { 'WWW-Authenticate': 'Bearer realm="govdesk-documents"' });
  const basic = Buffer.from(`${encodeURIComponent(deps.cfg.clientId)}:${encodeURIComponent(deps.cfg.clientSecret)}`).toString('base64');
  let answer: unknown;
  try {
    const r = await (deps.fetch ?? fetch)(deps.cfg.introspectionEndpoint, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ token: m[1]!, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(5000),
    });
    // The provider answers 400 for something that is not a token of its own (an ID token, a JWT): not active.
    if (r.status === 400) answer = { active: false };
    else if (!r.ok) throw new Error(`introspection answered ${r.status}`);
    else answer = await r.json();
  } catch (err) {
    deps.log(`introspection failed: ${err instanceof Error ? err.message : String(err)}`);
    fail(503, 'internal', 'the identity provider cannot be reached to check the token');
  }
  const basicAnswer = IntrospectionSchema.safeParse(answer);
  if (!basicAnswer.success || !basicAnswer.data.active) fail(401, 'unauthorized', 'the token is not active', {}, challenge);
  const claims = ClaimsSchema.safeParse(answer);
  if (!claims.success) fail(401, 'unauthorized', 'the token carries no user claims', {}, challenge);
  // Refresh tokens introspect without token_type, ID tokens not at all: only an access token of the desktop app passes.
  if (claims.data.token_type?.toLowerCase() !== 'bearer') fail(401, 'unauthorized', 'only access tokens are accepted', {}, challenge);
  if (!deps.cfg.allowedClients.includes(claims.data.client_id)) fail(401, 'unauthorized', 'the token was not issued to the desktop app', {}, challenge);
  const person = personFromClaims(claims.data);
  const known = findPerson(person.username);
  return known ? { ...person, email: known.email, title: known.title } : person;
}

async function readJson(req: IncomingMessage, max: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') fail(415, 'invalid_request', 'the body must be application/json');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    fail(413, 'too_large', `the body is ${declared} bytes, the limit is ${max}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) {
      req.destroy();
      fail(413, 'too_large', `the body is larger than ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    fail(400, 'invalid_request', 'the body is not JSON');
  }
}

function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({
    path: i.path.join('/'),
    message: i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}` : i.message,
  }));
  fail(400, 'invalid_request', details.map((d) => `${d.path || '(body)'}: ${d.message}`).join('; '), { error: { code: 'invalid_request', message: '', details } });
}

function encodeCursor(epoch: number, seq: number): string {
  return Buffer.from(`${epoch}.${seq}`).toString('base64url');
}

function decodeCursor(raw: string, epoch: number): number {
  const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) fail(400, 'invalid_request', 'not a cursor of this service');
  if (Number(m[1]) !== epoch) fail(410, 'cursor_expired', 'the service was re-seeded: sync again from the start (no cursor)');
  return Number(m[2]);
}

function onlyParams(url: URL, allowed: string[]): void {
  for (const k of url.searchParams.keys()) if (!allowed.includes(k)) fail(400, 'invalid_request', `unknown query parameter: ${k}`);
}

function contentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: string, sha: string, size: number, contentType: string, disposition: string): void {
  const etag = `"${sha}"`;
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').map((s) => s.trim().replace(/^W\//, '')).includes(etag)) {
    res.writeHead(304, { ETag: etag });
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size, ETag: etag, 'Content-Disposition': disposition, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

export function createDocumentsServer(deps: ServerDeps): http.Server {
  const { store, blobs, cfg } = deps;
  const makeCtx = (): Ctx => ({ store, blobs, now: deps.now, newId: randomUUID, out: [] });

  function visibleDoc(id: string, who: Person): ApiDocument {
    const doc = store.get(id);
    // Not visible reads as not there: a confidential document's existence is not told.
    if (!doc || !store.visibleTo(id, who.username)) fail(404, 'not_found', 'no such document');
    return doc;
  }

  /** Idempotent by action id: the first answer is kept and returned to every replay. */
  function idempotent(res: ServerResponse, who: Person, actionId: string, rawBody: unknown, run: (ctx: Ctx) => ApiDocument, status: number): void {
    const hash = createHash('sha256').update(JSON.stringify(rawBody)).digest('hex');
    const prior = store.action(actionId);
    if (prior) {
      if (prior.username !== who.username || prior.requestHash !== hash) fail(422, 'action_id_reused', 'this action id was used for another request');
      res.setHeader('Idempotent-Replay', 'true');
      sendJson(res, prior.status, JSON.parse(prior.response));
      return;
    }
    const ctx = makeCtx();
    let answer: { status: number; body: unknown };
    try {
      const doc = store.tx(() => {
        const d = run(ctx);
        store.recordAction(actionId, { username: who.username, requestHash: hash, status, response: JSON.stringify({ actionId, document: d }) }, new Date().toISOString());
        return d;
      });
      answer = { status, body: { actionId, document: doc } };
      for (const f of ctx.out) writeAtomic(path.join(cfg.exchangeOutDir, f.name), f.bytes);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) }, ...(err.document ? { document: err.document } : {}) };
      answer = { status: err.status, body };
      // A refusal is an answer too: a replay gets it again rather than a second attempt.
      if (err.status !== 400) store.tx(() => store.recordAction(actionId, { username: who.username, requestHash: hash, status: err.status, response: JSON.stringify(body) }, new Date().toISOString()));
    }
    sendJson(res, answer.status, answer.body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${cfg.host}`);
    if (!url.pathname.startsWith(`${BASE}/`)) fail(404, 'not_found', 'no such endpoint');
    const parts = url.pathname.slice(BASE.length + 1).split('/').map(decodeURIComponent);
    const who = await authenticate(req, deps);
    const method = req.method ?? 'GET';
    const is = (m: string, n: number) => (method === m || (m === 'GET' && method === 'HEAD')) && parts.length === n;

    if (is('GET', 1) && parts[0] === 'me') {
      onlyParams(url, []);
      return sendJson(res, 200, { username: who.username, name: who.name, role: who.role, unit: who.unit, organization: { organId: AGENCY.organId, name: AGENCY.name } });
    }
    if (is('GET', 1) && parts[0] === 'directory') {
      onlyParams(url, []);
      return sendJson(res, 200, directory());
    }
    if (is('GET', 1) && parts[0] === 'changes') {
      onlyParams(url, ['cursor', 'limit']);
      const limitRaw = url.searchParams.get('limit');
      const limit = limitRaw === null ? 200 : Number(limitRaw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) fail(400, 'invalid_request', 'limit must be 1-1000');
      const page = store.db
        .transaction(() => {
          const cursorRaw = url.searchParams.get('cursor');
          const after = cursorRaw ? decodeCursor(cursorRaw, store.epoch) : 0;
          const rows = store.feed(who.username, after, limit + 1);
          const more = rows.length > limit;
          const taken = rows.slice(0, limit);
          const changes = taken.map((r) => {
            const doc = r.visible ? store.get(r.docId) : undefined;
            return doc ? { type: 'document' as const, document: doc } : { type: 'removed' as const, id: r.docId };
          });
          return { changes, cursor: encodeCursor(store.epoch, taken.at(-1)?.seq ?? after), more };
        })
        .deferred();
      return sendJson(res, 200, page);
    }
    if (parts[0] === 'documents') {
      if (method === 'POST' && parts.length === 1) {
        onlyParams(url, []);
        const raw = await readJson(req, cfg.maxBodyBytes);
        const body = parseBody(CreateRequestSchema, raw);
        return idempotent(res, who, body.actionId, raw, (ctx) => (body.kind === 'package' ? importPackage(ctx, who, body, cfg.maxPackageBytes) : create(ctx, who, body)), 201);
      }
      const id = parts[1] ?? '';
      if (method === 'POST' && parts.length === 3 && parts[2] === 'actions') {
        onlyParams(url, []);
        const raw = await readJson(req, cfg.maxBodyBytes);
        const body = parseBody(ActionRequestSchema, raw);
        return idempotent(res, who, body.actionId, raw, (ctx) => applyAction(ctx, who, id, body), 200);
      }
      if (is('GET', 2)) {
        onlyParams(url, []);
        return sendJson(res, 200, visibleDoc(id, who));
      }
      if (is('GET', 3) && parts[2] === 'package') {
        onlyParams(url, []);
        const doc = visibleDoc(id, who);
        const sha = store.packageSha(id);
        if (!sha) fail(404, 'not_found', 'this document did not come as an edXML package');
        const name = `${(doc.documentId ?? doc.id).replace(/[^A-Za-z0-9.-]+/g, '_')}.edxml`;
        return serveFile(req, res, blobs.pathOf(sha), sha, blobs.size(sha), 'application/xml', contentDisposition(name));
      }
      if (is('GET', 4) && parts[2] === 'attachments') {
        onlyParams(url, []);
        const doc = visibleDoc(id, who);
        const att = doc.attachments.find((a) => a.id === parts[3]);
        if (!att) fail(404, 'not_found', 'no such attachment');
        return serveFile(req, res, blobs.pathOf(att.sha256), att.sha256, att.size, att.contentType, contentDisposition(att.name));
      }
    }
    fail(404, 'not_found', 'no such endpoint');
  }

  return http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendJson(res, err.status, err.body, err.headers);
        return;
      }
      deps.log(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    });
  });
}
