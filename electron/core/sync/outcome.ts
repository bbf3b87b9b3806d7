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
  /**
   * Unreachable only: a bare connection to the service's port tells when it is
   * back. Not so when the port answers but the server cannot check sign-ins
   * (SMTP 454, IMAP NO [UNAVAILABLE]): then the jobs themselves are retried on the server back-off.
   * (The identity provider out of reach, auth.unreachable, keeps the probe:
   * the service's own return is what a restart of everything waits on, and
   * the session's renewal resumes the jobs besides.)
   */
  probe: boolean;
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
/**
 * AppError codes that mean "sign in again". A feature's `*.unauthorized` is
 * thrown only after withToken renewed the token and the server refused the
 * new one too: retrying with it would be refused the same way.
 */
const SIGN_IN: ReadonlySet<string> = new Set(['auth.reauth_required', 'auth.required', 'documents.unauthorized', 'calendar.unauthorized']);
/**
 * SMTP 454 4.7.0 "Temporary authentication failure": the server could not
 * check the token just now (its auth service or the identity provider's
 * introspection is down). Neither the token nor the user is at fault: a new
 * sign-in would not help, and the message must wait, so the service is out
 * of reach for work until the check works again.
 */
const SMTP_TEMPORARY_AUTH_FAILURE = 454;
/**
 * The same on IMAP: `NO [UNAVAILABLE]` to AUTHENTICATE (RFC 5530; Dovecot's
 * answer when its auth backend or the introspection is down). The mail client
 * says it as `mail.auth_unavailable`; imapflow's own error is read here too.
 */
const TEMPORARY_AUTH: ReadonlySet<string> = new Set(['mail.auth_unavailable']);

function imapTemporaryAuthFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { authenticationFailed?: unknown; serverResponseCode?: unknown };
  return e.authenticationFailed === true && e.serverResponseCode === 'UNAVAILABLE';
}

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

function smtpReply(err: unknown): number | undefined {
  const c = typeof err === 'object' && err !== null ? (err as { responseCode?: unknown }).responseCode : undefined;
  return typeof c === 'number' ? c : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function classifyFailure(err: unknown): FailureOutcome {
  const detail = message(err).slice(0, 500);
  if (err instanceof AppError) {
    if (SIGN_IN.has(err.code)) return { kind: 'auth', code: err.code, detail, probe: false };
    if (TEMPORARY_AUTH.has(err.code)) return { kind: 'unreachable', code: 'mail.auth_unavailable', detail, probe: false };
    if (UNREACHABLE.has(err.code)) {
      // The feature's wrapper may hide a time-out behind "unreachable": the cause tells.
      const inner = classifyRaw(err.cause, detail);
      return inner?.kind === 'unreachable' ? { ...inner, code: inner.code === 'sync.timeout' ? 'sync.timeout' : err.code } : { kind: 'unreachable', code: err.code, detail, probe: true };
    }
    return { kind: 'server', code: err.code === 'internal' ? 'sync.server_error' : err.code, detail, probe: false };
  }
  return classifyRaw(err, detail) ?? { kind: 'server', code: 'sync.server_error', detail, probe: false };
}

function classifyRaw(err: unknown, detail: string): FailureOutcome | null {
  for (const e of chain(err)) {
    const code = codeOf(e);
    if (smtpReply(e) === SMTP_TEMPORARY_AUTH_FAILURE || imapTemporaryAuthFailure(e)) return { kind: 'unreachable', code: 'mail.auth_unavailable', detail, probe: false };
    if (code && TIMEOUT_CODES.has(code)) return { kind: 'unreachable', code: 'sync.timeout', detail, probe: true };
    if (code && NETWORK_CODES.has(code)) return { kind: 'unreachable', code: 'sync.unreachable', detail, probe: true };
    if (e instanceof Error && (e.name === 'TimeoutError' || /timed? ?out/i.test(e.message))) return { kind: 'unreachable', code: 'sync.timeout', detail, probe: true };
    if (e instanceof Error && /connection (closed|refused|lost)|socket (closed|hang up)|fetch failed|not connected/i.test(e.message)) {
      return { kind: 'unreachable', code: 'sync.unreachable', detail, probe: true };
    }
  }
  return null;
}
