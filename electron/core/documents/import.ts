// An edXML package the user opened or dropped, read for viewing: every field
// the clerk checks, the attachments' names (made safe) and sizes, the
// reader's warnings; a package the reader refuses comes back as its reason,
// not as a failure of the call. Nothing is kept: registering is the clerk's
// next step, through the document system.
import type { EdxmlPreview, EdxmlPreviewOrgan } from '../../../shared/documents-import';
import { EDXML_IMPORT_MAX_BYTES } from '../../../shared/documents-import';
import { urgencyOfPriority } from './edxml/codes';
import { safeAttachmentName } from './edxml/names';
import { readPackage } from './edxml/read';
import type { EdxmlOrganization } from './edxml/types';
import { EdxmlError } from './edxml/xml';

const organ = (o: EdxmlOrganization): EdxmlPreviewOrgan => ({ organId: o.organId, organName: o.organName });

export function previewPackage(name: string, bytes: Uint8Array): EdxmlPreview {
  let read;
  try {
    read = readPackage(bytes, { maxBytes: EDXML_IMPORT_MAX_BYTES });
  } catch (err) {
    if (err instanceof EdxmlError) return { kind: 'refused', name, element: err.element, problem: err.problem, detail: err.detail };
    throw err;
  }
  const warnings = read.warnings.map((w) => ({ element: w.element, problem: w.problem, detail: w.detail }));
  if (read.kind === 'status') {
    const s = read.status;
    return { kind: 'status', name, statusCode: s.statusCode, responseFor: s.responseFor.documentId, from: organ(s.from), timestamp: s.timestamp, description: s.description ?? null, warnings };
  }
  const d = read.document;
  return {
    kind: 'document',
    name,
    documentId: d.documentId,
    code: `${d.code.codeNumber}/${d.code.codeNotation}`,
    date: d.promulgation.date,
    place: d.promulgation.place ?? null,
    typeName: d.documentType.typeName ?? d.documentType.type,
    subject: d.subject,
    content: d.content ?? null,
    from: organ(d.from),
    to: d.to.map(organ),
    urgency: urgencyOfPriority(d.otherInfo.priority) ?? null,
    dueDate: d.dueDate ?? null,
    signer: { competence: d.signer.competence ?? null, position: d.signer.position ?? null, fullName: d.signer.fullName ?? null },
    responseFor: d.responseFor?.documentId ?? null,
    signed: d.signed,
    attachments: d.attachments.map((a) => ({ name: safeAttachmentName(a.name).name, contentType: a.contentType, size: a.data.byteLength })),
    warnings,
  };
}
