// Attachment names come from other agencies' systems: they must never name a
// path, hide control characters or collide with a Windows device name when a
// user saves the file.

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const FORBIDDEN = /[<>:"/\\|?*]/g;

export interface SafeName {
  name: string;
  /** The name had to change (the original is kept beside it). */
  changed: boolean;
}

/**
 * A name that is safe as a file name on Windows, macOS and Linux: the last
 * path part only, no control or bidi-override characters, no reserved
 * characters or device names, no trailing dots or spaces, at most 180 UTF-16
 * units with its extension kept.
 */
export function safeAttachmentName(raw: string, fallback = 'tep-dinh-kem'): SafeName {
  const original = raw.normalize('NFC');
  let name = original.split(/[/\\]/).pop() ?? '';
  name = name.replace(CONTROL, '').replace(FORBIDDEN, '_').trim().replace(/[. ]+$/, '');
  if (name === '' || name === '.' || name === '..' || /^\.+$/.test(name)) name = fallback;
  if (RESERVED.test(name)) name = `_${name}`;
  if (name.length > 180) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 180 - ext.length) + ext;
  }
  return { name, changed: name !== original };
}
