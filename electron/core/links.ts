// External links leave the app only through here: a mail or a meeting may
// carry any URL, and a file:, javascript: or custom-scheme link must not run.
const BASE_SCHEMES = ['https:', 'http:', 'mailto:'];

export function externalUrlAllowed(raw: string, extraSchemes: readonly string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (![...BASE_SCHEMES, ...extraSchemes].includes(url.protocol)) return false;
  // user:pass@host is the classic way to disguise where a link goes.
  if (url.username || url.password) return false;
  if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.hostname) return false;
  return true;
}
