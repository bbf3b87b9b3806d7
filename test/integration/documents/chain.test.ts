// The whole chain against the running stack: a package from the exchange
// platform is registered, assigned, re-assigned, processed and finished, with
// the edXML statuses the sender is owed; and an outgoing document from draft
// to an internal recipient's incoming queue.
import { readFileSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { readStatusPackage } from '../../../electron/core/documents/edxml/read';
import type { DocumentsClient } from '../../../electron/core/documents/client';
import { client, clients, dropIntoIntake, eventually, statusFiles, syncAll, uuid } from './helpers';
import { incomingPackage } from './packages';

async function find(c: DocumentsClient, pred: (d: ApiDocument) => boolean, what: string): Promise<ApiDocument> {
  return eventually(what, async () => [...(await syncAll(c)).docs.values()].find(pred));
}

function vnYear(): number {
  return Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4));
}

describe('incoming: exchange -> register -> assign -> re-assign -> finish', () => {
  it('runs the chain and produces statuses 01, 03, 04, 05, 06 for the sender', async () => {
    const [clerk, leader, head, coHead, specialist] = await clients('dung.pt', 'cuong.lv', 'bao.tq', 'hung.dv', 'anh.ntm');
    const pkg = incomingPackage();
    dropIntoIntake(pkg.bytes);

    const arrived = await find(clerk, (d) => d.documentId === pkg.doc.documentId, 'the package in the clerk queue');
    expect(arrived).toMatchObject({ state: 'arrived', direction: 'incoming', origin: 'exchange', hasPackage: true, number: pkg.doc.code.codeNumber, subject: pkg.doc.subject });
    // The original package, byte for byte.
    const original = await clerk.originalPackage(arrived.id);
    if (original.notModified) throw new Error('expected the package');
    expect((await buffer(original.body)).equals(pkg.bytes)).toBe(true);
    const att = await clerk.attachment(arrived.id, arrived.attachments[0]!.id);
    if (att.notModified) throw new Error('expected the file');
    expect((await buffer(att.body)).equals(Buffer.from(pkg.doc.attachments[0]!.data))).toBe(true);
    expect(await clerk.attachment(arrived.id, arrived.attachments[0]!.id, att.etag ?? undefined)).toEqual({ notModified: true });

    // Register (số đến); a replay returns the first answer; a second registration is stale.
    const registerId = uuid();
    const registered = await clerk.act(arrived.id, { actionId: registerId, type: 'register' });
    if (!registered.ok) throw new Error(registered.message);
    expect(registered.document.state).toBe('registered');
    expect(registered.document.registration).toMatchObject({ register: 'den', year: vnYear(), late: false });
    const replay = await clerk.act(arrived.id, { actionId: registerId, type: 'register' });
    expect(replay).toEqual({ ...registered, replayed: true });
    const again = await clerk.act(arrived.id, { actionId: uuid(), type: 'register' });
    expect(again).toMatchObject({ ok: false, status: 409, code: 'documents.conflict', document: { state: 'registered', version: registered.document.version } });

    // A clerk may not give the directing opinion: 403, and nothing changed.
    const wrongRole = await clerk.act(arrived.id, { actionId: uuid(), type: 'assign', directive: 'x', lead: { kind: 'unit', id: 'phong-cntt' } });
    expect(wrongRole).toMatchObject({ ok: false, status: 403, code: 'documents.forbidden' });
    expect((await clerk.document(arrived.id)).version).toBe(registered.document.version);

    const submitted = await clerk.act(arrived.id, { actionId: uuid(), type: 'submit', to: 'cuong.lv' });
    expect(submitted).toMatchObject({ ok: true, document: { state: 'submitted', submittedTo: { username: 'cuong.lv' } } });

    const deadline = new Date(Date.now() + 7 * 86400_000 + 7 * 3600_000).toISOString().slice(0, 10);
    const assigned = await leader.act(arrived.id, {
      actionId: uuid(),
      type: 'assign',
      directive: 'Giao Phòng CNTT chủ trì, Phòng BCVT phối hợp, báo cáo trước hạn.',
      lead: { kind: 'unit', id: 'phong-cntt', deadline },
      coworkers: [{ kind: 'unit', id: 'phong-bcvt', deadline }],
    });
    if (!assigned.ok) throw new Error(assigned.message);
    expect(assigned.document.state).toBe('assigned');
    expect(assigned.document.assignments.map((a) => [a.role, a.assignee.id, a.deadline])).toEqual([
      ['lead', 'phong-cntt', deadline],
      ['co', 'phong-bcvt', deadline],
    ]);
    expect(assigned.document.opinions.at(-1)).toMatchObject({ kind: 'directive', author: { username: 'cuong.lv' } });

    // The co-working unit's head sees it too; the specialist not yet.
    await find(coHead, (d) => d.id === arrived.id, 'the document with the co-working head');
    expect([...(await syncAll(specialist)).docs.keys()]).not.toContain(arrived.id);

    await find(head, (d) => d.id === arrived.id && d.state === 'assigned', 'the document with the lead head');
    const internal = new Date(Date.now() + 5 * 86400_000 + 7 * 3600_000).toISOString().slice(0, 10);
    const reassigned = await head.act(arrived.id, { actionId: uuid(), type: 'reassign', assignee: 'anh.ntm', deadline: internal, note: 'Đồng chí Anh tham mưu dự thảo trả lời.' });
    if (!reassigned.ok) throw new Error(reassigned.message);
    expect(reassigned.document.state).toBe('in_progress');
    expect(reassigned.document.assignments.at(-1)).toMatchObject({ assignee: { kind: 'person', id: 'anh.ntm' }, deadline: internal, parentId: assigned.document.assignments[0]!.id });

    const mine = await find(specialist, (d) => d.id === arrived.id, 'the document with the specialist');
    const commented = await specialist.act(arrived.id, { actionId: uuid(), type: 'comment', text: 'Đã dự thảo văn bản trả lời, xin ý kiến trưởng phòng.', baseVersion: mine.version });
    if (!commented.ok) throw new Error(commented.message);
    expect(commented.document.state).toBe('in_progress');
    expect(commented.document.opinions.at(-1)).toMatchObject({ kind: 'comment', author: { username: 'anh.ntm' } });

    // Acting on the version seen before the comment: 409 with the current document.
    const stale = await leader.act(arrived.id, { actionId: uuid(), type: 'urge', message: 'Đề nghị khẩn trương.', baseVersion: mine.version });
    expect(stale).toMatchObject({ ok: false, status: 409, document: { version: commented.document.version } });

    const finished = await specialist.act(arrived.id, { actionId: uuid(), type: 'finish', summary: 'Đã trả lời bằng văn bản.' });
    expect(finished).toMatchObject({ ok: true, document: { state: 'finished' } });

    const statuses = statusFiles(pkg.doc.documentId).map((f) => readStatusPackage(f.bytes).status);
    expect(statuses.map((s) => s.statusCode)).toEqual(['01', '03', '04', '05', '06']);
    for (const s of statuses) {
      expect(s.responseFor).toMatchObject({ documentId: pkg.doc.documentId, organId: pkg.doc.from.organId });
      expect(s.from.organId).toBe('000.12.00.H99');
    }
    if (finished.ok) expect(finished.document.statuses.map((s) => s.code)).toEqual(['01', '03', '04', '05', '06']);
  });
});

describe('outgoing: draft -> returned -> approved -> issued -> sent to an internal unit', () => {
  it('issues the next number of the year and the recipient finds it in their queue', async () => {
    const [drafter, head, leader, clerk, recipientHead] = await clients('anh.ntm', 'bao.tq', 'cuong.lv', 'dung.pt', 'hung.dv');
    const pdf = readFileSync(new URL('../../fixtures/edxml/foreign-prefixed.edxml', import.meta.url)).toString('base64');
    const created = await drafter.create({
      actionId: uuid(),
      kind: 'draft',
      typeName: 'Công văn',
      subject: `V/v phối hợp kiểm thử luồng văn bản đi ${uuid().slice(0, 8)}`,
      notation: 'STTTT-CNTT',
      recipients: [{ kind: 'unit', id: 'phong-bcvt', role: 'lead' }],
      attachments: [{ name: 'Dự thảo công văn.pdf', contentType: 'application/pdf', dataBase64: pdf }],
    });
    if (!created.ok) throw new Error(created.message);
    const id = created.document.id;
    expect(created.document).toMatchObject({ state: 'draft', direction: 'outgoing', drafter: { username: 'anh.ntm' } });

    expect(await drafter.act(id, { actionId: uuid(), type: 'submit_review', to: 'bao.tq' })).toMatchObject({ ok: true, document: { state: 'in_review' } });
    const returned = await head.act(id, { actionId: uuid(), type: 'return', comment: 'Bổ sung căn cứ pháp lý.' });
    expect(returned).toMatchObject({ ok: true, document: { state: 'returned' } });
    expect(await drafter.act(id, { actionId: uuid(), type: 'edit', content: 'Căn cứ Nghị định 30/2020/NĐ-CP...' })).toMatchObject({ ok: true, document: { state: 'returned' } });
    expect(await drafter.act(id, { actionId: uuid(), type: 'submit_review', to: 'bao.tq' })).toMatchObject({ ok: true, document: { state: 'in_review' } });
    expect(await head.act(id, { actionId: uuid(), type: 'submit_review', to: 'cuong.lv', note: 'Kính trình.' })).toMatchObject({ ok: true, document: { reviewer: { username: 'cuong.lv' } } });
    // The head forwarded it: only the reviewing leader approves.
    expect(await head.act(id, { actionId: uuid(), type: 'approve' })).toMatchObject({ ok: false, status: 403 });
    expect(await leader.act(id, { actionId: uuid(), type: 'approve' })).toMatchObject({ ok: true, document: { state: 'approved' } });

    const year = vnYear();
    const before = [...(await syncAll(clerk)).docs.values()].filter((d) => d.issue?.register === 'di' && d.issue.year === year).map((d) => d.issue!.number);
    const issued = await clerk.act(id, { actionId: uuid(), type: 'issue' });
    if (!issued.ok) throw new Error(issued.message);
    expect(issued.document.issue).toMatchObject({ register: 'di', year, number: Math.max(0, ...before) + 1 });
    expect(issued.document.documentId).toBe(`000.12.00.H99,${issued.document.promulgationDate!.replaceAll('-', '/')},${issued.document.number}/STTTT-CNTT`);

    expect(await clerk.act(id, { actionId: uuid(), type: 'send' })).toMatchObject({ ok: true, document: { state: 'sent' } });
    const copy = await find(recipientHead, (d) => d.sourceDocument === id, 'the internal copy in the recipient head queue');
    expect(copy).toMatchObject({ direction: 'incoming', origin: 'internal', state: 'assigned', documentId: issued.document.documentId, subject: issued.document.subject });
    expect(copy.assignments[0]).toMatchObject({ role: 'lead', assignee: { kind: 'unit', id: 'phong-bcvt' } });

    // Taken back (thu hồi): the original is frozen, the recipient's copy goes from their queue.
    const { cursor } = await syncAll(recipientHead);
    expect(await clerk.act(id, { actionId: uuid(), type: 'take_back', reason: 'Ban hành nhầm đối tượng.' })).toMatchObject({ ok: true, document: { state: 'taken_back' } });
    expect((await syncAll(recipientHead, cursor)).removed.has(copy.id)).toBe(true);
    expect(await drafter.act(id, { actionId: uuid(), type: 'edit', subject: 'x' })).toMatchObject({ ok: false, status: 409 });
  });
});

describe('who sees what', () => {
  it('keeps a confidential document from a staff member it was not given to, on its own register', async () => {
    const [clerk, leader, head, specialist] = await clients('dung.pt', 'cuong.lv', 'bao.tq', 'anh.ntm');
    const c = await clerk.create({
      actionId: uuid(),
      kind: 'paper',
      number: String(1000 + Math.floor(Math.random() * 8000)),
      notation: 'CAT-PA05',
      issuer: { organId: '000.20.00.H99', name: 'Công an tỉnh Demo' },
      promulgationDate: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10),
      typeName: 'Công văn',
      subject: 'V/v phối hợp bảo vệ bí mật nhà nước (kiểm thử)',
      confidentiality: 'mat',
      urgency: 'khan',
    });
    if (!c.ok) throw new Error(c.message);
    const reg = await clerk.act(c.document.id, { actionId: uuid(), type: 'register' });
    expect(reg).toMatchObject({ ok: true, document: { registration: { register: 'den-mat' }, confidentiality: 'mat', urgency: 'khan' } });
    await clerk.act(c.document.id, { actionId: uuid(), type: 'submit', to: 'cuong.lv' });
    const a = await leader.act(c.document.id, { actionId: uuid(), type: 'assign', directive: 'Đồng chí Bảo trực tiếp xử lý.', lead: { kind: 'person', id: 'bao.tq' } });
    expect(a).toMatchObject({ ok: true });

    expect((await syncAll(head)).docs.has(c.document.id)).toBe(true);
    const staffView = await syncAll(specialist);
    expect(staffView.docs.has(c.document.id)).toBe(false);
    await expect(specialist.document(c.document.id)).rejects.toMatchObject({ code: 'documents.not_found' });
    await expect(specialist.attachment(c.document.id, 'x')).rejects.toMatchObject({ code: 'documents.not_found' });
    // Nor does any confidential document reach the staff member's feed.
    expect([...staffView.docs.values()].filter((d) => d.confidentiality !== 'thuong' && !d.assignments.some((x) => x.assignee.id === 'anh.ntm'))).toEqual([]);
  });

  it('sends a removal when a re-assignment takes a document away from someone', async () => {
    const [clerk, leader, head, specialist] = await clients('dung.pt', 'cuong.lv', 'bao.tq', 'anh.ntm');
    const pkg = incomingPackage();
    dropIntoIntake(pkg.bytes);
    const doc = await find(clerk, (d) => d.documentId === pkg.doc.documentId, 'the package');
    await clerk.act(doc.id, { actionId: uuid(), type: 'register' });
    await leader.act(doc.id, { actionId: uuid(), type: 'assign', directive: 'Phòng CNTT xử lý.', lead: { kind: 'unit', id: 'phong-cntt' } });
    await head.act(doc.id, { actionId: uuid(), type: 'reassign', assignee: 'anh.ntm' });
    const seen = await syncAll(specialist);
    expect(seen.docs.has(doc.id)).toBe(true);
    await head.act(doc.id, { actionId: uuid(), type: 'reassign', assignee: 'kiemthu' });
    const after = await syncAll(specialist, seen.cursor);
    expect(after.removed.has(doc.id)).toBe(true);

    // Taken back (thu hồi) while in progress: gone from the head's queue, kept by the clerk, 13 to the sender.
    const headSeen = await syncAll(head);
    expect(await leader.act(doc.id, { actionId: uuid(), type: 'take_back', reason: 'Văn bản gửi nhầm, thu hồi.' })).toMatchObject({ ok: true, document: { state: 'taken_back' } });
    expect((await syncAll(head, headSeen.cursor)).removed.has(doc.id)).toBe(true);
    expect((await clerk.document(doc.id)).state).toBe('taken_back');
    expect(statusFiles(pkg.doc.documentId).map((f) => readStatusPackage(f.bytes).status.statusCode).at(-1)).toBe('13');
  });

  it('flags a duplicate and registers it only when the clerk confirms', async () => {
    const clerk = await client('dung.pt');
    const pkg = incomingPackage();
    dropIntoIntake(pkg.bytes);
    const first = await find(clerk, (d) => d.documentId === pkg.doc.documentId, 'the first copy');
    expect(await clerk.act(first.id, { actionId: uuid(), type: 'register' })).toMatchObject({ ok: true });
    dropIntoIntake(pkg.bytes);
    const second = await find(clerk, (d) => d.documentId === pkg.doc.documentId && d.id !== first.id, 'the second copy');
    expect(second.duplicateOf).toEqual([{ id: first.id, reason: 'document_id' }]);
    const refused = await clerk.act(second.id, { actionId: uuid(), type: 'register' });
    expect(refused).toMatchObject({ ok: false, status: 409, code: 'documents.duplicate', document: { state: 'arrived' } });
    const confirmed = await clerk.act(second.id, { actionId: uuid(), type: 'register', acknowledgeDuplicate: true });
    expect(confirmed).toMatchObject({ ok: true, document: { state: 'registered' } });
  });
});
