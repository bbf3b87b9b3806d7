// A document as the document service sends it, for the benchmarks that fill
// a cache with thousands (documents search, Today's cold start): the i-th
// incoming document assigned to `assignee` as lead, with one PDF attachment.
import type { ApiDocument } from '../electron/core/documents/api';

export interface BenchDocumentOptions {
  i: number;
  /** When it arrived (ISO); its day is also the promulgation day. */
  iso: string;
  typeName: string;
  subject: string;
  due: string;
  assignee: { username: string; name: string };
  /** Still to process (assigned, the assignment open) or finished. */
  waiting: boolean;
}

export function benchDocument(o: BenchDocumentOptions): ApiDocument {
  const day = o.iso.slice(0, 10);
  const number = String(1 + (o.i % 9000));
  return {
    id: `bench-${String(o.i + 1).padStart(7, '0')}`,
    version: 1,
    direction: 'incoming',
    state: o.waiting ? 'assigned' : 'finished',
    origin: 'internal',
    documentId: `000.00.01.H01,${day.replaceAll('-', '/')},${number}/UBND-TH`,
    number,
    notation: 'UBND-TH',
    typeCode: 'CV',
    typeName: o.typeName,
    subject: o.subject,
    content: null,
    issuer: { organId: '000.00.01.H01', name: 'Ủy ban nhân dân tỉnh Demo' },
    promulgationDate: day,
    place: 'Demo',
    signer: { competence: 'TM. ỦY BAN NHÂN DÂN', position: 'Chủ tịch', fullName: 'Nguyễn Văn An' },
    urgency: o.i % 17 === 0 ? 'khan' : 'thuong',
    confidentiality: 'thuong',
    dueDate: o.due,
    arrivedAt: o.iso,
    registrationDue: null,
    registration: null,
    issue: null,
    submittedTo: null,
    reviewer: null,
    drafter: null,
    recipients: [],
    duplicateOf: [],
    attachments: [{ id: `bench-att-${o.i + 1}`, name: `${number}-UBND-TH.pdf`, contentType: 'application/pdf', size: 1000, sha256: 'x' }],
    hasPackage: false,
    packageWarnings: [],
    sourceDocument: null,
    assignments: [
      {
        id: `bench-asg-${o.i + 1}`,
        role: 'lead',
        assignee: { kind: 'person', id: o.assignee.username, name: o.assignee.name },
        deadline: o.due,
        assignedBy: { username: 'cuong.lv', name: 'Lê Văn Cường' },
        assignedAt: o.iso,
        parentId: null,
        state: o.waiting ? 'open' : 'done',
      },
    ],
    opinions: [],
    trace: [{ seq: 1, at: o.iso, actor: null, action: 'receive_internal', fromState: null, toState: 'assigned', note: null }],
    statuses: [],
    createdAt: o.iso,
    updatedAt: o.iso,
  } as unknown as ApiDocument;
}
