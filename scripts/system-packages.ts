// Debian packages the project needs on a fresh machine, installed when
// missing: apt-get update first, and a wait while another process holds the
// dpkg lock. Never starts the packages' own system daemons.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

export const CHROMIUM_PACKAGES = ['chromium'] as const;

function isInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export function missingPackages(packages: readonly string[]): string[] {
  return packages.filter((p) => !isInstalled(p));
}

const LOCKED = /Could not get lock|dpkg frontend lock|is another process using it|Unable to acquire the dpkg/i;

async function aptGet(args: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], { env, encoding: 'utf8' });
    if (r.status === 0) return;
    const out = `${r.stdout}\n${r.stderr}`;
    if (LOCKED.test(out) && Date.now() < deadline) {
      console.log('  apt: the dpkg lock is held by another process, waiting...');
      await new Promise((resolve) => setTimeout(resolve, 5000));
      continue;
    }
    throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}):\n${out.slice(-3000)}`);
  }
}

export async function ensurePackages(packages: readonly string[], preseed?: string): Promise<void> {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them as root: apt-get update && apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const t0 = Date.now();
  if (preseed) spawnSync('debconf-set-selections', [], { input: preseed });
  // policy-rc.d exit 101: the packages' own daemons must not start; the stack runs its own.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# written by govdesk during apt-get install\nexit 101\n', { mode: 0o755 });
  try {
    await aptGet(['update']);
    await aptGet(['install', '-y', '--no-install-recommends', ...missing]);
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  const still = missingPackages(packages);
  if (still.length) throw new Error(`packages still missing after apt-get install: ${still.join(' ')}`);
  console.log(`  installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
