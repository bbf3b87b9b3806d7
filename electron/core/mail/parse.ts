// Turning server bytes into cache rows. Headers come from sync's FETCH of a
// few header fields and are parsed here by hand: it runs for every message of
// a 100,000-message mailbox, where mailparser's stream machinery would cost
// more than the network. Bodies go through mailparser (every charset, MIME
// structure, attachments). Nothing here throws out to the sync: a message we
// cannot read becomes its raw source plus a warning.
import { simpleParser } from './mime-parser';
import { TextDecoder } from 'node:util';
import addressparser from 'nodemailer/lib/addressparser';
import type { AttachmentInfo, MailAddress, NestedMessage } from '../../../shared/mail';
import { attachmentName } from './filename';
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
  return nfc(out + value.slice(last));
}

/** NFC, skipping the work for plain ASCII (most header values). */
export function nfc(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFC');
}

let scratch = Buffer.alloc(4096);

/** Header block → lower-cased name → values (unfolded, not yet decoded). */
export function parseHeaderBlock(buf: Uint8Array): Map<string, string[]> {
  // NFC: windows-1258 decodes to base letters plus combining marks; the cache holds composed text only.
  const text = nfc(decodeHeaderBytes(buf)).replace(/\r?\n[ \t]+/g, ' ');
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

const PARSE_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true } as const;
/** Messages inside messages are read this deep; deeper ones stay files to download. */
export const MAX_NESTING = 5;

type Parsed = Awaited<ReturnType<typeof simpleParser>>;
type ParsedAttachment = Parsed['attachments'][number];

function fallbackName(a: { contentType: string }): string {
  return a.contentType === 'message/rfc822' ? 'message.eml' : 'attachment';
}

function addressesOf(v: Parsed['from'] | Parsed['to']): MailAddress[] {
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  const out: MailAddress[] = [];
  const walk = (xs: { address?: string | undefined; name?: string | undefined; group?: unknown[] | undefined }[]) => {
    for (const x of xs) {
      if (x.group) walk(x.group as typeof xs);
      else if (x.address) out.push({ name: nfc(x.name ?? ''), address: x.address });
    }
  };
  for (const a of list) walk(a.value);
  return out;
}

/**
 * Every file of a message in one flat order: the message's own, then each
 * forwarded message's (depth first). `index` of an attachment anywhere is
 * its place here; parseBody and parseAttachments agree on it.
 */
interface Flat {
  own: ParsedAttachment[];
  nested: { at: number; mail: Parsed; flat: Flat }[];
}

async function flatten(mail: Parsed, depth: number): Promise<Flat> {
  const flat: Flat = { own: mail.attachments, nested: [] };
  if (depth >= MAX_NESTING) return flat;
  for (let i = 0; i < mail.attachments.length; i++) {
    const a = mail.attachments[i]!;
    if (a.contentType !== 'message/rfc822') continue;
    try {
      const inner = await simpleParser(a.content, PARSE_OPTIONS);
      flat.nested.push({ at: i, mail: inner, flat: await flatten(inner, depth + 1) });
    } catch {
      // An unreadable forward stays a file to download.
    }
  }
  return flat;
}

function allFiles(f: Flat): ParsedAttachment[] {
  return [...f.own, ...f.nested.flatMap((n) => allFiles(n.flat))];
}

/** The files of a message, in the order parseBody lists them (its `index` is the position here). */
export async function parseAttachments(source: Buffer): Promise<AttachmentContent[]> {
  const mail = await simpleParser(source, PARSE_OPTIONS);
  return allFiles(await flatten(mail, 0)).map((a) => ({
    filename: attachmentName(a.filename, fallbackName(a)).filename,
    contentType: a.contentType,
    content: a.content,
  }));
}

/** Header lines start with a field name: a source whose first line is not one is not mail we can read. */
export function looksLikeMail(source: Buffer): boolean {
  const head = source.subarray(0, 1000).toString('latin1');
  return /^[!-9;-~]+:/.test(head);
}

/** An image the HTML shows by cid: is kept with the body (not SVG, which can carry script; not huge). */
export const INLINE_MAX_BYTES = 2 * 1024 * 1024;
function keepInline(a: { contentId?: string | undefined; contentType: string; size: number }, html: string | null): boolean {
  if (!a.contentId || html === null || a.size > INLINE_MAX_BYTES) return false;
  if (!/^image\/[a-z0-9.+-]+$/i.test(a.contentType) || /svg/i.test(a.contentType)) return false;
  return html.toLowerCase().includes(`cid:${a.contentId.replace(/[<>]/g, '').toLowerCase()}`);
}

type BodyAttachment = BodyRecord['attachments'][number];

function describe(a: ParsedAttachment, html: string | null): BodyAttachment {
  return {
    ...attachmentName(a.filename, fallbackName(a)),
    contentType: a.contentType,
    size: a.size,
    contentId: a.contentId ?? null,
    inline: a.contentDisposition === 'inline' && Boolean(a.contentId) && html !== null && html.includes(`cid:${(a.contentId ?? '').replace(/[<>]/g, '')}`),
    ...(keepInline(a, html) ? { content: a.content } : {}),
  };
}

/** The forwarded messages of `f`, their files numbered from `base` in the flat order. */
function nestedOf(f: Flat, base: number): { nested: NestedMessage[]; next: number } {
  let next = base + f.own.length;
  const nested: NestedMessage[] = [];
  for (const n of f.nested) {
    const files = n.flat.own.map((a, i): AttachmentInfo => {
      const d = describe(a, null);
      return { index: next + i, filename: d.filename, originalFilename: d.originalFilename ?? null, contentType: d.contentType, size: d.size, contentId: d.contentId, inline: false };
    });
    const inner = nestedOf(n.flat, next);
    next = inner.next;
    nested.push({
      subject: nfc(n.mail.subject ?? ''),
      from: addressesOf(n.mail.from),
      to: addressesOf(n.mail.to),
      cc: addressesOf(n.mail.cc),
      date: n.mail.date ? n.mail.date.getTime() : null,
      text: nfc(n.mail.text ?? ''),
      attachments: files,
      nested: inner.nested,
    });
  }
  return { nested, next };
}

/**
 * The readable body of a full message. Never throws: if mailparser fails, or
 * the source is not a message at all, the raw source is kept with a warning
 * and the reader shows it as such.
 */
export async function parseBody(source: Buffer): Promise<BodyRecord> {
  const malformed = (why: string): BodyRecord => ({
    text: nfc(decodeHeaderBytes(source.subarray(0, 200_000))),
    html: null,
    warning: why,
    raw: source,
    attachments: [],
    nested: [],
  });
  if (!looksLikeMail(source)) return malformed('no_headers');
  try {
    const mail = await simpleParser(source, PARSE_OPTIONS);
    const html = typeof mail.html === 'string' ? nfc(mail.html) : null;
    const flat = await flatten(mail, 0);
    return {
      text: nfc(mail.text ?? ''),
      html,
      warning: null,
      raw: null,
      attachments: allFiles(flat).map((a, i) => (i < flat.own.length ? describe(a, html) : { ...describe(a, null), inline: false })),
      nested: nestedOf(flat, 0).nested,
    };
  } catch (err) {
    return malformed(`parse_failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
