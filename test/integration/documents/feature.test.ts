// The Documents feature through the core against the stack's reference
// service: three people's caches (clerk, leader, specialist), each acting
// through documents.act and the outbox; offline actions replayed once; a
// stale action kept as a conflict with the server's reason; a confidential
// document that never reaches a cache it is not given to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocSummary } from '../../../shared/documents';
import { docDevice, type DocDevice } from './device';
import { client, dropIntoIntake, eventually, uuid } from './helpers';
import { incomingPackage } from './packages';
import { makeDocumentPdf } from '../../stack/documents/pdf';

const devices: DocDevice[] = [];
afterAll(() => {
  for (const d of devices) d.close();
});

async function device(username: string): Promise<DocDevice> {
  const d = await docDevice(username);
  devices.push(d);
  return d;
}

function vnDate(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

async function inBox(d: DocDevice, box: 'to_process' | 'incoming' | 'following', pred: (s: DocSummary) => boolean, what: string): Promise<DocSummary> {
  return eventually(what, async () => {
    await d.sync();
    const page = await d.call('documents.list', { box, limit: 500 });
    return page.items.find(pred);
  });
}

describe('documents through the core', () => {
  it('runs the chain: the clerk registers and submits, the leader assigns, the specialist comments and finishes', async () => {
    const [clerk, leader, specialist] = [await device('dung.pt'), await device('cuong.lv'), await device('anh.ntm')];
    const pkg = incomingPackage();
    dropIntoIntake(pkg.bytes);

    const arrived = await inBox(clerk, 'to_process', (s) => s.code === `${pkg.doc.code.codeNumber}/UBND-KGVX`, 'the package in the clerk’s To process box');
    expect(arrived).toMatchObject({ state: 'arrived', issuer: 'Ủy ban nhân dân tỉnh Demo', unread: true, subject: pkg.doc.subject });
    const overview = await clerk.call('documents.overview');
    expect(overview.me).toMatchObject({ username: 'dung.pt', role: 'clerk' });
    expect(overview.boxes.find((b) => b.box === 'to_process')!.unread).toBeGreaterThan(0);

    // The original package, byte for byte, to save.
    const exported = await clerk.call('documents.exportPackage', { id: arrived.id });
    expect(exported.name).toBe(`${pkg.doc.code.codeNumber}-UBND-KGVX.edxml`);
    expect(Buffer.from(exported.dataBase64, 'base64').equals(pkg.bytes)).toBe(true);
    const opened = await clerk.call('documents.open', { id: arrived.id });
    expect(opened.actions).toEqual(expect.arrayContaining(['register', 'reject']));
    expect(opened.unread).toBe(false);
    // Applied to the cache at once, before the server hears of it.
    const registered = await clerk.call('documents.act', { id: arrived.id, action: { type: 'register' } });
    expect(registered).toMatchObject({ state: 'registered', pending: true });
    expect((await clerk.call('documents.outbox')).map((e) => e.action.type)).toEqual(['register']);
    await clerk.call('documents.act', { id: arrived.id, action: { type: 'submit', to: 'cuong.lv' } });
    await clerk.sync();
    expect(await clerk.call('documents.outbox')).toEqual([]);
    const afterClerk = await clerk.call('documents.open', { id: arrived.id });
    expect(afterClerk).toMatchObject({ state: 'submitted', pending: false, registration: { register: 'den' } });

    const forLeader = await inBox(leader, 'to_process', (s) => s.id === arrived.id, 'the submitted document with the leader');
    expect(forLeader.state).toBe('submitted');
    expect((await leader.call('documents.open', { id: arrived.id })).actions).toContain('assign');
    const deadline = vnDate(5);
    await leader.call('documents.act', {
      id: arrived.id,
      action: { type: 'assign', directive: 'Giao đồng chí Anh chủ trì tham mưu trả lời.', lead: { kind: 'person', id: 'anh.ntm', deadline } },
    });
    await leader.sync();
    expect(await leader.call('documents.outbox')).toEqual([]);
    await inBox(leader, 'following', (s) => s.id === arrived.id, 'the assigned document in the leader’s Following box');

    const mine = await inBox(specialist, 'to_process', (s) => s.id === arrived.id, 'the document in the specialist’s To process box');
    expect(mine).toMatchObject({ deadline, state: 'assigned', due: null });
    const view = await specialist.call('documents.open', { id: arrived.id });
    expect(view.opinions.at(-1)).toMatchObject({ kind: 'directive', author: { username: 'cuong.lv' }, text: 'Giao đồng chí Anh chủ trì tham mưu trả lời.' });
    expect(view.actions).toEqual(expect.arrayContaining(['start', 'comment', 'finish']));
    // To process files are kept for reading offline.
    expect(view.files[0]).toMatchObject({ kept: true, contentType: 'application/pdf' });
    specialist.offline.on = true;
    const file = await specialist.call('documents.file', { documentId: arrived.id, attachmentId: view.files[0]!.id });
    expect(Buffer.from(file.dataBase64, 'base64').equals(Buffer.from(pkg.doc.attachments[0]!.data))).toBe(true);
    specialist.offline.on = false;

    await specialist.call('documents.act', { id: arrived.id, action: { type: 'comment', text: 'Đã dự thảo văn bản trả lời.' } });
    await specialist.call('documents.act', { id: arrived.id, action: { type: 'finish', summary: 'Đã trả lời bằng văn bản.' } });
    await specialist.sync();
    const done = await specialist.call('documents.open', { id: arrived.id });
    expect(done.state).toBe('finished');
    expect(done.trace.map((t) => t.action)).toEqual(expect.arrayContaining(['register', 'submit', 'assign', 'comment', 'finish']));
    expect(done.trace.every((t) => !t.pending)).toBe(true);

    // Search without diacritics finds it, highlighted in the text's own spelling.
    const found = await specialist.call('documents.search', { query: 'kiem thu luong van ban den' });
    const hit = found.hits.find((h) => h.doc.id === arrived.id);
    expect(hit).toBeDefined();
    expect(hit!.subject.filter((s) => s.hit).map((s) => s.text)).toEqual(['kiểm', 'thử', 'luồng', 'văn', 'bản', 'đến']);
    expect((await specialist.call('documents.search', { query: 'da du thao' })).hits.map((h) => h.doc.id)).toContain(arrived.id);
  });

  it('replays an action made offline once, when the service answers again', async () => {
    const [clerk, leader, specialist] = [await device('dung.pt'), await device('cuong.lv'), await device('anh.ntm')];
    const pkg = incomingPackage();
    dropIntoIntake(pkg.bytes);
    const doc = await inBox(clerk, 'to_process', (s) => s.code.startsWith(`${pkg.doc.code.codeNumber}/`), 'the package');
    const raw = await client('dung.pt');
    await raw.act(doc.id, { actionId: uuid(), type: 'register' });
    await raw.act(doc.id, { actionId: uuid(), type: 'submit', to: 'cuong.lv' });
    await (await client('cuong.lv')).act(doc.id, { actionId: uuid(), type: 'assign', directive: 'Đồng chí Anh xử lý.', lead: { kind: 'person', id: 'anh.ntm' } });
    await inBox(specialist, 'to_process', (s) => s.id === doc.id, 'the document with the specialist');
    void leader;

    specialist.offline.on = true;
    const text = `Ý kiến viết khi mất mạng ${uuid().slice(0, 6)}`;
    const local = await specialist.call('documents.act', { id: doc.id, action: { type: 'comment', text } });
    expect(local.opinions.at(-1)).toMatchObject({ text, pending: true });
    await expect(specialist.sync()).rejects.toMatchObject({ code: 'documents.unreachable' });
    // It waits, visibly, and is still there after the failed attempt.
    expect(await specialist.call('documents.outbox')).toMatchObject([{ action: { type: 'comment', text }, state: 'pending', error: null }]);

    specialist.offline.on = false;
    await specialist.sync();
    await specialist.sync();
    const server = await (await client('anh.ntm')).document(doc.id);
    expect(server.opinions.filter((o) => o.text === text)).toHaveLength(1);
    const view = await specialist.call('documents.open', { id: doc.id });
    expect(view.opinions.filter((o) => o.text === text)).toEqual([expect.objectContaining({ author: expect.objectContaining({ username: 'anh.ntm' }) })]);
    expect(view.opinions.some((o) => o.pending)).toBe(false);
  });

  it('keeps a stale action as a conflict with the server’s reason and state; the user retries or drops it', async () => {
    const [clerk, leader, specialist] = [await device('dung.pt'), await device('cuong.lv'), await device('anh.ntm')];
    const pkg = incomingPackage();
    dropIntoIntake(pkg.bytes);
    const doc = await inBox(clerk, 'to_process', (s) => s.code.startsWith(`${pkg.doc.code.codeNumber}/`), 'the package');
    await clerk.call('documents.act', { id: doc.id, action: { type: 'register' } });
    await clerk.call('documents.act', { id: doc.id, action: { type: 'submit', to: 'cuong.lv' } });
    await clerk.sync();
    await inBox(leader, 'to_process', (s) => s.id === doc.id, 'the submitted document');
    await leader.call('documents.act', { id: doc.id, action: { type: 'assign', directive: 'Đồng chí Anh xử lý.', lead: { kind: 'person', id: 'anh.ntm' } } });
    await leader.sync();
    await inBox(specialist, 'to_process', (s) => s.id === doc.id, 'the document with the specialist');

    // The leader's cache has this version; meanwhile the specialist finishes it.
    leader.offline.on = true;
    await leader.call('documents.act', { id: doc.id, action: { type: 'urge', message: 'Đề nghị khẩn trương hoàn thành.' } });
    await specialist.call('documents.act', { id: doc.id, action: { type: 'finish', summary: 'Đã xong.' } });
    await specialist.sync();
    leader.offline.on = false;
    await leader.feature.sync!.push();

    const [conflict] = await leader.call('documents.outbox');
    expect(conflict).toMatchObject({ documentId: doc.id, state: 'refused', action: { type: 'urge' }, error: { code: 'documents.conflict' }, currentState: 'finished' });
    expect(conflict!.error!.message.length).toBeGreaterThan(0);
    const view = await leader.call('documents.open', { id: doc.id });
    expect(view).toMatchObject({ state: 'finished', refused: true, conflicts: [{ id: conflict!.id }] });
    expect(view.opinions.some((o) => o.kind === 'urge')).toBe(false);

    // Sent again on the current version, the server still refuses (finished): kept, never lost.
    await leader.call('documents.outboxRetry', { id: conflict!.id });
    await leader.sync();
    const again = await leader.call('documents.outbox');
    expect(again).toMatchObject([{ state: 'refused', action: { type: 'urge', message: 'Đề nghị khẩn trương hoàn thành.' } }]);
    expect(await leader.call('documents.outboxDrop', { id: again[0]!.id })).toEqual({ dropped: true });
    expect(await leader.call('documents.outbox')).toEqual([]);
    expect((await leader.call('documents.open', { id: doc.id })).refused).toBe(false);
  });

  it('finds a document by the text of its PDF, read on a worker thread', async () => {
    const clerk = await device('dung.pt');
    const word = `Kiểmtrachữ${uuid().slice(0, 6)}`;
    const pdf = await makeDocumentPdf({
      parentAgency: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
      agency: 'VĂN PHÒNG',
      numberLine: 'Số: 1/UBND-VP',
      placeDate: 'Demo, ngày 07 tháng 12 năm 2026',
      typeName: 'CÔNG VĂN',
      subject: 'Văn bản có nội dung trong tệp',
      paragraphs: [`Nội dung chỉ có trong tệp đính kèm: ${word} về đường truyền số liệu chuyên dùng.`],
      signer: { competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Nguyễn Văn Phong' },
      recipients: ['Lưu: VT.'],
      createdAt: new Date(),
    });
    const base = incomingPackage();
    const pkg = incomingPackage({ attachments: [{ ...base.doc.attachments[0]!, data: new Uint8Array(pdf) }] });
    dropIntoIntake(pkg.bytes);
    const doc = await inBox(clerk, 'to_process', (s) => s.code.startsWith(`${pkg.doc.code.codeNumber}/`), 'the package');
    // Typed without diacritics, a phrase of the file's text.
    // The text is read on a worker after the file arrives: on a loaded machine that takes a while.
    const hit = await eventually(
      'the PDF text in the index',
      async () => {
        const r = await clerk.call('documents.search', { query: 'duong truyen so lieu chuyen dung' });
        return r.hits.find((h) => h.doc.id === doc.id);
      },
      45_000,
    );
    expect(hit.snippet.filter((s) => s.hit).map((s) => s.text)).toEqual(expect.arrayContaining(['đường', 'truyền', 'số', 'liệu', 'chuyên', 'dùng']));
    expect((await clerk.call('documents.search', { query: word.toLowerCase() })).hits.map((h) => h.doc.id)).toEqual([doc.id]);
  }, 90_000);

  it('never brings a confidential document into a cache it is not given to', async () => {
    const raw = await client('dung.pt');
    const subject = `V/v bảo vệ bí mật nhà nước ${uuid().slice(0, 8)}`;
    const c = await raw.create({
      actionId: uuid(),
      kind: 'paper',
      number: String(1000 + Math.floor(Math.random() * 8000)),
      notation: 'CAT-PA05',
      issuer: { organId: '000.20.00.H99', name: 'Công an tỉnh Demo' },
      promulgationDate: vnDate(0),
      typeName: 'Công văn',
      subject,
      confidentiality: 'mat',
      urgency: 'thuong_khan',
    });
    if (!c.ok) throw new Error(c.message);
    await raw.act(c.document.id, { actionId: uuid(), type: 'register' });
    await raw.act(c.document.id, { actionId: uuid(), type: 'submit', to: 'cuong.lv' });
    await (await client('cuong.lv')).act(c.document.id, { actionId: uuid(), type: 'assign', directive: 'Đồng chí Bảo trực tiếp xử lý.', lead: { kind: 'person', id: 'bao.tq' } });

    const [head, specialist] = [await device('bao.tq'), await device('anh.ntm')];
    const given = await inBox(head, 'to_process', (s) => s.id === c.document.id, 'the confidential document with the head');
    expect(given).toMatchObject({ confidentiality: 'mat', urgency: 'thuong_khan' });
    await specialist.sync();
    await expect(specialist.call('documents.open', { id: c.document.id })).rejects.toMatchObject({ code: 'documents.not_found' });
    expect((await specialist.call('documents.search', { query: subject })).hits).toEqual([]);
    // Not a byte of it in the specialist's cache files.
    specialist.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(specialist.dir, 'account.db'));
    expect(bytes.includes(Buffer.from(c.document.id))).toBe(false);
    expect(bytes.includes(Buffer.from(subject))).toBe(false);
  });
});
