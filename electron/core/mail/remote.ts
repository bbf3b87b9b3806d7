// Remote content of HTML mail, loaded only after the user allowed it (for one
// message or for its sender). The renderer's frame can fetch nothing itself:
// the app's CSP and the frame's sandbox forbid it. The core fetches an image
// the message names, checks it is an image of a sane size, and hands back its
// bytes; the frame shows them as a data: URL. No cookies, no referrer.
import type { RemoteContent } from '../../../shared/mail';
import { AppError } from '../errors';

export const REMOTE_MAX_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

/** Whether the message's HTML names this URL (as written, or with &amp; as HTML writes it). */
export function htmlNames(html: string, url: string): boolean {
  if (html.includes(url)) return true;
  const amp = url.replace(/&/g, '&amp;');
  return amp !== url && html.includes(amp);
}

export async function fetchRemoteImage(url: string, opts: { maxBytes?: number; timeoutMs?: number } = {}): Promise<RemoteContent> {
  const max = opts.maxBytes ?? REMOTE_MAX_BYTES;
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', credentials: 'omit', referrerPolicy: 'no-referrer', signal: AbortSignal.timeout(opts.timeoutMs ?? TIMEOUT_MS) });
  } catch (err) {
    throw new AppError('mail.remote_failed', `${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // SVG can carry script and further remote references: not shown.
  if (!res.ok || !/^image\/[a-z0-9.+-]+$/.test(type) || type === 'image/svg+xml') {
    await res.body?.cancel().catch(() => undefined);
    throw new AppError('mail.remote_failed', `${url}: status ${res.status}, type ${type || 'none'}`);
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new AppError('mail.remote_failed', `${url}: ${declared} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > max) throw new AppError('mail.remote_failed', `${url}: more than ${max} bytes`);
      chunks.push(chunk);
    }
  }
  return { contentType: type, contentBase64: Buffer.concat(chunks).toString('base64') };
}
