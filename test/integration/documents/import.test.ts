// The clerk registers an .edxml file through the core (issue 15, point 5):
// checked with the edXML reader, kept in the documents outbox with its action
// id while the service cannot be reached, then received and registered (số
// đến) by the reference service; one package is one document however often
// it is imported; refusals keep the server's reason and lose nothing. Beside
// it, the document's status packages exported from the cache and a file that
// is not a PDF handed to the system's application.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readStatusPackage } from '../../../electron/core/documents/edxml/read';
import { writeStatusPackage } from '../../../electron/core/documents/edxml/write';
import type { DocSummary } from '../../../shared/documents';
import { docDevice, type DocDevice } from './device';
import { eventually, stack, uuid } from './helpers';
import { checkResponse } from './openapi';
import { incomingPackage } from './packages';
import { signIn } from '../../stack/login';

const devices: DocDevice[] = [];
afterAll(() => {
  for (const d of devices) d.close();
});

async function device(username: string, opts: Parameters<typeof docDevice>[1] = {}): Promise<DocDevice> {
  const d = await docDevice(username, opts);
  devices.push(d);
  return d;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

async function incoming(d: DocDevice, pred: (s: DocSummary) => boolean, what: string): Promise<DocSummary> {
  return eventually(what, async () => {
    await d.sync();
    return (await d.call('documents.list', { box: 'incoming', limit: 500 })).items.find(pred);
  });
}

/** POST /documents as the app sends it, the answer checked against the API file. */
async function post(username: string, body: unknown): Promise<{ status: number; body: { error?: { code: string; message: string }; document?: { id: string } } }> {
  const token = (await signIn(stack(), username)).accessToken;
  const res = await fetch(new URL('documents', stack().services.documents.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { code: string; message: string }; document?: { id: string } };
  const c = checkResponse('POST', '/documents', res.status, json);
  if (!c.ok) throw new Error(`POST /documents -> ${res.status} does not match the API file:\n${c.errors}`);
  return { status: res.status, body: json };
}

describe('the clerk registers an imported package', () => {
  it('waits in the outbox offline, is registered once when back, and a second import names the document', async () => {
    const clerk = await device('dung.pt');
    await clerk.sync();
    const pkg = incomingPackage();
    const code = `${pkg.doc.code.codeNumber}/UBND-KGVX`;

    clerk.offline.on = true;
    const queued = await clerk.call('documents.registerPackage', { name: 'cong-van.edxml', dataBase64: b64(pkg.bytes), note: 'Nhận qua thư điện tử' });
    expect(queued.kind).toBe('queued');
    const waiting = await clerk.call('documents.outbox');
    expect(waiting).toEqual([expect.objectContaining({ action: { type: 'register', note: 'Nhận qua thư điện tử' }, code, subject: pkg.doc.subject, package: { name: 'cong-van.edxml' }, state: 'pending' })]);
    expect((await clerk.call('documents.overview')).waiting).toBe(1);
    await expect(clerk.sync()).rejects.toMatchObject({ code: 'documents.unreachable' });
    // Still there after the failed attempt, and a second import while it waits is not a second entry.
    expect(await clerk.call('documents.outbox')).toHaveLength(1);
    expect(await clerk.call('documents.registerPackage', { name: 'again.edxml', dataBase64: b64(pkg.bytes) })).toEqual({ kind: 'duplicate', documentId: pkg.doc.documentId, held: null, waitingId: queued.kind === 'queued' ? queued.actionId : '' });

    clerk.offline.on = false;
    await clerk.sync();
    expect(await clerk.call('documents.outbox')).toEqual([]);
    const got = await incoming(clerk, (s) => s.code === code, 'the imported document in Incoming');
    const doc = await clerk.call('documents.open', { id: got.id });
    expect(doc).toMatchObject({ state: 'registered', hasPackage: true, documentId: pkg.doc.documentId, subject: pkg.doc.subject, registration: { register: 'den' } });
    expect(doc.registration!.number).toBeGreaterThan(0);
    expect(doc.trace.map((t) => t.action)).toEqual(['import_package', 'register']);
    expect(doc.trace[1]).toMatchObject({ actor: { username: 'dung.pt' }, note: 'Nhận qua thư điện tử' });
    // The original package is kept byte for byte.
    expect(Buffer.from((await clerk.call('documents.exportPackage', { id: got.id })).dataBase64, 'base64').equals(pkg.bytes)).toBe(true);

    // The same package again: nothing queued, the held document named with its incoming number.
    const again = await clerk.call('documents.registerPackage', { name: 'again.edxml', dataBase64: b64(pkg.bytes) });
    expect(again).toEqual({
      kind: 'duplicate',
      documentId: pkg.doc.documentId,
      held: { id: got.id, code, subject: pkg.doc.subject, issuer: pkg.doc.from.organName, registrationNumber: doc.registration!.number, state: 'registered' },
      waitingId: null,
    });
    expect(await clerk.call('documents.outbox')).toEqual([]);

    // The service itself: a replay of the same request answers the same document; a new import of the package is refused naming it.
    const first = await post('dung.pt', { actionId: uuid(), kind: 'package', packageBase64: b64(pkg.bytes) });
    expect(first.status).toBe(409);
    expect(first.body.error).toMatchObject({ code: 'duplicate' });
    expect(first.body.error!.message).toContain(code);
    expect(first.body.error!.message).toContain(`số đến ${doc.registration!.number}`);
    expect(first.body.document?.id).toBe(got.id);
  });

  it('keeps a package the service refuses as a duplicate, with its reason, until the clerk drops it', async () => {
    const [a, b] = [await device('dung.pt'), await device('dung.pt')];
    await a.sync();
    await b.sync();
    const pkg = incomingPackage();
    // B queues it offline; A registers the same package first.
    b.offline.on = true;
    expect((await b.call('documents.registerPackage', { name: 'b.edxml', dataBase64: b64(pkg.bytes) })).kind).toBe('queued');
    expect((await a.call('documents.registerPackage', { name: 'a.edxml', dataBase64: b64(pkg.bytes) })).kind).toBe('queued');
    await a.sync();
    expect(await a.call('documents.outbox')).toEqual([]);

    b.offline.on = false;
    await b.sync();
    const [refused] = await b.call('documents.outbox');
    expect(refused).toMatchObject({ state: 'refused', package: { name: 'b.edxml' }, error: { code: 'documents.duplicate' } });
    expect(refused!.error!.message).toContain(`${pkg.doc.code.codeNumber}/UBND-KGVX`);
    // The document that holds it reached B's cache too; the entry stays until B decides.
    await incoming(b, (s) => s.code === `${pkg.doc.code.codeNumber}/UBND-KGVX`, 'the held document in B’s Incoming');
    await b.sync();
    expect((await b.call('documents.outbox')).map((e) => e.state)).toEqual(['refused']);
    // Sent again (a new action id, the same bytes): refused again for the same reason, still kept.
    await b.call('documents.outboxRetry', { id: refused!.id });
    await b.sync();
    const [again] = await b.call('documents.outbox');
    expect(again).toMatchObject({ state: 'refused', package: { name: 'b.edxml' }, error: { code: 'documents.duplicate' } });
    expect(again!.id).not.toBe(refused!.id);
    expect(b.ctx.db.prepare('SELECT count(*) FROM doc_imports').pluck().get()).toBe(1);
    expect(await b.call('documents.outboxDrop', { id: again!.id })).toEqual({ dropped: true });
    expect(await b.call('documents.outbox')).toEqual([]);
    // Its bytes went with it.
    expect(b.ctx.db.prepare('SELECT count(*) FROM doc_imports').pluck().get()).toBe(0);
  });

  it('registers a different package with the number of a registered one only when the clerk confirms it', async () => {
    const clerk = await device('dung.pt');
    await clerk.sync();
    const first = incomingPackage();
    const code = `${first.doc.code.codeNumber}/UBND-KGVX`;
    // The sender's system sent the same number again with another identifier (another date).
    const second = incomingPackage({ code: first.doc.code, documentId: `${first.doc.documentId}-2`, subject: `${first.doc.subject} (gửi lại)` });
    await clerk.call('documents.registerPackage', { name: 'first.edxml', dataBase64: b64(first.bytes) });
    await clerk.sync();
    await clerk.call('documents.registerPackage', { name: 'second.edxml', dataBase64: b64(second.bytes) });
    await clerk.sync();
    const [refused] = await clerk.call('documents.outbox');
    expect(refused).toMatchObject({ state: 'refused', error: { code: 'documents.duplicate' }, package: { name: 'second.edxml' } });
    expect(refused!.error!.message).toContain(code);
    // The clerk checked: it is another document. Confirmed, it is registered.
    await clerk.call('documents.outboxChange', { id: refused!.id, action: { type: 'register', acknowledgeDuplicate: true } });
    await clerk.sync();
    expect(await clerk.call('documents.outbox')).toEqual([]);
    const both = (await clerk.call('documents.list', { box: 'incoming', limit: 500 })).items.filter((s) => s.code === code);
    expect(both.map((d) => d.state)).toEqual(['registered', 'registered']);
    await expect(clerk.call('documents.outboxChange', { id: refused!.id, action: { type: 'comment', text: 'x' } })).rejects.toMatchObject({ code: 'documents.not_found' });
  });

  it('refuses a malformed package and a status package at once, and anyone but the clerk, here and at the service', async () => {
    const clerk = await device('dung.pt');
    const leader = await device('cuong.lv');
    await clerk.sync();
    await leader.sync();
    const pkg = incomingPackage();
    await expect(leader.call('documents.registerPackage', { name: 'x.edxml', dataBase64: b64(pkg.bytes) })).rejects.toMatchObject({ code: 'documents.forbidden' });
    const malformed = Buffer.from('<?xml version="1.0"?><!DOCTYPE x><x/>');
    await expect(clerk.call('documents.registerPackage', { name: 'hong.edxml', dataBase64: b64(malformed) })).rejects.toMatchObject({ code: 'documents.invalid_package', message: expect.stringContaining('doctype') });
    const status = writeStatusPackage({
      responseFor: { organId: pkg.doc.from.organId, code: '1/X', promulgationDate: pkg.doc.promulgation.date, documentId: pkg.doc.documentId },
      from: pkg.doc.from,
      statusCode: '03',
      timestamp: `${pkg.doc.promulgation.date}T09:00:00`,
    });
    await expect(clerk.call('documents.registerPackage', { name: 'status.edxml', dataBase64: b64(status) })).rejects.toMatchObject({ code: 'documents.invalid_package' });
    expect(await clerk.call('documents.outbox')).toEqual([]);

    const byLeader = await post('cuong.lv', { actionId: uuid(), kind: 'package', packageBase64: b64(pkg.bytes) });
    expect(byLeader).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const bad = await post('dung.pt', { actionId: uuid(), kind: 'package', packageBase64: b64(malformed) });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(bad.body.error!.message).toContain('doctype');
    // Nothing was made by the refusals: the package still imports.
    const ok = await post('dung.pt', { actionId: uuid(), kind: 'package', packageBase64: b64(pkg.bytes) });
    expect(ok.status).toBe(201);
  });

  it('exports the statuses the service recorded as status packages, and hands a non-PDF file to the system', async () => {
    const opened: string[] = [];
    const clerk = await device('dung.pt', { openPath: async (p) => void opened.push(p) });
    await clerk.sync();
    const docx = new Uint8Array(Buffer.from('PK\u0003\u0004 báo cáo kèm theo'));
    const pkg = incomingPackage({
      manifest: [{ contentId: 'cid:1', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', attachmentName: 'Phụ lục.docx' }],
      attachments: [{ contentId: 'cid:1', name: 'Phụ lục.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: docx }],
    });
    expect((await clerk.call('documents.registerPackage', { name: 'p.edxml', dataBase64: b64(pkg.bytes) })).kind).toBe('queued');
    await clerk.sync();
    const got = await incoming(clerk, (s) => s.code === `${pkg.doc.code.codeNumber}/UBND-KGVX`, 'the imported document');
    const doc = await clerk.call('documents.open', { id: got.id });
    expect(doc.statuses.map((s) => s.code)).toEqual(['01', '03']);
    const file = await clerk.call('documents.exportStatus', { id: got.id, index: 1 });
    expect(file.name).toMatch(/status-02-03\.edxml$/);
    const status = readStatusPackage(Buffer.from(file.dataBase64, 'base64')).status;
    expect(status).toMatchObject({ statusCode: '03', responseFor: { documentId: pkg.doc.documentId }, from: { organName: 'Sở Thông tin và Truyền thông tỉnh Demo' }, staffInfo: { staff: 'Phạm Thị Dung' } });
    expect(status.description).toContain(`số đến ${doc.registration!.number}`);
    await expect(clerk.call('documents.exportStatus', { id: got.id, index: 2 })).rejects.toMatchObject({ code: 'documents.not_found' });

    const att = doc.files[0]!;
    const result = await clerk.call('documents.openFile', { documentId: got.id, attachmentId: att.id });
    expect(result.name).toBe('Phụ lục.docx');
    expect(opened).toEqual([result.localPath]);
    expect(readFileSync(result.localPath).equals(Buffer.from(docx))).toBe(true);
    expect(result.localPath.startsWith(clerk.dir)).toBe(true);
    // Kept in the cache: it opens again with no network.
    expect((await clerk.call('documents.open', { id: got.id })).files[0]!.kept).toBe(true);
    clerk.offline.on = true;
    await clerk.call('documents.openFile', { documentId: got.id, attachmentId: att.id });
    expect(opened).toHaveLength(2);
    clerk.offline.on = false;

    // An opener that fails is said as such, the copy stays.
    const failing = await device('dung.pt', { openPath: async () => Promise.reject(new Error('no application for this type')) });
    await failing.sync();
    await expect(failing.call('documents.openFile', { documentId: got.id, attachmentId: att.id })).rejects.toMatchObject({ code: 'documents.open_failed' });
  });
});
