// Opening a message by its structure: the server's BODYSTRUCTURE says which
// parts are text (shown, searched), which are images the HTML shows by cid:
// (kept with the body) and which are files (fetched only when the user asks,
// by part number). So the text of a 10 MB message with an 8 MB attachment
// costs the few KB of its text, and a forwarded message (message/rfc822)
// is read as a nested message from its own parts.
import type { MessageEnvelopeObject, MessageStructureObject } from 'imapflow';
import { simpleParser } from './mime-parser';
import type { AttachmentInfo, MailAddress, NestedMessage } from '../../../shared/mail';
import { attachmentName } from './filename';
import { INLINE_MAX_BYTES, looksLikeMail, MAX_NESTING, nfc } from './parse';
import type { BodyRecord } from './store';

/** One leaf part of a message, as BODYSTRUCTURE describes it. */
export interface PartRef {
  part: string;
  type: string;
  params: Record<string, string>;
  encoding: string;
  size: number;
  contentId: string | null;
  disposition: string | null;
  filename: string | null;
}

export interface MessagePlan {
  /** text/plain parts shown as the body, in order. */
  text: PartRef[];
  /** The HTML body, if any. */
  html: PartRef | null;
  /** Images with a Content-ID: kept with the body when the HTML names them. */
  related: PartRef[];
  /** Files, message/rfc822 ones included (a forward can be saved as .eml). */
  files: PartRef[];
  /** Messages inside, with the file (in `files`) that carries each. */
  nested: { file: PartRef; envelope: MessageEnvelopeObject | null; plan: MessagePlan }[];
}

function refOf(n: MessageStructureObject, part: string): PartRef {
  const params = n.parameters ?? {};
  const disp = n.dispositionParameters ?? {};
  return {
    part,
    type: n.type.toLowerCase(),
    params,
    encoding: (n.encoding ?? '7bit').toLowerCase(),
    size: n.size ?? 0,
    contentId: n.id ?? null,
    disposition: n.disposition ? n.disposition.toLowerCase() : null,
    filename: disp.filename ?? params.name ?? null,
  };
}

function emptyPlan(): MessagePlan {
  return { text: [], html: null, related: [], files: [], nested: [] };
}

/**
 * What of a message is body, image and file. `root` is the part number of
 * the message itself: '' for the top, the rfc822 part's number for a
 * forwarded one. A single-part body is part 1 of its message (RFC 3501).
 */
export function planOf(node: MessageStructureObject, root = '', depth = 0): MessagePlan {
  const plan = emptyPlan();
  const single = (): string => (root ? `${root}.1` : '1');
  const walk = (n: MessageStructureObject, isRoot: boolean, alternative: boolean): void => {
    const type = n.type.toLowerCase();
    if (n.childNodes && type.startsWith('multipart/')) {
      const alt = type === 'multipart/alternative';
      for (const c of n.childNodes) walk(c, false, alt);
      return;
    }
    const ref = refOf(n, isRoot ? single() : (n.part ?? single()));
    const attached = ref.disposition === 'attachment';
    if (!attached && type === 'text/plain' && !ref.filename) {
      // In an alternative the plain text is one rendering of the HTML; once is enough.
      if (!(alternative && plan.text.length > 0)) plan.text.push(ref);
      return;
    }
    if (!attached && type === 'text/html' && !ref.filename) {
      if (!plan.html) {
        plan.html = ref;
        return;
      }
    }
    if (!attached && ref.contentId && type.startsWith('image/')) {
      plan.related.push(ref);
      return;
    }
    plan.files.push(ref);
    const inner = n.childNodes?.[0];
    if (type === 'message/rfc822' && inner && depth < MAX_NESTING) {
      plan.nested.push({ file: ref, envelope: n.envelope ?? null, plan: planOf(inner, ref.part, depth + 1) });
    }
  };
  walk(node, true, false);
  return plan;
}

/** The message's own header block, fetched with the parts to tell a message from something that is not one. */
export const HEADER_PART = 'header';

/** The parts to fetch to show a message: its header block, text, HTML, cid: images, and the text of messages inside. */
export function partsToFetch(plan: MessagePlan): Pick<PartRef, 'part'>[] {
  const out: Pick<PartRef, 'part'>[] = [{ part: HEADER_PART }, ...plan.text];
  if (plan.html) out.push(plan.html);
  out.push(...plan.related.filter((r) => r.size <= INLINE_MAX_BYTES && !/svg/i.test(r.type)));
  for (const n of plan.nested) {
    out.push(...n.plan.text);
    if (n.plan.html && n.plan.text.length === 0) out.push(n.plan.html);
  }
  return out;
}

/** One part's bytes as they travel (transfer-encoded) turned into text: mailparser does charsets, encodings, format=flowed. */
async function decodeText(ref: PartRef, raw: Buffer): Promise<{ text: string; html: string | null }> {
  const params = Object.entries(ref.params)
    .filter(([k]) => /^[a-z0-9-]+$/i.test(k))
    .map(([k, v]) => `; ${k}="${v.replace(/["\\\r\n]/g, '')}"`)
    .join('');
  const head = `Content-Type: ${ref.type}${params}\r\nContent-Transfer-Encoding: ${ref.encoding.replace(/[^a-z0-9-]/gi, '')}\r\n\r\n`;
  const mail = await simpleParser(Buffer.concat([Buffer.from(head, 'latin1'), raw]), { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  return { text: nfc(mail.text ?? ''), html: typeof mail.html === 'string' ? nfc(mail.html) : null };
}

/** The bytes of a part as they travel, transfer encoding undone. */
export function decodeBytes(ref: Pick<PartRef, 'encoding'>, raw: Buffer): Buffer {
  if (ref.encoding === 'base64') return Buffer.from(raw.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (ref.encoding === 'quoted-printable') {
    const s = raw.toString('latin1').replace(/=\r?\n/g, '');
    const out: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
        out.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else out.push(c & 0xff);
    }
    return Buffer.from(out);
  }
  return raw;
}

function addresses(list: { name?: string | undefined; address?: string | undefined }[] | undefined): MailAddress[] {
  return (list ?? []).filter((a) => a.address).map((a) => ({ name: nfc(a.name ?? ''), address: a.address ?? '' }));
}

/** BODYSTRUCTURE gives the size as it travels; the user wants the file's: base64 carries 3 bytes in 4, plus line breaks. */
function decodedSize(ref: PartRef): number {
  return ref.encoding === 'base64' ? Math.floor((ref.size * 3) / 4 / (78 / 76)) : ref.size;
}

function fallbackName(ref: PartRef): string {
  return ref.type === 'message/rfc822' ? 'message.eml' : 'attachment';
}

/**
 * The body record of a message from its plan and the parts fetched
 * (`parts`: part number → bytes as they travel). Files are listed in the
 * plan's order, each forwarded message's files after the outer ones, with
 * their part numbers so one can be fetched alone. Null when the header block
 * is no message's: then only the whole source tells what it is.
 */
export async function bodyFromParts(plan: MessagePlan, parts: Map<string, Buffer>): Promise<BodyRecord | null> {
  // Not a message (no header lines): the caller keeps its raw source with a warning, as parseBody does.
  const header = parts.get(HEADER_PART);
  if (!header || !looksLikeMail(header)) return null;
  const attachments: BodyRecord['attachments'] = [];
  const fileInfo = (ref: PartRef): Omit<AttachmentInfo, 'index'> => ({
    ...attachmentName(ref.filename, fallbackName(ref)),
    contentType: ref.type,
    size: decodedSize(ref),
    contentId: ref.contentId,
    inline: false,
  });
  const textOf = async (p: MessagePlan): Promise<{ text: string; html: string | null }> => {
    const texts: string[] = [];
    for (const ref of p.text) {
      const raw = parts.get(ref.part);
      if (raw) texts.push((await decodeText(ref, raw)).text);
    }
    let html: string | null = null;
    const h = p.html ? parts.get(p.html.part) : undefined;
    if (p.html && h) {
      const d = await decodeText(p.html, h);
      html = d.html;
      // No plain text beside the HTML: its text (for search, and a forward's reading) comes from it.
      if (texts.length === 0) texts.push(d.text);
    }
    return { text: texts.join('\n'), html };
  };

  const top = await textOf(plan);
  for (const ref of plan.files) attachments.push({ ...fileInfo(ref), part: ref.part });
  for (const ref of plan.related) {
    const bytes = parts.get(ref.part);
    const cid = (ref.contentId ?? '').replace(/[<>]/g, '');
    const named = top.html !== null && cid !== '' && top.html.toLowerCase().includes(`cid:${cid.toLowerCase()}`);
    attachments.push({
      ...fileInfo(ref),
      part: ref.part,
      inline: named,
      ...(named && bytes ? { content: decodeBytes(ref, bytes) } : {}),
    });
  }

  const nestedOf = async (p: MessagePlan): Promise<NestedMessage[]> => {
    const out: NestedMessage[] = [];
    for (const n of p.nested) {
      const files: AttachmentInfo[] = [];
      for (const ref of [...n.plan.files, ...n.plan.related]) {
        const info = fileInfo(ref);
        files.push({ ...info, originalFilename: info.originalFilename ?? null, index: attachments.length });
        attachments.push({ ...info, part: ref.part });
      }
      const { text } = await textOf(n.plan);
      const env = n.envelope;
      const date = env?.date ? new Date(env.date).getTime() : NaN;
      out.push({
        subject: nfc(env?.subject ?? ''),
        from: addresses(env?.from),
        to: addresses(env?.to),
        cc: addresses(env?.cc),
        date: Number.isFinite(date) ? date : null,
        text,
        attachments: files,
        nested: await nestedOf(n.plan),
      });
    }
    return out;
  };
  const nested = await nestedOf(plan);
  return { text: top.text, html: top.html, warning: null, raw: null, attachments, nested };
}
