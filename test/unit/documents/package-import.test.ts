// Opening or dropping an .edxml file: the call's bytes are checked at the
// boundary, the package read in the core and shown as read, or refused with
// the reader's reason.
import { describe, expect, it } from 'vitest';
import { writeDocumentPackage, writeStatusPackage } from '../../../electron/core/documents/edxml/write';
import type { EdxmlDocument } from '../../../electron/core/documents/edxml/types';
import { previewPackage } from '../../../electron/core/documents/import';
import { calls } from '../../../shared/api';
import { EDXML_IMPORT_MAX_BYTES } from '../../../shared/documents-import';

function pkg(overrides: Partial<EdxmlDocument> = {}): EdxmlDocument {
  return {
    from: { organId: '000.12.00.H41', organName: 'Sở Thông tin và Truyền thông' },
    to: [{ organId: '000.13.00.H41', organName: 'Sở Tài chính' }],
    code: { codeNumber: '125', codeNotation: 'STTTT-CĐS' },
    promulgation: { place: 'Demo', date: '2026-12-01' },
    documentType: { type: '1', typeName: 'Công văn' },
    subject: 'V/v triển khai nền tảng số',
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Lê Văn Cường' },
    dueDate: '2026-12-15',
    toPlaces: [],
    otherInfo: { priority: '2', appendixes: [] },
    documentId: '000.12.00.H41,2026/12/01,125/STTTT-CĐS',
    traces: [],
    signed: false,
    manifest: [{ contentId: 'cid:main', contentType: 'application/pdf', attachmentName: '../../Công văn 125.pdf' }],
    attachments: [{ contentId: 'cid:main', name: '../../Công văn 125.pdf', contentType: 'application/pdf', data: new Uint8Array(1234) }],
    ...overrides,
  };
}

const params = calls['documents.readPackage'].params;

describe('reading an .edxml file the user opened', () => {
  it('shows the package’s fields and its attachments’ safe names and sizes', () => {
    const p = previewPackage('cv125.edxml', new Uint8Array(writeDocumentPackage(pkg())));
    expect(p).toMatchObject({
      kind: 'document',
      name: 'cv125.edxml',
      code: '125/STTTT-CĐS',
      subject: 'V/v triển khai nền tảng số',
      typeName: 'Công văn',
      date: '2026-12-01',
      from: { organName: 'Sở Thông tin và Truyền thông' },
      to: [{ organName: 'Sở Tài chính' }],
      urgency: 'thuong_khan',
      dueDate: '2026-12-15',
      signer: { fullName: 'Lê Văn Cường' },
      attachments: [{ name: 'Công văn 125.pdf', contentType: 'application/pdf', size: 1234 }],
      warnings: [],
    });
  });

  it('shows a status package', () => {
    const bytes = writeStatusPackage({
      responseFor: { organId: '000.12.00.H41', code: '125/STTTT-CĐS', promulgationDate: '2026-12-01', documentId: '000.12.00.H41,2026/12/01,125/STTTT-CĐS' },
      from: { organId: '000.13.00.H41', organName: 'Sở Tài chính' },
      statusCode: '03',
      description: 'Đã đăng ký',
      timestamp: '2026-12-02T08:30:00',
    });
    expect(previewPackage('tt.edxml', new Uint8Array(bytes))).toMatchObject({ kind: 'status', statusCode: '03', responseFor: '000.12.00.H41,2026/12/01,125/STTTT-CĐS', from: { organName: 'Sở Tài chính' } });
  });

  it('answers the reader’s reason for a package it refuses', () => {
    const noSubject = writeDocumentPackage(pkg()).toString('utf8').replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '');
    expect(previewPackage('x.edxml', new TextEncoder().encode(noSubject))).toMatchObject({ kind: 'refused', name: 'x.edxml', problem: 'missing', element: expect.stringContaining('Subject') });
    expect(previewPackage('y.edxml', new TextEncoder().encode('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><x/>'))).toMatchObject({ kind: 'refused', problem: 'doctype' });
    expect(previewPackage('z.edxml', new TextEncoder().encode('not xml at all'))).toMatchObject({ kind: 'refused', problem: 'not_xml' });
  });

  it('takes only base64 of at most the size limit, and nothing else, at the boundary', () => {
    expect(params.safeParse({ name: 'a.edxml', dataBase64: 'PHg+' }).success).toBe(true);
    expect(params.safeParse({ name: 'a.edxml', dataBase64: 'not base64!' }).success).toBe(false);
    expect(params.safeParse({ name: 'a.edxml', dataBase64: 'A'.repeat(Math.ceil(EDXML_IMPORT_MAX_BYTES / 3) * 4 + 4) }).success).toBe(false);
    expect(params.safeParse({ name: '', dataBase64: 'PHg+' }).success).toBe(false);
    expect(params.safeParse({ name: 'a.edxml', dataBase64: 'PHg+', register: true }).success).toBe(false);
  });
});
