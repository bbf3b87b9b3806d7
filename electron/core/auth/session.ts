// The one OIDC session of the core (ARCHITECTURE rule 5), as a state machine:
//
//   signed_out -> signing_in -> signed_in <-> reauth_required
//                                   ^             |
//                                   +- signing_in +   (the account stays open)
//
// It is the TokenSource every server client asks. Access tokens live in
// memory only and are refreshed before they expire (timers on the injected
// clock); concurrent callers share one refresh, which matters twice: it saves
// round trips, and the provider rotates refresh tokens, so two refreshes with
// the same token would look like a replay and end the grant.
//
// Services with an RFC 8707 resource (organization config `oidc.resources`)
// get their own access token, refreshed with `resource=<uri>` on demand and
// cached with its own expiry; the others share the default token. Every
// refresh, of any token, waits for the one before: each spends the refresh
// token that the previous one rotated.
import type { AuthPhase, AuthState } from '../../../shared/auth';
import type { Connection } from '../../../shared/status';
import { AppError, toAppError } from '../errors';
import type { Logger } from '../log';
import type { Clock } from '../platform';
import { startLoopback, type LoopbackListener, type LoopbackOptions } from './loopback';
import type { OidcClient, Tokens } from './oidc-client';
import type { ServiceName, TokenSource } from './token-source';
import { accountId, type AccountProfile, type Vault } from './vault';

/** What the session tells the rest of the core; the service wires these to files, status and events. */
export interface SessionHooks {
  onState(state: AuthState): void;
  onConnection(connection: Connection): void;
  /** A token was just issued (sign-in, refresh): servers that refused or missed the old one may answer now. */
  onRenewed?(): void;
  /** A (different) account is now signed in: open its cache. */
  openAccount(profile: AccountProfile): void;
  /** The account is leaving: close its cache, and delete it when `erase`. */
  closeAccount(profile: AccountProfile, erase: boolean): void;
}

export interface SessionOptions {
  /** Null when no organization is configured: sign-in explains auth.not_configured. */
  oidc: OidcClient | null;
  organization: { id: string; name: string } | null;
  /** RFC 8707: the services that get their own token, for this resource URI. */
  resources?: Partial<Record<ServiceName, string>>;
  vault: Vault;
  clock: Clock;
  openExternal(url: string): Promise<void>;
  log: Logger;
  hooks: SessionHooks;
  /** How long the browser may take before auth.timeout. Default 5 minutes. */
  signInTimeoutMs?: number;
  /** Injected in tests; the real listener otherwise. */
  startLoopback?: (opts: LoopbackOptions) => Promise<LoopbackListener>;
}

export interface SignOutResult {
  /** Whether the provider confirmed the refresh token's revocation. */
  revoked: boolean;
  /** The provider's end-session URL that was opened, if any. */
  endSessionUrl: string | null;
}

const SIGN_IN_TIMEOUT_MS = 5 * 60_000;
/** Refresh this long before expiry at most (a quarter of the lifetime for short tokens). */
const MAX_REFRESH_LEAD_MS = 60_000;
/** A token this close to expiry is not handed out: it could expire on the wire. */
const MIN_REMAINING_MS = 1_000;
/** Connectivity probe: 5 s, 10 s, 20 s … capped at 5 minutes. */
const PROBE_FIRST_MS = 5_000;
const PROBE_MAX_MS = 5 * 60_000;

/**
 * How long before expiry a token is renewed: a quarter of its lifetime, at
 * most MAX_REFRESH_LEAD_MS. The default token by its timer; a per-service
 * token (no timer) by the first caller after that point.
 */
function refreshLead(lifetimeMs: number): number {
  return Math.min(MAX_REFRESH_LEAD_MS, Math.floor(lifetimeMs / 4));
}

interface AccessToken {
  token: string;
  /** Handed out until then (epoch ms); later callers refresh it first. */
  usableUntil: number;
}

/** Which access token: the default one, or a service's own (RFC 8707). */
type Target = ServiceName | 'default';

export class Session implements TokenSource {
  private phase: AuthPhase = 'signed_out';
  private profile: AccountProfile | null = null;
  private refreshToken: string | null = null;
  private access: AccessToken | null = null;
  /** The per-service tokens of the services that have a resource. */
  private serviceAccess = new Map<ServiceName, AccessToken>();
  private persisted = false;
  private connection: Connection = 'unknown';
  /** Bumped whenever the session ends or changes hands: late results of the old one are dropped. */
  private generation = 0;
  /** Single flight per token: every caller during a refresh of that token gets the same promise. */
  private refreshing = new Map<Target, Promise<string>>();
  /** The tail of the refresh chain (never rejects): refreshes run one after another. */
  private refreshChain: Promise<unknown> = Promise.resolve();
  private cancelRefreshTimer: (() => void) | null = null;
  private cancelProbe: (() => void) | null = null;
  private probeAttempt = 0;
  private pending: LoopbackListener | null = null;
  /** Refresh tokens a sign-out could not revoke, where the vault cannot seal them. */
  private memoryRevocations: string[] = [];
  private draining: Promise<void> | null = null;

  constructor(private readonly opts: SessionOptions) {}

  /**
   * Restores the last session of this organization from the vault, at once:
   * the user works from the cache even when the provider is unreachable; a
   * refresh then runs in the background and sets the connection.
   */
  start(): void {
    const org = this.opts.organization;
    if (!org || !this.opts.oidc) return this.emit();
    void this.drainRevocations();
    const restored = this.opts.vault.restore(org.id);
    if (!restored) return this.emit();
    this.profile = restored.profile;
    this.refreshToken = restored.refreshToken;
    this.persisted = true;
    this.phase = 'signed_in';
    this.opts.hooks.openAccount(restored.profile);
    this.emit();
    this.opts.log.log('info', 'session restored', { account: restored.profile.id });
    void this.refresh().catch(() => undefined);
  }

  state(): AuthState {
    const org = this.opts.organization;
    const p = this.profile;
    return {
      phase: this.phase,
      configured: Boolean(org && this.opts.oidc),
      organization: org ? { id: org.id, name: org.name } : null,
      account: p ? { id: p.id, name: p.name, email: p.email, unit: p.unit } : null,
      persistent: this.profile ? this.persisted : this.opts.vault.persistent,
    };
  }

  current(): AccountProfile | null {
    return this.profile;
  }

  // ---- TokenSource -------------------------------------------------------

  async accessToken(service: ServiceName): Promise<string> {
    this.assertUsable();
    const target = this.target(service);
    const a = this.cached(target);
    if (a && a.usableUntil > this.opts.clock.now()) return a.token;
    return this.refresh(target);
  }

  async renew(service: ServiceName, rejected: string): Promise<string> {
    this.assertUsable();
    const target = this.target(service);
    // Another caller already replaced the token the server refused: use that one.
    const a = this.cached(target);
    if (a && a.token !== rejected && a.usableUntil > this.opts.clock.now()) return a.token;
    const flight = this.refreshing.get(target);
    if (flight) return flight;
    if (target === 'default') this.access = null;
    else this.serviceAccess.delete(target);
    return this.refresh(target);
  }

  private target(service: ServiceName): Target {
    return this.opts.resources?.[service] ? service : 'default';
  }

  private cached(target: Target): AccessToken | null {
    return target === 'default' ? this.access : (this.serviceAccess.get(target) ?? null);
  }

  // ---- sign-in -----------------------------------------------------------

  /** Browser sign-in through the loopback redirect. Resolves once signed in. */
  async signIn(): Promise<AuthState> {
    const { oidc, organization: org } = this.opts;
    if (!oidc || !org) throw new AppError('auth.not_configured', 'no organization (OIDC issuer and client) is configured');
    if (this.pending || this.phase === 'signing_in') throw new AppError('auth.in_progress', 'a sign-in is already waiting for the browser');
    if (this.phase === 'signed_in') return this.state();

    const from = this.phase;
    this.setPhase('signing_in');
    let listener: LoopbackListener | null = null;
    try {
      listener = await (this.opts.startLoopback ?? startLoopback)({ clock: this.opts.clock, timeoutMs: this.opts.signInTimeoutMs ?? SIGN_IN_TIMEOUT_MS });
      this.pending = listener;
      const request = await oidc.createAuthorizationRequest(listener.redirectUri);
      listener.expectState(request.state);
      await this.opts.openExternal(request.url);
      const callback = await listener.callback;
      const { tokens, identity } = await oidc.exchangeCode(callback, request);
      this.adopt({ id: accountId(org.id, identity.subject), orgId: org.id, ...identity }, tokens);
      this.opts.log.log('info', 'signed in', { account: this.profile?.id, persistent: this.persisted });
      return this.state();
    } catch (err) {
      listener?.cancel();
      const e = toAppError(err);
      this.opts.log.log('warn', 'sign-in failed', { code: e.code, detail: e.detail });
      // Back where we were: the Sign in button (or the reauth banner) works again.
      if ((this.phase as AuthPhase) === 'signing_in') this.setPhase(from);
      throw e;
    } finally {
      this.pending = null;
    }
  }

  cancelSignIn(): boolean {
    if (!this.pending) return false;
    this.pending.cancel();
    return true;
  }

  /** Takes over a fresh session: same person resumes, another person switches accounts. */
  private adopt(profile: AccountProfile, tokens: Tokens): void {
    const previous = this.profile;
    const switching = previous !== null && previous.id !== profile.id;
    if (switching) {
      // Someone else signed in from the "sign in again" banner: the previous
      // account's cache is closed (kept on disk), never shown to them.
      this.endTokens();
      this.opts.vault.clearToken(previous.id);
      this.opts.hooks.closeAccount(previous, false);
    }
    this.generation++;
    this.stopTimers();
    this.serviceAccess.clear();
    this.profile = profile;
    this.refreshToken = tokens.refreshToken;
    this.persisted = this.opts.vault.save(profile, tokens.refreshToken, this.opts.clock.now());
    this.setAccess(tokens);
    this.setConnection('online');
    // Signed in before the account is announced: a feature that starts syncing
    // on the announcement asks for a token at once and must get one.
    this.phase = 'signed_in';
    if (!previous || switching) this.opts.hooks.openAccount(profile);
    this.emit();
    void this.drainRevocations();
  }

  // ---- sign-out ----------------------------------------------------------

  /**
   * Ends the session: wipes the tokens here, revokes the refresh token at the
   * provider, closes the account's cache (erasing it when asked), and opens
   * the provider's end-session page, because the browser's own session at the
   * provider would otherwise sign the next person at this computer in
   * without a password.
   */
  async signOut(erase: boolean): Promise<SignOutResult> {
    this.pending?.cancel();
    const profile = this.profile;
    if (!profile) return { revoked: false, endSessionUrl: null };
    // A refresh in flight (or queued) may rotate the token: revoke the newest one.
    await this.refreshChain;
    const refreshToken = this.refreshToken;
    this.endTokens();
    this.opts.vault.clearToken(profile.id);
    this.opts.hooks.closeAccount(profile, erase);
    if (erase) this.opts.vault.forget(profile.id);
    this.profile = null;
    this.persisted = false;
    this.phase = 'signed_out';
    this.setConnection('unknown');
    this.emit();
    this.opts.log.log('info', 'signed out', { account: profile.id, erased: erase });

    const oidc = this.opts.oidc;
    if (!oidc) return { revoked: false, endSessionUrl: null };
    let revoked = false;
    try {
      if (refreshToken) {
        await oidc.revoke(refreshToken, 'refresh_token');
        revoked = true;
      }
      void this.drainRevocations();
    } catch (err) {
      const e = toAppError(err);
      this.opts.log.log('warn', 'refresh token revocation failed', { code: e.code, detail: e.detail });
      if (e.code === 'auth.unreachable') {
        // Wiped here already; revoked at the provider at the next contact with it.
        if (refreshToken) this.queueRevocation(refreshToken);
        return { revoked, endSessionUrl: null };
      }
    }
    let endSessionUrl: string | null = null;
    try {
      endSessionUrl = await oidc.endSessionUrl();
      if (endSessionUrl) await this.opts.openExternal(endSessionUrl);
    } catch (err) {
      this.opts.log.log('warn', 'end-session page not opened', { detail: toAppError(err).detail });
    }
    return { revoked, endSessionUrl };
  }

  close(): void {
    this.pending?.cancel();
    this.generation++;
    this.stopTimers();
  }

  // ---- refresh, reauth, connectivity ----------------------------------

  private assertUsable(): void {
    if (!this.profile) throw new AppError('auth.required', 'not signed in');
    if (this.phase !== 'signed_in') throw new AppError('auth.reauth_required', 'the session must be renewed by signing in again');
  }

  /**
   * Single flight per token, and one refresh at a time overall: the provider
   * rotates the refresh token, so each refresh must start from the token the
   * previous one left in the vault.
   */
  private refresh(target: Target = 'default'): Promise<string> {
    let flight = this.refreshing.get(target);
    if (flight) return flight;
    const run = this.refreshChain.then(() => this.doRefresh(target));
    this.refreshChain = run.catch(() => undefined);
    flight = run.finally(() => {
      if (this.refreshing.get(target) === flight) this.refreshing.delete(target);
    });
    this.refreshing.set(target, flight);
    return flight;
  }

  private async doRefresh(target: Target): Promise<string> {
    const { oidc } = this.opts;
    const profile = this.profile;
    const refreshToken = this.refreshToken;
    if (!oidc || !profile) throw new AppError('auth.required', 'not signed in');
    if (!refreshToken) {
      this.requireReauth('no refresh token');
      throw new AppError('auth.reauth_required', 'no refresh token');
    }
    const generation = this.generation;
    try {
      const resource = target === 'default' ? undefined : this.opts.resources?.[target];
      const tokens = await oidc.refresh(refreshToken, profile.subject, resource);
      if (generation !== this.generation) throw new AppError('auth.required', 'the session ended during the refresh');
      if (tokens.refreshToken && tokens.refreshToken !== this.refreshToken) {
        // Rotated: the old one is spent. Seal the new one before anything else.
        this.refreshToken = tokens.refreshToken;
        this.persisted = this.opts.vault.save(profile, tokens.refreshToken, this.opts.clock.now());
      }
      if (target === 'default') this.setAccess(tokens);
      else this.serviceAccess.set(target, { token: tokens.accessToken, usableUntil: tokens.expiresAt - Math.max(MIN_REMAINING_MS, refreshLead(tokens.expiresAt - this.opts.clock.now())) });
      this.probeAttempt = 0;
      this.cancelProbe?.();
      this.cancelProbe = null;
      this.setConnection('online');
      this.opts.hooks.onRenewed?.();
      void this.drainRevocations();
      return tokens.accessToken;
    } catch (err) {
      const e = toAppError(err);
      if (generation !== this.generation) throw e;
      if (e.code === 'auth.unreachable') {
        this.setConnection('offline');
        this.scheduleProbe();
      } else if (e.code === 'auth.reauth_required') {
        this.requireReauth(e.detail);
      }
      this.opts.log.log('warn', 'token refresh failed', { code: e.code, detail: e.detail });
      throw e;
    }
  }

  private queueRevocation(token: string): void {
    const org = this.opts.organization;
    if (!org) return;
    if (!this.opts.vault.queueRevocation(org.id, token, this.opts.clock.now())) this.memoryRevocations.push(token);
  }

  /** Revokes what earlier sign-outs could not; runs whenever the provider has just answered. */
  private drainRevocations(): Promise<void> {
    this.draining ??= this.doDrain().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async doDrain(): Promise<void> {
    const { oidc, organization: org, vault } = this.opts;
    if (!oidc || !org) return;
    const queued = [
      ...vault.pendingRevocations(org.id).map((p) => ({ token: p.token, done: () => vault.revocationDone(p.id) })),
      ...this.memoryRevocations.map((token) => ({ token, done: () => (this.memoryRevocations = this.memoryRevocations.filter((t) => t !== token)) })),
    ];
    for (const item of queued) {
      try {
        await oidc.revoke(item.token, 'refresh_token');
        item.done();
        this.opts.log.log('info', 'revoked a refresh token left by an offline sign-out');
      } catch (err) {
        const e = toAppError(err);
        if (e.code === 'auth.unreachable') return; // next time
        // Refused for good (unknown client, bad request): retrying would not help.
        this.opts.log.log('warn', 'pending revocation dropped', { code: e.code, detail: e.detail });
        item.done();
      }
    }
  }

  /** The default token: handed out until just before expiry, renewed ahead of it by a timer. */
  private setAccess(tokens: Tokens): void {
    this.access = { token: tokens.accessToken, usableUntil: tokens.expiresAt - MIN_REMAINING_MS };
    this.cancelRefreshTimer?.();
    const lifetime = tokens.expiresAt - this.opts.clock.now();
    this.cancelRefreshTimer = this.opts.clock.setTimer(Math.max(0, lifetime - refreshLead(lifetime)), () => {
      this.cancelRefreshTimer = null;
      void this.refresh().catch(() => undefined);
    });
  }

  /**
   * The provider refused the refresh token: the user must sign in again. The
   * account stays open (cache, outbox, screen); the sealed token is kept so
   * that a restart comes back to this same state rather than to an empty
   * sign-in page.
   */
  private requireReauth(detail: string | undefined): void {
    if (this.phase !== 'signed_in') return;
    this.stopTimers();
    this.access = null;
    this.serviceAccess.clear();
    this.refreshToken = null;
    this.phase = 'reauth_required';
    this.opts.log.log('warn', 'sign-in required again', { account: this.profile?.id, detail });
    this.emit();
  }

  private scheduleProbe(): void {
    if (this.cancelProbe || this.phase !== 'signed_in') return;
    const delay = Math.min(PROBE_MAX_MS, PROBE_FIRST_MS * 2 ** this.probeAttempt);
    this.probeAttempt++;
    this.cancelProbe = this.opts.clock.setTimer(delay, () => {
      this.cancelProbe = null;
      // A failure schedules the next probe (doRefresh), with a longer wait.
      void this.refresh().catch(() => undefined);
    });
  }

  private endTokens(): void {
    this.generation++;
    this.stopTimers();
    this.access = null;
    this.serviceAccess.clear();
    this.refreshToken = null;
  }

  private stopTimers(): void {
    this.cancelRefreshTimer?.();
    this.cancelRefreshTimer = null;
    this.cancelProbe?.();
    this.cancelProbe = null;
    this.probeAttempt = 0;
  }

  private setPhase(phase: AuthPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.emit();
  }

  private setConnection(connection: Connection): void {
    if (this.connection === connection) return;
    this.connection = connection;
    this.opts.hooks.onConnection(connection);
  }

  private emit(): void {
    this.opts.hooks.onState(this.state());
  }
}
