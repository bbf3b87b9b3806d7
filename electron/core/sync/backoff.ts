// How long a service that failed is left alone before the next attempt:
// doubling from a first wait up to a cap, each wait drawn at random from its
// upper half ("equal jitter"), so that many clients that lost the same server
// at the same moment do not all come back in the same second.

export interface BackoffPolicy {
  firstMs: number;
  maxMs: number;
}

/** Server errors and failures of unknown kind: 2 s, 4 s, 8 s ... at most a minute (the idle budget). */
export const RETRY_BACKOFF: BackoffPolicy = { firstMs: 2_000, maxMs: 60_000 };
/**
 * Bare connection attempts (no request, no login) while a server does not
 * answer at all: 0.5 s ... 4 s, so that work waiting is sent within seconds
 * of the server's return; once an outage has lasted LONG_OUTAGE_MS, every
 * 15-30 s, so that a server gone for days is not knocked on all day.
 */
export const PROBE_BACKOFF: BackoffPolicy = { firstMs: 500, maxMs: 4_000 };
export const LONG_OUTAGE_PROBE_BACKOFF: BackoffPolicy = { firstMs: 30_000, maxMs: 30_000 };
export const LONG_OUTAGE_MS = 15 * 60_000;

/** The un-jittered ceiling of the n-th wait (n from 0). */
export function backoffCeiling(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(attempt, 30));
}

/** The n-th wait: within [ceiling / 2, ceiling]. `random` is in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceiling = backoffCeiling(policy, attempt);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}
