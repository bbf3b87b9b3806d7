// The return leg of the sign-in (RFC 8252 section 7.3): a one-shot HTTP
// listener on 127.0.0.1 and a random port. It answers the browser with a
// small bilingual page, then stops listening. It also stops on time-out and on
// cancel, so that no sign-in ever leaves a port open. It binds the literal
// 127.0.0.1, never "localhost" (RFC 8252 section 8.3: a name may resolve to
// another interface, and a firewall may prompt).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../errors';
import type { Clock } from '../platform';

export const CALLBACK_PATH = '/callback';

export interface LoopbackOptions {
  clock: Clock;
  /** How long the browser may take (the user typing a password): then auth.timeout. */
  timeoutMs: number;
}

export interface LoopbackListener {
  /** http://127.0.0.1:<port>/callback */
  readonly redirectUri: string;
  /** The state the callback must carry; set once the authorization request is made. */
  expectState(state: string): void;
  /**
   * The full callback URL (code and state checked present and right), or an
   * AppError: auth.state_mismatch, auth.provider_error, auth.timeout, auth.cancelled.
   */
  readonly callback: Promise<URL>;
  /** Ends the wait with auth.cancelled (no-op once settled). */
  cancel(): void;
  /** Resolves once the port is closed. */
  readonly closed: Promise<void>;
}

type Outcome = 'done' | 'failed' | 'wrong_path';

const PAGE_TEXT: Record<Outcome, { title: string; vi: string; en: string }> = {
  done: {
    title: 'Govdesk',
    vi: 'Đã nhận kết quả đăng nhập. Bạn có thể đóng cửa sổ này và quay lại Govdesk.',
    en: 'Sign-in received. You can close this window and return to Govdesk.',
  },
  failed: {
    title: 'Govdesk',
    vi: 'Đăng nhập chưa hoàn tất. Hãy đóng cửa sổ này, quay lại Govdesk và bấm “Đăng nhập” lần nữa.',
    en: 'Sign-in did not complete. Close this window, return to Govdesk and press “Sign in” again.',
  },
  wrong_path: {
    title: 'Govdesk',
    vi: 'Địa chỉ này không phải của Govdesk.',
    en: 'This address is not one of Govdesk’s.',
  },
};

function page(outcome: Outcome): string {
  const t = PAGE_TEXT[outcome];
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${t.title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}p+p{color:#555}</style></head>
<body><main><h1>${t.title}</h1><p>${t.vi}</p><p lang="en">${t.en}</p></main></body></html>`;
}

function answer(res: ServerResponse, status: number, outcome: Outcome): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Referrer-Policy': 'no-referrer',
      Connection: 'close',
    });
    res.end(page(outcome), () => resolve());
  });
}

export async function startLoopback(opts: LoopbackOptions): Promise<LoopbackListener> {
  let expected: string | null = null;
  let settled = false;
  let resolveCallback!: (url: URL) => void;
  let rejectCallback!: (err: AppError) => void;
  const callback = new Promise<URL>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  // A caller that stops listening early must not cause an unhandled rejection.
  callback.catch(() => undefined);

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('close', () => resolveClosed());

  let cancelTimer: () => void = () => undefined;
  const finish = (result: { url: URL } | { error: AppError }) => {
    if (settled) return;
    settled = true;
    cancelTimer();
    // Stop accepting at once; drop idle keep-alive sockets so close completes.
    server.close();
    server.closeIdleConnections();
    if ('url' in result) resolveCallback(result.url);
    else rejectCallback(result.error);
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1`);
    if (settled) {
      await answer(res, 410, 'failed');
      return;
    }
    // Anything else on this port (a favicon, a stray local request) gets a
    // plain "not ours" and the listener keeps waiting for the real callback.
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      await answer(res, 404, 'wrong_path');
      return;
    }
    const full = new URL(`${redirectUri}${url.search}`);
    const state = url.searchParams.get('state');
    if (expected === null || state !== expected) {
      // Not the answer to our request: a forged or stale redirect (CSRF).
      await answer(res, 400, 'failed');
      finish({ error: new AppError('auth.state_mismatch', state ? 'callback state differs from the request' : 'callback without state') });
      return;
    }
    const error = url.searchParams.get('error');
    if (error) {
      await answer(res, 200, 'failed');
      const description = url.searchParams.get('error_description');
      finish({ error: new AppError('auth.provider_error', `authorization: ${error}${description ? ` ${description.slice(0, 300)}` : ''}`) });
      return;
    }
    if (!url.searchParams.get('code')) {
      await answer(res, 400, 'failed');
      finish({ error: new AppError('auth.provider_error', 'callback without code') });
      return;
    }
    await answer(res, 200, 'done');
    finish({ url: full });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  cancelTimer = opts.clock.setTimer(opts.timeoutMs, () =>
    finish({ error: new AppError('auth.timeout', `no answer from the browser within ${Math.round(opts.timeoutMs / 1000)} s`) }),
  );

  return {
    redirectUri,
    expectState(state) {
      expected = state;
    },
    callback,
    cancel() {
      finish({ error: new AppError('auth.cancelled', 'cancelled by the user') });
    },
    closed,
  };
}
