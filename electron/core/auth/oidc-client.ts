// The identity provider, through openid-client v6: discovery, the
// authorization request (PKCE S256 + state + nonce), the code exchange with
// its checks, refresh, revocation and the end-session URL. Everything the
// session needs from the provider goes through the small OidcClient
// interface, so the state machine is tested with a fake and this file with
// the real provider of test/stack.
import type * as oidc from 'openid-client';
import { z } from 'zod';
import type { OrganizationConfig } from '../config/organization';
import { AppError } from '../errors';

export interface AuthorizationRequest {
  /** Where the system browser goes. */
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** Who signed in, from the verified ID token. */
export interface Identity {
  subject: string;
  name: string;
  email: string;
  /** The person's unit (department), when the provider says it. */
  unit: string | null;
}

export interface Tokens {
  accessToken: string;
  /** Epoch ms, by the injected clock. */
  expiresAt: number;
  /** A rotated refresh token, or null when the provider kept the old one. */
  refreshToken: string | null;
}

export interface OidcClient {
  createAuthorizationRequest(redirectUri: string): Promise<AuthorizationRequest>;
  /** Checks state, PKCE, nonce and the ID token; fails with an auth.* AppError. */
  exchangeCode(callback: URL, request: AuthorizationRequest): Promise<{ tokens: Tokens; identity: Identity }>;
  /**
   * invalid_grant (revoked, expired) fails with auth.reauth_required; no network with auth.unreachable.
   * With `resource` (RFC 8707), the access token is for that resource only.
   */
  refresh(refreshToken: string, expectedSubject: string, resource?: string): Promise<Tokens>;
  revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<void>;
  /** The provider's RP-initiated logout URL, or null if it has none. */
  endSessionUrl(): Promise<string | null>;
}

// The ID token claims we read. openid-client has verified signature, issuer,
// audience, expiry and nonce; this only checks the shape of what we display.
const idClaimsSchema = z
  .object({
    sub: z.string().min(1),
    name: z.string().min(1).optional(),
    preferred_username: z.string().min(1).optional(),
    email: z.string().min(3).optional(),
    // The demo provider sends {id, name}; others send the unit's name as a string.
    department: z.union([z.string().min(1), z.object({ name: z.string().min(1) }).passthrough()]).optional(),
  })
  .passthrough();

export function identityFromClaims(raw: unknown): Identity {
  const parsed = idClaimsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('auth.invalid_response', `ID token claims: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const c = parsed.data;
  const unit = c.department === undefined ? null : typeof c.department === 'string' ? c.department : c.department.name;
  return { subject: c.sub, name: c.name ?? c.preferred_username ?? c.email ?? c.sub, email: c.email ?? '', unit };
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

// openid-client (with its JOSE code) loads on the first request to the provider,
// not at start: a start from the cache signs in with the stored session and asks
// the provider nothing until a token is due (`npm run bench today`).
let oidcLib: typeof import('openid-client') | null = null;
let oidcLoading: Promise<typeof import('openid-client')> | null = null;
function loadOidc(): Promise<typeof import('openid-client')> {
  oidcLoading ??= import('openid-client').then((lib) => (oidcLib = lib));
  return oidcLoading;
}

/** Turns what openid-client or fetch threw into one of our codes, keeping the detail for the log. */
export function mapOidcError(err: unknown, during: string): AppError {
  if (err instanceof AppError) return err;
  const detail = (msg: string) => `${during}: ${msg}`;
  // Its errors can only come once it is loaded.
  const lib = oidcLib;
  if (lib && err instanceof lib.ResponseBodyError) {
    // invalid_grant: the refresh token (or code) is revoked, expired or replayed: only a new sign-in helps.
    if (err.error === 'invalid_grant') return new AppError('auth.reauth_required', detail(`${err.error} ${err.error_description ?? ''}`.trim()));
    if (err.status >= 500) return new AppError('auth.unreachable', detail(`HTTP ${err.status} ${err.error}`));
    return new AppError('auth.provider_error', detail(`${err.error} ${err.error_description ?? ''}`.trim()));
  }
  if (lib && err instanceof lib.AuthorizationResponseError) {
    return new AppError('auth.provider_error', detail(`${err.error} ${err.error_description ?? ''}`.trim()));
  }
  if (lib && err instanceof lib.ClientError) {
    // An http issuer that is not this machine: openid-client refuses it before any request. A configuration error.
    if (err.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN' || err.code === 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN') {
      return new AppError('auth.not_configured', detail(`the issuer must be https (${err.message})`));
    }
    // A 5xx page or a non-JSON answer (a captive portal, a proxy error) is "cannot reach it properly".
    if (err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || err.code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      return new AppError('auth.unreachable', detail(`${err.code} ${err.message}`));
    }
    return new AppError('auth.invalid_response', detail(`${err.code ?? ''} ${err.message}`.trim()));
  }
  // fetch failures (refused, DNS, reset) are TypeErrors; timeouts are DOMExceptions.
  if (err instanceof TypeError || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return new AppError('auth.unreachable', detail(`${err.message}${cause}`));
  }
  return new AppError('internal', detail(err instanceof Error ? err.message : String(err)));
}

export interface OpenidClientOptions {
  now: () => number;
  /** Seconds for each request to the provider. */
  timeoutSeconds?: number;
}

export function openidClient(settings: OrganizationConfig['oidc'], opts: OpenidClientOptions): OidcClient {
  const issuer = new URL(settings.issuer);
  let configuration: Promise<oidc.Configuration> | null = null;

  // Discovery once, reused; a failure is forgotten so that the next attempt
  // (a retry, the connectivity probe) discovers again.
  const config = (): Promise<oidc.Configuration> => {
    configuration ??= loadOidc()
      .then((lib) => lib.discovery(issuer, settings.clientId, { token_endpoint_auth_method: 'none' }, lib.None(), {
        timeout: opts.timeoutSeconds ?? 15,
        // openid-client refuses http issuers. The demo stack's provider is
        // plain http on 127.0.0.1, where nothing leaves the machine; any other
        // host must be https.
        ...(issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? { execute: [lib.allowInsecureRequests] } : {}),
      }))
      .catch((err: unknown) => {
        configuration = null;
        throw mapOidcError(err, 'discovery');
      });
    return configuration;
  };

  const tokensFrom = (r: oidc.TokenEndpointResponse): Tokens => ({
    accessToken: r.access_token,
    // Without expires_in, assume a short life: refreshing early is cheap, a 401 is not.
    expiresAt: opts.now() + (typeof r.expires_in === 'number' ? r.expires_in : 300) * 1000,
    refreshToken: r.refresh_token ?? null,
  });

  return {
    async createAuthorizationRequest(redirectUri) {
      const c = await config();
      const lib = await loadOidc();
      const codeVerifier = lib.randomPKCECodeVerifier();
      const state = lib.randomState();
      const nonce = lib.randomNonce();
      const params = new URLSearchParams({
        redirect_uri: redirectUri,
        scope: settings.scopes.join(' '),
        response_type: 'code',
        code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      // RFC 8707: the grant must cover every resource a per-service token is later refreshed for.
      for (const resource of new Set(Object.values(settings.resources ?? {}))) params.append('resource', resource);
      const url = lib.buildAuthorizationUrl(c, params);
      return { url: url.href, state, nonce, codeVerifier, redirectUri };
    },

    async exchangeCode(callback, request) {
      const c = await config();
      const lib = await loadOidc();
      try {
        const response = await lib.authorizationCodeGrant(c, callback, {
          pkceCodeVerifier: request.codeVerifier,
          expectedState: request.state,
          expectedNonce: request.nonce,
          idTokenExpected: true,
        });
        return { tokens: tokensFrom(response), identity: identityFromClaims(response.claims()) };
      } catch (err) {
        throw mapOidcError(err, 'code exchange');
      }
    },

    async refresh(refreshToken, expectedSubject, resource) {
      const c = await config();
      const lib = await loadOidc();
      let response;
      try {
        response = await lib.refreshTokenGrant(c, refreshToken, resource ? { resource } : undefined);
      } catch (err) {
        throw mapOidcError(err, 'refresh');
      }
      // openid-client verifies a returned ID token; it must still be the same person.
      const claims = response.claims();
      if (claims && claims.sub !== expectedSubject) throw new AppError('auth.invalid_response', 'refresh: ID token subject changed');
      return tokensFrom(response);
    },

    async revoke(token, hint) {
      const c = await config();
      const lib = await loadOidc();
      try {
        await lib.tokenRevocation(c, token, { token_type_hint: hint });
      } catch (err) {
        throw mapOidcError(err, 'revocation');
      }
    },

    async endSessionUrl() {
      const c = await config();
      const lib = await loadOidc();
      if (!c.serverMetadata().end_session_endpoint) return null;
      // No id_token_hint: this URL goes to the browser (its history, the
      // host's output), and the ID token is a token with personal data. The
      // provider then asks the person to confirm, which it does anyway.
      return lib.buildEndSessionUrl(c, { client_id: settings.clientId }).href;
    },
  };
}
