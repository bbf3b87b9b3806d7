// Attachment names are made safe once, here, before they reach the cache,
// the reader or a save dialog: a name comes from whoever wrote the message.
// What is removed or altered, and why:
// - control and format characters (C0, C1, bidirectional overrides and
//   isolates, zero-width characters): a right-to-left override shows
//   "bao-cao\u202Efdp.exe" as "bao-caoexe.pdf";
// - path parts (`/`, `\`, `..`) and the characters Windows forbids in a name
//   (`<>:"|?*`): a name is a name, never a place;
// - trailing dots and spaces (Windows drops them, and with them the
//   extension the user saw), leading dots (a hidden file elsewhere);
// - reserved Windows device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with
//   or without an extension): "CON.txt" becomes "_CON.txt";
// - length: at most 200 UTF-8 bytes (every common file system takes 255;
//   room is left for a " (2)" a save may add), the extension kept.
// The text is NFC, like everything that enters the cache.

const MAX_BYTES = 200;
const MAX_EXTENSION = 16;

/** Cc: control, Cf: format (bidi overrides, zero-width), Zl/Zp: line and paragraph separators. */
const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const FORBIDDEN = /[<>:"|?*]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts `s` to at most `bytes` UTF-8 bytes without splitting a character. */
function cutBytes(s: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/** A name safe to show and to save; `fallback` when nothing of it is left. */
export function safeFilename(name: string, fallback = 'attachment'): string {
  let s = name.normalize('NFC').replace(UNSAFE_CHARS, '');
  // Only the last path segment is a name.
  const parts = s.split(/[/\\]+/).filter((p) => p.trim() !== '' && p !== '.' && p !== '..');
  s = parts[parts.length - 1] ?? '';
  s = s.replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
  s = s.replace(/[. ]+$/, '').replace(/^[. ]+/, '');
  if (s === '') s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  if (utf8Length(s) > MAX_BYTES) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= MAX_EXTENSION ? s.slice(dot) : '';
    const stem = cutBytes(s.slice(0, s.length - ext.length), MAX_BYTES - utf8Length(ext)).replace(/[. ]+$/, '');
    s = (stem || fallback) + ext;
  }
  return s;
}

/** The safe name and, when it differs, the original to show beside it. */
export function attachmentName(raw: string | null | undefined, fallback: string): { filename: string; originalFilename: string | null } {
  const original = (raw ?? '').normalize('NFC');
  const filename = safeFilename(original, fallback);
  return { filename, originalFilename: original !== '' && original !== filename ? original : null };
}
