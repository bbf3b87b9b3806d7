// A document's edXML status packages, written from what the document system
// recorded and read back with the project's reader: the same status comes
// out, in Vietnam's wall-clock time, naming who answered what.
import { describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { readPackage, readStatusPackage } from '../../../electron/core/documents/edxml/read';
import { statusOf, statusPackageOf, statusPackagesOf } from '../../../electron/core/documents/edxml/status-export';

const US = { organId: '000.00.31.H99', name: 'Sở Thông tin và Truyền thông tỉnh Demo' };
const SENDER = { organId: '000.00.00.H41', name: 'Ủy ban nhân dân tỉnh Khánh Hòa' };

function doc(over: Partial<ApiDocument> = {}): ApiDocument {
  return {
    id: 'd1', version: 3, direction: 'incoming', state: 'registered', origin: 'exchange', documentId: `${SENDER.organId},2026/12/01,4521/UBND-KGVX`,
    number: '4521', notation: 'UBND-KGVX', typeCode: '1', typeName: 'Công văn', subject: 'V/v rà soát hạ tầng', content: null, issuer: SENDER,
    promulgationDate: '2026-12-01', place: 'Khánh Hòa', signer: null, urgency: 'thuong', confidentiality: 'thuong', dueDate: null,
    arrivedAt: '2026-12-02T08:00:00+07:00', registrationDue: null, registration: null, issue: null, submittedTo: null, reviewer: null, drafter: null,
    recipients: [], duplicateOf: [], attachments: [], hasPackage: true, packageWarnings: [], sourceDocument: null, assignments: [], opinions: [],
    trace: [
      { seq: 1, at: '2026-12-02T08:00:00+07:00', actor: null, action: 'arrive', fromState: null, toState: 'arrived', note: null },
      { seq: 2, at: '2026-12-02T08:15:30+07:00', actor: { username: 'dung.pt', name: 'Phạm Thị Dung' }, action: 'register', fromState: 'arrived', toState: 'registered', note: null },
    ],
    statuses: [
      { code: '01', at: '2026-12-02T08:00:00+07:00', direction: 'sent', organization: US, description: 'Đã đến' },
      { code: '03', at: '2026-12-02T08:15:30+07:00', direction: 'sent', organization: US, description: 'Đã tiếp nhận, số đến 12' },
    ],
    createdAt: '2026-12-02T08:00:00+07:00', updatedAt: '2026-12-02T08:15:30+07:00', ...over,
  };
}

describe('status packages of a document', () => {
  it('round-trips each recorded status through the writer and the reader', () => {
    const d = doc();
    const files = statusPackagesOf(d);
    expect(files.map((f) => f.name)).toEqual(['4521-UBND-KGVX-status-01-01.edxml', '4521-UBND-KGVX-status-02-03.edxml']);
    for (const [i, f] of files.entries()) {
      const read = readPackage(f.bytes);
      expect(read.kind).toBe('status');
      const back = readStatusPackage(f.bytes);
      expect(back.warnings).toEqual([]);
      expect(back.status).toEqual(statusOf(d, i));
    }
    const registered = readStatusPackage(files[1]!.bytes).status;
    expect(registered).toMatchObject({
      responseFor: { organId: SENDER.organId, code: '4521/UBND-KGVX', promulgationDate: '2026-12-01', documentId: d.documentId },
      from: { organId: US.organId, organName: US.name },
      statusCode: '03',
      description: 'Đã tiếp nhận, số đến 12',
      // Vietnam's wall clock, as the standard writes it.
      timestamp: '2026-12-02T08:15:30',
      staffInfo: { staff: 'Phạm Thị Dung' },
    });
    // The arrival was the system's, nobody's: no StaffInfo.
    expect(readStatusPackage(files[0]!.bytes).status.staffInfo).toBeUndefined();
  });

  it('writes the same bytes again for the same record, and says which status is missing', () => {
    const d = doc();
    expect(statusPackageOf(d, 1).bytes.equals(statusPackageOf(d, 1).bytes)).toBe(true);
    expect(() => statusPackageOf(d, 2)).toThrow(/no status 2/);
  });

  it('reports a status received on one of our documents as from the agency that sent it', () => {
    const ours = doc({
      direction: 'outgoing',
      issuer: US,
      number: '07',
      notation: 'STTTT-CĐS',
      documentId: `${US.organId},2026/12/01,07/STTTT-CĐS`,
      trace: [],
      statuses: [{ code: '06', at: '2026-12-05T16:00:00+07:00', direction: 'received', organization: SENDER, description: null }],
    });
    const [f] = statusPackagesOf(ours);
    const back = readStatusPackage(f!.bytes).status;
    expect(back).toMatchObject({ from: { organId: SENDER.organId }, responseFor: { organId: US.organId, code: '07/STTTT-CĐS' }, statusCode: '06', timestamp: '2026-12-05T16:00:00' });
    expect(back.description).toBeUndefined();
  });
});
