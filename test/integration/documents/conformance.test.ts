// The reference service's answers against api/documents.openapi.yaml, for
// every endpoint and every error it documents.
import { describe, expect, it } from 'vitest';
import { signIn } from '../../stack/login';
import { dropIntoIntake, eventually, stack, uuid } from './helpers';
import { checkRequest, checkResponse } from './openapi';
import { incomingPackage } from './packages';

const tokens = new Map<string, string>();
async function token(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, (await signIn(stack(), username)).accessToken);
  return tokens.get(username)!;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A raw request, its answer checked against the API file at once. */
async function call(username: string | null, method: string, template: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(new URL(path, stack().services.documents.url), {
    method,
    headers: {
      ...(username ? { Authorization: `Bearer ${await token(username)}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as unknown) : text;
  const c = checkResponse(method, template, res.status, json);
  if (!c.ok) throw new Error(`${method} ${path} -> ${res.status} does not match the API file:\n${c.errors}`);
  return { status: res.status, body: json, headers: res.headers };
}

describe('the reference service follows api/documents.openapi.yaml', () => {
  it('the check itself refuses a wrong shape and an undocumented status', () => {
    expect(checkResponse('GET', '/me', 200, { username: 'x', name: 'y', role: 'boss', unit: { id: 'a', name: 'b' }, organization: { organId: '1', name: '2' } }).ok).toBe(false);
    expect(checkResponse('GET', '/me', 200, { username: 'x', name: 'y', role: 'clerk', unit: { id: 'a', name: 'b' }, organization: { organId: '1', name: '2' }, extra: 1 }).ok).toBe(false);
    expect(checkResponse('GET', '/me', 200, { username: 'x', name: 'y', role: 'clerk', unit: { id: 'a', name: 'b' }, organization: { organId: '1', name: '2' } }).ok).toBe(true);
    expect(() => checkResponse('GET', '/me', 418, {})).toThrow(/does not document/);
    expect(checkRequest('/documents/{id}/actions', { actionId: uuid(), type: 'assign', directive: 'x' }).ok).toBe(false);
  });

  it('me and directory', async () => {
    expect((await call('bao.tq', 'GET', '/me', 'me')).body).toMatchObject({ username: 'bao.tq', role: 'head', unit: { id: 'phong-cntt' } });
    const dir = (await call('anh.ntm', 'GET', '/directory', 'directory')).body as { units: { id: string; head: string | null }[]; people: { username: string }[] };
    expect(dir.units).toContainEqual({ id: 'phong-cntt', name: 'Phòng Công nghệ thông tin', head: 'bao.tq' });
    expect(dir.people.map((p) => p.username)).toEqual(stack().accounts.map((a) => a.username));
    expect((await call(null, 'GET', '/me', 'me')).status).toBe(401);
  });

  it('every page of every demo account feed, and every document in it', async () => {
    for (const who of ['dung.pt', 'cuong.lv', 'bao.tq', 'hung.dv', 'anh.ntm', 'nhung.vth', 'duc.hm']) {
      let cursor: string | undefined;
      let seen = 0;
      for (;;) {
        const r = await call(who, 'GET', '/changes', `changes?limit=${who === 'anh.ntm' ? 3 : 500}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        const page = r.body as { changes: { type: string; document?: { id: string } }[]; cursor: string; more: boolean };
        seen += page.changes.length;
        cursor = page.cursor;
        if (!page.more) break;
      }
      if (who === 'duc.hm') expect(seen).toBe(0);
      else expect(seen).toBeGreaterThan(0);
    }
    expect((await call('anh.ntm', 'GET', '/changes', 'changes?limit=0')).status).toBe(400);
    expect((await call('anh.ntm', 'GET', '/changes', 'changes?since=1')).status).toBe(400);
    expect((await call('anh.ntm', 'GET', '/changes', 'changes?cursor=OTk5LjE')).status).toBe(410);
  });

  it('documents, attachments, packages and their errors', async () => {
    const pkg = incomingPackage();
    dropIntoIntake(pkg.bytes);
    type Page = { changes: { type: string; document?: { id: string; documentId: string | null; attachments: { id: string }[] } }[]; cursor: string; more: boolean };
    let cursor = '';
    const doc = await eventually('the package', async () => {
      for (;;) {
        const page = (await call('dung.pt', 'GET', '/changes', `changes?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).body as Page;
        cursor = page.cursor;
        const hit = page.changes.find((c) => c.document?.documentId === pkg.doc.documentId)?.document;
        if (hit || !page.more) return hit;
      }
    });
    expect((await call('dung.pt', 'GET', '/documents/{id}', `documents/${doc.id}`)).status).toBe(200);
    expect((await call('anh.ntm', 'GET', '/documents/{id}', `documents/${doc.id}`)).status).toBe(404);
    expect((await call('dung.pt', 'GET', '/documents/{id}', 'documents/khong-co')).status).toBe(404);
    const att = await call('dung.pt', 'GET', '/documents/{id}/attachments/{attachmentId}', `documents/${doc.id}/attachments/${doc.attachments[0]!.id}`);
    expect(att.status).toBe(200);
    expect(att.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(att.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect((await call('dung.pt', 'GET', '/documents/{id}/attachments/{attachmentId}', `documents/${doc.id}/attachments/${doc.attachments[0]!.id}`, undefined, { 'If-None-Match': att.headers.get('etag')! })).status).toBe(304);
    expect((await call('dung.pt', 'GET', '/documents/{id}/package', `documents/${doc.id}/package`)).body).toBe(pkg.bytes.toString('utf8'));
    expect((await call('dung.pt', 'GET', '/documents/{id}/attachments/{attachmentId}', `documents/${doc.id}/attachments/nope`)).status).toBe(404);
  });

  it('actions: results, replays, 400, 403, 409, 413, 415, 422', async () => {
    const create = {
      actionId: uuid(),
      kind: 'draft',
      typeName: 'Tờ trình',
      subject: 'Tờ trình kiểm thử hợp chuẩn API',
      notation: 'TTr-STTTT',
      attachments: [{ name: '../../Tờ trình.pdf', contentType: 'application/pdf', dataBase64: Buffer.from('%PDF-1.4 tờ trình').toString('base64') }],
    };
    expect(checkRequest('/documents', create)).toEqual({ ok: true, errors: '' });
    const made = await call('anh.ntm', 'POST', '/documents', 'documents', create);
    expect(made.status).toBe(201);
    const doc = (made.body as { document: { id: string; version: number; attachments: { name: string }[] } }).document;
    // A file name with path parts is made safe.
    expect(doc.attachments[0]!.name).toBe('Tờ trình.pdf');
    const replay = await call('anh.ntm', 'POST', '/documents', 'documents', create);
    expect([replay.status, replay.headers.get('idempotent-replay'), replay.body]).toEqual([201, 'true', made.body]);
    expect((await call('anh.ntm', 'POST', '/documents', 'documents', { ...create, subject: 'khác' })).status).toBe(422);
    expect((await call('anh.ntm', 'POST', '/documents', 'documents', { ...create, actionId: uuid(), colour: 'red' })).status).toBe(400);
    expect((await call('anh.ntm', 'POST', '/documents', 'documents', 'not json')).status).toBe(400);
    expect((await call('anh.ntm', 'POST', '/documents', 'documents', create, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await call('duc.hm', 'POST', '/documents', 'documents', { ...create, actionId: uuid() })).status).toBe(403);

    const submit = { actionId: uuid(), type: 'submit_review', to: 'bao.tq', baseVersion: doc.version };
    expect(checkRequest('/documents/{id}/actions', submit)).toEqual({ ok: true, errors: '' });
    expect((await call('anh.ntm', 'POST', '/documents/{id}/actions', `documents/${doc.id}/actions`, submit)).status).toBe(200);
    // The same step again on the old version: 409 with the document as it is now.
    const stale = await call('anh.ntm', 'POST', '/documents/{id}/actions', `documents/${doc.id}/actions`, { ...submit, actionId: uuid() });
    expect(stale.status).toBe(409);
    expect((stale.body as { document: { state: string } }).document.state).toBe('in_review');
    const forbidden = await call('anh.ntm', 'POST', '/documents/{id}/actions', `documents/${doc.id}/actions`, { actionId: uuid(), type: 'approve' });
    expect(forbidden.status).toBe(403);
    expect((await call('anh.ntm', 'POST', '/documents/{id}/actions', `documents/${doc.id}/actions`, { actionId: uuid(), type: 'fly' })).status).toBe(400);
    expect((await call('anh.ntm', 'POST', '/documents/{id}/actions', 'documents/khong-co/actions', { actionId: uuid(), type: 'comment', text: 'x' })).status).toBe(404);
    const big = { actionId: uuid(), type: 'comment', text: 'x'.repeat(31 * 1024 * 1024) };
    expect((await call('anh.ntm', 'POST', '/documents/{id}/actions', `documents/${doc.id}/actions`, big)).status).toBe(413);
  });
});
