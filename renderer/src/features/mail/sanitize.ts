// Mail HTML is hostile until proven otherwise: DOMPurify removes script,
// handlers and active content; the hooks below also remove every remote
// reference (images, backgrounds, CSS url()/@import), which would tell the
// sender when and where the mail was read, unless the user allowed this
// message or its sender: then each remote image the core fetched for us
// (mail.remoteContent) is put in as a data: URL. The frame still fetches
// nothing itself.
//
// Styles: the frame is a srcdoc document, so it inherits the app's CSP
// (`style-src 'self'`), which drops inline `style` attributes and <style>
// elements. Loosening the app's CSP for mail is not an option; instead the
// sanitized markup carries no inline style at all (attributes become
// `data-mail-style`, <style> text is lifted out) and Reader.tsx applies them
// through the CSSOM (element.style, a constructed stylesheet), which the CSP
// does not govern, after they were cleaned of every url() here.
import DOMPurify from 'dompurify';

export interface SanitizedMail {
  html: string;
  /** The text of the mail's <style> elements, cleaned: applied as a constructed stylesheet. */
  css: string[];
  /** Remote references removed: the reader says so. */
  blockedRemote: number;
  /** The remote image URLs the mail names, in order, once each (what "load remote content" fetches). */
  remoteUrls: string[];
  /** The Content-IDs its cid: URLs name (cidKey form): the message's own parts, from the cache. */
  cids: string[];
}

export interface SanitizeOptions {
  /** Remote URL → data: URL of what the core fetched for it; every other remote reference stays blocked. */
  remote?: ReadonlyMap<string, string>;
  /** cid: → data: URL of the message's own inline part. */
  cid?: ReadonlyMap<string, string>;
}

export const STYLE_ATTR = 'data-mail-style';
const LOCAL_URL = /^\s*data:image\/(?!svg)/i;
const CID_URL = /^\s*cid:/i;
const REMOTE_URL = /^\s*https?:\/\//i;
const CSS_URL = /url\s*\(\s*(['"]?)(.*?)\1\s*\)/gi;

/** The Content-ID a cid: URL names, without brackets, for lookup. */
export function cidKey(url: string): string {
  return decodeURIComponent(url.trim().replace(/^cid:/i, '')).replace(/^<|>$/g, '').toLowerCase();
}

export function sanitizeMail(html: string, opts: SanitizeOptions = {}): SanitizedMail {
  let blocked = 0;
  const css: string[] = [];
  const remoteUrls = new Set<string>();
  const cids = new Set<string>();
  /** What a URL in the mail becomes: itself (local data image), a data: URL we made, or null (blocked). */
  const resolve = (raw: string): string | null => {
    const url = raw.trim();
    if (LOCAL_URL.test(url)) return url;
    // The message's own part: never a network request, so not counted as blocked.
    if (CID_URL.test(url)) {
      cids.add(cidKey(url));
      return opts.cid?.get(cidKey(url)) ?? null;
    }
    if (REMOTE_URL.test(url)) {
      remoteUrls.add(url);
      const got = opts.remote?.get(url);
      if (got) return got;
    }
    blocked++;
    return null;
  };
  const cleanCss = (text: string): string =>
    text
      .replace(/@import[^;]*;?/gi, () => {
        blocked++;
        return '';
      })
      .replace(CSS_URL, (_whole, _q: string, url: string) => {
        const to = resolve(url);
        return to ? `url("${to.replace(/["\\\n]/g, '')}")` : 'none';
      })
      // Old IE expressions and bindings, should any engine still read them.
      .replace(/expression\s*\(|-moz-binding|behavior\s*:/gi, '');
  const purifier = DOMPurify(window);
  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style') {
      if (node.textContent) css.push(cleanCss(node.textContent));
      node.textContent = '';
    }
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    for (const attr of ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc']) {
      const value = node.getAttribute(attr);
      if (value === null) continue;
      const to = attr === 'srcset' ? null : resolve(value);
      if (attr === 'srcset') blocked++;
      if (to) node.setAttribute(attr, to);
      else {
        node.removeAttribute(attr);
        node.setAttribute(`data-blocked-${attr}`, '');
      }
    }
    const style = node.getAttribute('style');
    if (style !== null) {
      node.removeAttribute('style');
      const clean = cleanCss(style);
      if (clean.trim()) node.setAttribute(STYLE_ATTR, clean);
    }
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      // The real target, visible on hover whatever the link text claims.
      if (href) node.setAttribute('title', href);
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  const clean = purifier.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'object', 'embed', 'iframe', 'frame', 'frameset', 'link', 'meta', 'base', 'audio', 'video', 'source', 'track', 'svg', 'math'],
    FORBID_ATTR: ['action', 'formaction', 'ping'],
    ALLOW_DATA_ATTR: true,
    // A <style> in the mail's <head> is walked (and lifted) like one in its body.
    FORCE_BODY: true,
  });
  return { html: clean, css, blockedRemote: blocked, remoteUrls: [...remoteUrls], cids: [...cids] };
}

/** The frame's own base style, applied through the CSSOM with the mail's. */
export const FRAME_BASE_CSS = 'body{font-family:system-ui,sans-serif;font-size:15px;margin:0;padding:8px;word-wrap:break-word}img{max-width:100%}';

/** The frame's document: its own CSP forbids every fetch except data images, even if something slipped through. */
export function frameDocument(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"></head><body>${body}</body></html>`;
}

/** Applies the lifted styles inside the frame's document through the CSSOM (which the CSP leaves alone). */
export function applyFrameStyles(doc: Document, css: readonly string[]): void {
  for (const el of Array.from(doc.querySelectorAll(`[${STYLE_ATTR}]`))) {
    const style = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style) style.cssText = el.getAttribute(STYLE_ATTR) ?? '';
    el.removeAttribute(STYLE_ATTR);
  }
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (!view) return;
  const sheets: CSSStyleSheet[] = [];
  for (const text of [FRAME_BASE_CSS, ...css]) {
    const sheet = new view.CSSStyleSheet();
    try {
      sheet.replaceSync(text);
    } catch {
      continue; // unreadable CSS from a sender: the mail shows without it
    }
    sheets.push(sheet);
  }
  doc.adoptedStyleSheets = sheets;
}
