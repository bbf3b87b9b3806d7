// Turning server bytes into cache rows. Headers come from sync's FETCH of a
// few header fields and are parsed here by hand: it runs for every message of
// a 100,000-message mailbox, where mailparser's stream machinery would cost
// more than the network. Bodies go through mailparser (every charset, MIME
// structure, attachments). Nothing here throws out to the sync: a message we
// cannot read becomes its raw source plus a warning.
import { simpleParser } from 'mailparser';
import { TextDecoder } from 'node:util';
import addressparser from 'nodemailer/lib/addressparser';
import type { MailAddress } from '../../../shared/mail';
import type { BodyRecord, HeaderRecord } from './store';

const decoders = new Map<string, TextDecoder | null>();

/** A decoder for a MIME charset name, or null if the platform knows none (WHATWG names incl. windows-1258). */
function decoderFor(charset: string): TextDecoder | null {
  const key = charset.toLowerCase().replace(/\*.*$/, '');
  let d = decoders.get(key);
  if (d === undefined) {
    try {
      d = new TextDecoder(key);
    } catch {
      d = null;
    }
    decoders.set(key, d);
  }
  return d;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const legacyVietnamese = new TextDecoder('windows-1258');

/**
 * Header bytes as text. Raw 8-bit headers carry no charset: UTF-8 if they are
 * valid UTF-8, else windows-1258, the legacy Vietnamese Windows code page that
 * old mail here was written in.
 */
export function decodeHeaderBytes(buf: Uint8Array): string {
  try {
    return utf8Strict.decode(buf);
  } catch {
    return legacyVietnamese.decode(buf);
  }
}

function decodeQ(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047 encoded words. Adjacent words of one charset are joined before
 * decoding: a multi-byte UTF-8 letter is often split across two of them.
 * Runs for every subject and name of a mailbox, so it avoids copies.
 */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let last = 0;
  let charset = '';
  // Decoded bytes of adjacent words go into one scratch buffer: no allocation per word.
  let used = 0;
  const flush = (): void => {
    if (used === 0) return;
    out += (decoderFor(charset) ?? legacyVietnamese).decode(scratch.subarray(0, used));
    used = 0;
  };
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m !== null; m = ENCODED_WORD.exec(value)) {
    const between = value.slice(last, m.index);
    const cs = m[1] ?? 'utf-8';
    // Whitespace between two encoded words is not part of the text.
    if (used > 0 && (between.trim() !== '' || cs.toLowerCase() !== charset.toLowerCase())) flush();
    if (used === 0) out += between;
    charset = cs;
    const text = m[3] ?? '';
    if (scratch.length < used + text.length) scratch = Buffer.concat([scratch.subarray(0, used), Buffer.alloc(text.length + scratch.length)]);
    if ((m[2] ?? 'B').toUpperCase() === 'B') used += scratch.write(text, used, 'base64');
    else {
      const q = decodeQ(text);
      scratch.set(q, used);
      used += q.length;
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

let scratch = Buffer.alloc(4096);

/** Header block → lower-cased name → values (unfolded, not yet decoded). */
export function parseHeaderBlock(buf: Uint8Array): Map<string, string[]> {
  const text = decodeHeaderBytes(buf).replace(/\r?\n[ \t]+/g, ' ');
  const map = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const list = map.get(name);
    if (list) list.push(value);
    else map.set(name, [value]);
  }
  return map;
}

const SIMPLE_ADDRESS = /^\s*(?:"([^"\\]*)"|([^"<>,;:@\\]*?))\s*<([^<>\s",;:@]+@[^<>\s",;:@]+)>\s*$/;
const BARE_ADDRESS = /^\s*([^<>\s",;:@()]+@[^<>\s",;:@()]+)\s*$/;

export function parseAddresses(value: string | undefined): MailAddress[] {
  if (!value) return [];
  // One plain address is by far the most common: no need for the full parser.
  const simple = SIMPLE_ADDRESS.exec(value);
  if (simple) return [{ name: decodeWords((simple[1] ?? simple[2] ?? '').trim()), address: simple[3] ?? '' }];
  const bare = BARE_ADDRESS.exec(value);
  if (bare) return [{ name: '', address: bare[1] ?? '' }];
  try {
    return addressparser(value, { flatten: true })
      .filter((a) => a.address || a.name)
      .map((a) => ({ name: decodeWords(a.name ?? '').trim(), address: (a.address ?? '').trim() }))
      .slice(0, 500);
  } catch {
    return [];
  }
}

/** The <...> ids of Message-ID, In-Reply-To or References, in order. */
export function parseMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]).slice(0, 200);
}

export interface RawHeaderFetch {
  uid: number;
  flags: Iterable<string>;
  size: number;
  headers: Uint8Array;
  internalDate: number | null;
  modseq: string | null;
}

/** The header fields sync fetches for every message. */
export const SYNC_HEADER_FIELDS = ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'references', 'in-reply-to', 'content-type'] as const;

export function headerRecord(f: RawHeaderFetch): HeaderRecord {
  const h = parseHeaderBlock(f.headers);
  const first = (name: string): string | undefined => h.get(name)?.[0];
  const parsedDate = Date.parse(first('date') ?? '');
  const date = Number.isFinite(parsedDate) ? parsedDate : (f.internalDate ?? 0);
  const references = parseMessageIds(first('references'));
  const contentType = (first('content-type') ?? '').toLowerCase();
  return {
    uid: f.uid,
    messageId: parseMessageIds(first('message-id'))[0] ?? null,
    inReplyTo: parseMessageIds(first('in-reply-to'))[0] ?? null,
    references,
    subject: decodeWords(first('subject') ?? '').replace(/\s+/g, ' ').trim(),
    from: parseAddresses(first('from')),
    to: parseAddresses(first('to')),
    cc: parseAddresses(first('cc')),
    date,
    flags: [...f.flags],
    size: f.size,
    // A guess until the body is fetched: multipart/mixed almost always carries a file.
    hasAttachments: contentType.startsWith('multipart/mixed'),
    modseq: f.modseq,
  };
}

export interface AttachmentContent {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The files of a message, in the order parseBody lists them (its `index` is the position here). */
export async function parseAttachments(source: Buffer): Promise<AttachmentContent[]> {
  const mail = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  return mail.attachments.map((a) => ({
    filename: a.filename ?? (a.contentType === 'message/rfc822' ? 'message.eml' : 'attachment'),
    contentType: a.contentType,
    content: a.content,
  }));
}

/** Header lines start with a field name: a source whose first line is not one is not mail we can read. */
function looksLikeMail(source: Buffer): boolean {
  const head = source.subarray(0, 1000).toString('latin1');
  return /^[!-9;-~]+:/.test(head);
}

/**
 * The readable body of a full message. Never throws: if mailparser fails, or
 * the source is not a message at all, the raw source is kept with a warning
 * and the reader shows it as such.
 */
/** An image the HTML shows by cid: is kept with the body (not SVG, which can carry script; not huge). */
const INLINE_MAX_BYTES = 2 * 1024 * 1024;
function keepInline(a: { contentId?: string | undefined; contentType: string; size: number }, html: string | null): boolean {
  if (!a.contentId || html === null || a.size > INLINE_MAX_BYTES) return false;
  if (!/^image\/[a-z0-9.+-]+$/i.test(a.contentType) || /svg/i.test(a.contentType)) return false;
  return html.toLowerCase().includes(`cid:${a.contentId.replace(/[<>]/g, '').toLowerCase()}`);
}

export async function parseBody(source: Buffer): Promise<BodyRecord> {
  const malformed = (why: string): BodyRecord => ({
    text: decodeHeaderBytes(source.subarray(0, 200_000)),
    html: null,
    warning: why,
    raw: source,
    attachments: [],
  });
  if (!looksLikeMail(source)) return malformed('no_headers');
  try {
    const mail = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    const html = typeof mail.html === 'string' ? mail.html : null;
    return {
      text: mail.text ?? '',
      html,
      warning: null,
      raw: null,
      attachments: mail.attachments.map((a) => ({
        filename: a.filename ?? (a.contentType === 'message/rfc822' ? 'message.eml' : 'attachment'),
        contentType: a.contentType,
        size: a.size,
        contentId: a.contentId ?? null,
        inline: a.contentDisposition === 'inline' && Boolean(a.contentId) && html !== null && html.includes(`cid:${(a.contentId ?? '').replace(/[<>]/g, '')}`),
        ...(keepInline(a, html) ? { content: a.content } : {}),
      })),
    };
  } catch (err) {
    return malformed(`parse_failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
