// Today and reminders benchmark (BENCH.md format; figures on stdout, progress on stderr),
// over one account cache holding 100,000 mails, a year of events and tasks and 10,000
// documents, written straight to disk, signed in, its servers unreachable (bench/today-cache.ts):
//   app.cold_start_today_ms        the headless host process started to the Today view painted
//                                  in Debian's chromium (median of the runs; target < 1000)
//   app.cold_start_today.max_ms    the slowest run
//   app.cold_start.host_ready_ms   of which: the process started to its server listening
//   app.cold_start_today.host_cpu_ms  the host process's CPU time until the paint (the machine's load aside)
//   today.core.first_ms            the core's share: today.get, the first call after the core started
//   today.core.p50/p95_ms          today.get again (every section), through the contract
//   reminders.next_ms.p50/p95      the engine's next firing over every source of that cache (target < 5)
// Run: npm run build && npx tsx bench/today.bench.ts   (no stack needed; GOVDESK_BENCH_COLD_RUNS=N)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, log, percentile } from './report';

register('./sql-loader.mjs', import.meta.url);

const { fillTodayCache, benchOrganization, benchContext, ME } = await import('./today-cache.ts');
const { createCore } = await import('../electron/core/core.ts');
const { keyFileSecrets, nodePlatform, noSecrets } = await import('../electron/core/platform.ts');
const { openAccountCache } = await import('../electron/core/auth/account-cache.ts');
const { accountId } = await import('../electron/core/auth/vault.ts');
const { createCalendarFeature } = await import('../electron/core/calendar/service.ts');
const { createDocumentsFeature } = await import('../electron/core/documents/service.ts');
const { calendarAlarmSource, taskDueSource } = await import('../electron/core/calendar/reminder-sources.ts');
const { documentsReminderSource } = await import('../electron/core/documents/reminder-source.ts');
const { ianaZone } = await import('../electron/core/calendar/zones.ts');
const { ReminderEngine } = await import('../electron/core/reminders/engine.ts');
const { silentLogger } = await import('../electron/core/log.ts');

const ROOT = join(import.meta.dirname, '..');
const HOST = join(ROOT, 'dist', 'host', 'host.cjs');
const CHROMIUM = process.env.GOVDESK_CHROMIUM ?? '/usr/bin/chromium';
const COLD_RUNS = Number(process.env.GOVDESK_BENCH_COLD_RUNS ?? 10);
const WARMUP = 50;
const SAMPLES = 500;
const TODAY_SAMPLES = 200;
const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;

const dataDir = mkdtempSync(join(tmpdir(), 'govdesk-today-bench-'));
const now = Date.now();
log('filling a signed-in account cache (100,000 mails, a year of events and tasks, 10,000 documents)');
const cache = await fillTodayCache(dataDir, { now });
const c = cache.counts;
const note = `${c.mails} mails, ${c.events} events (30 weekly series) and ${c.tasks} tasks over a year, ${c.documents} documents (${c.toProcess} to process); offline`;
// The machine is shared: its load when the runs began says how much the figures can be trusted.
const machine = () => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;

function measure(fn: () => unknown): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = performance.now();
    fn();
    out.push(performance.now() - s);
  }
  return out.sort((a, b) => a - b);
}

// ---- the cold start: host process to Today painted in chromium ----

interface Run {
  total: number;
  ready: number;
  /** CPU the host process used until the paint (user + system), null where /proc is not. */
  hostCpu: number | null;
}

/** A process's CPU time so far in ms, from Linux's /proc (clock ticks of 10 ms): the load of others does not count in it. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function coldStarts(): Promise<Run[]> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  const runs: Run[] = [];
  try {
    // One more than asked: the first start also warms the disk cache and the browser, and is left out.
    for (let i = 0; i <= COLD_RUNS; i++) {
      const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      const page = await context.newPage();
      const t0 = performance.now();
      const child = spawn(process.execPath, [HOST, '--port', '0', '--data-dir', dataDir, '--org', cache.orgFile], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'test', GOVDESK_MACHINE_LINES: '1', GOVDESK_QUIET: '1', GOVDESK_TEST_CLOCK: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            const m = /GOVDESK_HOST_READY (\S+)/.exec(out);
            if (m?.[1]) resolve(m[1]);
          });
          child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
          child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${out.slice(-2000)}`)));
        });
        const ready = performance.now() - t0;
        await page.goto(url);
        await page.locator('[data-page="today"] [data-section="agenda"] .today-item').first().waitFor({ timeout: 30_000 });
        // Drawn, not only in the DOM: the frame after the next has been painted.
        // (A string: this file is typed for Node, the expression runs in the page.)
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
        const total = performance.now() - t0;
        const hostCpu = cpuMs(child.pid);
        if (i > 0) runs.push({ total, ready, hostCpu });
        log(`cold start ${i}: ${total.toFixed(0)} ms (host ready at ${ready.toFixed(0)} ms, host CPU ${hostCpu ?? '?'} ms)${i === 0 ? ', warm-up, not counted' : ''}`);
      } finally {
        child.kill('SIGTERM');
        await exited;
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return runs;
}

if (!existsSync(HOST) || !existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) {
  log('dist/ is missing (run `npm run build` first): the cold start is not measured');
} else if (!existsSync(CHROMIUM)) {
  log(`${CHROMIUM} is missing: the cold start is not measured`);
} else {
  log(`machine: ${machine()}`);
  const runs = await coldStarts();
  const totals = runs.map((r) => r.total).sort((a, b) => a - b);
  const readies = runs.map((r) => r.ready).sort((a, b) => a - b);
  const coldNote = `${note}; the host process spawned to Today's agenda painted in headless ${CHROMIUM}, median of ${runs.length} starts (a first, warming start left out); ${machine()}`;
  emit('app.cold_start_today_ms', percentile(totals, 50), 'ms', runs.length, coldNote);
  emit('app.cold_start_today.max_ms', totals.at(-1) ?? 0, 'ms', runs.length, coldNote);
  const cpus = runs.flatMap((r) => (r.hostCpu === null ? [] : [r.hostCpu])).sort((a, b) => a - b);
  if (cpus.length) emit('app.cold_start_today.host_cpu_ms', percentile(cpus, 50), 'ms', cpus.length, `${note}; CPU time (user + system) of the host process from its start to the paint, median: what the wall time is made of on a quiet machine, less the browser's part`);
  emit('app.cold_start.host_ready_ms', percentile(readies, 50), 'ms', runs.length, `${note}; the host process spawned to GOVDESK_HOST_READY (the server listening; the core's code is loaded and the core made after it, while the page loads), median`);
}

// ---- the core's share: today.get in a core started on the same folder ----

{
  const platform = nodePlatform({ userData: dataDir, secrets: keyFileSecrets(dataDir, { NODE_ENV: 'test' }), system: { subscribe: () => () => undefined } });
  const t0 = performance.now();
  const core = createCore(platform, { organization: benchOrganization, logger: silentLogger });
  const started = performance.now() - t0;
  if (!core.account()) throw new Error('the bench account did not open: the signed-in state was not restored');
  const t1 = performance.now();
  const first = await core.call('today.get', {});
  const firstMs = performance.now() - t1;
  if (!first.ok) throw new Error(`today.get failed: ${JSON.stringify(first.error)}`);
  log(`core created with the account open in ${started.toFixed(0)} ms; first today.get ${firstMs.toFixed(1)} ms`);
  emit('today.core.first_ms', firstMs, 'ms', 1, `${note}; the first today.get after the core started (cold statements and pages)`);
  // Fewer samples than the others: one call is a few hundred ms here, and 200 give a stable p95.
  for (let i = 0; i < 20; i++) await core.call('today.get', {});
  const xs: number[] = [];
  for (let i = 0; i < TODAY_SAMPLES; i++) {
    const s = performance.now();
    await core.call('today.get', {});
    xs.push(performance.now() - s);
  }
  xs.sort((a, b) => a - b);
  emit('today.core.p50_ms', percentile(xs, 50), 'ms', TODAY_SAMPLES, `${note}; today.get through the contract, every section`);
  emit('today.core.p95_ms', percentile(xs, 95), 'ms', TODAY_SAMPLES, `${note}; today.get through the contract, every section`);
  core.close();
}

// ---- the reminder engine's next firing over the same cache ----

{
  const db = openAccountCache(dataDir, accountId(benchOrganization.id, ME.username));
  const platform = nodePlatform({ userData: dataDir, secrets: noSecrets, clock: { now: () => now, setTimer: () => () => undefined }, system: { subscribe: () => () => undefined } });
  const ctx = benchContext(db, platform);
  // Made, not started: their stores over the cache are what the sources read; no sync runs.
  const calendar = createCalendarFeature(ctx);
  const documents = createDocumentsFeature(ctx);
  const sources = [calendarAlarmSource(() => calendar), taskDueSource(() => calendar, HANOI, () => '07:30'), documentsReminderSource(() => documents)];
  const engine = new ReminderEngine({
    db, clock: platform.clock, sources, notify: () => undefined, onChange: () => undefined, onOpen: () => undefined,
    quietHours: () => ({ enabled: false, start: '22:00', end: '06:30' }), workDayStart: () => '07:30', language: () => 'vi', zone: HANOI,
  });
  const next = measure(() => engine.nextFiring(now));
  const nextNote = `${note}; calendar alarms, task dues and document deadlines`;
  emit('reminders.next_ms.p50', percentile(next, 50), 'ms', SAMPLES, nextNote);
  emit('reminders.next_ms.p95', percentile(next, 95), 'ms', SAMPLES, nextNote);
  if (process.env.BENCH_DETAIL) {
    for (const s of sources) {
      const xs = measure(() => s.due(now + 1, now + 6 * 3_600_000));
      log(`${s.id}: p50 ${percentile(xs, 50).toFixed(2)} p95 ${percentile(xs, 95).toFixed(2)}`);
    }
  }
  db.close();
}

rmSync(dataDir, { recursive: true, force: true });
