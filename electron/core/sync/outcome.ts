// What a failure says about a service: it could not be reached (refused,
// timed out, dropped), it answered with a server error, or it wants a new
// sign-in. The scheduler's reachability and its choice of retry follow from
// this, so every feature's errors are read the same way.
import type { ErrorCode } from '../../../shared/errors';
import { AppError } from '../errors';

export type OutcomeKind = 'unreachable' | 'server' | 'auth';

export interface FailureOutcome {
  kind: OutcomeKind;
  /** Stable code for the status bar (errors.<code>). */
  code: ErrorCode;
  detail: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ESOCKET',
  'ECONNECTION',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIMEOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'CONN_TIMEOUT', 'GREETING_TIMEOUT', 'ABORT_ERR']);
/** AppError codes that mean "not reachable". */
const UNREACHABLE: ReadonlySet<string> = new Set(['mail.offline', 'calendar.unreachable', 'documents.unreachable', 'files.unreachable', 'auth.unreachable', 'sync.unreachable', 'sync.timeout']);
const SIGN_IN: ReadonlySet<string> = new Set(['auth.reauth_required', 'auth.required', 'documents.unauthorized']);

function codeOf(err: unknown): string | undefined {
  const c = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof c === 'string' ? c : undefined;
}

/** The error and the ones it wraps (fetch's TypeError carries the socket's error as `cause`). */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    out.push(e);
    e = typeof e === 'object' && e !== null ? (e as { cause?: unknown }).cause : undefined;
  }
  return out;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function classifyFailure(err: unknown): FailureOutcome {
  const detail = message(err).slice(0, 500);
  if (err instanceof AppError) {
    if (SIGN_IN.has(err.code)) return { kind: 'auth', code: err.code, detail };
    if (UNREACHABLE.has(err.code)) {
      // The feature's wrapper may hide a time-out behind "unreachable": the cause tells.
      const inner = classifyRaw(err.cause, detail);
      return inner?.kind === 'unreachable' ? { ...inner, code: inner.code === 'sync.timeout' ? 'sync.timeout' : err.code } : { kind: 'unreachable', code: err.code, detail };
    }
    return { kind: 'server', code: err.code === 'internal' ? 'sync.server_error' : err.code, detail };
  }
  return classifyRaw(err, detail) ?? { kind: 'server', code: 'sync.server_error', detail };
}

function classifyRaw(err: unknown, detail: string): FailureOutcome | null {
  for (const e of chain(err)) {
    const code = codeOf(e);
    if (code && TIMEOUT_CODES.has(code)) return { kind: 'unreachable', code: 'sync.timeout', detail };
    if (code && NETWORK_CODES.has(code)) return { kind: 'unreachable', code: 'sync.unreachable', detail };
    if (e instanceof Error && (e.name === 'TimeoutError' || /timed? ?out/i.test(e.message))) return { kind: 'unreachable', code: 'sync.timeout', detail };
    if (e instanceof Error && /connection (closed|refused|lost)|socket (closed|hang up)|fetch failed|not connected/i.test(e.message)) {
      return { kind: 'unreachable', code: 'sync.unreachable', detail };
    }
  }
  return null;
}
