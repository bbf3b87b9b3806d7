/**
 * What the document system does: each action checks role and state, changes
 * the document, writes its trace, and produces the edXML statuses the sender
 * is owed. The caller runs it inside one SQLite transaction and writes the
 * exchange files only after the commit (nothing half-done is ever served).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ActionRequestSchema, CreateRequestSchema, RecipientInSchema, type ApiDocument } from '../../../electron/core/documents/api.ts';
import { documentIdOf, priorityOfUrgency, urgencyOfPriority, vietnamLocal } from '../../../electron/core/documents/edxml/codes.ts';
import { safeAttachmentName } from '../../../electron/core/documents/edxml/names.ts';
import { readPackage } from '../../../electron/core/documents/edxml/read.ts';
import { EdxmlError } from '../../../electron/core/documents/edxml/xml.ts';
import type { EdxmlDocument, EdxmlStatus } from '../../../electron/core/documents/edxml/types.ts';
import { writeDocumentPackage, writeStatusPackage } from '../../../electron/core/documents/edxml/write.ts';
import type { Blobs } from './blobs.ts';
import { AGENCY, findPerson, headsOf, membersOf, unitName, type Person } from './org.ts';
import { formatNumber, isConfidential, registerFor, registrationDue, vnDay, vnIso, vnYear } from './rules.ts';
import type { Store } from './store.ts';

export type ActionInput = z.output<typeof ActionRequestSchema>;
export type CreateInput = z.output<typeof CreateRequestSchema>;

/** The edXML reader's own limit, when the caller names none (the service passes its configured one). */
const PACKAGE_MAX_BYTES = 50 * 1024 * 1024;

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'forbidden' | 'not_found' | 'invalid_request' | 'conflict' | 'duplicate',
    message: string,
    readonly document?: ApiDocument,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** A file for the exchange folder, written after the transaction commits. */
export interface OutFile {
  name: string;
  bytes: Uint8Array;
}

export interface Ctx {
  store: Store;
  blobs: Blobs;
  now: () => Date;
  newId: () => string;
  /** Files for the national exchange platform (status and document packages); the seed drops them. */
  out: OutFile[];
}

const ref = (p: Person) => ({ username: p.username, name: p.name });

function forbid(msg: string): never {
  throw new DomainError(403, 'forbidden', msg);
}

function conflict(doc: ApiDocument, msg: string): never {
  throw new DomainError(409, 'conflict', msg, doc);
}

function invalid(pathName: string, msg: string): never {
  throw new DomainError(400, 'invalid_request', msg, undefined, [{ path: pathName, message: msg }]);
}

function step(ctx: Ctx, doc: ApiDocument, actor: Person | null, action: string, toState: ApiDocument['state'], note: string | null = null): void {
  doc.trace.push({ seq: doc.trace.length + 1, at: vnIso(ctx.now()), actor: actor ? ref(actor) : null, action, fromState: doc.trace.length ? doc.state : null, toState, note });
  doc.state = toState;
}

function opinion(ctx: Ctx, doc: ApiDocument, actor: Person, kind: ApiDocument['opinions'][number]['kind'], text: string): void {
  doc.opinions.push({ id: ctx.newId(), kind, author: ref(actor), at: vnIso(ctx.now()), text });
}

/** Names sort in the order the files were made: the store's change number, then the place in this action. */
function outName(ctx: Ctx, doc: ApiDocument, what: string): string {
  const id = (doc.documentId ?? doc.id).replace(/[^A-Za-z0-9.-]+/g, '_');
  return `${String(ctx.store.lastSeq + 1).padStart(9, '0')}-${String(ctx.out.length + 1).padStart(2, '0')}-${what}-${id}.edxml`;
}

/** An edXML status for the sender of a document that came through the exchange (01 on arrival, 03, 02, 04, 05, 06...). */
function emitStatus(ctx: Ctx, doc: ApiDocument, code: string, description: string, actor: Person | null): void {
  if (doc.direction !== 'incoming' || doc.origin !== 'exchange') return;
  const at = ctx.now();
  doc.statuses.push({ code, at: vnIso(at), direction: 'sent', organization: { organId: AGENCY.organId, name: AGENCY.name }, description });
  const status: EdxmlStatus = {
    responseFor: {
      organId: doc.issuer.organId,
      code: `${doc.number ?? ''}/${doc.notation ?? ''}`,
      promulgationDate: doc.promulgationDate ?? vnDay(at),
      documentId: doc.documentId ?? doc.id,
    },
    from: { organId: AGENCY.organId, organName: AGENCY.name },
    statusCode: code,
    description,
    timestamp: vietnamLocal(at),
    staffInfo: actor ? { department: actor.unit.name, staff: actor.name, email: actor.email || undefined } : undefined,
  };
  ctx.out.push({ name: outName(ctx, doc, `status-${code}`), bytes: writeStatusPackage(status) });
}

function touch(ctx: Ctx, doc: ApiDocument): void {
  doc.version += 1;
  doc.updatedAt = vnIso(ctx.now());
}

function storeFiles(ctx: Ctx, files: { name: string; contentType: string; dataBase64: string }[]): ApiDocument['attachments'] {
  return files.map((f) => {
    const bytes = Buffer.from(f.dataBase64, 'base64');
    const { sha, size } = ctx.blobs.put(bytes);
    return { id: ctx.newId(), name: safeAttachmentName(f.name).name, contentType: f.contentType, size, sha256: sha };
  });
}

function recipientsOf(list: z.output<typeof RecipientInSchema>[]): ApiDocument['recipients'] {
  return list.map((r, i) => {
    if (r.kind === 'unit') {
      const name = unitName(r.id);
      if (!name) invalid(`recipients/${i}/id`, `no unit ${r.id}`);
      return { kind: 'unit', id: r.id, name, role: r.role };
    }
    if (r.kind === 'person') {
      const p = findPerson(r.id);
      if (!p) invalid(`recipients/${i}/id`, `no person ${r.id}`);
      return { kind: 'person', id: r.id, name: p.name, role: r.role };
    }
    if (!r.name) invalid(`recipients/${i}/name`, 'an organization recipient needs its name');
    return { kind: 'organization', id: r.id, name: r.name, role: r.role };
  });
}

function blank(ctx: Ctx, over: Partial<ApiDocument> & Pick<ApiDocument, 'direction' | 'origin' | 'typeName' | 'subject' | 'issuer'>): ApiDocument {
  const at = vnIso(ctx.now());
  return {
    id: ctx.newId(),
    version: 1,
    state: over.direction === 'incoming' ? 'arrived' : 'draft',
    documentId: null,
    number: null,
    notation: null,
    typeCode: '',
    content: null,
    promulgationDate: null,
    place: null,
    signer: null,
    urgency: 'thuong',
    confidentiality: 'thuong',
    dueDate: null,
    arrivedAt: null,
    registrationDue: null,
    registration: null,
    issue: null,
    submittedTo: null,
    reviewer: null,
    drafter: null,
    recipients: [],
    duplicateOf: [],
    attachments: [],
    hasPackage: false,
    packageWarnings: [],
    sourceDocument: null,
    assignments: [],
    opinions: [],
    trace: [],
    statuses: [],
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

const TYPE_CODES: Record<string, string> = {
  'Công văn': '1',
  'Quyết định': '2',
  'Kế hoạch': '3',
  'Giấy mời': '4',
  'Báo cáo': '5',
  'Tờ trình': '6',
  'Thông báo': '7',
};

export function typeCodeOf(typeName: string): string {
  return TYPE_CODES[typeName] ?? '0';
}

/** POST /documents: a draft (văn bản đi) or a paper document the clerk received (văn bản đến). */
export function create(ctx: Ctx, actor: Person, req: CreateInput): ApiDocument {
  if (req.kind === 'package') return importPackage(ctx, actor, req, PACKAGE_MAX_BYTES);
  if (req.kind === 'draft') {
    if (actor.role === 'viewer') forbid('this role does not draft documents');
    const doc = blank(ctx, {
      direction: 'outgoing',
      origin: 'draft',
      typeName: req.typeName,
      typeCode: req.typeCode ?? typeCodeOf(req.typeName),
      subject: req.subject,
      content: req.content ?? null,
      notation: req.notation,
      issuer: { organId: AGENCY.organId, name: AGENCY.name },
      place: AGENCY.place,
      urgency: req.urgency,
      confidentiality: req.confidentiality,
      dueDate: req.dueDate ?? null,
      drafter: ref(actor),
      recipients: recipientsOf(req.recipients),
      attachments: storeFiles(ctx, req.attachments),
    });
    step(ctx, doc, actor, 'draft', 'draft');
    ctx.store.save(doc);
    return doc;
  }
  if (actor.role !== 'clerk') forbid('only the clerk (văn thư) receives paper documents');
  const doc = blank(ctx, {
    direction: 'incoming',
    origin: 'paper',
    typeName: req.typeName,
    typeCode: typeCodeOf(req.typeName),
    subject: req.subject,
    number: req.number,
    notation: req.notation,
    issuer: { ...req.issuer },
    promulgationDate: req.promulgationDate,
    documentId: documentIdOf(req.issuer.organId, req.promulgationDate, req.number, req.notation),
    urgency: req.urgency,
    confidentiality: req.confidentiality,
    dueDate: req.dueDate ?? null,
    arrivedAt: vnIso(ctx.now()),
    attachments: storeFiles(ctx, req.attachments),
  });
  doc.duplicateOf = ctx.store.duplicates(doc);
  doc.registrationDue = registrationDue(ctx.now(), doc.urgency);
  step(ctx, doc, actor, 'receive_paper', 'arrived');
  ctx.store.save(doc);
  return doc;
}

/**
 * A document package from the exchange platform (the intake folder): it arrives
 * in the clerk's queue, and 01 goes back. A revocation (BussinessDocType 1) is
 * not a new document: it takes our copy back (15), or is refused once our
 * processing is finished (16); it returns undefined when we hold no copy.
 */
export function receivePackage(
  ctx: Ctx,
  edxml: EdxmlDocument,
  pkg: { sha: string; warnings: string[] },
  urgency: ApiDocument['urgency'],
): ApiDocument | undefined {
  if (edxml.business?.docType === '1') return revokeHeld(ctx, edxml);
  const doc = receivedDocument(ctx, edxml, pkg.warnings, urgency);
  step(ctx, doc, null, 'arrive', 'arrived');
  emitStatus(ctx, doc, '01', 'Đã đến', null);
  ctx.store.save(doc, { packageSha: pkg.sha });
  return doc;
}

/** A package's document as it arrives: its files stored, its duplicates flagged, its registration deadline set. */
function receivedDocument(ctx: Ctx, edxml: EdxmlDocument, warnings: string[], urgency: ApiDocument['urgency']): ApiDocument {
  const attachments = edxml.attachments.map((a) => {
    const { sha, size } = ctx.blobs.put(a.data);
    return { id: ctx.newId(), name: safeAttachmentName(a.name).name, contentType: a.contentType, size, sha256: sha };
  });
  const doc = blank(ctx, {
    direction: 'incoming',
    origin: 'exchange',
    typeName: edxml.documentType.typeName ?? 'Văn bản',
    typeCode: edxml.documentType.type,
    subject: edxml.subject,
    content: edxml.content ?? null,
    number: edxml.code.codeNumber,
    notation: edxml.code.codeNotation,
    documentId: edxml.documentId,
    issuer: { organId: edxml.from.organId, name: edxml.from.organName },
    promulgationDate: edxml.promulgation.date,
    place: edxml.promulgation.place ?? null,
    signer: { competence: edxml.signer.competence ?? null, position: edxml.signer.position ?? null, fullName: edxml.signer.fullName ?? null },
    urgency,
    dueDate: edxml.dueDate ?? null,
    arrivedAt: vnIso(ctx.now()),
    attachments,
    hasPackage: true,
    packageWarnings: warnings,
  });
  doc.duplicateOf = ctx.store.duplicates(doc);
  doc.registrationDue = registrationDue(ctx.now(), doc.urgency);
  return doc;
}

function revokeHeld(ctx: Ctx, edxml: EdxmlDocument): ApiDocument | undefined {
  let last: ApiDocument | undefined;
  for (const held of ctx.store.byDocumentId(edxml.documentId, 'incoming')) {
    if (held.state === 'taken_back') continue;
    if (held.state === 'finished') {
      emitStatus(ctx, held, '16', 'Văn bản đã xử lý xong, không thu hồi được', null);
    } else {
      step(ctx, held, null, 'revoked_by_sender', 'taken_back', edxml.business?.reason ?? null);
      emitStatus(ctx, held, '15', 'Đồng ý thu hồi', null);
    }
    touch(ctx, held);
    ctx.store.save(held);
    last = held;
  }
  return last;
}

/** A status package from a receiver of one of our documents: the sender sees how far it got. */
export function receiveStatus(ctx: Ctx, status: EdxmlStatus): ApiDocument | undefined {
  const [doc] = ctx.store.byDocumentId(status.responseFor.documentId, 'outgoing');
  if (!doc) return undefined;
  doc.statuses.push({
    code: status.statusCode,
    at: `${status.timestamp}+07:00`,
    direction: 'received',
    organization: { organId: status.from.organId, name: status.from.organName },
    description: status.description ?? null,
  });
  touch(ctx, doc);
  ctx.store.save(doc);
  return doc;
}

function requireState(doc: ApiDocument, allowed: ApiDocument['state'][], action: string): void {
  if (!allowed.includes(doc.state)) conflict(doc, `${action} is not possible: the document is ${doc.state}`);
}

function requireDirection(doc: ApiDocument, direction: ApiDocument['direction'], action: string): void {
  if (doc.direction !== direction) conflict(doc, `${action} applies to ${direction} documents`);
}

type Target = { kind: 'unit' | 'person'; id: string; deadline?: string };

function assignee(t: Target, pathName: string): ApiDocument['assignments'][number]['assignee'] {
  if (t.kind === 'unit') {
    const name = unitName(t.id);
    if (!name) invalid(pathName, `no unit ${t.id}`);
    return { kind: 'unit', id: t.id, name };
  }
  const p = findPerson(t.id);
  if (!p) invalid(pathName, `no person ${t.id}`);
  return { kind: 'person', id: p.username, name: p.name };
}

/** Who leads the unit for this purpose: its head, or every member where it has none. */
function leadsUnit(unitId: string, p: Person): boolean {
  const heads = headsOf(unitId);
  return heads.length ? heads.some((h) => h.username === p.username) : membersOf(unitId).some((m) => m.username === p.username);
}

/** Does this person hold the lead (chủ trì): named in person, or heading the lead unit, or the specialist its head chose. */
function holdsLead(doc: ApiDocument, p: Person): boolean {
  return doc.assignments.some(
    (a) => a.role === 'lead' && ((a.assignee.kind === 'person' && a.assignee.id === p.username) || (a.assignee.kind === 'unit' && leadsUnit(a.assignee.id, p))),
  );
}

function isAssigner(doc: ApiDocument, p: Person): boolean {
  return doc.assignments.some((a) => a.assignedBy.username === p.username);
}

function submitTarget(to: string, roles: Person['role'][], what: string): Person {
  const p = findPerson(to);
  if (!p) invalid('to', `no person ${to}`);
  if (!roles.includes(p.role)) invalid('to', `${to} cannot ${what}`);
  return p;
}

/** Gives an arrived document its incoming number (số đến); a possible duplicate waits for the clerk's confirmation. */
function register(ctx: Ctx, doc: ApiDocument, actor: Person, req: { acknowledgeDuplicate?: boolean; note?: string }): void {
  const now = ctx.now();
  const dups = ctx.store.duplicates(doc);
  doc.duplicateOf = dups;
  if (dups.length && !req.acknowledgeDuplicate) {
    throw new DomainError(409, 'duplicate', `this document may already be registered (${dups.map((d) => describeHeld(ctx, d.id)).join('; ')}): confirm with acknowledgeDuplicate`, doc);
  }
  const reg = registerFor('incoming', doc.confidentiality);
  const year = vnYear(now);
  const number = ctx.store.nextNumber(reg, year);
  const due = doc.registrationDue ?? registrationDue(new Date(Date.parse(doc.arrivedAt ?? vnIso(now))), doc.urgency);
  doc.registration = { register: reg, year, number, registeredAt: vnIso(now), due, late: vnDay(now) > due };
  step(ctx, doc, actor, 'register', 'registered', req.note ?? null);
  emitStatus(ctx, doc, '03', `Đã tiếp nhận, số đến ${number}`, actor);
}

/** A held document in words a clerk recognizes: its number/notation, its incoming number or state, its issuer. */
function describeHeld(ctx: Ctx, id: string): string {
  const d = ctx.store.get(id);
  if (!d) return id;
  const code = d.number ? `${d.number}/${d.notation ?? ''}` : (d.notation ?? d.subject);
  const where = d.registration ? `số đến ${d.registration.number}/${d.registration.year}` : `state ${d.state}`;
  return `${code} of ${d.issuer.name}, ${where}`;
}

/**
 * POST /documents with kind 'package': the clerk received a package by another
 * road (mail, a disk) and registers it. The package is read with the same
 * edXML reader as the intake; a package whose DocumentId this system already
 * holds is refused (409 duplicate, naming that document and carrying it when
 * the clerk may see it): one package, one document, however often it is imported.
 */
export function importPackage(ctx: Ctx, actor: Person, req: Extract<CreateInput, { kind: 'package' }>, maxBytes: number): ApiDocument {
  if (actor.role !== 'clerk') forbid('only the clerk (văn thư) registers a received package');
  const bytes = new Uint8Array(Buffer.from(req.packageBase64, 'base64'));
  let read;
  try {
    read = readPackage(bytes, { maxBytes });
  } catch (err) {
    if (err instanceof EdxmlError) invalid(`packageBase64/${err.element}`, `the package cannot be read: ${err.element}: ${err.problem}: ${err.detail}`);
    throw err;
  }
  if (read.kind !== 'document') invalid('packageBase64', 'this is a status package (Status), not a document to register');
  const edxml = read.document;
  if (edxml.business?.docType === '1') invalid('packageBase64', 'this package revokes a document (BussinessDocType 1); it is not a new document to register');
  const held = ctx.store.byDocumentId(edxml.documentId, 'incoming')[0];
  if (held) {
    const visible = ctx.store.visibleTo(held.id, actor.username);
    throw new DomainError(409, 'duplicate', `this package (${edxml.documentId}) is already held: ${describeHeld(ctx, held.id)}`, visible ? held : undefined);
  }
  const { sha } = ctx.blobs.put(bytes);
  const doc = receivedDocument(ctx, edxml, read.warnings.map((w) => `${w.element}: ${w.problem}: ${w.detail}`), urgencyOfPriority(edxml.otherInfo.priority) ?? 'thuong');
  // A possible duplicate refuses the whole import: the answer carries the registered one, never this unsaved copy.
  if (doc.duplicateOf.length && !req.acknowledgeDuplicate) {
    const first = doc.duplicateOf.map((d) => d.id).find((id) => ctx.store.visibleTo(id, actor.username));
    throw new DomainError(
      409,
      'duplicate',
      `this document may already be registered (${doc.duplicateOf.map((d) => describeHeld(ctx, d.id)).join('; ')}): confirm with acknowledgeDuplicate`,
      first ? ctx.store.get(first) : undefined,
    );
  }
  step(ctx, doc, actor, 'import_package', 'arrived');
  emitStatus(ctx, doc, '01', 'Đã đến', actor);
  register(ctx, doc, actor, req);
  ctx.store.save(doc, { packageSha: sha });
  return doc;
}

/** POST /documents/{id}/actions. Throws DomainError; returns the document as saved. */
export function applyAction(ctx: Ctx, actor: Person, id: string, req: ActionInput): ApiDocument {
  const found = ctx.store.get(id);
  if (!found || !ctx.store.visibleTo(id, actor.username)) throw new DomainError(404, 'not_found', 'no such document');
  const doc: ApiDocument = found;
  if (req.baseVersion !== undefined && req.baseVersion !== doc.version) conflict(doc, `the document moved on (version ${doc.version}, not ${req.baseVersion})`);
  const now = ctx.now();

  switch (req.type) {
    case 'register': {
      if (actor.role !== 'clerk') forbid('only the clerk (văn thư) registers documents');
      requireDirection(doc, 'incoming', 'register');
      requireState(doc, ['arrived'], 'register');
      register(ctx, doc, actor, req);
      break;
    }
    case 'reject': {
      if (actor.role !== 'clerk') forbid('only the clerk (văn thư) returns a document to its sender');
      requireDirection(doc, 'incoming', 'reject');
      requireState(doc, ['arrived'], 'reject');
      opinion(ctx, doc, actor, 'reject', req.reason);
      step(ctx, doc, actor, 'reject', 'rejected', req.reason);
      emitStatus(ctx, doc, '02', req.reason, actor);
      break;
    }
    case 'submit': {
      if (actor.role !== 'clerk') forbid('only the clerk (văn thư) submits documents to a leader');
      requireDirection(doc, 'incoming', 'submit');
      requireState(doc, ['registered'], 'submit');
      const leader = submitTarget(req.to, ['leader'], 'receive a submitted document');
      doc.submittedTo = ref(leader);
      step(ctx, doc, actor, 'submit', 'submitted', req.note ?? null);
      break;
    }
    case 'assign': {
      if (actor.role !== 'leader') forbid('only a leader gives the directing opinion');
      requireDirection(doc, 'incoming', 'assign');
      requireState(doc, ['registered', 'submitted'], 'assign');
      if (isConfidential(doc) && doc.submittedTo && doc.submittedTo.username !== actor.username) forbid('this confidential document was submitted to another leader');
      const at = vnIso(now);
      const add = (t: Target, role: 'lead' | 'co' | 'info', pathName: string) =>
        doc.assignments.push({
          id: ctx.newId(),
          role,
          assignee: assignee(t, pathName),
          deadline: role === 'info' ? null : (t.deadline ?? doc.dueDate),
          assignedBy: ref(actor),
          assignedAt: at,
          parentId: null,
          state: 'open',
        });
      add(req.lead, 'lead', 'lead');
      req.coworkers.forEach((t, i) => add(t, 'co', `coworkers/${i}`));
      req.info.forEach((t, i) => add(t, 'info', `info/${i}`));
      if (req.lead.deadline && (!doc.dueDate || req.lead.deadline < doc.dueDate)) doc.dueDate = req.lead.deadline;
      opinion(ctx, doc, actor, 'directive', req.directive);
      step(ctx, doc, actor, 'assign', 'assigned', req.directive);
      emitStatus(ctx, doc, '04', 'Đã phân công xử lý', actor);
      break;
    }
    case 'reassign': {
      requireDirection(doc, 'incoming', 'reassign');
      requireState(doc, ['assigned', 'in_progress'], 'reassign');
      const parent = doc.assignments.find(
        (a) => a.parentId === null && a.role !== 'info' && a.state === 'open' && a.assignee.kind === 'unit' && headsOf(a.assignee.id).some((h) => h.username === actor.username),
      );
      if (!parent) forbid('only the head of an assigned unit re-assigns inside it');
      const specialist = findPerson(req.assignee);
      if (!specialist) invalid('assignee', `no person ${req.assignee}`);
      if (!membersOf(parent.assignee.id).some((m) => m.username === specialist.username)) invalid('assignee', `${req.assignee} is not in ${parent.assignee.name}`);
      if (req.deadline && parent.deadline && req.deadline > parent.deadline) invalid('deadline', `the internal deadline must not be after the unit's (${parent.deadline})`);
      // The previous specialist under this unit hands over: their open assignment goes.
      doc.assignments = doc.assignments.filter((a) => !(a.parentId === parent.id && a.state === 'open'));
      doc.assignments.push({
        id: ctx.newId(),
        role: parent.role,
        assignee: { kind: 'person', id: specialist.username, name: specialist.name },
        deadline: req.deadline ?? parent.deadline,
        assignedBy: ref(actor),
        assignedAt: vnIso(now),
        parentId: parent.id,
        state: 'open',
      });
      if (req.note) opinion(ctx, doc, actor, 'directive', req.note);
      if (doc.state === 'assigned') {
        step(ctx, doc, actor, 'reassign', 'in_progress', req.note ?? `${specialist.name}`);
        emitStatus(ctx, doc, '05', 'Đang xử lý', actor);
      } else step(ctx, doc, actor, 'reassign', 'in_progress', req.note ?? `${specialist.name}`);
      break;
    }
    case 'start': {
      requireDirection(doc, 'incoming', 'start');
      requireState(doc, ['assigned'], 'start');
      if (!holdsLead(doc, actor)) forbid('only who holds the lead (chủ trì) starts processing');
      step(ctx, doc, actor, 'start', 'in_progress', req.note ?? null);
      emitStatus(ctx, doc, '05', 'Đang xử lý', actor);
      break;
    }
    case 'comment': {
      if (doc.state === 'taken_back') conflict(doc, 'the document was taken back');
      opinion(ctx, doc, actor, 'comment', req.text);
      // A comment changes no state; its trace entry keeps the state as it is.
      step(ctx, doc, actor, 'comment', doc.state, req.text);
      break;
    }
    case 'finish': {
      requireDirection(doc, 'incoming', 'finish');
      requireState(doc, ['assigned', 'in_progress'], 'finish');
      if (!holdsLead(doc, actor) && !isAssigner(doc, actor)) forbid('only who holds the lead (chủ trì) or the leader who assigned it finishes');
      if (doc.state === 'assigned') {
        step(ctx, doc, actor, 'start', 'in_progress', null);
        emitStatus(ctx, doc, '05', 'Đang xử lý', actor);
      }
      doc.assignments = doc.assignments.map((a) => (a.role === 'info' ? a : { ...a, state: 'done' }));
      opinion(ctx, doc, actor, 'finish', req.summary);
      step(ctx, doc, actor, 'finish', 'finished', req.summary);
      emitStatus(ctx, doc, '06', 'Hoàn thành', actor);
      break;
    }
    case 'urge': {
      requireDirection(doc, 'incoming', 'urge');
      requireState(doc, ['assigned', 'in_progress'], 'urge');
      if (actor.role !== 'clerk' && actor.role !== 'leader' && !isAssigner(doc, actor)) forbid('only a leader, the clerk or who assigned it urges');
      opinion(ctx, doc, actor, 'urge', req.message);
      step(ctx, doc, actor, 'urge', doc.state, req.message);
      break;
    }
    case 'take_back': {
      if (actor.role !== 'clerk' && actor.role !== 'leader') forbid('only the clerk or a leader takes a document back');
      if (doc.direction === 'outgoing') {
        // Ours, issued: the original is frozen, internal copies go, other agencies get a revocation.
        requireState(doc, ['issued', 'sent'], 'take_back');
        opinion(ctx, doc, actor, 'take_back', req.reason);
        step(ctx, doc, actor, 'take_back', 'taken_back', req.reason);
        takeBackCopies(ctx, doc, actor, req.reason);
      } else {
        // Received, still being handled: withdrawn from everyone but the clerks; the sender hears 13.
        requireState(doc, ['arrived', 'registered', 'submitted', 'assigned', 'in_progress'], 'take_back');
        opinion(ctx, doc, actor, 'take_back', req.reason);
        step(ctx, doc, actor, 'take_back', 'taken_back', req.reason);
        emitStatus(ctx, doc, '13', req.reason, actor);
      }
      break;
    }
    case 'edit': {
      requireDirection(doc, 'outgoing', 'edit');
      requireState(doc, ['draft', 'returned'], 'edit');
      if (doc.drafter?.username !== actor.username) forbid('only the drafter edits a draft');
      if (req.subject !== undefined) doc.subject = req.subject;
      if (req.content !== undefined) doc.content = req.content;
      if (req.notation !== undefined) doc.notation = req.notation;
      if (req.urgency !== undefined) doc.urgency = req.urgency;
      if (req.confidentiality !== undefined) doc.confidentiality = req.confidentiality;
      if (req.dueDate !== undefined) doc.dueDate = req.dueDate;
      if (req.recipients !== undefined) doc.recipients = recipientsOf(req.recipients);
      if (req.attachments !== undefined) doc.attachments = storeFiles(ctx, req.attachments);
      step(ctx, doc, actor, 'edit', doc.state);
      break;
    }
    case 'submit_review': {
      requireDirection(doc, 'outgoing', 'submit_review');
      requireState(doc, ['draft', 'returned', 'in_review'], 'submit_review');
      const mayForward = doc.state === 'in_review' && doc.reviewer?.username === actor.username;
      const mayDraft = doc.state !== 'in_review' && doc.drafter?.username === actor.username;
      if (!mayForward && !mayDraft) forbid(doc.state === 'in_review' ? 'only the current reviewer forwards a draft' : 'only the drafter submits a draft for review');
      const reviewer = submitTarget(req.to, ['head', 'leader'], 'review a draft');
      if (reviewer.username === actor.username) invalid('to', 'a draft is reviewed by someone else');
      if (!doc.attachments.length) conflict(doc, 'a draft needs its file before review');
      doc.reviewer = ref(reviewer);
      if (req.note) opinion(ctx, doc, actor, 'review', req.note);
      step(ctx, doc, actor, 'submit_review', 'in_review', req.note ?? null);
      break;
    }
    case 'return': {
      requireDirection(doc, 'outgoing', 'return');
      requireState(doc, ['in_review'], 'return');
      if (doc.reviewer?.username !== actor.username) forbid('only the reviewer returns a draft');
      opinion(ctx, doc, actor, 'review', req.comment);
      step(ctx, doc, actor, 'return', 'returned', req.comment);
      break;
    }
    case 'approve': {
      requireDirection(doc, 'outgoing', 'approve');
      requireState(doc, ['in_review'], 'approve');
      if (doc.reviewer?.username !== actor.username || actor.role !== 'leader') forbid('only the leader reviewing it approves a draft');
      doc.signer = { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: actor.name };
      if (req.note) opinion(ctx, doc, actor, 'review', req.note);
      step(ctx, doc, actor, 'approve', 'approved', req.note ?? null);
      break;
    }
    case 'issue': {
      if (actor.role !== 'clerk') forbid('only the clerk (văn thư) gives a number and issues');
      requireDirection(doc, 'outgoing', 'issue');
      requireState(doc, ['approved'], 'issue');
      const register = registerFor('outgoing', doc.confidentiality);
      const year = vnYear(now);
      const n = ctx.store.nextNumber(register, year);
      doc.issue = { register, year, number: n, issuedAt: vnIso(now) };
      doc.number = formatNumber(n);
      doc.promulgationDate = vnDay(now);
      doc.documentId = documentIdOf(AGENCY.organId, doc.promulgationDate, doc.number, doc.notation ?? '');
      step(ctx, doc, actor, 'issue', 'issued', `${doc.number}/${doc.notation ?? ''}`);
      break;
    }
    case 'send': {
      if (actor.role !== 'clerk') forbid('only the clerk (văn thư) sends documents');
      requireDirection(doc, 'outgoing', 'send');
      requireState(doc, ['issued'], 'send');
      step(ctx, doc, actor, 'send', 'sent');
      deliver(ctx, doc, actor);
      break;
    }
  }
  touch(ctx, doc);
  ctx.store.save(doc);
  return doc;
}

/** Internal recipients get an incoming copy at once; other agencies a package through the exchange. */
function deliver(ctx: Ctx, doc: ApiDocument, actor: Person): void {
  const internal = doc.recipients.filter((r) => r.kind !== 'organization');
  if (internal.length) {
    const copy = blank(ctx, {
      direction: 'incoming',
      origin: 'internal',
      typeName: doc.typeName,
      typeCode: doc.typeCode,
      subject: doc.subject,
      content: doc.content,
      number: doc.number,
      notation: doc.notation,
      documentId: doc.documentId,
      issuer: { ...doc.issuer },
      promulgationDate: doc.promulgationDate,
      place: doc.place,
      signer: doc.signer,
      urgency: doc.urgency,
      confidentiality: doc.confidentiality,
      dueDate: doc.dueDate,
      arrivedAt: vnIso(ctx.now()),
      attachments: doc.attachments.map((a) => ({ ...a, id: ctx.newId() })),
      sourceDocument: doc.id,
    });
    const at = vnIso(ctx.now());
    copy.assignments = internal.map((r) => ({
      id: ctx.newId(),
      role: r.role,
      assignee: { kind: r.kind === 'unit' ? 'unit' : 'person', id: r.id, name: r.name },
      deadline: r.role === 'info' ? null : doc.dueDate,
      assignedBy: ref(actor),
      assignedAt: at,
      parentId: null,
      state: 'open',
    }));
    step(ctx, copy, actor, 'receive_internal', 'assigned');
    ctx.store.save(copy);
  }
  const external = doc.recipients.filter((r) => r.kind === 'organization');
  if (external.length) {
    const pkg = outgoingPackage(ctx, doc, external, '0');
    ctx.out.push({ name: outName(ctx, doc, 'document'), bytes: pkg });
  }
}

function takeBackCopies(ctx: Ctx, doc: ApiDocument, actor: Person, reason: string): void {
  const copies = doc.documentId ? ctx.store.byDocumentId(doc.documentId, 'incoming').filter((c) => c.sourceDocument === doc.id && c.state !== 'taken_back') : [];
  for (const c of copies) {
    step(ctx, c, actor, 'take_back', 'taken_back', reason);
    touch(ctx, c);
    ctx.store.save(c);
  }
  const external = doc.recipients.filter((r) => r.kind === 'organization');
  if (external.length) {
    doc.statuses.push({ code: '13', at: vnIso(ctx.now()), direction: 'sent', organization: { organId: AGENCY.organId, name: AGENCY.name }, description: reason });
    ctx.out.push({ name: outName(ctx, doc, 'revoke'), bytes: outgoingPackage(ctx, doc, external, '1', reason) });
  }
}

function outgoingPackage(ctx: Ctx, doc: ApiDocument, to: ApiDocument['recipients'], businessType: string, reason?: string): Buffer {
  const files = doc.attachments.map((a, i) => ({ a, cid: `cid:${i + 1}` }));
  const edxml: EdxmlDocument = {
    from: { organId: AGENCY.organId, organName: AGENCY.name, organizationInCharge: 'Ủy ban nhân dân tỉnh Demo' },
    to: to.map((r) => ({ organId: r.id, organName: r.name })),
    code: { codeNumber: doc.number ?? '', codeNotation: doc.notation ?? '' },
    promulgation: { place: doc.place ?? AGENCY.place, date: doc.promulgationDate ?? vnDay(ctx.now()) },
    documentType: { type: doc.typeCode || '0', typeName: doc.typeName },
    subject: doc.subject,
    content: doc.content ?? undefined,
    signer: { competence: doc.signer?.competence ?? undefined, position: doc.signer?.position ?? undefined, fullName: doc.signer?.fullName ?? undefined },
    dueDate: doc.dueDate ?? undefined,
    toPlaces: to.map((r) => r.name),
    otherInfo: { priority: priorityOfUrgency(doc.urgency), promulgationAmount: String(to.length), appendixes: [] },
    documentId: doc.documentId ?? doc.id,
    traces: [{ organId: AGENCY.organId, timestamp: vietnamLocal(ctx.now()) }],
    business: { docType: businessType, reason, paper: '0' },
    signed: false,
    manifest: files.map(({ a, cid }) => ({ contentId: cid, contentType: a.contentType, attachmentName: a.name })),
    attachments: files.map(({ a, cid }) => ({ contentId: cid, name: a.name, contentType: a.contentType, data: readBlob(ctx, a.sha256) })),
  };
  return writeDocumentPackage(edxml);
}

function readBlob(ctx: Ctx, sha: string): Uint8Array {
  // Synchronous on purpose: the package is built inside the transaction that sends it.
  return new Uint8Array(readFileSync(ctx.blobs.pathOf(sha)));
}
