// A documents cache in memory (every account migration), signed in as a clerk,
// and documents built from a few fields: for tests of what the cache decides.
import type { ApiDocument } from '../../../electron/core/documents/api';
import { DocumentCache } from '../../../electron/core/documents/cache';
import { DocumentOutbox } from '../../../electron/core/documents/outbox';
import { DocumentStore } from '../../../electron/core/documents/store';
import { migrate } from '../../../electron/core/db/migrate';
import { accountMigrations } from '../../../electron/core/db/migrations/account/index';
import { openDatabase, type Db } from '../../../electron/core/db/open';

/** An incoming document: `arrived` sits in the clerk's To process; `finished` is in Incoming only. */
export function incoming(id: string, opts: { state?: 'arrived' | 'finished'; dueDate?: string | null; files?: { id: string; size: number }[] } = {}): ApiDocument {
  const iso = '2026-12-01T02:00:00.000Z';
  return {
    id,
    version: 1,
    direction: 'incoming',
    state: opts.state ?? 'arrived',
    origin: 'internal',
    documentId: null,
    number: id.replace(/\D/g, '') || '1',
    notation: 'UBND-TH',
    typeCode: 'CV',
    typeName: 'Công văn',
    subject: `Văn bản ${id}`,
    content: null,
    issuer: { organId: '000.00.01.H01', name: 'Ủy ban nhân dân tỉnh Demo' },
    promulgationDate: '2026-12-01',
    place: 'Demo',
    signer: { competence: 'TM. ỦY BAN NHÂN DÂN', position: 'Chủ tịch', fullName: 'Nguyễn Văn An' },
    urgency: 'thuong',
    confidentiality: 'thuong',
    dueDate: opts.dueDate ?? null,
    arrivedAt: iso,
    registrationDue: null,
    registration: null,
    issue: null,
    submittedTo: null,
    reviewer: null,
    drafter: null,
    recipients: [],
    duplicateOf: [],
    attachments: (opts.files ?? []).map((f) => ({ id: f.id, name: `${f.id}.pdf`, contentType: 'application/pdf', size: f.size, sha256: 'x' })),
    hasPackage: false,
    packageWarnings: [],
    sourceDocument: null,
    assignments: [],
    opinions: [],
    trace: [],
    statuses: [],
    createdAt: iso,
    updatedAt: iso,
  } as unknown as ApiDocument;
}

export function clerkCache(now: () => number): { db: Db; cache: DocumentCache; store: DocumentStore; outbox: DocumentOutbox } {
  const db = openDatabase(':memory:');
  migrate(db, accountMigrations);
  const store = new DocumentStore(db);
  const outbox = new DocumentOutbox(db, now);
  const cache = new DocumentCache(store, outbox);
  cache.setMe({ username: 'van.thu', name: 'Văn thư', role: 'clerk', unit: { id: 'vp', name: 'Văn phòng' }, organization: { organId: '000.00.01.H01', name: 'Sở' } });
  return { db, cache, store, outbox };
}
