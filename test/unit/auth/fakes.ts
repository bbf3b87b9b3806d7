// Test doubles for the auth unit tests: a clock whose timers run only when
// the test advances it, and an identity provider behind the OidcClient seam.
import type { AuthorizationRequest, Identity, OidcClient, Tokens } from '../../../electron/core/auth/oidc-client';
import { AppError } from '../../../electron/core/errors';
import type { Clock } from '../../../electron/core/platform';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Lets promise callbacks and I/O callbacks that are already due run (not a sleep: nothing waits on time). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  private t = Date.UTC(2026, 0, 5, 1, 0, 0);
  private timers: Timer[] = [];
  private nextId = 1;

  now = (): number => this.t;

  setTimer = (ms: number, fn: () => void): (() => void) => {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  };

  /** Due times of the timers still pending, relative to now. */
  pending(): number[] {
    return this.timers.map((x) => x.at - this.t).sort((a, b) => a - b);
  }

  /** Moves time forward, running each timer at its due time, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x.id !== due.id);
      this.t = due.at;
      due.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

export type IdpMode = 'ok' | 'unreachable' | 'invalid_grant';

export const ANH: Identity = { subject: 'anh.ntm', name: 'Nguyễn Thị Minh Anh', email: 'anh.ntm@so-demo.invalid', unit: 'Phòng Công nghệ thông tin' };
export const BAO: Identity = { subject: 'bao.tq', name: 'Trần Quốc Bảo', email: 'bao.tq@so-demo.invalid', unit: 'Phòng Công nghệ thông tin' };

/**
 * A provider that rotates refresh tokens (like oidc-provider for public
 * clients) and refuses a spent one, so a double refresh shows up as a failure.
 */
export class FakeIdp implements OidcClient {
  mode: IdpMode = 'ok';
  /** Who logs in at the next browser visit. */
  user: Identity = ANH;
  accessLifetimeMs = 10 * 60_000;
  refreshCalls = 0;
  /** The resource (RFC 8707) of each refresh, in order; null for the default token. */
  refreshResources: (string | null)[] = [];
  /** The most refreshes that ran at the same time: more than 1 would replay a rotated token. */
  maxConcurrentRefreshes = 0;
  private concurrentRefreshes = 0;
  revoked: string[] = [];
  /** When set, refreshes wait for it: lets a test hold a refresh in flight. */
  gate: Promise<void> | null = null;
  private serial = 0;
  private liveRefresh = new Map<string, string>(); // refresh token -> subject
  private lastRequest: AuthorizationRequest | null = null;

  constructor(private readonly clock: FakeClock) {}

  liveRefreshTokens(): string[] {
    return [...this.liveRefresh.keys()];
  }

  /** Access tokens are `at-<n>`, or `at-<n>@<resource>` for a resource's own token. */
  private issue(subject: string, resource?: string): Tokens {
    this.serial++;
    const refreshToken = `rt-${subject}-${this.serial}-secret`;
    this.liveRefresh.set(refreshToken, subject);
    const accessToken = resource ? `at-${this.serial}@${resource}` : `at-${this.serial}`;
    return { accessToken, expiresAt: this.clock.now() + this.accessLifetimeMs, refreshToken };
  }

  private check(): void {
    if (this.mode === 'unreachable') throw new AppError('auth.unreachable', 'fake: connection refused');
  }

  async createAuthorizationRequest(redirectUri: string): Promise<AuthorizationRequest> {
    this.check();
    const state = `state-${this.serial + 1}`;
    const url = new URL('https://idp.test/auth');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    this.lastRequest = { url: url.href, state, nonce: 'n', codeVerifier: 'v', redirectUri };
    return this.lastRequest;
  }

  async exchangeCode(callback: URL, request: AuthorizationRequest): Promise<{ tokens: Tokens; identity: Identity }> {
    this.check();
    if (request !== this.lastRequest || callback.searchParams.get('code') !== 'good-code') throw new AppError('auth.provider_error', 'fake: bad code');
    return { tokens: this.issue(this.user.subject), identity: this.user };
  }

  async refresh(refreshToken: string, expectedSubject: string, resource?: string): Promise<Tokens> {
    this.refreshCalls++;
    this.refreshResources.push(resource ?? null);
    this.maxConcurrentRefreshes = Math.max(this.maxConcurrentRefreshes, ++this.concurrentRefreshes);
    try {
      if (this.gate) await this.gate;
      this.check();
      const subject = this.liveRefresh.get(refreshToken);
      if (this.mode === 'invalid_grant' || subject !== expectedSubject) throw new AppError('auth.reauth_required', 'fake: invalid_grant');
      this.liveRefresh.delete(refreshToken); // rotation: the old one is spent
      return this.issue(subject, resource);
    } finally {
      this.concurrentRefreshes--;
    }
  }

  async revoke(token: string): Promise<void> {
    this.check();
    this.revoked.push(token);
    this.liveRefresh.delete(token);
  }

  async endSessionUrl(): Promise<string | null> {
    this.check();
    return 'https://idp.test/session/end?client_id=govdesk';
  }
}

/** The system browser, for the fake provider: goes straight to the loopback redirect with a code. */
export function fakeBrowser(opts: { code?: string; state?: string; error?: string } = {}) {
  const opened: string[] = [];
  const openExternal = async (raw: string) => {
    opened.push(raw);
    const url = new URL(raw);
    const redirect = url.searchParams.get('redirect_uri');
    if (!redirect) return; // the end-session page: nothing comes back
    const back = new URL(redirect);
    back.searchParams.set('state', opts.state ?? url.searchParams.get('state') ?? '');
    if (opts.error) back.searchParams.set('error', opts.error);
    else back.searchParams.set('code', opts.code ?? 'good-code');
    // Like a browser: the app does not wait for the page to load.
    void fetch(back).then((r) => r.text());
  };
  return { opened, openExternal };
}
