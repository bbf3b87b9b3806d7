// The one place edXML bytes become a DOM. @xmldom/xmldom never fetches
// anything and does not expand entities it was not told about; on top of that
// a package with a DOCTYPE is refused outright (no edXML producer sends one,
// and it is how XXE and billion-laughs attacks arrive).
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { EDOC_NS, EDXML_NS, type EdxmlVariant } from './types';

/** Packages above this are refused before they are read whole (attachments travel inside). */
export const DEFAULT_MAX_PACKAGE_BYTES = 50 * 1024 * 1024;

export type EdxmlProblem =
  | 'too_large'
  | 'encoding'
  | 'not_xml'
  | 'doctype'
  | 'not_edxml'
  | 'missing'
  | 'empty'
  | 'invalid_date'
  | 'invalid_base64'
  | 'duplicate'
  | 'invalid';

/** A package refused: which element, what is wrong with it. */
export class EdxmlError extends Error {
  constructor(
    readonly element: string,
    readonly problem: EdxmlProblem,
    readonly detail: string,
  ) {
    super(`${element}: ${problem}: ${detail}`);
    this.name = 'EdxmlError';
  }
}

const KNOWN_NS = new Set<string | null>([EDXML_NS, EDOC_NS, null, '']);

function declaredEncoding(head: string): string | undefined {
  const m = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

/** Bytes to text: BOM first, then the XML declaration; anything undecodable is refused. */
export function decodeXml(bytes: Uint8Array): string {
  let label = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const declared = declaredEncoding(head);
    if (declared && declared !== 'utf-8' && declared !== 'utf8') label = declared;
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new EdxmlError('(document)', 'encoding', `unsupported encoding ${label}`);
  }
  try {
    return decoder.decode(bytes.subarray(start));
  } catch {
    throw new EdxmlError('(document)', 'encoding', `the bytes are not valid ${label}`);
  }
}

export function parseXml(bytes: Uint8Array, maxBytes = DEFAULT_MAX_PACKAGE_BYTES): Document {
  if (bytes.byteLength > maxBytes) throw new EdxmlError('(document)', 'too_large', `${bytes.byteLength} bytes, the limit is ${maxBytes}`);
  const source = decodeXml(bytes);
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(source, 'text/xml');
  } catch (err) {
    throw new EdxmlError('(document)', 'not_xml', err instanceof Error ? err.message.split('\n')[0] ?? 'parse error' : String(err));
  }
  if (doc.doctype) throw new EdxmlError('(document)', 'doctype', 'a DOCTYPE is not allowed in an edXML package');
  if (problems.length) throw new EdxmlError('(document)', 'not_xml', problems[0] ?? 'parse error');
  if (!doc.documentElement) throw new EdxmlError('(document)', 'not_xml', 'no root element');
  return doc;
}

export function variantOf(root: Element): EdxmlVariant {
  if (root.namespaceURI === EDOC_NS) return 'edoc';
  if (root.namespaceURI === EDXML_NS) return root.prefix ? 'prefixed' : 'default-namespace';
  return 'no-namespace';
}

/** Is this an element of ours (either namespace, or none)? */
export function ours(el: Element): boolean {
  return KNOWN_NS.has(el.namespaceURI);
}

export function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/**
 * A cursor over one element: finds children by local name in our namespaces,
 * remembers which were looked at (the rest are reported as unknown), and names
 * the path in every error.
 */
export class Node {
  private readonly seen = new Set<Element>();
  constructor(
    readonly el: Element,
    readonly path: string,
    /** Every node of one read, so that unknown children can be listed at the end. */
    readonly registry: Node[] = [],
  ) {
    registry.push(this);
  }

  all(name: string): Node[] {
    const out: Node[] = [];
    const matches = elementChildren(this.el).filter((c) => c.localName === name && ours(c));
    matches.forEach((c, i) => {
      this.seen.add(c);
      out.push(new Node(c, `${this.path}/${name}${matches.length > 1 ? `[${i + 1}]` : ''}`, this.registry));
    });
    return out;
  }

  /** Marks children of this local name in any namespace as read as a whole (the xmldsig Signature); returns how many. */
  claim(name: string): number {
    const hits = elementChildren(this.el).filter((c) => c.localName === name);
    hits.forEach((c) => this.seen.add(c));
    return hits.length;
  }

  one(name: string): Node | undefined {
    return this.all(name)[0];
  }

  need(name: string): Node {
    const n = this.one(name);
    if (!n) throw new EdxmlError(`${this.path}/${name}`, 'missing', `${this.path} has no ${name}`);
    return n;
  }

  text(): string {
    return (this.el.textContent ?? '').trim();
  }

  /** Child text, undefined when absent or blank. */
  opt(name: string): string | undefined {
    const n = this.one(name);
    const t = n?.text();
    return t ? t : undefined;
  }

  req(name: string): string {
    const t = this.need(name).text();
    if (!t) throw new EdxmlError(`${this.path}/${name}`, 'empty', `${name} is empty`);
    return t;
  }

  /** Children never asked for: extra elements a producer added. */
  unknown(): string[] {
    return elementChildren(this.el)
      .filter((c) => !this.seen.has(c))
      .map((c) => `${this.path}/${c.localName ?? c.nodeName}`);
  }
}
