/**
 * Signing a demo account in without a browser, through the identity provider's
 * real authorization-code + PKCE flow and login form (fetch and a cookie jar).
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { accountOf, type StackJson } from './stack-json.ts';

export interface SignInOptions {
  /** Defaults to the desktop client; use `stack.clients.shortLived.clientId` for expiry tests. */
  clientId?: string;
  scope?: string;
  /** Defaults to the account's password from stack.json. */
  password?: string;
  /** Sent as ui_locales. */
  locale?: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  /** Seconds, as the token endpoint said. */
  expiresIn: number;
  scope: string;
}

const TokenResponseSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
  expires_in: z.number(),
  scope: z.string().optional(),
  token_type: z.string(),
});

export const IntrospectionSchema = z
  .object({
    active: z.boolean(),
    sub: z.string().optional(),
    client_id: z.string().optional(),
    exp: z.number().optional(),
    scope: z.string().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
    department: z.object({ id: z.string(), name: z.string() }).optional(),
  })
  .passthrough();
export type Introspection = z.infer<typeof IntrospectionSchema>;

const b64url = (b: Buffer) => b.toString('base64url');

class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.split('=');
        const key = k.trim().toLowerCase();
        return (key === 'expires' && Date.parse(v) < Date.now()) || (key === 'max-age' && Number(v) <= 0);
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export class SignInError extends Error {}

/** Walks authorize -> login form -> (auto consent) -> code -> token, as a person's browser would. */
export async function signIn(stack: StackJson, username: string, opts: SignInOptions = {}): Promise<Tokens> {
  const account = accountOf(stack, username);
  const clientId = opts.clientId ?? stack.clients.desktop.clientId;
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const state = b64url(randomBytes(12));
  // Any loopback port is accepted for the native client (RFC 8252); nothing needs to listen.
  const redirectUri = `http://127.0.0.1:${40000 + (randomBytes(2).readUInt16BE() % 20000)}/callback`;
  const auth = new URL(stack.authorizationEndpoint);
  auth.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: opts.scope ?? 'openid profile email offline_access',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce: b64url(randomBytes(12)),
    ...(opts.locale ? { ui_locales: opts.locale } : {}),
  }).toString();

  const jar = new CookieJar();
  const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(res);
    return res;
  };

  let url = auth.toString();
  let res = await go(url);
  let postedLogin = false;
  for (let hop = 0; hop < 20; hop++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.arrayBuffer();
      const next = new URL(location, url);
      if (next.toString().startsWith(redirectUri.replace(/\/callback$/, '/'))) {
        const error = next.searchParams.get('error');
        if (error) throw new SignInError(`sign-in refused: ${error} ${next.searchParams.get('error_description') ?? ''}`);
        if (next.searchParams.get('state') !== state) throw new SignInError('state mismatch');
        const code = next.searchParams.get('code');
        if (!code) throw new SignInError('no code in the redirect');
        return exchangeCode(stack, { code, verifier, redirectUri, clientId });
      }
      url = next.toString();
      res = await go(url);
      continue;
    }
    const body = await res.text();
    const form = /<form method="post" action="([^"]+)"/.exec(body);
    if (res.status === 200 && form?.[1]) {
      if (postedLogin) throw new SignInError(`the login form came back: wrong password for ${username}?`);
      postedLogin = true;
      url = new URL(form[1], url).toString();
      res = await go(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: account.username, password: opts.password ?? account.password }).toString(),
      });
      continue;
    }
    throw new SignInError(`unexpected ${res.status} at ${url}: ${body.slice(0, 300)}`);
  }
  throw new SignInError('too many redirects');
}

async function tokenRequest(stack: StackJson, params: Record<string, string>): Promise<Tokens> {
  const res = await fetch(stack.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new SignInError(`token endpoint ${res.status}: ${JSON.stringify(json)}`);
  const t = TokenResponseSchema.parse(json);
  if (!t.refresh_token || !t.id_token) throw new SignInError(`token response without ${t.refresh_token ? 'id_token' : 'refresh_token'}`);
  return { accessToken: t.access_token, refreshToken: t.refresh_token, idToken: t.id_token, expiresIn: t.expires_in, scope: t.scope ?? '' };
}

function exchangeCode(stack: StackJson, o: { code: string; verifier: string; redirectUri: string; clientId: string }): Promise<Tokens> {
  return tokenRequest(stack, { grant_type: 'authorization_code', code: o.code, code_verifier: o.verifier, redirect_uri: o.redirectUri, client_id: o.clientId });
}

/** Refresh-token grant (the refresh token rotates: use the returned one next time). */
export function refresh(stack: StackJson, refreshToken: string, clientId = stack.clients.desktop.clientId): Promise<Tokens> {
  return tokenRequest(stack, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
}

function rsBasic(stack: StackJson): string {
  const { clientId, clientSecret } = stack.clients.resourceServer;
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

/** RFC 7662 introspection, as the servers do it (resource-server client). */
export async function introspect(stack: StackJson, token: string): Promise<Introspection> {
  const res = await fetch(stack.introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: rsBasic(stack) },
    body: new URLSearchParams({ token }).toString(),
  });
  if (!res.ok) throw new Error(`introspection ${res.status}`);
  return IntrospectionSchema.parse(await res.json());
}

/**
 * Introspection by the client the token was issued to (a public client:
 * client_id, no secret). The servers see a refresh token as inactive (the
 * token rule); its own client still learns whether it is alive.
 */
export async function introspectAsClient(stack: StackJson, token: string, clientId = stack.clients.desktop.clientId): Promise<Introspection> {
  const res = await fetch(stack.introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: clientId }).toString(),
  });
  if (!res.ok) throw new Error(`introspection ${res.status}: ${await res.text()}`);
  return IntrospectionSchema.parse(await res.json());
}

/** RFC 7009 revocation by the client the token was issued to. */
export async function revoke(stack: StackJson, token: string, clientId = stack.clients.desktop.clientId, hint?: 'access_token' | 'refresh_token'): Promise<void> {
  const res = await fetch(stack.revocationEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: clientId, ...(hint ? { token_type_hint: hint } : {}) }).toString(),
  });
  if (!res.ok) throw new Error(`revocation ${res.status}: ${await res.text()}`);
}

/** Waits until introspection reports the token inactive (for expiry tests), bounded by a deadline. */
export async function waitUntilInactive(stack: StackJson, token: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await introspect(stack, token)).active) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`token still active after ${timeoutMs} ms`);
}

/** Decodes a JWT's payload without checking it (tests only). */
export function jwtPayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) throw new Error('not a JWT');
  return z.record(z.string(), z.unknown()).parse(JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
}
