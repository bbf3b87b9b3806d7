/**
 * stack.json: what `stack up` writes, for tests and for the app's demo.
 * Import the schema or `readStackJson()`; never parse the file by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const RoleSchema = z.enum(['chuyen_vien', 'truong_phong', 'pho_giam_doc', 'van_thu', 'quan_tri']);

export const DepartmentSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });

export const AccountSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  email: z.string().email(),
  name: z.string().min(1),
  role: RoleSchema,
  title: z.string().min(1),
  department: DepartmentSchema,
});

const Endpoint = z.object({ host: z.string().min(1), port: z.number().int().positive(), secure: z.boolean() });

/** Exactly the object the app takes as its organization config. */
export const OrganizationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  oidc: z.object({
    issuer: z.string().url(),
    clientId: z.string().min(1),
    scopes: z.array(z.string().min(1)),
  }),
  mail: z.object({ imap: Endpoint, smtp: Endpoint }),
  calendar: z.object({ caldavUrl: z.string().url(), agencyCalendarUrl: z.string().url() }),
  files: z.object({ webdavUrl: z.string().url(), departments: z.array(z.object({ id: z.string(), name: z.string() })).optional() }),
  documents: z.object({ apiUrl: z.string().url() }),
  meetings: z.object({ baseUrl: z.string().url() }),
});

export const StackJsonSchema = z.object({
  version: z.literal(1),
  startedAt: z.string(),
  stackDir: z.string(),
  issuer: z.string().url(),
  /** The IdP's https listener (self-signed, CA in `tls.caFile`), used by Apache for introspection. */
  issuerTlsUrl: z.string().url(),
  discoveryUrl: z.string().url(),
  tokenEndpoint: z.string().url(),
  authorizationEndpoint: z.string().url(),
  introspectionEndpoint: z.string().url(),
  revocationEndpoint: z.string().url(),
  endSessionEndpoint: z.string().url(),
  tokenMode: z.literal('opaque+introspection'),
  clients: z.object({
    desktop: z.object({ clientId: z.string(), redirectUri: z.string().url() }),
    shortLived: z.object({ clientId: z.string(), redirectUri: z.string().url(), accessTokenTtlSeconds: z.number() }),
    resourceServer: z.object({ clientId: z.string(), clientSecret: z.string() }),
  }),
  accounts: z.array(AccountSchema).min(1),
  /** Usernames allowed to write the agency calendar (the office and the leaders). */
  agencyCalendarWriters: z.array(z.string()),
  benchmark: z.object({ username: z.string(), folder: z.string() }),
  services: z.object({
    imap: Endpoint,
    smtp: Endpoint,
    caldav: z.object({ url: z.string().url() }),
    agencyCalendarUrl: z.string().url(),
    webdav: z.object({ url: z.string().url(), homesUrl: z.string().url(), departmentsUrl: z.string().url() }),
    /** The reference document service; drop edXML packages into intakeDir, read what it sends in exchangeOutDir. */
    documents: z.object({ url: z.string().url(), intakeDir: z.string(), exchangeOutDir: z.string(), organId: z.string() }),
  }),
  tls: z.object({ caFile: z.string() }),
  ports: z.record(z.string(), z.number().int()),
  logs: z.string(),
  organization: OrganizationSchema,
  /** The same organization object alone in a file, for the app's demo to load as its policy file. */
  organizationFile: z.string(),
});

export type StackJson = z.infer<typeof StackJsonSchema>;
export type StackAccount = z.infer<typeof AccountSchema>;
export type OrganizationConfig = z.infer<typeof OrganizationSchema>;

/**
 * Reads and validates stack.json. Looks at, in order: the `file` argument,
 * GOVDESK_STACK_JSON, GOVDESK_STACK_DIR/stack.json, <repo>/.stack/stack.json.
 */
export function readStackJson(file?: string): StackJson {
  // import.meta.dirname is missing when this file is bundled to CommonJS: then the cwd is the repo.
  const here = (import.meta as { dirname?: string }).dirname;
  const repo = here ? path.resolve(here, '..', '..') : process.cwd();
  const where = file ?? process.env.GOVDESK_STACK_JSON ?? path.join(process.env.GOVDESK_STACK_DIR ?? path.join(repo, '.stack'), 'stack.json');
  let raw: string;
  try {
    raw = readFileSync(where, 'utf8');
  } catch {
    throw new Error(`stack.json not found at ${where}: run \`npm run stack:up\` first`);
  }
  const parsed = StackJsonSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`invalid stack.json at ${where}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function accountOf(stack: StackJson, username: string): StackAccount {
  const a = stack.accounts.find((x) => x.username === username);
  if (!a) throw new Error(`no demo account ${username} in stack.json`);
  return a;
}
