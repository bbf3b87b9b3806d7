// Reading edXML document and status packages into our types. Strict where a
// package cannot be understood (the element and the problem are named),
// lenient where the standard's producers differ: prefixed or unprefixed, the
// older eDoc namespace, extra elements, unknown codes (all read, with warnings).
import type { Element } from '@xmldom/xmldom';
import { z } from 'zod';
import { KNOWN_BUSINESS_TYPES, documentIdOf, isKnownStatusCode, readDate, readTimestamp, urgencyOfPriority } from './codes';
import {
  DocumentSchema,
  StatusSchema,
  type EdxmlDocument,
  type EdxmlOrganization,
  type EdxmlResponseFor,
  type EdxmlStaffInfo,
  type EdxmlStatus,
  type EdxmlVariant,
  type EdxmlWarning,
} from './types';
import { EdxmlError, Node, ours, parseXml, variantOf, DEFAULT_MAX_PACKAGE_BYTES } from './xml';

export interface ReadOptions {
  maxBytes?: number;
}

export interface DocumentRead {
  kind: 'document';
  document: EdxmlDocument;
  variant: EdxmlVariant;
  warnings: EdxmlWarning[];
}

export interface StatusRead {
  kind: 'status';
  status: EdxmlStatus;
  variant: EdxmlVariant;
  warnings: EdxmlWarning[];
}

function organization(n: Node): EdxmlOrganization {
  return {
    organId: n.req('OrganId'),
    organizationInCharge: n.opt('OrganizationInCharge'),
    organName: n.req('OrganName'),
    organAdd: n.opt('OrganAdd'),
    email: n.opt('Email'),
    telephone: n.opt('Telephone'),
    fax: n.opt('Fax'),
    website: n.opt('Website'),
  };
}

function staffInfo(n: Node | undefined): EdxmlStaffInfo | undefined {
  if (!n) return undefined;
  return { department: n.opt('Department'), staff: n.opt('Staff'), email: n.opt('Email'), mobile: n.opt('Mobile') };
}

function responseFor(n: Node): EdxmlResponseFor {
  return {
    organId: n.req('OrganId'),
    code: n.req('Code'),
    promulgationDate: readDate(n.req('PromulgationDate'), `${n.path}/PromulgationDate`),
    documentId: n.req('DocumentId'),
  };
}

function bare(cid: string): string {
  return cid.trim().replace(/^cid:/i, '').replace(/^<|>$/g, '');
}

function decodeBase64(value: string, element: string): Uint8Array {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new EdxmlError(element, 'invalid_base64', 'the attachment is not valid base64');
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** Zod is the last gate: whatever slipped through becomes a named refusal, never a half-typed value. */
function gate<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new EdxmlError(`${root}/${issue?.path.join('/') ?? ''}`, 'invalid', issue?.message ?? 'invalid value');
}

function unknownWarnings(registry: Node[]): EdxmlWarning[] {
  return registry.flatMap((n) => n.unknown().map((element) => ({ element, problem: 'unknown_element' as const, detail: 'element not in QCVN 102:2016; kept in the original' })));
}

function rootNode(bytes: Uint8Array, opts: ReadOptions): { root: Node; variant: EdxmlVariant } {
  const doc = parseXml(bytes, opts.maxBytes ?? DEFAULT_MAX_PACKAGE_BYTES);
  const el = doc.documentElement as Element;
  if (!ours(el)) throw new EdxmlError(el.nodeName, 'not_edxml', `root element in namespace ${el.namespaceURI ?? '(none)'} is not edXML`);
  return { root: new Node(el, el.localName ?? el.nodeName), variant: variantOf(el) };
}

export function readDocumentPackage(bytes: Uint8Array, opts: ReadOptions = {}): DocumentRead {
  const { root, variant } = rootNode(bytes, opts);
  if (root.el.localName !== 'edXML' && root.el.localName !== 'edXMLEnvelope') {
    throw new EdxmlError(root.path, 'not_edxml', `root element ${root.el.localName ?? ''} is not edXML`);
  }
  const envelope = root.el.localName === 'edXML' ? root.need('edXMLEnvelope') : root;
  const header = envelope.need('edXMLHeader');
  const mh = header.need('MessageHeader');
  const warnings: EdxmlWarning[] = [];

  const fromNode = mh.need('From');
  const toNodes = mh.all('To');
  if (!toNodes.length) throw new EdxmlError(`${mh.path}/To`, 'missing', 'a document needs at least one To');
  const code = mh.need('Code');
  const prom = mh.need('PromulgationInfo');
  const type = mh.need('DocumentType');
  const signer = mh.one('SignerInfo');
  const other = mh.one('OtherInfo');
  const appendixes = other?.one('Appendixes')?.all('Appendix').map((a) => a.text()).filter(Boolean) ?? [];
  const from = organization(fromNode);
  const codeNumber = code.req('CodeNumber');
  const codeNotation = code.req('CodeNotation');
  const date = readDate(prom.req('PromulgationDate'), `${prom.path}/PromulgationDate`);
  const priority = other?.opt('Priority');
  if (urgencyOfPriority(priority) === undefined) {
    warnings.push({ element: `${other?.path ?? mh.path}/Priority`, problem: 'unknown_priority', detail: `Priority "${priority ?? ''}" is not 0-4; read as ordinary` });
  }
  const dueRaw = mh.opt('DueDate');
  const responseForNode = mh.one('ResponseFor');

  const traceList = header.one('TraceHeaderList');
  const traces = (traceList?.all('TraceHeader') ?? []).map((t) => ({ organId: t.req('OrganId'), timestamp: readTimestamp(t.req('Timestamp'), `${t.path}/Timestamp`) }));
  const bus = traceList?.one('Bussiness');
  const business = bus
    ? { docType: bus.req('BussinessDocType'), reason: bus.opt('BussinessDocReason'), paper: bus.opt('Paper'), staffInfo: staffInfo(bus.one('StaffInfo')) }
    : undefined;
  if (business && !KNOWN_BUSINESS_TYPES.has(business.docType)) {
    warnings.push({ element: `${bus?.path ?? ''}/BussinessDocType`, problem: 'unknown_business_type', detail: `BussinessDocType ${business.docType} is not 0-3` });
  }
  // The signature usually lives in the xmldsig namespace; it is read as a whole, not as extras.
  const signatureCount = header.claim('Signature');

  const body = envelope.one('edXMLBody');
  const manifestNode = body?.one('edXMLManifest');
  const manifest = (manifestNode?.all('Reference') ?? []).map((r) => ({
    contentId: r.req('ContentId'),
    contentType: r.opt('ContentType') ?? 'application/octet-stream',
    description: r.opt('Description'),
    attachmentName: r.req('AttachmentName'),
  }));

  const encoded = root.el.localName === 'edXML' ? root.one('AttachmentEncoded') : undefined;
  const seenIds = new Set<string>();
  const attachments = (encoded?.all('Attachment') ?? []).map((a) => {
    const contentId = a.req('ContentId');
    if (seenIds.has(bare(contentId))) throw new EdxmlError(`${a.path}/ContentId`, 'duplicate', `content id ${contentId} appears twice`);
    seenIds.add(bare(contentId));
    return {
      contentId,
      name: a.req('AttachmentName'),
      description: a.opt('Description'),
      contentType: a.opt('ContentType') ?? 'application/octet-stream',
      data: decodeBase64(a.need('ContentTransferEncoded').text(), `${a.path}/ContentTransferEncoded`),
    };
  });
  const referenced = new Set<string>();
  manifest.forEach((r, i) => {
    referenced.add(bare(r.contentId));
    if (!seenIds.has(bare(r.contentId))) {
      warnings.push({
        element: `${manifestNode?.path ?? ''}/Reference${manifest.length > 1 ? `[${i + 1}]` : ''}`,
        problem: 'missing_attachment',
        detail: `${r.contentId} (${r.attachmentName}) is in the manifest but not among the attachments`,
      });
    }
  });
  attachments.forEach((a) => {
    if (manifest.length && !referenced.has(bare(a.contentId))) {
      warnings.push({ element: `${encoded?.path ?? ''}/Attachment`, problem: 'unreferenced_attachment', detail: `${a.contentId} (${a.name}) is not in the manifest` });
    }
  });

  const document = gate(
    DocumentSchema,
    {
      from,
      to: toNodes.map(organization),
      code: { codeNumber, codeNotation },
      promulgation: { place: prom.opt('Place'), date },
      documentType: { type: type.req('Type'), typeDetail: type.opt('TypeDetail'), typeName: type.opt('TypeName') },
      subject: mh.req('Subject'),
      content: mh.opt('Content'),
      signer: { competence: signer?.opt('Competence'), position: signer?.opt('Position'), fullName: signer?.opt('FullName') },
      dueDate: dueRaw ? readDate(dueRaw, `${mh.path}/DueDate`) : undefined,
      toPlaces: mh.one('ToPlaces')?.all('Place').map((p) => p.text()).filter(Boolean) ?? [],
      otherInfo: {
        priority,
        sphereOfPromulgation: other?.opt('SphereOfPromulgation'),
        typerNotation: other?.opt('TyperNotation'),
        promulgationAmount: other?.opt('PromulgationAmount'),
        pageAmount: other?.opt('PageAmount'),
        direction: other?.opt('Direction'),
        appendixes,
      },
      steeringType: mh.opt('SteeringType'),
      documentId: mh.opt('DocumentId') ?? documentIdOf(from.organId, date, codeNumber, codeNotation),
      responseFor: responseForNode ? responseFor(responseForNode) : undefined,
      traces,
      business,
      signed: signatureCount > 0,
      manifest,
      attachments,
    },
    mh.path,
  );
  warnings.push(...unknownWarnings(root.registry));
  return { kind: 'document', document, variant, warnings };
}

function findStatus(root: Node): Node {
  if (root.el.localName === 'Status') return root;
  const header = root.el.localName === 'edXMLHeader' ? root : root.el.localName === 'edXMLEnvelope' ? root.one('edXMLHeader') : root.one('edXMLEnvelope')?.one('edXMLHeader');
  const status = header?.one('Status');
  if (!status) throw new EdxmlError(`${header?.path ?? root.path}/Status`, 'missing', 'no Status element: not a status package');
  return status;
}

export function readStatusPackage(bytes: Uint8Array, opts: ReadOptions = {}): StatusRead {
  const { root, variant } = rootNode(bytes, opts);
  const s = findStatus(root);
  const warnings: EdxmlWarning[] = [];
  const statusCode = s.req('StatusCode');
  if (!isKnownStatusCode(statusCode)) {
    warnings.push({ element: `${s.path}/StatusCode`, problem: 'unknown_status_code', detail: `status code ${statusCode} is not in QCVN 102:2016's list; read as it is` });
  }
  const status = gate(
    StatusSchema,
    {
      responseFor: responseFor(s.need('ResponseFor')),
      from: organization(s.need('From')),
      statusCode,
      description: s.opt('Description'),
      timestamp: readTimestamp(s.req('Timestamp'), `${s.path}/Timestamp`),
      staffInfo: staffInfo(s.one('StaffInfo')),
    },
    s.path,
  );
  warnings.push(...unknownWarnings(root.registry));
  return { kind: 'status', status, variant, warnings };
}

/** Either kind, told apart by what the package holds. */
export function readPackage(bytes: Uint8Array, opts: ReadOptions = {}): DocumentRead | StatusRead {
  const { root } = rootNode(bytes, opts);
  const header = root.el.localName === 'edXML' ? root.one('edXMLEnvelope')?.one('edXMLHeader') : root.el.localName === 'edXMLEnvelope' ? root.one('edXMLHeader') : undefined;
  const isStatus = root.el.localName === 'Status' || (!!header && !!header.one('Status') && !header.one('MessageHeader'));
  return isStatus ? readStatusPackage(bytes, opts) : readDocumentPackage(bytes, opts);
}
