// A document's edXML status packages, written again from what the document
// system recorded (the statuses it sent the issuer, or received from the
// agencies it sent ours to): received 01, rejected 02, registered 03, assigned
// 04, processing 05, finished 06, taken back 13, revocation 15/16. The bytes
// the exchange carried are not kept by the API, so a package is made from the
// record with the project's writer and checked with its reader before it is
// offered: what is exported is what a receiving system will read.
import type { ApiDocument } from '../api';
import { vietnamLocal } from './codes';
import { readStatusPackage } from './read';
import type { EdxmlStatus } from './types';
import { writeStatusPackage } from './write';

export interface StatusPackageFile {
  name: string;
  bytes: Buffer;
  status: EdxmlStatus;
}

/** The trace entry recorded at the status's moment, if any: who acted (StaffInfo). */
function actorAt(doc: ApiDocument, at: string): { name: string } | null {
  const t = Date.parse(at);
  const hit = doc.trace.find((e) => e.actor && Date.parse(e.at) === t);
  return hit?.actor ?? null;
}

/** The status as edXML: what it answers (the document), who reports, the code, when. */
export function statusOf(doc: ApiDocument, index: number): EdxmlStatus {
  const s = doc.statuses[index];
  if (!s) throw new RangeError(`document ${doc.id} has no status ${index}`);
  const day = doc.promulgationDate ?? s.at.slice(0, 10);
  const code = `${doc.number ?? ''}/${doc.notation ?? ''}`;
  const actor = s.direction === 'sent' ? actorAt(doc, s.at) : null;
  return {
    responseFor: {
      organId: doc.issuer.organId,
      code: code === '/' ? doc.id : code,
      promulgationDate: day,
      documentId: doc.documentId ?? doc.id,
    },
    from: { organId: s.organization.organId, organName: s.organization.name },
    statusCode: s.code,
    ...(s.description ? { description: s.description } : {}),
    timestamp: vietnamLocal(new Date(s.at)),
    ...(actor ? { staffInfo: { staff: actor.name } } : {}),
  };
}

/** A file name a system accepts: the document's code, the status's place and code. */
function fileName(doc: ApiDocument, index: number, code: string): string {
  const base = (doc.number ? `${doc.number}-${doc.notation ?? ''}` : (doc.notation ?? doc.id)).replace(/[\\/:*?"<>|\s]+/g, '-');
  return `${base}-status-${String(index + 1).padStart(2, '0')}-${code}.edxml`;
}

/** One status of the document as a package, read back before it is returned. */
export function statusPackageOf(doc: ApiDocument, index: number): StatusPackageFile {
  const status = statusOf(doc, index);
  const bytes = writeStatusPackage(status);
  // The reader refuses what a receiving system could not read: better here than there.
  readStatusPackage(bytes);
  return { name: fileName(doc, index, status.statusCode), bytes, status };
}

/** Every status of the document as a package, oldest first. */
export function statusPackagesOf(doc: ApiDocument): StatusPackageFile[] {
  return doc.statuses.map((_, i) => statusPackageOf(doc, i));
}
