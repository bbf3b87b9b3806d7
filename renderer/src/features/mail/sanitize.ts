// Mail HTML is hostile until proven otherwise: DOMPurify removes script,
// handlers and active content; the hooks below also remove every remote
// reference (images, backgrounds, CSS url()/@import), which would tell the
// sender when and where the mail was read. The result is shown in a sandboxed
// frame that runs no script (Reader.tsx).
import DOMPurify from 'dompurify';

export interface SanitizedMail {
  html: string;
  /** Remote references removed: the reader says so. */
  blockedRemote: number;
}

const LOCAL_URL = /^\s*(data:image\/|cid:)/i;
const CSS_URL = /url\s*\(\s*(['"]?)(.*?)\1\s*\)/gi;

function stripCss(css: string, onBlocked: () => void): string {
  return css
    .replace(/@import[^;]*;?/gi, () => {
      onBlocked();
      return '';
    })
    .replace(CSS_URL, (whole, _q: string, url: string) => {
      if (LOCAL_URL.test(url)) return whole;
      onBlocked();
      return 'none';
    });
}

export function sanitizeMail(html: string): SanitizedMail {
  let blocked = 0;
  const onBlocked = () => {
    blocked++;
  };
  const purifier = DOMPurify(window);
  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) node.textContent = stripCss(node.textContent, onBlocked);
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    for (const attr of ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc']) {
      const value = node.getAttribute(attr);
      if (value !== null && !LOCAL_URL.test(value)) {
        node.removeAttribute(attr);
        node.setAttribute(`data-blocked-${attr}`, '');
        blocked++;
      }
    }
    const style = node.getAttribute('style');
    if (style && /url\s*\(|@import/i.test(style)) node.setAttribute('style', stripCss(style, onBlocked));
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      // The real target, visible on hover whatever the link text claims.
      if (href) node.setAttribute('title', href);
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  const clean = purifier.sanitize(html, {
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'object', 'embed', 'iframe', 'frame', 'frameset', 'link', 'meta', 'base', 'audio', 'video', 'source', 'track'],
    FORBID_ATTR: ['action', 'formaction', 'ping'],
    ALLOW_DATA_ATTR: true,
  });
  return { html: clean, blockedRemote: blocked };
}

/** The frame's document: its own CSP forbids every fetch except inline data images, even if something slipped through. */
export function frameDocument(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"><style>body{font-family:system-ui,sans-serif;font-size:15px;margin:0;padding:8px;word-wrap:break-word}img{max-width:100%}</style></head><body>${body}</body></html>`;
}
