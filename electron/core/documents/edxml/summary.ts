// The main fields of a package in one flat object: what `npm run edxml -- check`
// prints and what a clerk looks at first.
import { urgencyOfPriority } from './codes';
import type { DocumentRead, StatusRead } from './read';

export function packageSummary(read: DocumentRead | StatusRead): Record<string, unknown> {
  const warnings = read.warnings.map((w) => `${w.element}: ${w.problem}: ${w.detail}`);
  if (read.kind === 'status') {
    const s = read.status;
    return {
      kind: 'status',
      variant: read.variant,
      statusCode: s.statusCode,
      responseFor: s.responseFor.documentId,
      from: s.from.organName,
      timestamp: s.timestamp,
      description: s.description,
      warnings,
    };
  }
  const d = read.document;
  return {
    kind: 'document',
    variant: read.variant,
    documentId: d.documentId,
    number: `${d.code.codeNumber}/${d.code.codeNotation}`,
    date: d.promulgation.date,
    type: d.documentType.typeName ?? d.documentType.type,
    subject: d.subject,
    from: d.from.organName,
    to: d.to.map((t) => t.organName),
    urgency: urgencyOfPriority(d.otherInfo.priority) ?? `unknown (${d.otherInfo.priority ?? ''})`,
    dueDate: d.dueDate,
    signer: d.signer.fullName,
    attachments: d.attachments.map((a) => ({ name: a.name, contentType: a.contentType, bytes: a.data.byteLength })),
    signed: d.signed,
    warnings,
  };
}
