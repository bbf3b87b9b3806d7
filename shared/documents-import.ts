// An edXML package the user opens or drops in the Documents section, read in
// the core (electron/core/documents/import.ts) and shown as it reads; nothing
// is registered or kept by reading it.
import { z } from 'zod';

/** The largest package read (the edXML reader's own limit): beyond it the file is refused before it is sent. */
export const EDXML_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export const readPackageParams = z
  .object({
    /** The file's name as the user's system gave it (shown, never used as a path). */
    name: z.string().min(1).max(255),
    dataBase64: z
      .string()
      .max(Math.ceil(EDXML_IMPORT_MAX_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
  })
  .strict();

export const registerPackageParams = readPackageParams
  .extend({
    /** The clerk's note on the registration. */
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

/** A document the cache already holds under a package's DocumentId. */
export interface HeldDocument {
  id: string;
  code: string;
  subject: string;
  issuer: string;
  /** Its incoming number (số đến), once registered. */
  registrationNumber: number | null;
  state: string;
}

/**
 * What registering a package did: queued in the documents outbox under its
 * action id (sent when the document system answers), or nothing because the
 * package is already held (`held`) or already waits to be sent (`waitingId`).
 */
export type RegisterPackageResult =
  | { kind: 'queued'; actionId: string }
  | { kind: 'duplicate'; documentId: string; held: HeldDocument | null; waitingId: string | null };

export interface EdxmlPreviewWarning {
  element: string;
  problem: string;
  detail: string;
}

export interface EdxmlPreviewOrgan {
  organId: string;
  organName: string;
}

export type EdxmlPreview =
  | {
      kind: 'document';
      name: string;
      documentId: string;
      code: string;
      date: string;
      place: string | null;
      typeName: string;
      subject: string;
      content: string | null;
      from: EdxmlPreviewOrgan;
      to: EdxmlPreviewOrgan[];
      /** null: the package's Priority is one the standard does not have (a warning says so). */
      urgency: 'thuong' | 'khan' | 'thuong_khan' | 'hoa_toc' | 'hoa_toc_hen_gio' | null;
      dueDate: string | null;
      signer: { competence: string | null; position: string | null; fullName: string | null };
      responseFor: string | null;
      signed: boolean;
      attachments: { name: string; contentType: string; size: number }[];
      warnings: EdxmlPreviewWarning[];
    }
  | {
      kind: 'status';
      name: string;
      statusCode: string;
      responseFor: string;
      from: EdxmlPreviewOrgan;
      timestamp: string;
      description: string | null;
      warnings: EdxmlPreviewWarning[];
    }
  | {
      /** The reader refused it: which element, which of its problems (an i18n key), its words. */
      kind: 'refused';
      name: string;
      element: string;
      problem: string;
      detail: string;
    };
