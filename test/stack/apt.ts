/** Installs the Debian packages the stack needs, when they are missing. */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { run, sleep } from './proc.ts';

export const DEBIAN_PACKAGES = [
  'dovecot-imapd',
  'dovecot-lmtpd',
  'postfix',
  'apache2',
  'libapache2-mod-auth-openidc',
  'radicale',
  'openssl',
] as const;

function installed(pkg: string): boolean {
  const r = run('dpkg-query', ['-W', '-f=${Status}', pkg], { allowFail: true });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export function missingPackages(): string[] {
  return DEBIAN_PACKAGES.filter((p) => !installed(p));
}

const LOCKED = /Could not get lock|dpkg frontend lock|is another process using it|Unable to acquire the dpkg/i;

/** Runs apt-get, retrying for up to 10 minutes while another process holds the dpkg lock. */
async function aptGet(args: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const r = run('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], { env, allowFail: true });
    if (r.status === 0) return;
    const out = `${r.stdout}\n${r.stderr}`;
    if (LOCKED.test(out) && Date.now() < deadline) {
      console.log('  apt: the dpkg lock is held by another process, waiting...');
      await sleep(5000);
      continue;
    }
    throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}):\n${out.slice(-3000)}`);
  }
}

export async function ensurePackages(): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) return;
  await installPackages(missing);
}

/** apt-get update + install, noninteractive, without starting the packages' system daemons. */
export async function installPackages(missing: readonly string[]): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them (as root): apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const t0 = Date.now();
  // Postfix asks which setup to use; the stack brings its own config.
  run('debconf-set-selections', [], { input: 'postfix postfix/main_mailer_type select No configuration\n', allowFail: true });
  // Do not let the packages start their system-wide daemons: the stack runs its own.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# written by govdesk test/stack during apt-get install\nexit 101\n', { mode: 0o755 });
  try {
    await aptGet(['update']);
    await aptGet(['install', '-y', '--no-install-recommends', ...missing]);
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  const still = missing.filter((p) => !installed(p));
  if (still.length) throw new Error(`packages still missing after apt-get install: ${still.join(' ')}`);
  console.log(`  installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
