// Files attached from Files (issue 16, item 5): the renderer names them by
// path, and the core reads them itself, from the copy on this device when it
// is current, else fetched from the server into the files cache first, so the
// bytes never pass through the renderer and the user never downloads them by
// hand. Files owns how; mail only asks through this small source, which the
// composition root hands over (ARCHITECTURE: features that read other features).
import { MAIL_ATTACHMENT_MAX_BYTES } from '../../../shared/mail';
import { AppError } from '../errors';

export interface FileAttachmentSource {
  /** The size the listing shows, without fetching anything (null: not known here). */
  listedSize(path: string): number | null;
  /** A local file holding the file's current content, with its name and type. */
  localCopy(path: string): Promise<{ name: string; contentType: string; file: string; size: number }>;
}

export interface FileAttachment {
  filename: string;
  contentType: string;
  /** A local file: nodemailer streams it into the message. */
  path: string;
}

function tooLarge(path: string, size: number): AppError {
  return new AppError('mail.attachment_too_large', `${path}: ${size} bytes, a mail carries at most ${MAIL_ATTACHMENT_MAX_BYTES}`);
}

/** Every file asked for, or an error before anything is queued: too large, gone, not reachable. */
export async function filesAttachments(source: FileAttachmentSource | null, refs: ReadonlyArray<{ path: string }>): Promise<FileAttachment[]> {
  if (refs.length === 0) return [];
  if (!source) throw new AppError('files.not_configured', 'no Files feature to attach from');
  // Refused on the listing's size first, so a 2 GB file is not fetched to be refused.
  for (const r of refs) {
    const listed = source.listedSize(r.path);
    if (listed !== null && listed > MAIL_ATTACHMENT_MAX_BYTES) throw tooLarge(r.path, listed);
  }
  const out: FileAttachment[] = [];
  for (const r of refs) {
    const c = await source.localCopy(r.path);
    if (c.size > MAIL_ATTACHMENT_MAX_BYTES) throw tooLarge(r.path, c.size);
    out.push({ filename: c.name, contentType: c.contentType, path: c.file });
  }
  return out;
}
