// `npm test`: the whole suite, on a fresh machine too. Installs what is
// missing (Debian's chromium and the stack's servers), then typecheck, lint,
// build, unit, integration against the real stack, e2e in chromium. Ends with
// one plain line `Tests: N passed, N failed, N skipped` summed over all runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PACKAGES, ensurePackages } from './system-packages';
import { electronBinary } from './electron-binary';
import { ensureStack } from '../test/stack/ensure';

const ROOT = join(import.meta.dirname, '..');
const reports = mkdtempSync(join(tmpdir(), 'govdesk-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) failures.push(name);
  return ok;
}

const npx = (bin: string, ...args: string[]): [string, string[]] => [process.execPath, [join(ROOT, 'node_modules', '.bin', bin), ...args]];

/** vitest's JSON report: numbers of passed, failed and skipped tests. */
function countVitest(file: string): void {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

/** Playwright's JSON report: its stats. */
function countPlaywright(file: string): void {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
}

async function main(): Promise<number> {
  await ensurePackages(CHROMIUM_PACKAGES);

  step('typecheck', ...npx('tsc', '-p', 'tsconfig.node.json'));
  step('typecheck renderer', ...npx('tsc', '-p', 'tsconfig.web.json'));
  step('typecheck e2e', ...npx('tsc', '-p', 'tsconfig.e2e.json'));
  step('lint', ...npx('eslint', '.'));
  const built = step('build', ...npx('tsx', 'scripts/build.ts'));

  const unitReport = join(reports, 'unit.json');
  step('unit', ...npx('vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`));
  countVitest(unitReport);

  // One stack for integration and e2e (their global setups find it running);
  // stopped at the end only if started here. A busy default port block (a
  // developer's own demo) moves this run's stack to a free one.
  let stopStack: (() => Promise<void>) | undefined;
  try {
    console.log('\n=== stack up');
    stopStack = await ensureStack();
  } catch (err) {
    console.error(`=== stack up: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    failures.push('stack up');
  }
  const stackEnv: Record<string, string> = process.env.GOVDESK_STACK_JSON ? { GOVDESK_STACK_JSON: process.env.GOVDESK_STACK_JSON } : {};
  try {
    if (stopStack) {
      const integrationReport = join(reports, 'integration.json');
      step('integration', ...npx('vitest', 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${integrationReport}`), stackEnv);
      countVitest(integrationReport);
    }
    if (built && stopStack) {
      if (!electronBinary()) {
        console.log('\nNOTE: no Electron binary on this machine (its download is blocked here): the real-Electron spec is SKIPPED; every other e2e spec runs in chromium through the headless host.');
      }
      const e2eReport = join(reports, 'e2e.json');
      step('e2e', ...npx('playwright', 'test', '--reporter=list,json'), { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport, ...stackEnv });
      countPlaywright(e2eReport);
    }
  } finally {
    console.log('\n=== stack down (if started here)');
    await stopStack?.();
  }

  console.log(failures.length ? `\nFailed steps: ${failures.join(', ')}` : '\nAll steps passed.');
  console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    console.log(`Tests: ${totals.passed} passed, ${totals.failed + 1} failed, ${totals.skipped} skipped`);
    process.exit(1);
  },
);
