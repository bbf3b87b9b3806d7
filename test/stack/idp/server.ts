/**
 * The demo organization's identity provider: oidc-provider 9 with a real
 * login page (Vietnamese first, English), no dev interactions.
 * Started detached by `stack up`: node --import tsx test/stack/idp/server.ts CONFIG.json
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import Provider, { type AccountLike, type KoaContextLike, type OidcClient, type TokenLike } from 'oidc-provider';
import { z } from 'zod';
import { ACCOUNTS, CLIENTS, SHORT_LIVED_TTL, type DemoAccount } from '../accounts.ts';
import { loginPage, logoutPage, messagePage, pickLang, type Lang } from './views.ts';

export const IdpConfigSchema = z.object({
  issuer: z.string().url(),
  host: z.string(),
  httpPort: z.number().int(),
  httpsPort: z.number().int(),
  certFile: z.string(),
  keyFile: z.string(),
  jwksFile: z.string(),
  cookieKeys: z.array(z.string().min(16)).min(1),
});
export type IdpConfig = z.infer<typeof IdpConfigSchema>;

const FIRST_PARTY = new Set<string>([CLIENTS.desktop, CLIENTS.shortLived]);

/** What a server may accept as a bearer token: an access token the desktop app was given. */
export function serverMayUse(token: Pick<TokenLike, 'kind' | 'clientId'>): boolean {
  return token.kind === 'AccessToken' && token.clientId !== undefined && FIRST_PARTY.has(token.clientId);
}
const DESKTOP_ACCESS_TOKEN_TTL = 15 * 60;

const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) });

function loadOrCreateJwks(file: string): z.infer<typeof JwksSchema> {
  if (existsSync(file)) return JwksSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `rsa-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };
  const jwks = { keys: [jwk] };
  writeFileSync(file, JSON.stringify(jwks), { mode: 0o600 });
  return jwks;
}

function accountById(id: string): DemoAccount | undefined {
  return ACCOUNTS.find((a) => a.username === id);
}

/** Claims every token and the ID token carry about the person. */
function personClaims(a: DemoAccount) {
  return {
    name: a.name,
    given_name: a.givenName,
    family_name: a.familyName,
    preferred_username: a.username,
    email: a.email,
    email_verified: true,
    locale: 'vi-VN',
    zoneinfo: 'Asia/Ho_Chi_Minh',
    department: a.department,
    groups: [a.department.id],
    role: a.role,
    title: a.title,
  };
}

export function createProvider(cfg: IdpConfig): Provider {
  const jwks = loadOrCreateJwks(cfg.jwksFile);
  const nativeClient = (clientId: string) => ({
    client_id: clientId,
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // A native client may use any port on the loopback interface (RFC 8252 7.3).
    redirect_uris: ['http://127.0.0.1/callback', 'http://[::1]/callback'],
    post_logout_redirect_uris: ['http://127.0.0.1/logout', 'http://127.0.0.1/callback', 'http://[::1]/logout'],
    id_token_signed_response_alg: 'RS256',
  });

  const provider = new Provider(cfg.issuer, {
    clients: [
      nativeClient(CLIENTS.desktop),
      nativeClient(CLIENTS.shortLived),
      {
        client_id: CLIENTS.resourceServer.id,
        client_secret: CLIENTS.resourceServer.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks,
    cookies: { keys: cfg.cookieKeys },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'locale', 'zoneinfo', 'department', 'groups', 'role', 'title'],
    },
    // Put name, email and department in the ID token itself.
    conformIdTokenClaims: false,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    features: {
      devInteractions: { enabled: false },
      // The token rule (test/stack/README.md, "The token rule"): to the servers,
      // only an access token of a desktop client is active. A refresh token
      // lives 14 days and must never open a mailbox; it is refused like a bad one.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: OidcClient, token: TokenLike) =>
          client.clientId === CLIENTS.resourceServer.id ? serverMayUse(token) : token.clientId === client.clientId,
      },
      // A client revokes only the tokens issued to it.
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: OidcClient, token: TokenLike) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextLike, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(pickLang(ctx.oidc.params?.ui_locales), form);
        },
        postLogoutSuccessSource: (ctx: KoaContextLike) => {
          ctx.type = 'html';
          const lang = pickLang(ctx.oidc.params?.ui_locales);
          ctx.body = messagePage(lang, lang === 'en' ? 'You have signed out.' : 'Bạn đã đăng xuất.');
        },
      },
    },
    pkce: { required: () => true },
    ttl: {
      AccessToken: (_ctx: unknown, _token: unknown, client: OidcClient) =>
        client.clientId === CLIENTS.shortLived ? SHORT_LIVED_TTL : DESKTOP_ACCESS_TOKEN_TTL,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    // Refresh tokens always for the first-party clients, whatever the prompt was.
    issueRefreshToken: async (_ctx: unknown, client: OidcClient) =>
      client.grantTypeAllowed('refresh_token') && FIRST_PARTY.has(client.clientId),
    expiresWithSession: async () => false,
    // Opaque access tokens; introspection returns these claims to the servers.
    extraTokenClaims: async (_ctx: unknown, token: TokenLike) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const a = accountById(token.accountId);
      if (!a) return undefined;
      const { email, name, department, groups, role, preferred_username } = personClaims(a);
      return { email, name, department, groups, role, preferred_username };
    },
    findAccount: async (_ctx: unknown, sub: string): Promise<AccountLike | undefined> => {
      const a = accountById(sub);
      if (!a) return undefined;
      return { accountId: a.username, claims: () => ({ sub: a.username, ...personClaims(a) }) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    renderError: (ctx: KoaContextLike, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = messagePage('vi', `Lỗi đăng nhập / Sign-in error: ${out.error ?? ''} ${out.error_description ?? ''}`);
    },
    clientBasedCORS: () => false,
  });
  // An ID token (a JWT) sent for introspection makes oidc-provider answer 400
  // unsupported_token_type, which Dovecot takes for a temporary failure and a
  // client then retries. RFC 7662 2.2: a token the server cannot use is simply
  // not active. Client authentication has already passed when this error comes.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { error?: unknown } | undefined;
    if (ctx.path === '/token/introspection' && ctx.status === 400 && body?.error === 'unsupported_token_type') {
      ctx.status = 200;
      ctx.body = { active: false };
    }
  });
  return provider;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(b);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // Chromium applies form-action to the redirects after the post too: the
    // login ends in a redirect to the native app's loopback listener (RFC 8252).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://[::1]:*",
  });
  res.end(html);
}

export function createHandler(provider: Provider) {
  const oidc = provider.callback();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://idp.invalid');
    const m = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (!m) return oidc(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const lang: Lang = pickLang(url.searchParams.get('lang') ?? details.params.ui_locales);
      const action = m[2];
      if (action === '/abort') {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
        return;
      }
      if (details.prompt.name === 'login') {
        if (action === '/login' && req.method === 'POST') {
          const form = await readForm(req);
          const formLang = pickLang(form.get('lang'));
          const login = (form.get('username') ?? '').trim().toLowerCase();
          const a = ACCOUNTS.find((x) => x.username === login || x.email === login);
          if (!a || form.get('password') !== a.password) {
            sendHtml(res, 200, loginPage({ uid: details.uid, lang: formLang, username: login, error: true }));
            return;
          }
          await provider.interactionFinished(req, res, { login: { accountId: a.username } }, { mergeWithLastSubmission: false });
          return;
        }
        const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
        sendHtml(res, 200, loginPage({ uid: details.uid, lang, username: hint, error: false }));
        return;
      }
      if (details.prompt.name === 'consent') {
        const clientId = String(details.params.client_id ?? '');
        const accountId = details.session?.accountId;
        if (!FIRST_PARTY.has(clientId) || !accountId) {
          await provider.interactionFinished(req, res, { error: 'consent_required' }, { mergeWithLastSubmission: true });
          return;
        }
        // First-party desktop client: consent is granted by the organization.
        const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
        const grant = existing ?? new provider.Grant({ accountId, clientId });
        const d = details.prompt.details;
        if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
        if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      sendHtml(res, 400, messagePage(lang, `Unsupported prompt ${details.prompt.name}`));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      sendHtml(res, 400, messagePage('vi', `Phiên đăng nhập không hợp lệ hoặc đã hết hạn. / The sign-in session is invalid or expired. (${message})`));
    }
  };
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: server.ts CONFIG.json');
  const cfg = IdpConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const provider = createProvider(cfg);
  const handler = createHandler(provider);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handler(req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  provider.on('server_error', (_ctx, err) => console.error('server_error', err));
  const plain = http.createServer(onRequest);
  const tls = https.createServer({ cert: readFileSync(cfg.certFile), key: readFileSync(cfg.keyFile) }, onRequest);
  await Promise.all([
    new Promise<void>((resolve, reject) => plain.once('error', reject).listen(cfg.httpPort, cfg.host, resolve)),
    new Promise<void>((resolve, reject) => tls.once('error', reject).listen(cfg.httpsPort, cfg.host, resolve)),
  ]);
  console.log(`idp: ${cfg.issuer} (https on ${cfg.host}:${cfg.httpsPort})`);
  const stop = () => {
    plain.close();
    tls.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
