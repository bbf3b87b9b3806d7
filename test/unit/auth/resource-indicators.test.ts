// RFC 8707 resource indicators against a real oidc-provider 9, started in
// this process on 127.0.0.1 (no stack needed): the session restored from the
// vault gets the files service its own token, bound to the files resource,
// while mail keeps the default token; rotation stays safe.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openidClient } from '../../../electron/core/auth/oidc-client';
import { organizationSchema } from '../../../electron/core/config/organization';
import { Session } from '../../../electron/core/auth/session';
import { accountId, Vault } from '../../../electron/core/auth/vault';
import { appMigrations } from '../../../electron/core/db/migrations/app';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { silentLogger } from '../../../electron/core/log';
import { keyFileSecrets } from '../../../electron/core/platform';
import { FakeClock, settle } from './fakes';

const CLIENT_ID = 'govdesk-desktop';
const FILES = 'https://files.so-demo.invalid/';
const DOCS = 'https://documents.so-demo.invalid/api';
const SUBJECT = 'anh.ntm';
const ORG = { id: 'so-demo', name: 'Sở Demo' };

/** The provider's models this test reads and mints with (the stack's minimal oidc-provider types leave them out). */
interface Models {
  Client: { find(id: string): Promise<unknown> };
  RefreshToken: { new (init: Record<string, unknown>): { save(): Promise<string> }; find(token: string): Promise<{ isValid: boolean } | undefined> };
  AccessToken: { find(token: string): Promise<{ aud?: string } | undefined> };
}

let provider: Provider;
let models: Models;
let server: http.Server;
let issuer: string;

beforeAll(async () => {
  let handler: http.RequestListener = (_req, res) => res.end();
  server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
    ],
    scopes: ['openid', 'offline_access'],
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => ({ scope: 'api', audience: resource, accessTokenFormat: 'opaque' }),
      },
    },
    ttl: { AccessToken: 600, IdToken: 600, RefreshToken: 3600, Grant: 3600, Session: 3600, AuthorizationCode: 60, Interaction: 600 },
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  models = provider as unknown as Models;
  handler = provider.callback();
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A grant as a finished sign-in with `resource=FILES&resource=DOCS` leaves it, and its refresh token. */
async function mintRefreshToken(): Promise<string> {
  const grant = new provider.Grant({ accountId: SUBJECT, clientId: CLIENT_ID });
  grant.addOIDCScope('openid offline_access');
  grant.addResourceScope(FILES, 'api');
  grant.addResourceScope(DOCS, 'api');
  const grantId = await grant.save();
  const client = await models.Client.find(CLIENT_ID);
  const rt = new models.RefreshToken({ accountId: SUBJECT, client, grantId, gty: 'authorization_code', scope: 'openid offline_access api', resource: [FILES, DOCS] });
  return rt.save();
}

function restoredSession(refreshToken: string, resources: { files?: string; documents?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'govdesk-rfc8707-'));
  const db = openDatabase(join(dir, 'govdesk.db'));
  migrate(db, appMigrations);
  const vault = new Vault(db, keyFileSecrets(dir), silentLogger);
  const clock = new FakeClock();
  const profile = { id: accountId(ORG.id, SUBJECT), orgId: ORG.id, subject: SUBJECT, name: SUBJECT, email: '', unit: null };
  vault.save(profile, refreshToken, clock.now());
  const oidc = openidClient({ issuer, clientId: CLIENT_ID, scopes: ['openid', 'offline_access'], resources }, { now: clock.now });
  const session = new Session({
    oidc,
    organization: ORG,
    resources,
    vault,
    clock,
    openExternal: async () => undefined,
    log: silentLogger,
    hooks: { onState: () => undefined, onConnection: () => undefined, openAccount: () => undefined, closeAccount: () => undefined },
  });
  const done = () => {
    session.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { session, vault, oidc, done };
}

describe('per-service tokens with resource indicators (real oidc-provider)', () => {
  it('reads oidc.resources from the organization config: optional, known services, absolute URIs', () => {
    const oidc = { issuer: 'https://idp.so-demo.invalid', clientId: CLIENT_ID, scopes: ['openid'] };
    const parse = (resources?: unknown) => organizationSchema.shape.oidc.safeParse({ ...oidc, resources }).success;
    expect(parse()).toBe(true);
    expect(parse({ files: FILES, documents: DOCS })).toBe(true);
    expect(parse({ file: FILES })).toBe(false);
    expect(parse({ files: 'files' })).toBe(false);
    expect(parse({ files: `${FILES}#x` })).toBe(false);
  });

  it('asks for each resource in the authorization request', async () => {
    const { oidc, done } = restoredSession('unused', { files: FILES, documents: DOCS });
    try {
      const request = await oidc.createAuthorizationRequest('http://127.0.0.1:1234/callback');
      expect(new URL(request.url).searchParams.getAll('resource')).toEqual([FILES, DOCS]);
    } finally {
      done();
    }
  });

  it('gives files and documents tokens for their resource, mail the default one, and keeps the rotated refresh token', async () => {
    const minted = await mintRefreshToken();
    const { session, vault, done } = restoredSession(minted, { files: FILES, documents: DOCS });
    try {
      session.start();
      await settle();
      // All at once: the refreshes run one after another, each with the token the last one rotated.
      const [files, docs, mail] = await Promise.all([session.accessToken('files'), session.accessToken('documents'), session.accessToken('mail')]);
      const [filesAt, docsAt, mailAt] = await Promise.all([models.AccessToken.find(files), models.AccessToken.find(docs), models.AccessToken.find(mail)]);
      expect(filesAt?.aud).toBe(FILES);
      expect(docsAt?.aud).toBe(DOCS);
      expect(mailAt?.aud).toBeUndefined(); // the default token, as without resources
      expect(session.state().phase).toBe('signed_in');

      // A 401 at the files server renews that token only, still for its resource.
      const renewed = await session.renew('files', files);
      expect(renewed).not.toBe(files);
      expect((await models.AccessToken.find(renewed))?.aud).toBe(FILES);
      expect(await session.accessToken('mail')).toBe(mail);

      const sealed = vault.restore(ORG.id)?.refreshToken;
      expect(sealed).toBeTruthy();
      expect(sealed).not.toBe(minted); // rotated at every refresh, sealed at once
      expect((await models.RefreshToken.find(minted))?.isValid).toBe(false);
      expect((await models.RefreshToken.find(sealed!))?.isValid).toBe(true);
    } finally {
      done();
    }
  });
});
