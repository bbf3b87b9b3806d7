// edXML packages as another agency's system sends them, unique per test run.
import { randomInt } from 'node:crypto';
import { documentIdOf } from '../../../electron/core/documents/edxml/codes';
import type { EdxmlDocument } from '../../../electron/core/documents/edxml/types';
import { writeDocumentPackage } from '../../../electron/core/documents/edxml/write';

export const SENDER = { organId: '000.00.00.H99', organName: 'Ủy ban nhân dân tỉnh Demo' };
export const US = { organId: '000.12.00.H99', organName: 'Sở Thông tin và Truyền thông tỉnh Demo' };

export function incomingPackage(over: Partial<EdxmlDocument> = {}): { doc: EdxmlDocument; bytes: Buffer } {
  const number = String(randomInt(10_000, 99_999));
  const date = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const doc: EdxmlDocument = {
    from: SENDER,
    to: [US],
    code: { codeNumber: number, codeNotation: 'UBND-KGVX' },
    promulgation: { place: 'Demo', date },
    documentType: { type: '1', typeName: 'Công văn' },
    subject: `V/v kiểm thử luồng văn bản đến số ${number}`,
    signer: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Nguyễn Văn Phong' },
    dueDate: new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10),
    toPlaces: [US.organName],
    otherInfo: { priority: '0', appendixes: [] },
    documentId: documentIdOf(SENDER.organId, date, number, 'UBND-KGVX'),
    traces: [{ organId: SENDER.organId, timestamp: `${date}T08:00:00` }],
    business: { docType: '0', paper: '0' },
    signed: false,
    manifest: [{ contentId: 'cid:1', contentType: 'application/pdf', attachmentName: `${number}-UBND-KGVX.pdf` }],
    attachments: [{ contentId: 'cid:1', name: `${number}-UBND-KGVX.pdf`, contentType: 'application/pdf', data: new Uint8Array(Buffer.from(`%PDF-1.4\n% văn bản ${number}\n`)) }],
    ...over,
  };
  return { doc, bytes: writeDocumentPackage(doc) };
}
