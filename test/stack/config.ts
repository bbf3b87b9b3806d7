/** Where the stack lives on disk and which loopback ports it uses. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STACK_SRC = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(STACK_SRC, '..', '..');
export const HOST = '127.0.0.1';

/**
 * The TCP listeners, all on loopback, all for clients. What only one server
 * calls (LMTP and Dovecot's auth for Postfix, the sender milter, Radicale)
 * is a Unix socket open to that server's user alone (`stackSockets`).
 */
export const DEFAULT_PORTS = {
  idp: 47100,
  idpTls: 47101,
  imap: 47143,
  submission: 47587,
  apache: 47180,
  documents: 47190,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;
export type Ports = Record<PortName, number>;

const ENV_NAMES: Record<PortName, string> = {
  idp: 'GOVDESK_STACK_PORT_IDP',
  idpTls: 'GOVDESK_STACK_PORT_IDP_TLS',
  imap: 'GOVDESK_STACK_PORT_IMAP',
  submission: 'GOVDESK_STACK_PORT_SUBMISSION',
  apache: 'GOVDESK_STACK_PORT_APACHE',
  documents: 'GOVDESK_STACK_PORT_DOCUMENTS',
};

function parsePort(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${what}: not a port: ${value}`);
  return n;
}

/**
 * Ports: defaults, shifted as a block by GOVDESK_STACK_PORT_BASE (or --port-base),
 * each overridable by its own GOVDESK_STACK_PORT_* variable.
 */
export function resolvePorts(env: NodeJS.ProcessEnv = process.env, portBase?: string): Ports {
  const baseRaw = portBase ?? env.GOVDESK_STACK_PORT_BASE;
  const shift = baseRaw === undefined ? 0 : parsePort(baseRaw, 'GOVDESK_STACK_PORT_BASE') - DEFAULT_PORTS.idp;
  const port = (name: PortName): number => {
    const own = env[ENV_NAMES[name]];
    return own === undefined ? DEFAULT_PORTS[name] + shift : parsePort(own, ENV_NAMES[name]);
  };
  return {
    idp: port('idp'),
    idpTls: port('idpTls'),
    imap: port('imap'),
    submission: port('submission'),
    apache: port('apache'),
    documents: port('documents'),
  };
}

export function stackDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.GOVDESK_STACK_DIR;
  return dir ? path.resolve(dir) : path.join(REPO_ROOT, '.stack');
}

/** True when every folder from / down to `dir` lets other users through (o+x). */
function traversable(dir: string): boolean {
  let d = path.resolve(dir);
  for (;;) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    const up = path.dirname(d);
    if (up === d) return true;
    d = up;
  }
}

/**
 * The real data folder. Dovecot (uid nobody) and Apache (www-data) must reach
 * their files in it: when the repo sits under a folder they cannot enter (say
 * /root), the data goes to /var/tmp/govdesk-stack-<hash> and the folder asked
 * for becomes a symlink to it.
 */
export function prepareStackDir(root: string): string {
  if (existsSync(root)) return realpathSync(root);
  if (traversable(path.dirname(root))) {
    mkdirSync(root, { recursive: true, mode: 0o755 });
    return root;
  }
  const real = path.join('/var/tmp', `govdesk-stack-${createHash('sha256').update(root).digest('hex').slice(0, 10)}`);
  mkdirSync(real, { recursive: true, mode: 0o755 });
  mkdirSync(path.dirname(root), { recursive: true });
  symlinkSync(real, root);
  console.log(`${path.dirname(root)} is closed to the servers' users: the stack's data lives in ${real} (${root} links to it).`);
  return real;
}

/** Every runtime path, in one place. */
export function stackPaths(root: string) {
  return {
    root,
    stackJson: path.join(root, 'stack.json'),
    pids: path.join(root, 'run', 'pids.json'),
    run: path.join(root, 'run'),
    logs: path.join(root, 'logs'),
    tls: path.join(root, 'tls'),
    idp: path.join(root, 'idp'),
    dovecot: path.join(root, 'dovecot'),
    dovecotRun: path.join(root, 'run', 'dovecot'),
    milterRun: path.join(root, 'run', 'milter'),
    postfix: path.join(root, 'postfix'),
    // Outside the config folder: `postfix start` checks everything under that one.
    postfixQueue: path.join(root, 'postfix-queue'),
    postfixData: path.join(root, 'postfix-data'),
    mail: path.join(root, 'mail'),
    apache: path.join(root, 'apache'),
    davFiles: path.join(root, 'dav', 'files'),
    davLock: path.join(root, 'dav', 'lock'),
    radicale: path.join(root, 'radicale'),
    radicaleCollections: path.join(root, 'radicale', 'collections'),
    seedMarker: path.join(root, 'seeded.json'),
    // The reference document service: its SQLite store and files, and the exchange platform's folders.
    documents: path.join(root, 'documents'),
    documentsIntake: path.join(root, 'documents', 'exchange', 'intake'),
    documentsOut: path.join(root, 'documents', 'exchange', 'out'),
  };
}

export type StackPaths = ReturnType<typeof stackPaths>;

/**
 * uid/gid owning the mailboxes (Dovecot refuses root for mail access): Debian's
 * `mail` user, not `nobody`, which many unrelated daemons run as.
 */
export const MAIL_UID = 8;
export const MAIL_GID = 8;

/** The Unix sockets between the servers, and which user alone may open each. */
export function stackSockets(p: StackPaths) {
  return {
    /** Dovecot LMTP: Postfix delivers here (user postfix). */
    lmtp: path.join(p.dovecotRun, 'lmtp'),
    /** Dovecot's SASL service: Postfix checks SMTP logins here (user postfix). */
    dovecotAuth: path.join(p.dovecotRun, 'auth-postfix'),
    /** The sender milter (runs as postfix; only Postfix connects). */
    milter: path.join(p.milterRun, 'sender.sock'),
  };
}
