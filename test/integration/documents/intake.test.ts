// The intake folder (the national exchange platform) against the running
// service: packages as other producers write them arrive; malformed, hostile
// and oversized ones are refused with the reason; status packages about our
// own documents, unknown codes included, reach the outgoing document.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeStatusPackage } from '../../../electron/core/documents/edxml/write';
import { client, dropIntoIntake, eventually, intakeOutcome, stack, syncAll } from './helpers';
import { US, incomingPackage } from './packages';
import { readStatusPackage } from '../../../electron/core/documents/edxml/read';
import { statusFiles, uuid } from './helpers';

const FIX = new URL('../../fixtures/edxml/', import.meta.url);

describe('intake: packages from other producers', () => {
  it.each(['foreign-prefixed.edxml', 'foreign-unprefixed.edxml', 'foreign-no-namespace.edxml', 'edoc-older.edxml'])('%s arrives in the clerk queue, extras named', async (name) => {
    const clerk = await client('dung.pt');
    const { cursor } = await syncAll(clerk);
    const dropped = dropIntoIntake(readFileSync(new URL(name, FIX)));
    expect(await eventually('the intake', () => intakeOutcome(dropped))).toEqual({ state: 'processed' });
    const { docs } = await syncAll(clerk, cursor);
    const doc = [...docs.values()].find((d) => d.documentId === '000.00.00.H41,2025/03/10,4521/UBND-KGVX' && d.state === 'arrived');
    expect(doc).toMatchObject({ subject: 'V/v triển khai Kế hoạch chuyển đổi số năm 2025', urgency: 'thuong_khan', dueDate: '2025-03-20', hasPackage: true });
    expect(doc?.packageWarnings.join('\n')).toContain('MessageHeader/VendorExtra: unknown_element');
    expect(doc?.attachments.map((a) => a.name)).toEqual(['4521-UBND-KGVX.signed.pdf']);
  });

  it('refuses a malformed package, a DOCTYPE and an oversized file, with the reason beside it', async () => {
    const missing = dropIntoIntake(Buffer.from('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader/></edXMLEnvelope></edXML>'));
    expect(await eventually('the refusal', () => intakeOutcome(missing))).toEqual({ state: 'refused', reason: 'edXML/edXMLEnvelope/edXMLHeader/MessageHeader: missing: edXML/edXMLEnvelope/edXMLHeader has no MessageHeader' });
    const xxe = dropIntoIntake(Buffer.from('<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML>&x;</edXML>'));
    expect(await eventually('the refusal', () => intakeOutcome(xxe))).toMatchObject({ state: 'refused', reason: expect.stringContaining('doctype') });
    // One byte over the service's limit (20 MiB in the demo): refused before it is read.
    const name = 'qua-lon.edxml';
    const dir = stack().services.documents.intakeDir;
    writeFileSync(path.join(dir, `.${name}`), Buffer.alloc(20 * 1024 * 1024 + 1, 0x20));
    renameSync(path.join(dir, `.${name}`), path.join(dir, name));
    expect(await eventually('the refusal', () => intakeOutcome(name))).toMatchObject({ state: 'refused', reason: expect.stringContaining('too_large') });
  });

  it('puts a receiver status package, unknown code included, on our outgoing document', async () => {
    const clerk = await client('dung.pt');
    const { docs, cursor } = await syncAll(clerk);
    const sent = [...docs.values()].find((d) => d.direction === 'outgoing' && d.state === 'sent' && d.recipients.some((r) => r.kind === 'organization'));
    if (!sent?.documentId || !sent.promulgationDate) throw new Error('the seed has a document sent to another agency');
    const receiver = sent.recipients.find((r) => r.kind === 'organization')!;
    const status = (code: string, description: string, time: string) =>
      writeStatusPackage({
        responseFor: { organId: US.organId, code: `${sent.number}/${sent.notation}`, promulgationDate: sent.promulgationDate!, documentId: sent.documentId! },
        from: { organId: receiver.id, organName: receiver.name },
        statusCode: code,
        description,
        timestamp: time,
      });
    dropIntoIntake(status('03', 'Đã tiếp nhận', '2026-01-02T08:00:00'), `a-${Date.now()}.edxml`);
    dropIntoIntake(status('09', 'Mã riêng của hệ thống nhận', '2026-01-02T09:00:00'), `b-${Date.now()}.edxml`);
    const updated = await eventually('the statuses', async () => {
      const d = (await syncAll(clerk, cursor)).docs.get(sent.id);
      return d && d.statuses.filter((s) => s.direction === 'received').length >= sent.statuses.filter((s) => s.direction === 'received').length + 2 ? d : undefined;
    });
    expect(updated.statuses.slice(-2).map((s) => [s.code, s.direction, s.organization.organId])).toEqual([
      ['03', 'received', receiver.id],
      ['09', 'received', receiver.id],
    ]);
  });

  it('a revocation from the sender takes our copy back (15), or is refused once it is finished (16)', async () => {
    const [clerk, leader] = await Promise.all([client('dung.pt'), client('cuong.lv')]);
    const open = incomingPackage();
    const done = incomingPackage();
    dropIntoIntake(open.bytes);
    dropIntoIntake(done.bytes);
    const byId = async (documentId: string) => eventually(documentId, async () => [...(await syncAll(clerk)).docs.values()].find((d) => d.documentId === documentId));
    const a = await byId(open.doc.documentId);
    const b = await byId(done.doc.documentId);
    await clerk.act(b.id, { actionId: uuid(), type: 'register' });
    await leader.act(b.id, { actionId: uuid(), type: 'assign', directive: 'Lãnh đạo trực tiếp xử lý.', lead: { kind: 'person', id: 'cuong.lv' } });
    expect(await leader.act(b.id, { actionId: uuid(), type: 'finish', summary: 'Đã xong.' })).toMatchObject({ ok: true });
    const revoke = (p: typeof open) => incomingPackage({ ...p.doc, business: { docType: '1', reason: 'Thu hồi để chỉnh sửa nội dung.' } }).bytes;
    dropIntoIntake(revoke(open));
    dropIntoIntake(revoke(done));
    const last = (documentId: string) => statusFiles(documentId).map((f) => readStatusPackage(f.bytes).status.statusCode).at(-1);
    expect(await eventually('status 15', () => (last(open.doc.documentId) === '15' ? true : undefined))).toBe(true);
    expect(await eventually('status 16', () => (last(done.doc.documentId) === '16' ? true : undefined))).toBe(true);
    expect((await clerk.document(a.id)).state).toBe('taken_back');
    expect((await clerk.document(b.id)).state).toBe('finished');
  });
});
