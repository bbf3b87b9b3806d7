// Writing edXML: always the current namespace, every element prefixed
// `edXML:` (producers in the wild insist), fields in the standard's order,
// the standard's spellings (`Bussiness`, `TyperNotation`). The DOM and its
// serializer (xmldom) do the escaping.
import { DOMImplementation, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { writeDate, writeTimestamp } from './codes';
import { DocumentSchema, EDXML_NS, StatusSchema, type EdxmlDocument, type EdxmlOrganization, type EdxmlResponseFor, type EdxmlStaffInfo, type EdxmlStatus } from './types';

type Child = [string, string | undefined] | Element | undefined;

class Builder {
  readonly doc: Document;
  constructor(rootName: string) {
    this.doc = new DOMImplementation().createDocument(EDXML_NS, `edXML:${rootName}`, null);
  }

  get root(): Element {
    return this.doc.documentElement as Element;
  }

  /** An edXML:name element with children; [name, text] pairs whose text is undefined are left out. */
  el(name: string, children: Child[] = [], ns: string | null = EDXML_NS): Element {
    const e = this.doc.createElementNS(ns, ns ? `edXML:${name}` : name);
    for (const c of children) {
      if (!c) continue;
      if (Array.isArray(c)) {
        if (c[1] === undefined) continue;
        const leaf = this.doc.createElementNS(ns, ns ? `edXML:${c[0]}` : c[0]);
        leaf.appendChild(this.doc.createTextNode(c[1]));
        e.appendChild(leaf);
      } else e.appendChild(c);
    }
    return e;
  }

  toBytes(): Buffer {
    return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(this.doc)}\n`, 'utf8');
  }
}

function organization(b: Builder, name: string, o: EdxmlOrganization): Element {
  return b.el(name, [
    ['OrganId', o.organId],
    ['OrganizationInCharge', o.organizationInCharge],
    ['OrganName', o.organName],
    ['OrganAdd', o.organAdd],
    ['Email', o.email],
    ['Telephone', o.telephone],
    ['Fax', o.fax],
    ['Website', o.website],
  ]);
}

function staffInfo(b: Builder, s: EdxmlStaffInfo | undefined): Element | undefined {
  if (!s) return undefined;
  return b.el('StaffInfo', [
    ['Department', s.department],
    ['Staff', s.staff],
    ['Email', s.email],
    ['Mobile', s.mobile],
  ]);
}

function responseFor(b: Builder, r: EdxmlResponseFor): Element {
  return b.el('ResponseFor', [
    ['OrganId', r.organId],
    ['Code', r.code],
    ['PromulgationDate', writeDate(r.promulgationDate)],
    ['DocumentId', r.documentId],
  ]);
}

export function writeDocumentPackage(input: EdxmlDocument): Buffer {
  const d = DocumentSchema.parse(input);
  const b = new Builder('edXML');
  const o = d.otherInfo;
  const messageHeader = b.el('MessageHeader', [
    organization(b, 'From', d.from),
    ...d.to.map((t) => organization(b, 'To', t)),
    b.el('Code', [
      ['CodeNumber', d.code.codeNumber],
      ['CodeNotation', d.code.codeNotation],
    ]),
    b.el('PromulgationInfo', [
      ['Place', d.promulgation.place],
      ['PromulgationDate', writeDate(d.promulgation.date)],
    ]),
    b.el('DocumentType', [
      ['Type', d.documentType.type],
      ['TypeDetail', d.documentType.typeDetail],
      ['TypeName', d.documentType.typeName],
    ]),
    ['Subject', d.subject],
    ['Content', d.content],
    b.el('SignerInfo', [
      ['Competence', d.signer.competence],
      ['Position', d.signer.position],
      ['FullName', d.signer.fullName],
    ]),
    ['DueDate', d.dueDate ? writeDate(d.dueDate) : undefined],
    b.el(
      'ToPlaces',
      d.toPlaces.map((p): Child => ['Place', p]),
    ),
    b.el('OtherInfo', [
      ['Priority', o.priority],
      ['SphereOfPromulgation', o.sphereOfPromulgation],
      ['TyperNotation', o.typerNotation],
      ['PromulgationAmount', o.promulgationAmount],
      ['PageAmount', o.pageAmount],
      ['Direction', o.direction],
      o.appendixes.length ? b.el('Appendixes', o.appendixes.map((a): Child => ['Appendix', a])) : undefined,
    ]),
    ['SteeringType', d.steeringType],
    ['DocumentId', d.documentId],
    d.responseFor ? responseFor(b, d.responseFor) : undefined,
  ]);
  const traceList = b.el('TraceHeaderList', [
    ...d.traces.map((t) =>
      b.el('TraceHeader', [
        ['OrganId', t.organId],
        ['Timestamp', writeTimestamp(t.timestamp)],
      ]),
    ),
    d.business
      ? b.el('Bussiness', [
          ['BussinessDocType', d.business.docType],
          ['BussinessDocReason', d.business.reason],
          ['Paper', d.business.paper],
          staffInfo(b, d.business.staffInfo),
        ])
      : undefined,
  ]);
  const manifest = b.el(
    'edXMLManifest',
    d.manifest.map((r) =>
      b.el('Reference', [
        ['ContentId', r.contentId],
        ['ContentType', r.contentType],
        ['Description', r.description],
        ['AttachmentName', r.attachmentName],
      ]),
    ),
  );
  manifest.setAttribute('version', '1.0');
  b.root.appendChild(b.el('edXMLEnvelope', [b.el('edXMLHeader', [messageHeader, traceList]), b.el('edXMLBody', [manifest])]));
  // AttachmentEncoded carries no prefix in the standard's sample.
  b.root.appendChild(
    b.el(
      'AttachmentEncoded',
      d.attachments.map((a) =>
        b.el(
          'Attachment',
          [
            ['ContentId', a.contentId],
            ['AttachmentName', a.name],
            ['Description', a.description],
            ['ContentType', a.contentType],
            ['ContentTransferEncoded', Buffer.from(a.data).toString('base64')],
          ],
          null,
        ),
      ),
      null,
    ),
  );
  return b.toBytes();
}

export function writeStatusPackage(input: EdxmlStatus): Buffer {
  const s = StatusSchema.parse(input);
  const b = new Builder('edXMLEnvelope');
  const status = b.el('Status', [
    responseFor(b, s.responseFor),
    organization(b, 'From', s.from),
    ['StatusCode', s.statusCode],
    ['Description', s.description],
    ['Timestamp', writeTimestamp(s.timestamp)],
    staffInfo(b, s.staffInfo),
  ]);
  b.root.appendChild(b.el('edXMLHeader', [status]));
  return b.toBytes();
}
