/** Bringing the demo organization up and down: configs, processes, readiness, stack.json. */
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  ACCOUNTS,
  AGENCY_CALENDAR,
  BENCHMARK_ACCOUNT,
  BENCHMARK_FOLDER,
  CLIENTS,
  MAIL_DOMAIN,
  MEETINGS_BASE_URL,
  ORG_ID,
  ORG_NAME,
  SHORT_LIVED_TTL,
  agencyCalendarWriters,
  departments,
} from './accounts.ts';
import { ensurePackages } from './apt.ts';
import { HOST, MAIL_GID, MAIL_UID, REPO_ROOT, STACK_SRC, stackSockets, type Ports, type StackPaths } from './config.ts';
import type { IdpConfig } from './idp/server.ts';
import { cmdline, isAlive, portOpen, readGreeting, readPidFile, run, runDaemonizing, sleep, socketOpen, spawnDetached, stopPid, tail, waitFor } from './proc.ts';
import { writeRendered } from './render.ts';
import { StackJsonSchema, type StackJson } from './stack-json.ts';
import { ensureIdpCertificate } from './tls.ts';
import { documentsApiUrl, documentsStackJson, startDocuments, writeDocumentsConfig } from './documents/stack-part.ts';

const WWW_UID = 33;
const WWW_GID = 33;

// Radicale runs inside Apache (mod_wsgi), so it is not a process of its own.
export const SERVICES = ['idp', 'dovecot', 'milter', 'postfix', 'apache', 'documents'] as const;
export type ServiceName = (typeof SERVICES)[number];

const PidEntrySchema = z.object({ pid: z.number().int().positive(), match: z.string().min(1) });
const PidsSchema = z.object({
  version: z.literal(1),
  ports: z.record(z.string(), z.number().int()),
  // Any name: `down` also stops a service an older version started (its Radicale process).
  services: z.record(z.string(), PidEntrySchema),
});
type Pids = z.infer<typeof PidsSchema>;

export function readPids(p: StackPaths): Pids | undefined {
  if (!existsSync(p.pids)) return undefined;
  const parsed = PidsSchema.safeParse(JSON.parse(readFileSync(p.pids, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

export function writePids(p: StackPaths, pids: Pids): void {
  mkdirSync(p.run, { recursive: true });
  writeFileSync(p.pids, JSON.stringify(pids, null, 2));
}

/** A recorded pid is ours only if it is alive and still runs the command we started. */
function ours(entry: { pid: number; match: string } | undefined): boolean {
  return !!entry && isAlive(entry.pid) && cmdline(entry.pid).includes(entry.match);
}

export interface ServiceStatus {
  name: ServiceName;
  pid?: number;
  running: boolean;
}

export function serviceStatus(p: StackPaths): ServiceStatus[] {
  const pids = readPids(p);
  return SERVICES.map((name) => {
    const e = pids?.services[name];
    return { name, pid: e?.pid, running: ours(e) };
  });
}

export function isRunning(p: StackPaths): boolean {
  return serviceStatus(p).every((s) => s.running);
}

function mkdirs(p: StackPaths): void {
  for (const d of [p.root, p.run, p.logs, p.tls, p.idp, p.documents, p.dovecot, p.dovecotRun, p.milterRun, p.postfix, p.postfixQueue, p.postfixData, p.mail, p.apache, p.davFiles, p.davLock, p.radicale, p.radicaleCollections]) {
    mkdirSync(d, { recursive: true });
  }
  // A data folder made before the mail user was `mail` (it was nobody) is handed over once.
  if (statSync(p.mail).uid !== MAIL_UID) run('chown', ['-R', `${MAIL_UID}:${MAIL_GID}`, p.mail]);
  chownSync(p.mail, MAIL_UID, MAIL_GID);
  mkdirSync(path.join(p.mail, MAIL_DOMAIN), { recursive: true });
  chownSync(path.join(p.mail, MAIL_DOMAIN), MAIL_UID, MAIL_GID);
  chownSync(p.davLock, WWW_UID, WWW_GID);
  chownSync(p.davFiles, WWW_UID, WWW_GID);
  if (statSync(p.radicaleCollections).uid !== WWW_UID) run('chown', ['-R', `${WWW_UID}:${WWW_GID}`, p.radicaleCollections]);
  chownSync(p.milterRun, postfixUid(), postfixGid());
  mkdirSync(path.join(p.run, 'apache'), { recursive: true });
  lockDown(p);
}

/**
 * Who may read what on this machine. Each server's data is its own user's
 * alone (mail: mail; files and calendars: www-data), logs and secrets root's;
 * another local user sees none of it (test/integration/security checks).
 */
function lockDown(p: StackPaths): void {
  const modes: [string, number][] = [
    [p.mail, 0o700],
    [p.davFiles, 0o700],
    [p.davLock, 0o700],
    [p.radicaleCollections, 0o700],
    [p.milterRun, 0o700],
    [p.logs, 0o700],
    [p.idp, 0o700],
    // The document service's store and exchange folders: official documents, root's alone.
    [p.documents, 0o700],
    [p.tls, 0o755],
  ];
  for (const [dir, mode] of modes) chmodSync(dir, mode);
  const key = path.join(p.tls, 'idp-key.pem');
  if (existsSync(key)) chmodSync(key, 0o600);
}

/** Secrets made once per data folder (cookie keys, Apache's crypto passphrase). */
function secrets(p: StackPaths): { cookieKeys: string[]; cryptoPassphrase: string } {
  const file = path.join(p.idp, 'secrets.json');
  const Schema = z.object({ cookieKeys: z.array(z.string()), cryptoPassphrase: z.string() });
  if (existsSync(file)) return Schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const s = { cookieKeys: [randomBytes(24).toString('hex')], cryptoPassphrase: randomBytes(24).toString('hex') };
  writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
  return s;
}

/** A file only root reads (a rewrite keeps no looser mode of an older copy). */
function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function renderConfigs(p: StackPaths, ports: Ports, tls: { certFile: string; keyFile: string }): void {
  const s = secrets(p);
  const sockets = stackSockets(p);
  const common = {
    HOST,
    LOG_DIR: p.logs,
    RS_CLIENT_ID: CLIENTS.resourceServer.id,
    RS_CLIENT_SECRET: CLIENTS.resourceServer.secret,
    IDP_PORT: ports.idp,
    IDP_TLS_PORT: ports.idpTls,
    IMAP_PORT: ports.imap,
    SUBMISSION_PORT: ports.submission,
    APACHE_PORT: ports.apache,
    LMTP_SOCKET: sockets.lmtp,
    AUTH_SOCKET: sockets.dovecotAuth,
    MILTER_SOCKET: sockets.milter,
    MAIL_DOMAIN,
  };

  // Identity provider
  const idpCfg: IdpConfig = {
    issuer: `http://${HOST}:${ports.idp}`,
    host: HOST,
    httpPort: ports.idp,
    httpsPort: ports.idpTls,
    certFile: tls.certFile,
    keyFile: tls.keyFile,
    jwksFile: path.join(p.idp, 'jwks.json'),
    cookieKeys: s.cookieKeys,
  };
  writeFileSync(path.join(p.idp, 'idp.json'), JSON.stringify(idpCfg, null, 2), { mode: 0o600 });

  // Dovecot
  const dv = { ...common, CONF_DIR: p.dovecot, RUN_DIR: p.dovecotRun, STATE_DIR: path.join(p.dovecot, 'state'), MAIL_DIR: p.mail, MAIL_UID, MAIL_GID };
  mkdirSync(dv.STATE_DIR, { recursive: true });
  writeRendered('dovecot.conf', path.join(p.dovecot, 'dovecot.conf'), dv);
  writeRendered('dovecot-oauth2.conf.ext', path.join(p.dovecot, 'dovecot-oauth2.conf.ext'), dv, 0o600);

  // Postfix
  const pf = { ...common, CONF_DIR: p.postfix, QUEUE_DIR: p.postfixQueue, DATA_DIR: p.postfixData };
  writeRendered('postfix-main.cf', path.join(p.postfix, 'main.cf'), pf);
  writeRendered('postfix-master.cf', path.join(p.postfix, 'master.cf'), pf);
  writeFileSync(path.join(p.postfix, 'vmailbox'), ACCOUNTS.map((a) => `${a.email} ${MAIL_DOMAIN}/${a.username}/`).join('\n') + '\n');
  writeFileSync(path.join(p.postfix, 'sender_logins'), ACCOUNTS.map((a) => `${a.email} ${a.email}`).join('\n') + '\n');
  writeFileSync(path.join(p.postfix, 'null_sender'), '<> 553 5.7.1 The null sender <> is not for a signed-in user: send with your own address\n');
  // The sender milter's map: each login and the addresses it may put in From:/Sender:.
  writeFileSync(path.join(p.postfix, 'sender_addresses.json'), JSON.stringify(Object.fromEntries(ACCOUNTS.map((a) => [a.email, [a.email]])), null, 2));
  chownSync(p.postfixData, postfixUid(), postfixGid());

  // Radicale
  const rc = {
    ...common,
    CONF_DIR: p.radicale,
    COLLECTIONS_DIR: p.radicaleCollections,
    AGENCY_OWNER: AGENCY_CALENDAR.owner,
    AGENCY_CALENDAR: AGENCY_CALENDAR.id,
    AGENCY_WRITERS_REGEX: `(${agencyCalendarWriters().map(regexEscape).join('|')})`,
  };
  writeRendered('radicale.conf', path.join(p.radicale, 'radicale.conf'), rc);
  writeRendered('radicale-rights', path.join(p.radicale, 'radicale-rights'), rc);

  writeDocumentsConfig(p, ports);

  // Apache
  const homes = ACCOUNTS.map(
    (a) => `<LocationMatch "^/files/home/${regexEscape(a.username)}(/|$)">
  AuthType oauth20
  AuthzSendForbiddenOnFailure On
  Require user ${a.username}
</LocationMatch>`,
  ).join('\n');
  const depts = departments()
    .map(
      (d) => `<LocationMatch "^/files/departments/${regexEscape(d.id)}(/|$)">
  AuthType oauth20
  AuthzSendForbiddenOnFailure On
  # members of the department: the token's "groups" claim holds the department id
  Require claim groups:${d.id}
</LocationMatch>`,
    )
    .join('\n');
  // It holds the resource server's secret and the crypto passphrase: root's alone
  // (Apache reads it before it drops to www-data).
  writeRendered('httpd.conf', path.join(p.apache, 'httpd.conf'), {
    ...common,
    RADICALE_CONF: path.join(p.radicale, 'radicale.conf'),
    CONF_DIR: p.apache,
    RUN_DIR: p.run,
    CRYPTO_PASSPHRASE: s.cryptoPassphrase,
    CA_FILE: tls.certFile,
    DAV_LOCK_DIR: p.davLock,
    DAV_FILES_DIR: p.davFiles,
    HOME_SECTIONS: homes,
    DEPARTMENT_SECTIONS: depts,
  }, 0o600);
}

function idOf(kind: 'u' | 'g', name: string): number {
  return Number(run('id', [`-${kind}`, name]).stdout.trim());
}
function postfixUid(): number {
  return idOf('u', 'postfix');
}
function postfixGid(): number {
  return idOf('g', 'postfix');
}

export function buildStackJson(p: StackPaths, ports: Ports): StackJson {
  const issuer = `http://${HOST}:${ports.idp}`;
  const web = `http://${HOST}:${ports.apache}`;
  const caldavUrl = `${web}/caldav/`;
  const agencyCalendarUrl = `${web}/caldav/${AGENCY_CALENDAR.owner}/${AGENCY_CALENDAR.id}/`;
  const webdavUrl = `${web}/files/`;
  const imap = { host: HOST, port: ports.imap, secure: false };
  const smtp = { host: HOST, port: ports.submission, secure: false };
  const json: StackJson = {
    version: 1,
    startedAt: new Date().toISOString(),
    stackDir: p.root,
    issuer,
    issuerTlsUrl: `https://${HOST}:${ports.idpTls}`,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    introspectionEndpoint: `${issuer}/token/introspection`,
    revocationEndpoint: `${issuer}/token/revocation`,
    endSessionEndpoint: `${issuer}/session/end`,
    tokenMode: 'opaque+introspection',
    clients: {
      desktop: { clientId: CLIENTS.desktop, redirectUri: `http://${HOST}/callback` },
      shortLived: { clientId: CLIENTS.shortLived, redirectUri: `http://${HOST}/callback`, accessTokenTtlSeconds: SHORT_LIVED_TTL },
      resourceServer: { clientId: CLIENTS.resourceServer.id, clientSecret: CLIENTS.resourceServer.secret },
    },
    accounts: ACCOUNTS.map((a) => ({
      username: a.username,
      password: a.password,
      email: a.email,
      name: a.name,
      role: a.role,
      title: a.title,
      department: { ...a.department },
    })),
    agencyCalendarWriters: agencyCalendarWriters(),
    benchmark: { username: BENCHMARK_ACCOUNT, folder: BENCHMARK_FOLDER },
    services: {
      imap,
      smtp,
      caldav: { url: caldavUrl },
      agencyCalendarUrl,
      webdav: { url: webdavUrl, homesUrl: `${webdavUrl}home/`, departmentsUrl: `${webdavUrl}departments/` },
      documents: documentsStackJson(p, ports),
    },
    tls: { caFile: path.join(p.tls, 'idp-cert.pem') },
    ports: { ...ports },
    logs: p.logs,
    organization: {
      id: ORG_ID,
      name: ORG_NAME,
      oidc: { issuer, clientId: CLIENTS.desktop, scopes: ['openid', 'profile', 'email', 'offline_access'] },
      mail: { imap, smtp },
      calendar: { caldavUrl, agencyCalendarUrl },
      files: { webdavUrl, departments: departments().map((d) => ({ id: d.id, name: d.name })) },
      documents: { apiUrl: documentsApiUrl(ports) },
      meetings: { baseUrl: MEETINGS_BASE_URL },
    },
    organizationFile: path.join(p.root, 'organization.json'),
  };
  return StackJsonSchema.parse(json);
}

async function httpStatus(url: string): Promise<number> {
  const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await r.arrayBuffer();
  return r.status;
}

/** The IdP's https listener, checked with its own certificate (as Apache does). */
function httpsAnswers(port: number, caFile: string): Promise<boolean> {
  return new Promise((resolve) => {
    import('node:https')
      .then(({ default: https }) => {
        const req = https.get({ host: HOST, port, path: '/.well-known/openid-configuration', ca: readFileSync(caFile), timeout: 2000 }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on('error', () => resolve(false));
        req.on('timeout', () => {
          req.destroy();
          resolve(false);
        });
      })
      .catch(() => resolve(false));
  });
}

/** The ports a running stack was started with (pids.json), each one checked. */
function recordedPorts(recorded: Record<string, number>, fallback: Ports): Ports {
  const out: Ports = { ...fallback };
  for (const name of Object.keys(fallback) as (keyof Ports)[]) {
    const v = recorded[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export interface UpOptions {
  ports: Ports;
  seed: (p: StackPaths) => Promise<void>;
  log?: (line: string) => void;
}

export async function up(p: StackPaths, opts: UpOptions): Promise<{ started: boolean; stack: StackJson }> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const t0 = Date.now();
  const statuses = serviceStatus(p);
  if (statuses.every((s) => s.running)) {
    const existing = readPids(p);
    const ports = existing ? recordedPorts(existing.ports, opts.ports) : opts.ports;
    // Rewritten from the recorded ports, so that it matches this version of the scripts.
    const stack = buildStackJson(p, ports);
    writeFileSync(stack.organizationFile, JSON.stringify(stack.organization, null, 2));
    writePrivate(p.stackJson, JSON.stringify(stack, null, 2));
    log(`The demo stack is already running (${p.root}); nothing to do.`);
    return { started: false, stack };
  }
  if (statuses.some((s) => s.running)) {
    log('Part of the stack is running: stopping it before starting again.');
    await down(p, { log: () => undefined });
  }
  const ports = opts.ports;
  const busy: string[] = [];
  await Promise.all(
    Object.entries(ports).map(async ([name, port]) => {
      if (await portOpen(port)) busy.push(`${name} ${port}`);
    }),
  );
  if (busy.length) {
    throw new Error(`ports already in use on ${HOST}: ${busy.join(', ')}. Stop what uses them or choose other ports (GOVDESK_STACK_PORT_BASE or --port-base).`);
  }

  await ensurePackages();
  mkdirs(p);
  rmSync(p.stackJson, { force: true });
  const tls = ensureIdpCertificate(p.tls);
  renderConfigs(p, ports, tls);
  await opts.seed(p);

  const sockets = stackSockets(p);
  const pids: Pids = { version: 1, ports: { ...ports }, services: {} };
  writePids(p, pids);
  const record = (name: ServiceName, pid: number, match: string) => {
    pids.services[name] = { pid, match };
    writePids(p, pids);
  };

  try {
    // The identity provider, the sender milter and the document service first (detached),
    // then Dovecot, Postfix and Apache side by side (they daemonize).
    for (const name of ['idp', 'milter', 'documents'] as const) {
      const started = await startServer(p, name);
      record(name, started.pid, started.match);
    }
    await Promise.all(
      (['dovecot', 'postfix', 'apache'] as const).map(async (name) => {
        const started = await startServer(p, name);
        record(name, started.pid, started.match);
      }),
    );

    const issuer = `http://${HOST}:${ports.idp}`;
    const T = 30_000;
    const tStart = Date.now();
    log(`  started in ${((tStart - t0) / 1000).toFixed(1)} s; waiting for every server to answer`);
    const logOf = (name: string) => () => tail(path.join(p.logs, name));
    const checks: [string, () => Promise<boolean>, () => string][] = [
      ['IdP', async () => (await httpStatus(`${issuer}/.well-known/openid-configuration`)) === 200, logOf('idp.log')],
      ['IdP https', () => httpsAnswers(ports.idpTls, tls.certFile), logOf('idp.log')],
      ['IMAP', async () => (await readGreeting(ports.imap)).startsWith('* OK'), logOf('dovecot.log')],
      ['LMTP', async () => (await readGreeting(sockets.lmtp)).startsWith('220'), logOf('dovecot.log')],
      ['sender milter', () => socketOpen(sockets.milter), logOf('milter.log')],
      ['submission', async () => (await readGreeting(ports.submission)).startsWith('220'), logOf('postfix.log')],
      ['Apache', async () => (await httpStatus(`http://${HOST}:${ports.apache}/caldav/`)) === 401, logOf('apache-error.log')],
      ['documents', async () => (await httpStatus(`${documentsApiUrl(ports)}me`)) === 401, logOf('documents.log')],
    ];
    const took = await Promise.all(checks.map(([name, check, hint]) => waitFor(name, check, T, hint)));
    log(`  answering: ${checks.map(([name], i) => `${name} ${(((took[i] ?? 0) + tStart - t0) / 1000).toFixed(1)} s`).join(', ')}`);
  } catch (err) {
    log('Start failed; stopping what was started.');
    await down(p, { log: () => undefined });
    throw err;
  }

  const stack = buildStackJson(p, ports);
  writeFileSync(stack.organizationFile, JSON.stringify(stack.organization, null, 2));
  // It lists the demo passwords and the servers' client secret.
  writePrivate(p.stackJson, JSON.stringify(stack, null, 2));
  log(`The demo stack is up in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${p.stackJson}`);
  return { started: true, stack };
}

/** Starts one server from its rendered config: its pid, and the string its command line must hold to be ours. */
export async function startServer(p: StackPaths, name: ServiceName): Promise<{ pid: number; match: string }> {
  switch (name) {
    case 'idp': {
      // A detached node process running the TypeScript directly.
      const idpScript = path.join(STACK_SRC, 'idp', 'server.ts');
      const env = { ...process.env, NODE_ENV: 'production' };
      return { pid: spawnDetached(process.execPath, ['--import', 'tsx', '--no-warnings', idpScript, path.join(p.idp, 'idp.json')], path.join(p.logs, 'idp.log'), env, REPO_ROOT), match: idpScript };
    }
    case 'milter': {
      // As the postfix user: its socket is then open to Postfix alone. It runs
      // from a copy in its own folder, since the checkout may be closed to
      // the servers' users (a clone under a private /tmp, say).
      const milterScript = path.join(p.milterRun, 'sender-milter.py');
      copyFileSync(path.join(STACK_SRC, 'milter', 'sender-milter.py'), milterScript);
      chownSync(milterScript, postfixUid(), postfixGid());
      chmodSync(milterScript, 0o500);
      const sockets = stackSockets(p);
      const pid = spawnDetached('/usr/bin/python3', [milterScript, sockets.milter, path.join(p.postfix, 'sender_addresses.json')], path.join(p.logs, 'milter.log'), process.env, p.milterRun, {
        uid: postfixUid(),
        gid: postfixGid(),
      });
      return { pid, match: milterScript };
    }
    case 'documents':
      return startDocuments(p);
    case 'dovecot': {
      const dovecotConf = path.join(p.dovecot, 'dovecot.conf');
      const dv = await runDaemonizing('/usr/sbin/dovecot', ['-c', dovecotConf], path.join(p.logs, 'dovecot-start.log'));
      if (dv.status !== 0) throw new Error(`dovecot did not start:\n${dv.output}\n${tail(path.join(p.logs, 'dovecot.log'))}`);
      return { pid: await pidFromFile(path.join(p.dovecotRun, 'master.pid'), 'dovecot'), match: dovecotConf };
    }
    case 'postfix': {
      // Postfix exits 1 silently without a terminal on a bad config: `script` gives it one.
      const pf = await runDaemonizing('/usr/bin/script', ['-qec', `/usr/sbin/postfix -c ${p.postfix} start`, '/dev/null'], path.join(p.logs, 'postfix-start.log'));
      if (pf.status !== 0) throw new Error(`postfix did not start:\n${pf.output}\n${tail(path.join(p.logs, 'postfix.log'))}`);
      return { pid: await pidFromFile(path.join(p.postfixQueue, 'pid', 'master.pid'), 'postfix'), match: 'postfix/sbin/master' };
    }
    case 'apache': {
      const httpdConf = path.join(p.apache, 'httpd.conf');
      const ap = await runDaemonizing('/usr/sbin/apache2', ['-f', httpdConf, '-k', 'start'], path.join(p.logs, 'apache-start.log'));
      if (ap.status !== 0) throw new Error(`apache did not start:\n${ap.output}\n${tail(path.join(p.logs, 'apache-error.log'))}`);
      return { pid: await pidFromFile(path.join(p.run, 'apache.pid'), 'apache'), match: httpdConf };
    }
  }
}

async function pidFromFile(file: string, what: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const pid = readPidFile(file);
    if (pid && isAlive(pid)) return pid;
    await sleep(50);
  }
  throw new Error(`${what}: no pid in ${file}`);
}

export async function down(p: StackPaths, opts: { log?: (line: string) => void } = {}): Promise<boolean> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const pids = readPids(p);
  if (!pids) {
    log('The demo stack is not running (no pid file).');
    return false;
  }
  let stopped = 0;
  // Stop the servers before the identity provider they call.
  const order = ['documents', 'apache', 'postfix', 'milter', 'dovecot', 'idp'];
  const names = [...order, ...Object.keys(pids.services).filter((n) => !order.includes(n))];
  for (const name of names) {
    const e = pids.services[name];
    if (!e) continue;
    if (!ours(e)) {
      log(`  ${name}: pid ${e.pid} is not running (or is no longer ours)`);
      continue;
    }
    const gone = await stopPid(e.pid);
    log(`  ${name}: ${gone ? 'stopped' : 'could not stop'} pid ${e.pid}`);
    if (gone) stopped++;
  }
  rmSync(p.pids, { force: true });
  rmSync(p.stackJson, { force: true });
  log(stopped ? 'The demo stack is down.' : 'Nothing was running.');
  return stopped > 0;
}

export { REPO_ROOT };
