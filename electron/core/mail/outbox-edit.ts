// A refused send read back into what Compose shows. The outbox keeps the MIME
// exactly as it was queued (mail_outgoing.raw), so that is the one source:
// recipients, subject, text, HTML, files and the conversation headers come
// from it through mailparser; Bcc, which is never written in the headers,
// comes from the envelope. When the server took it for some recipients and
// refused the others, the edit is for those others only.
import type { AddressObject } from 'mailparser';
import { simpleParser } from './mime-parser';
import type { MailAddress, OutboxContent } from '../../../shared/mail';
import type { RefusedSend } from './outbox';

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  const walk = (list: { address?: string | undefined; name: string; group?: unknown }[]) => {
    for (const a of list) {
      if (Array.isArray(a.group)) walk(a.group as typeof list);
      else if (a.address) out.push({ name: a.name ?? '', address: a.address });
    }
  };
  for (const obj of Array.isArray(field) ? field : field ? [field] : []) walk(obj.value);
  return out;
}

/** Envelope recipients not named in To or Cc: the Bcc, one for each time it is left over. */
function bccOf(envelopeTo: readonly string[], shown: readonly MailAddress[]): MailAddress[] {
  const left = [...envelopeTo];
  for (const a of shown) {
    const i = left.findIndex((x) => x.toLowerCase() === a.address.toLowerCase());
    if (i >= 0) left.splice(i, 1);
  }
  return left.map((address) => ({ name: '', address }));
}

/** Only those the server refused, when it took the message for the others: they alone get the edit. */
function onlyRefused(list: MailAddress[], refused: readonly string[]): MailAddress[] {
  if (refused.length === 0) return list;
  return list.filter((a) => refused.some((r) => r.toLowerCase() === a.address.toLowerCase()));
}

export async function queuedContent(entry: RefusedSend): Promise<OutboxContent> {
  const mail = await simpleParser(entry.raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const headerTo = addresses(mail.to);
  const headerCc = addresses(mail.cc);
  const to = onlyRefused(headerTo, entry.refused);
  const cc = onlyRefused(headerCc, entry.refused);
  const references = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  return {
    id: entry.id,
    errorCode: entry.errorCode,
    errorDetail: entry.errorDetail,
    to,
    cc,
    bcc: onlyRefused(bccOf(entry.envelope.to, [...headerTo, ...headerCc]), entry.refused),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType,
      contentBase64: a.content.toString('base64'),
    })),
    inReplyTo: mail.inReplyTo ?? null,
    references,
    draftId: entry.action.draft,
  };
}

/**
 * The conversation headers for the edit, in the shape compose() takes: it
 * appends the answered Message-ID to References, so that one is taken off.
 */
export function threadOf(c: Pick<OutboxContent, 'inReplyTo' | 'references'>): { messageId: string; references: string[] } | null {
  if (!c.inReplyTo) return null;
  const refs = c.references.at(-1) === c.inReplyTo ? c.references.slice(0, -1) : c.references;
  return { messageId: c.inReplyTo, references: refs };
}
