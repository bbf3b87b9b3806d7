// Whether a name the user typed or dropped can be a file or folder name on the
// server and on every desktop OS. Unlike mail's attachment names (made safe
// quietly in electron/core/mail/filename.ts, since a sender chose them), a
// name the user gives is refused with the reason, before anything is sent:
// renaming it silently would hide from them what the file is called.
// Used by the renderer (as they type) and by the contract's schemas (the core).

export type FileNameProblem = 'empty' | 'dot' | 'slash' | 'control' | 'bidi' | 'forbidden' | 'reserved' | 'trailing' | 'too_long';

/** Every common file system takes 255 bytes; WebDAV servers and Windows paths want room to spare. */
export const MAX_NAME_BYTES = 255;

const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;
/** Bidirectional overrides and isolates, zero-width and other format characters: "bao-cao\u202Efdp.exe" shows as "bao-caoexe.pdf". */
const FORMAT = /\p{Cf}/u;
const FORBIDDEN = /[<>:"|?*]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** null when the name is fine; otherwise why not (the i18n key is `files.nameProblem.<problem>`). */
export function fileNameProblem(raw: string): FileNameProblem | null {
  const name = raw.normalize('NFC');
  if (name.trim() === '') return 'empty';
  if (name === '.' || name === '..' || name.includes('..')) return 'dot';
  if (name.includes('/') || name.includes('\\')) return 'slash';
  if (CONTROL.test(name)) return 'control';
  if (FORMAT.test(name)) return 'bidi';
  if (FORBIDDEN.test(name)) return 'forbidden';
  if (RESERVED.test(name)) return 'reserved';
  if (/[. ]$/.test(name) || /^\s/.test(name)) return 'trailing';
  if (utf8Bytes(name) > MAX_NAME_BYTES) return 'too_long';
  return null;
}

export function fileNameMessageKey(problem: FileNameProblem): string {
  return `files.nameProblem.${problem}`;
}
