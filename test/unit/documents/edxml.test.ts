import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocumentPackage, readPackage, readStatusPackage } from '../../../electron/core/documents/edxml/read';
import { writeDocumentPackage, writeStatusPackage } from '../../../electron/core/documents/edxml/write';
import { STATUS_CODES, statusCodeOf, urgencyOfPriority } from '../../../electron/core/documents/edxml/codes';
import { EdxmlError } from '../../../electron/core/documents/edxml/xml';
import type { EdxmlDocument } from '../../../electron/core/documents/edxml/types';

const FIX = path.resolve(__dirname, '../../fixtures/edxml');
const fixture = (name: string) => readFileSync(path.join(FIX, name));

function sample(): EdxmlDocument {
  return {
    from: { organId: '000.12.00.H41', organizationInCharge: 'UBND tỉnh Demo', organName: 'Sở Thông tin và Truyền thông', email: 'vanthu@so-demo.invalid' },
    to: [
      { organId: '000.13.00.H41', organName: 'Sở Tài chính' },
      { organId: '000.14.00.H41', organName: 'Sở Nội vụ' },
    ],
    code: { codeNumber: '07', codeNotation: 'QĐ-STTTT' },
    promulgation: { place: 'Demo', date: '2025-01-07' },
    documentType: { type: '2', typeDetail: '0', typeName: 'Quyết định' },
    subject: 'Quyết định ban hành Quy chế <an toàn> & "bảo mật" thông tin',
    content: 'Nội dung có ký tự đặc biệt: ]]> và &amp;',
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Lê Văn Cường' },
    dueDate: '2025-01-17',
    toPlaces: ['Như Điều 3', 'Lưu: VT, CNTT'],
    otherInfo: { priority: '3', typerNotation: 'NTMA', pageAmount: '3', appendixes: ['Phụ lục I', 'Phụ lục II'] },
    steeringType: '1',
    documentId: '000.12.00.H41,2025/01/07,07/QĐ-STTTT',
    responseFor: { organId: '000.00.00.H41', code: '4521/UBND-KGVX', promulgationDate: '2025-01-02', documentId: '000.00.00.H41,2025/01/02,4521/UBND-KGVX' },
    traces: [{ organId: '000.12.00.H41', timestamp: '2025-01-07T16:05:00' }],
    business: { docType: '0', paper: '0', staffInfo: { department: 'Văn phòng Sở', staff: 'Phạm Thị Dung', email: 'dung.pt@so-demo.invalid', mobile: '0900000001' } },
    signed: false,
    manifest: [{ contentId: 'cid:main', contentType: 'application/pdf', description: 'Văn bản chính', attachmentName: 'Quyết định 07.pdf' }],
    attachments: [{ contentId: 'cid:main', name: 'Quyết định 07.pdf', contentType: 'application/pdf', data: new Uint8Array([37, 80, 68, 70, 0, 255, 1]) }],
  };
}

function refusal(fn: () => unknown): EdxmlError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdxmlError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('edXML document packages', () => {
  it('round-trips every field, binary attachments included, with no warnings', () => {
    const doc = sample();
    const bytes = writeDocumentPackage(doc);
    const read = readDocumentPackage(bytes);
    expect(read.warnings).toEqual([]);
    expect(read.variant).toBe('prefixed');
    expect(read.document).toEqual(doc);
    // Written again, the bytes are the same: nothing drifts through a round trip.
    expect(writeDocumentPackage(read.document).equals(bytes)).toBe(true);
  });

  it('writes every element prefixed edXML: with the standard spellings', () => {
    const xml = writeDocumentPackage(sample()).toString('utf8');
    expect(xml).toContain('xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"');
    expect(xml).toContain('<edXML:Bussiness>');
    expect(xml).toContain('<edXML:TyperNotation>NTMA</edXML:TyperNotation>');
    expect(xml).toContain('<edXML:PromulgationDate>2025/01/07</edXML:PromulgationDate>');
    expect(xml).toContain('<edXML:Timestamp>2025/01/07 16:05:00</edXML:Timestamp>');
    expect(xml).toContain('<edXML:edXMLManifest version="1.0">');
    // Inside the envelope, no element without the prefix.
    const envelope = xml.slice(xml.indexOf('<edXML:edXMLEnvelope'), xml.indexOf('</edXML:edXMLEnvelope>'));
    expect(envelope.match(/<\/?(?!edXML:)[A-Za-z]/g)).toBeNull();
  });

  it.each(['foreign-prefixed.edxml', 'foreign-unprefixed.edxml', 'foreign-no-namespace.edxml', 'edoc-older.edxml'])('reads %s as other producers write it', (name) => {
    const read = readDocumentPackage(fixture(name));
    const d = read.document;
    expect(d.documentId).toBe('000.00.00.H41,2025/03/10,4521/UBND-KGVX');
    expect(d.from.organName).toBe('Văn phòng UBND tỉnh Demo');
    expect(d.to.map((t) => t.organId)).toEqual(['000.12.00.H41', '000.13.00.H41']);
    expect(d.code).toEqual({ codeNumber: '4521', codeNotation: 'UBND-KGVX' });
    expect(d.promulgation.date).toBe('2025-03-10');
    expect(d.dueDate).toBe('2025-03-20');
    expect(urgencyOfPriority(d.otherInfo.priority)).toBe('thuong_khan');
    expect(d.otherInfo.typerNotation).toBe('TVH');
    expect(d.otherInfo.appendixes).toEqual(['Phụ lục I: Danh mục nhiệm vụ']);
    expect(d.business?.staffInfo?.staff).toBe('Trần Văn Hải');
    expect(d.traces[0]?.timestamp).toBe('2025-03-10T15:42:07');
    expect(d.signed).toBe(true);
    // The manifest's cid:vb-4521 matches the attachment's bare vb-4521.
    expect(Buffer.from(d.attachments[0]!.data).toString()).toBe('%PDF-1.4 demo');
    // The vendor's extra element is read, not refused, and named.
    expect(read.warnings).toEqual([expect.objectContaining({ problem: 'unknown_element', element: expect.stringContaining('MessageHeader/VendorExtra') })]);
  });

  it('tells the variants apart', () => {
    expect(readDocumentPackage(fixture('foreign-unprefixed.edxml')).variant).toBe('default-namespace');
    expect(readDocumentPackage(fixture('foreign-no-namespace.edxml')).variant).toBe('no-namespace');
    expect(readDocumentPackage(fixture('edoc-older.edxml')).variant).toBe('edoc');
  });

  it('names a manifest reference whose attachment is missing', () => {
    const doc = { ...sample(), attachments: [] };
    const read = readDocumentPackage(writeDocumentPackage(doc));
    expect(read.warnings).toEqual([
      expect.objectContaining({ problem: 'missing_attachment', detail: expect.stringContaining('cid:main (Quyết định 07.pdf)') }),
    ]);
  });

  it('refuses a missing required element and names it', () => {
    const xml = writeDocumentPackage(sample()).toString().replace(/<edXML:Code>.*?<\/edXML:Code>/s, '');
    const err = refusal(() => readDocumentPackage(Buffer.from(xml)));
    expect(err.problem).toBe('missing');
    expect(err.element).toBe('edXML/edXMLEnvelope/edXMLHeader/MessageHeader/Code');
  });

  it('refuses an empty subject, a bad date and bad base64, naming each', () => {
    const base = writeDocumentPackage(sample()).toString();
    const empty = refusal(() => readDocumentPackage(Buffer.from(base.replace(/<edXML:Subject>.*?<\/edXML:Subject>/, '<edXML:Subject> </edXML:Subject>'))));
    expect([empty.problem, empty.element]).toEqual(['empty', 'edXML/edXMLEnvelope/edXMLHeader/MessageHeader/Subject']);
    const date = refusal(() => readDocumentPackage(Buffer.from(base.replace('2025/01/07</edXML:PromulgationDate>', '2025/02/30</edXML:PromulgationDate>'))));
    expect([date.problem, date.element]).toEqual(['invalid_date', 'edXML/edXMLEnvelope/edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate']);
    const b64 = refusal(() => readDocumentPackage(Buffer.from(base.replace(/<ContentTransferEncoded>[^<]*/, '<ContentTransferEncoded>@@not base64@@'))));
    expect(b64.problem).toBe('invalid_base64');
    expect(b64.element).toContain('AttachmentEncoded/Attachment/ContentTransferEncoded');
  });

  it('refuses a DOCTYPE (no entity is ever resolved), broken XML and a foreign root', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML xmlns="${'http://www.mic.gov.vn/TBT/QCVN_102_2016'}">&x;</edXML>`;
    expect(refusal(() => readPackage(Buffer.from(xxe))).problem).toBe('doctype');
    expect(refusal(() => readPackage(Buffer.from('<edXML><unclosed></edXML>'))).problem).toBe('not_xml');
    expect(refusal(() => readPackage(Buffer.from('<html xmlns="http://www.w3.org/1999/xhtml"/>'))).problem).toBe('not_edxml');
    expect(refusal(() => readPackage(Buffer.from([0xff, 0xfe, 0xff]))).problem).toBe('encoding');
  });

  it('refuses a package above the limit before parsing it', () => {
    const err = refusal(() => readPackage(writeDocumentPackage(sample()), { maxBytes: 100 }));
    expect(err.problem).toBe('too_large');
  });

  it('refuses two attachments with the same content id', () => {
    const doc = { ...sample(), attachments: [sample().attachments[0]!, { ...sample().attachments[0]!, name: 'b.pdf' }] };
    expect(refusal(() => readDocumentPackage(writeDocumentPackage(doc))).problem).toBe('duplicate');
  });
});

describe('edXML status packages', () => {
  const status = {
    responseFor: { organId: '000.00.00.H41', code: '4521/UBND-KGVX', promulgationDate: '2025-03-10', documentId: '000.00.00.H41,2025/03/10,4521/UBND-KGVX' },
    from: { organId: '000.12.00.H41', organName: 'Sở Thông tin và Truyền thông' },
    description: 'Đã tiếp nhận',
    timestamp: '2025-03-11T08:30:00',
    staffInfo: { department: 'Văn phòng Sở', staff: 'Phạm Thị Dung' },
  };

  it.each(Object.keys(STATUS_CODES))('round-trips status %s without warnings', (code) => {
    const bytes = writeStatusPackage({ ...status, statusCode: code });
    const read = readPackage(bytes);
    expect(read.kind).toBe('status');
    if (read.kind !== 'status') return;
    expect(read.status).toEqual({ ...status, statusCode: code });
    expect(read.warnings).toEqual([]);
  });

  it('maps the processing steps to their codes', () => {
    expect(['arrived', 'rejected', 'accepted', 'assigned', 'processing', 'finished', 'taken_back'].map((s) => statusCodeOf(s as never))).toEqual([
      '01', '02', '03', '04', '05', '06', '13',
    ]);
  });

  it('reads an unknown status code as it is, with a warning', () => {
    const read = readStatusPackage(fixture('status-unknown-code.edxml'));
    expect(read.status.statusCode).toBe('09');
    expect(read.warnings).toEqual([expect.objectContaining({ problem: 'unknown_status_code', element: 'Status/StatusCode' })]);
  });

  it('reads a prefixed status package inside an envelope', () => {
    const read = readPackage(fixture('status-prefixed.edxml'));
    expect(read.kind).toBe('status');
    if (read.kind === 'status') expect(read.status).toMatchObject({ statusCode: '01', timestamp: '2025-03-11T16:02:11' });
  });

  it('refuses a status without its timestamp', () => {
    const xml = writeStatusPackage({ ...status, statusCode: '03' }).toString().replace(/<edXML:Timestamp>.*?<\/edXML:Timestamp>/, '');
    const err = refusal(() => readStatusPackage(Buffer.from(xml)));
    expect([err.problem, err.element]).toEqual(['missing', 'edXMLEnvelope/edXMLHeader/Status/Timestamp']);
  });
});
