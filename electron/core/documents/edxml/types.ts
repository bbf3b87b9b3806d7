// Our model of an edXML package (QCVN 102:2016). Every field read from XML
// goes through these zod schemas (ARCHITECTURE: zod where data enters), and
// the writer takes the same shapes, so reading what we wrote is an identity.
import { z } from 'zod';

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
/** The older eDoc namespace some producers still send; read, never written. */
export const EDOC_NS = 'http://www.go.vn/eDoc';

/** ISO calendar date (YYYY-MM-DD); edXML writes yyyy/MM/dd. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Local Vietnam wall-clock time (YYYY-MM-DDTHH:mm:ss); edXML writes yyyy/MM/dd HH:mm:ss. */
export const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

const text = z.string();
const optText = z.string().optional();

export const OrganizationSchema = z.object({
  organId: z.string().min(1),
  organizationInCharge: optText,
  organName: z.string().min(1),
  organAdd: optText,
  email: optText,
  telephone: optText,
  fax: optText,
  website: optText,
});
export type EdxmlOrganization = z.infer<typeof OrganizationSchema>;

export const StaffInfoSchema = z.object({
  department: optText,
  staff: optText,
  email: optText,
  mobile: optText,
});
export type EdxmlStaffInfo = z.infer<typeof StaffInfoSchema>;

export const ResponseForSchema = z.object({
  organId: z.string().min(1),
  code: z.string().min(1),
  promulgationDate: isoDate,
  documentId: z.string().min(1),
});
export type EdxmlResponseFor = z.infer<typeof ResponseForSchema>;

export const TraceHeaderSchema = z.object({ organId: z.string().min(1), timestamp: localDateTime });

/** 0 new; 1-3 revoke/update/replace in the official sample (one producer orders them differently). */
export const BusinessSchema = z.object({
  docType: z.string().min(1),
  reason: optText,
  paper: optText,
  staffInfo: StaffInfoSchema.optional(),
});

export const ReferenceSchema = z.object({
  contentId: z.string().min(1),
  contentType: z.string().min(1),
  description: optText,
  attachmentName: z.string().min(1),
});
export type EdxmlReference = z.infer<typeof ReferenceSchema>;

export const AttachmentSchema = z.object({
  contentId: z.string().min(1),
  name: z.string().min(1),
  description: optText,
  contentType: z.string().min(1),
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'),
});
export type EdxmlAttachment = z.infer<typeof AttachmentSchema>;

export const DocumentSchema = z.object({
  from: OrganizationSchema,
  to: z.array(OrganizationSchema).min(1),
  code: z.object({ codeNumber: z.string().min(1), codeNotation: z.string().min(1) }),
  promulgation: z.object({ place: optText, date: isoDate }),
  documentType: z.object({ type: z.string().min(1), typeDetail: optText, typeName: optText }),
  subject: z.string().min(1),
  content: optText,
  signer: z.object({ competence: optText, position: optText, fullName: optText }),
  dueDate: isoDate.optional(),
  toPlaces: z.array(text),
  otherInfo: z.object({
    /** Raw Priority (độ khẩn): 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
    priority: optText,
    sphereOfPromulgation: optText,
    typerNotation: optText,
    promulgationAmount: optText,
    pageAmount: optText,
    direction: optText,
    appendixes: z.array(text),
  }),
  steeringType: optText,
  documentId: z.string().min(1),
  responseFor: ResponseForSchema.optional(),
  traces: z.array(TraceHeaderSchema),
  business: BusinessSchema.optional(),
  /** An enveloped XML signature was present (the original bytes keep it). */
  signed: z.boolean(),
  manifest: z.array(ReferenceSchema),
  attachments: z.array(AttachmentSchema),
});
export type EdxmlDocument = z.infer<typeof DocumentSchema>;

export const StatusSchema = z.object({
  responseFor: ResponseForSchema,
  from: OrganizationSchema,
  /** Two digits as sent; an unknown code is kept as read. */
  statusCode: z.string().min(1),
  description: optText,
  timestamp: localDateTime,
  staffInfo: StaffInfoSchema.optional(),
});
export type EdxmlStatus = z.infer<typeof StatusSchema>;

/** Something odd that did not stop the read: the clerk sees it. */
export interface EdxmlWarning {
  /** Path of the element, e.g. `edXML/edXMLEnvelope/edXMLBody/edXMLManifest/Reference[2]`. */
  element: string;
  problem: 'unknown_element' | 'unknown_status_code' | 'unknown_business_type' | 'unknown_priority' | 'missing_attachment' | 'unreferenced_attachment';
  detail: string;
}

export type EdxmlVariant = 'prefixed' | 'default-namespace' | 'no-namespace' | 'edoc';
