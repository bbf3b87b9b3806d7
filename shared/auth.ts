// The sign-in state as the renderer sees it: pushed as the `auth` event and
// answered by `auth.state`. Tokens never appear here.
import type { AccountSummary } from './status';

/**
 * signed_out -> signing_in -> signed_in <-> reauth_required.
 * In reauth_required (and while signing in again from it) `account` stays set:
 * the cache, the outbox and the open screen are kept.
 */
export type AuthPhase = 'signed_out' | 'signing_in' | 'signed_in' | 'reauth_required';

export interface SignedInAccount extends AccountSummary {
  /** Stable key of organization + user (names the account's cache folder). */
  id: string;
}

export interface AuthState {
  phase: AuthPhase;
  /** False when no organization (or no OIDC client) is configured: sign-in cannot start. */
  configured: boolean;
  organization: { id: string; name: string } | null;
  account: SignedInAccount | null;
  /**
   * False where the system offers no secret storage: the session lives in
   * memory only and the user signs in again after a restart.
   */
  persistent: boolean;
}
