// The document-system API on the wire, as zod schemas: what the core's client
// parses every answer with and what the reference service (test/stack/documents)
// builds its answers from. The documentation is api/documents.openapi.yaml; a
// test checks the service's answers against that file with a JSON Schema
// validator, so the three cannot drift apart silently.
import { z } from 'zod';
import { CONFIDENTIALITIES, DOC_STATES, URGENCIES } from '../../../shared/documents';

export const API_VERSION = 'v1';

// The same lists as the contract's (shared/documents.ts): one spelling of each value.
export const UrgencySchema = z.enum(URGENCIES);
export const ConfidentialitySchema = z.enum(CONFIDENTIALITIES);
export const DirectionSchema = z.enum(['incoming', 'outgoing']);
export const StateSchema = z.enum(DOC_STATES);
export const ApiRoleSchema = z.enum(['clerk', 'leader', 'head', 'specialist', 'viewer']);

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const dateTime = z.string().datetime({ offset: true });

export const PersonRefSchema = z.object({ username: z.string(), name: z.string() });
export const UnitRefSchema = z.object({ id: z.string(), name: z.string() });
export const OrganizationRefSchema = z.object({ organId: z.string(), name: z.string() });

export const AssigneeSchema = z.object({ kind: z.enum(['unit', 'person']), id: z.string(), name: z.string() });

export const AssignmentSchema = z.object({
  id: z.string(),
  role: z.enum(['lead', 'co', 'info']),
  assignee: AssigneeSchema,
  deadline: date.nullable(),
  assignedBy: PersonRefSchema,
  assignedAt: dateTime,
  /** The assignment this one refines (a head's assignment of a specialist inside the department). */
  parentId: z.string().nullable(),
  state: z.enum(['open', 'done']),
});

export const OpinionSchema = z.object({
  id: z.string(),
  kind: z.enum(['directive', 'comment', 'review', 'urge', 'finish', 'reject', 'take_back']),
  author: PersonRefSchema,
  at: dateTime,
  text: z.string(),
});

export const TraceEntrySchema = z.object({
  seq: z.number().int(),
  at: dateTime,
  actor: PersonRefSchema.nullable(),
  action: z.string(),
  fromState: StateSchema.nullable(),
  toState: StateSchema,
  note: z.string().nullable(),
});

export const StatusEntrySchema = z.object({
  code: z.string(),
  at: dateTime,
  direction: z.enum(['sent', 'received']),
  organization: OrganizationRefSchema,
  description: z.string().nullable(),
});

export const AttachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
});

export const RegistrationSchema = z.object({
  register: z.string(),
  year: z.number().int(),
  number: z.number().int().positive(),
  registeredAt: dateTime,
  /** Decree 30: the day of arrival or the next working day; at once for khẩn and above. */
  due: date,
  late: z.boolean(),
});

export const IssueSchema = z.object({
  register: z.string(),
  year: z.number().int(),
  number: z.number().int().positive(),
  issuedAt: dateTime,
});

export const RecipientSchema = z.object({
  kind: z.enum(['unit', 'person', 'organization']),
  id: z.string(),
  name: z.string(),
  role: z.enum(['lead', 'co', 'info']),
});

export const DocumentSchema = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  direction: DirectionSchema,
  state: StateSchema,
  origin: z.enum(['exchange', 'internal', 'paper', 'draft']),
  documentId: z.string().nullable(),
  number: z.string().nullable(),
  notation: z.string().nullable(),
  typeCode: z.string(),
  typeName: z.string(),
  subject: z.string(),
  content: z.string().nullable(),
  issuer: OrganizationRefSchema,
  promulgationDate: date.nullable(),
  place: z.string().nullable(),
  signer: z.object({ competence: z.string().nullable(), position: z.string().nullable(), fullName: z.string().nullable() }).nullable(),
  urgency: UrgencySchema,
  confidentiality: ConfidentialitySchema,
  dueDate: date.nullable(),
  arrivedAt: dateTime.nullable(),
  /** Decree 30: by when the clerk must register it (set on arrival, so the queue can show it before). */
  registrationDue: date.nullable(),
  registration: RegistrationSchema.nullable(),
  issue: IssueSchema.nullable(),
  submittedTo: PersonRefSchema.nullable(),
  reviewer: PersonRefSchema.nullable(),
  drafter: PersonRefSchema.nullable(),
  recipients: z.array(RecipientSchema),
  duplicateOf: z.array(z.object({ id: z.string(), reason: z.enum(['document_id', 'number_notation_issuer']) })),
  attachments: z.array(AttachmentSchema),
  hasPackage: z.boolean(),
  /** Warnings from reading the package (unknown elements, a manifest reference without its file). */
  packageWarnings: z.array(z.string()),
  sourceDocument: z.string().nullable(),
  assignments: z.array(AssignmentSchema),
  opinions: z.array(OpinionSchema),
  trace: z.array(TraceEntrySchema),
  statuses: z.array(StatusEntrySchema),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type ApiDocument = z.infer<typeof DocumentSchema>;

export const ChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('document'), document: DocumentSchema }),
  z.object({ type: z.literal('removed'), id: z.string() }),
]);
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesPageSchema = z.object({ changes: z.array(ChangeSchema), cursor: z.string(), more: z.boolean() });
export type ChangesPage = z.infer<typeof ChangesPageSchema>;

export const MeSchema = z.object({
  username: z.string(),
  name: z.string(),
  role: ApiRoleSchema,
  unit: UnitRefSchema,
  organization: OrganizationRefSchema,
});
export type Me = z.infer<typeof MeSchema>;

export const DirectorySchema = z.object({
  organization: OrganizationRefSchema,
  units: z.array(z.object({ id: z.string(), name: z.string(), head: z.string().nullable() })),
  people: z.array(z.object({ username: z.string(), name: z.string(), email: z.string(), title: z.string(), role: ApiRoleSchema, unitId: z.string() })),
});
export type Directory = z.infer<typeof DirectorySchema>;

export const ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid_request',
  'conflict',
  'duplicate',
  'action_id_reused',
  'cursor_expired',
  'too_large',
  'not_modified',
  'internal',
] as const;
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  /** With 409: the document as it is now. */
  document: DocumentSchema.optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---- requests (strict: an unknown field is refused) ----

const actionBase = { actionId: z.string().uuid(), baseVersion: z.number().int().positive().optional() };
const text = (max: number) => z.string().trim().min(1).max(max);
const target = z.object({ kind: z.enum(['unit', 'person']), id: z.string().min(1), deadline: date.optional() }).strict();
const fileIn = z
  .object({ name: text(255), contentType: text(127), dataBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/) })
  .strict();
export const RecipientInSchema = z.object({ kind: z.enum(['unit', 'person', 'organization']), id: z.string().min(1), name: z.string().optional(), role: z.enum(['lead', 'co', 'info']).default('info') }).strict();

export const ActionRequestSchema = z.discriminatedUnion('type', [
  z.object({ ...actionBase, type: z.literal('register'), acknowledgeDuplicate: z.boolean().optional(), note: text(2000).optional() }).strict(),
  z.object({ ...actionBase, type: z.literal('reject'), reason: text(2000) }).strict(),
  z.object({ ...actionBase, type: z.literal('submit'), to: z.string().min(1), note: text(2000).optional() }).strict(),
  z
    .object({
      ...actionBase,
      type: z.literal('assign'),
      directive: text(4000),
      lead: target,
      coworkers: z.array(target).max(50).default([]),
      info: z.array(target).max(100).default([]),
    })
    .strict(),
  z.object({ ...actionBase, type: z.literal('reassign'), assignee: z.string().min(1), deadline: date.optional(), note: text(2000).optional() }).strict(),
  z.object({ ...actionBase, type: z.literal('start'), note: text(2000).optional() }).strict(),
  z.object({ ...actionBase, type: z.literal('comment'), text: text(4000) }).strict(),
  z.object({ ...actionBase, type: z.literal('finish'), summary: text(4000) }).strict(),
  z.object({ ...actionBase, type: z.literal('take_back'), reason: text(2000) }).strict(),
  z.object({ ...actionBase, type: z.literal('urge'), message: text(2000) }).strict(),
  z
    .object({
      ...actionBase,
      type: z.literal('edit'),
      subject: text(1000).optional(),
      content: z.string().max(20000).optional(),
      notation: text(60).optional(),
      urgency: UrgencySchema.optional(),
      confidentiality: ConfidentialitySchema.optional(),
      dueDate: date.nullable().optional(),
      recipients: z.array(RecipientInSchema).max(200).optional(),
      attachments: z.array(fileIn).max(20).optional(),
    })
    .strict(),
  z.object({ ...actionBase, type: z.literal('submit_review'), to: z.string().min(1), note: text(2000).optional() }).strict(),
  z.object({ ...actionBase, type: z.literal('return'), comment: text(4000) }).strict(),
  z.object({ ...actionBase, type: z.literal('approve'), note: text(2000).optional() }).strict(),
  z.object({ ...actionBase, type: z.literal('issue') }).strict(),
  z.object({ ...actionBase, type: z.literal('send') }).strict(),
]);
export type ActionRequest = z.input<typeof ActionRequestSchema>;
export type ActionType = ActionRequest['type'];

export const CreateRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({
      actionId: z.string().uuid(),
      kind: z.literal('draft'),
      typeName: text(100),
      typeCode: text(10).optional(),
      subject: text(1000),
      content: z.string().max(20000).optional(),
      notation: text(60),
      urgency: UrgencySchema.default('thuong'),
      confidentiality: ConfidentialitySchema.default('thuong'),
      dueDate: date.optional(),
      recipients: z.array(RecipientInSchema).max(200).default([]),
      attachments: z.array(fileIn).max(20).default([]),
    })
    .strict(),
  z
    .object({
      actionId: z.string().uuid(),
      kind: z.literal('paper'),
      number: text(20),
      notation: text(60),
      issuer: z.object({ organId: text(60), name: text(300) }).strict(),
      promulgationDate: date,
      typeName: text(100),
      subject: text(1000),
      urgency: UrgencySchema.default('thuong'),
      confidentiality: ConfidentialitySchema.default('thuong'),
      dueDate: date.optional(),
      attachments: z.array(fileIn).max(20).default([]),
    })
    .strict(),
  // An edXML package the clerk opened or dropped (it came by another road than
  // the exchange platform): received and registered (số đến) in one step. One
  // document per package: a package whose DocumentId is already held is refused
  // as a duplicate naming the document that holds it.
  z
    .object({
      actionId: z.string().uuid(),
      kind: z.literal('package'),
      packageBase64: z.string().min(1).regex(/^[A-Za-z0-9+/]*={0,2}$/),
      acknowledgeDuplicate: z.boolean().optional(),
      note: text(2000).optional(),
    })
    .strict(),
]);
export type CreateRequest = z.input<typeof CreateRequestSchema>;

export const ActionResultSchema = z.object({ actionId: z.string(), document: DocumentSchema });
export type ActionResult = z.infer<typeof ActionResultSchema>;
