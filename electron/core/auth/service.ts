// The auth calls of shared/api, and the glue between the session and the rest
// of the core: the per-account cache and AccountContext that features
// receive, the status bar's account and connection, and the `auth` event.
import type { AuthPhase, AuthState } from '../../../shared/auth';
import type { Connection, Reachability } from '../../../shared/status';
import type { AccountContext } from '../account';
import type { OrganizationConfig } from '../config/organization';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Platform } from '../platform';
import type { Handlers } from '../rpc';
import type { SettingsService } from '../settings/service';
import type { SyncScheduler } from '../sync/scheduler';
import type { StatusHolder } from '../sync/status';
import { eraseAccountCache, openAccountCache } from './account-cache';
import type { LoopbackListener, LoopbackOptions } from './loopback';
import { openidClient, type OidcClient } from './oidc-client';
import { Session } from './session';
import { Vault, type AccountProfile } from './vault';

export type AccountEvent = { kind: 'opened' | 'closing'; account: AccountContext };
export type AccountListener = (event: AccountEvent) => void;

export interface AuthServiceOptions {
  platform: Platform;
  organization: OrganizationConfig | null;
  appDb: Db;
  settings: SettingsService;
  status: StatusHolder;
  /** Features register their jobs here; a new sign-in or a renewed token resumes what stopped. */
  scheduler: SyncScheduler;
  bus: EventBus;
  log: Logger;
  /** Tests inject a fake provider or a short time-out; production uses openid-client. */
  oidc?: OidcClient;
  signInTimeoutMs?: number;
  startLoopback?: (opts: LoopbackOptions) => Promise<LoopbackListener>;
}

export type AuthHandlers = Pick<Handlers, 'auth.state' | 'auth.signIn' | 'auth.cancelSignIn' | 'auth.signOut'>;

export class AuthService {
  readonly session: Session;
  private context: AccountContext | null = null;
  private readonly listeners = new Set<AccountListener>();
  private phase: AuthPhase = 'signed_out';
  private connection: Connection = 'unknown';

  constructor(private readonly opts: AuthServiceOptions) {
    const { platform, organization: org, log } = opts;
    const oidc = opts.oidc ?? (org ? openidClient(org.oidc, { now: platform.clock.now }) : null);
    this.session = new Session({
      oidc,
      organization: org ? { id: org.id, name: org.name } : null,
      ...(org?.oidc.resources ? { resources: org.oidc.resources } : {}),
      vault: new Vault(opts.appDb, platform.secrets, log.child('vault')),
      clock: platform.clock,
      openExternal: (url) => platform.openExternal(url),
      log: log.child('session'),
      ...(opts.signInTimeoutMs ? { signInTimeoutMs: opts.signInTimeoutMs } : {}),
      ...(opts.startLoopback ? { startLoopback: opts.startLoopback } : {}),
      hooks: {
        onState: (state) => this.onState(state),
        onConnection: (connection) => {
          this.connection = connection;
          this.publishSignin();
        },
        onRenewed: () => opts.scheduler.resume('token_renewed'),
        openAccount: (profile) => this.openAccount(profile),
        closeAccount: (profile, erase) => this.closeAccount(profile, erase),
      },
    });
  }

  start(): void {
    this.session.start();
  }

  /** The signed-in account's context, or null. Also open in reauth_required: the cache stays usable. */
  account(): AccountContext | null {
    return this.context;
  }

  /** Features start their sync on `opened` and stop it on `closing` (before the cache closes). */
  onAccount(listener: AccountListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handlers(): AuthHandlers {
    return {
      'auth.state': () => this.session.state(),
      'auth.signIn': () => this.session.signIn(),
      'auth.cancelSignIn': () => ({ cancelled: this.session.cancelSignIn() }),
      'auth.signOut': async ({ eraseCache }) => {
        await this.session.signOut(this.shouldErase(eraseCache));
        return this.session.state();
      },
    };
  }

  close(): void {
    this.session.close();
    const ctx = this.context;
    if (ctx) {
      this.notify({ kind: 'closing', account: ctx });
      ctx.db.close();
      this.context = null;
    }
  }

  /** A policy that locks keepCacheOnSignOut decides; otherwise the user's choice, else the setting. */
  private shouldErase(requested: boolean | undefined): boolean {
    const view = this.opts.settings.view();
    const keep = view.values.keepCacheOnSignOut;
    if (view.locked.includes('keepCacheOnSignOut')) return !keep;
    return requested ?? !keep;
  }

  private onState(state: AuthState): void {
    const was = this.phase;
    this.phase = state.phase;
    this.opts.bus.emit('auth', state);
    this.publishSignin();
    // Signed in again after the session ran out: every feature syncs again now, not at its next retry.
    if (state.phase === 'signed_in' && was !== 'signed_in' && this.context) this.opts.scheduler.resume('signed_in');
    // The session ended: what waits on its own back-off (a server that could not check sign-ins) says now that it waits for one.
    if (state.phase === 'reauth_required' && was !== 'reauth_required' && this.context) this.opts.scheduler.resume('session_ended');
  }

  /** The identity provider as the status bar shows it, beside the features' servers. */
  private publishSignin(): void {
    const { status, platform } = this.opts;
    if (!this.context) return status.removeService('signin');
    const state: Reachability =
      this.phase === 'reauth_required' ? 'signed_out' : this.connection === 'online' ? 'online' : this.connection === 'offline' ? 'offline' : 'unknown';
    const prev = status.service('signin');
    const now = platform.clock.now();
    status.setService({
      service: 'signin',
      state,
      since: prev?.state === state ? prev.since : state === 'unknown' ? null : now,
      lastOkAt: state === 'online' ? now : (prev?.lastOkAt ?? null),
      error: state === 'offline' ? { code: 'auth.unreachable', detail: '' } : state === 'signed_out' ? { code: 'auth.reauth_required', detail: '' } : null,
      nextRetryAt: null,
      waiting: 0,
      sending: false,
    });
  }

  private openAccount(profile: AccountProfile): void {
    const { platform, organization, bus, log, status } = this.opts;
    if (!organization) throw new AppError('auth.not_configured', 'no organization');
    const ctx: AccountContext = {
      id: profile.id,
      email: profile.email,
      name: profile.name,
      organization,
      db: openAccountCache(platform.paths.userData, profile.id),
      tokens: this.session,
      bus,
      platform,
      log: log.child(`account.${profile.id.slice(0, 8)}`),
      sync: this.opts.scheduler,
    };
    this.context = ctx;
    status.update({ account: { name: profile.name, email: profile.email, unit: profile.unit } });
    this.publishSignin();
    this.notify({ kind: 'opened', account: ctx });
    bus.emit('changed', { topic: 'account', ids: [profile.id] });
  }

  private closeAccount(profile: AccountProfile, erase: boolean): void {
    const ctx = this.context;
    if (ctx && ctx.id === profile.id) {
      this.notify({ kind: 'closing', account: ctx });
      ctx.db.close();
      this.context = null;
    }
    if (erase) eraseAccountCache(this.opts.platform.paths.userData, profile.id);
    this.opts.status.update({ account: null });
    this.publishSignin();
    this.opts.bus.emit('changed', { topic: 'account', ids: [profile.id] });
  }

  private notify(event: AccountEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        // One feature failing to start must not stop sign-in, nor the others.
        this.opts.log.log('error', 'account listener failed', { kind: event.kind, detail: (err as Error).message });
      }
    }
  }
}
