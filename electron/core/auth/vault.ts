// The account registry and the one long-lived secret: the refresh token,
// stored only sealed by the platform's secret storage (the accounts and
// pending_revocations tables of the app database; nothing else touches them). Where no secret storage
// exists, nothing secret is written: the session lives in memory only and
// AuthState.persistent says so.
import { createHash } from 'node:crypto';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { SecretStorage } from '../platform';

export interface AccountProfile {
  /** Stable key of organization + subject: names the cache folder. */
  id: string;
  orgId: string;
  subject: string;
  email: string;
  name: string;
  unit: string | null;
}

/**
 * Stable and opaque: the same person of the same organization always gets the
 * same cache folder, another person never does, and the folder name reveals
 * neither (a subject can be an e-mail address or a national id).
 */
export function accountId(orgId: string, subject: string): string {
  return createHash('sha256').update(`${orgId}\n${subject}`).digest('hex').slice(0, 32);
}

interface Row {
  id: string;
  org_id: string;
  subject: string;
  email: string;
  name: string;
  unit: string | null;
  sealed_refresh_token: Buffer | null;
}

export class Vault {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStorage,
    private readonly log: Logger,
  ) {}

  /** Whether a session survives a restart here. */
  get persistent(): boolean {
    return this.secrets.available;
  }

  /**
   * Records the account and seals its refresh token (null clears it). Returns
   * whether the token was stored: false where there is no secret storage, or
   * it failed (a locked keyring), and the session is then memory-only.
   */
  save(profile: AccountProfile, refreshToken: string | null, now: number): boolean {
    let sealed: Buffer | null = null;
    if (refreshToken !== null && this.secrets.available) {
      try {
        sealed = this.secrets.encrypt(refreshToken);
      } catch (err) {
        this.log.log('warn', 'secret storage refused to seal; session kept in memory only', { backend: this.secrets.backend, detail: (err as Error).message });
      }
    }
    this.db
      .prepare(
        `INSERT INTO accounts (id, org_id, subject, email, name, unit, sealed_refresh_token, last_used_at)
         VALUES (@id, @orgId, @subject, @email, @name, @unit, @sealed, @now)
         ON CONFLICT(id) DO UPDATE SET email = excluded.email, name = excluded.name, unit = excluded.unit,
           sealed_refresh_token = excluded.sealed_refresh_token, last_used_at = excluded.last_used_at`,
      )
      .run({ ...profile, sealed, now });
    return sealed !== null;
  }

  /** The organization's most recently used account that has a stored session, unsealed. */
  restore(orgId: string): { profile: AccountProfile; refreshToken: string } | null {
    if (!this.secrets.available) return null;
    const row = this.db
      .prepare<[string], Row>(
        `SELECT id, org_id, subject, email, name, unit, sealed_refresh_token FROM accounts
         WHERE org_id = ? AND sealed_refresh_token IS NOT NULL ORDER BY last_used_at DESC LIMIT 1`,
      )
      .get(orgId);
    if (!row?.sealed_refresh_token) return null;
    const profile: AccountProfile = { id: row.id, orgId: row.org_id, subject: row.subject, email: row.email, name: row.name, unit: row.unit };
    try {
      return { profile, refreshToken: this.secrets.decrypt(row.sealed_refresh_token) };
    } catch (err) {
      // A changed keyring or OS profile: the token is lost, the cache is not.
      this.log.log('warn', 'stored session could not be unsealed; signing in again is needed', { account: row.id, detail: (err as Error).message });
      this.clearToken(row.id);
      return null;
    }
  }

  clearToken(id: string): void {
    this.db.prepare('UPDATE accounts SET sealed_refresh_token = NULL WHERE id = ?').run(id);
  }

  /** Removes the account from the registry (with its cache erased). */
  forget(id: string): void {
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }

  /**
   * Keeps a refresh token that a sign-out could not revoke (provider
   * unreachable), sealed, for the next contact. False where nothing can be
   * sealed: the caller keeps it in memory instead.
   */
  queueRevocation(orgId: string, token: string, now: number): boolean {
    if (!this.secrets.available) return false;
    let sealed: Buffer;
    try {
      sealed = this.secrets.encrypt(token);
    } catch {
      return false;
    }
    this.db.prepare('INSERT INTO pending_revocations (org_id, sealed_token, created_at) VALUES (?, ?, ?)').run(orgId, sealed, now);
    return true;
  }

  /** Tokens waiting for revocation, unsealed; one that cannot be unsealed is dropped (nobody can use it either). */
  pendingRevocations(orgId: string): { id: number; token: string }[] {
    if (!this.secrets.available) return [];
    const rows = this.db.prepare<[string], { id: number; sealed_token: Buffer }>('SELECT id, sealed_token FROM pending_revocations WHERE org_id = ? ORDER BY id').all(orgId);
    const out: { id: number; token: string }[] = [];
    for (const row of rows) {
      try {
        out.push({ id: row.id, token: this.secrets.decrypt(row.sealed_token) });
      } catch {
        this.revocationDone(row.id);
      }
    }
    return out;
  }

  revocationDone(id: number): void {
    this.db.prepare('DELETE FROM pending_revocations WHERE id = ?').run(id);
  }
}
