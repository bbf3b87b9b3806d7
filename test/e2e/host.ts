// Starts the headless host (the built dist/host/host.cjs) as a child process
// and keeps everything it prints, so a failed test shows the core's side too.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface HostProcess {
  url: string;
  output: string[];
  /** Lines the host printed after `GOVDESK_OPEN_EXTERNAL`. */
  openedExternally: string[];
  /** Files the core handed to the system's application (`GOVDESK_OPEN_PATH`); none is started here. */
  openedPaths: string[];
  stop(): Promise<void>;
  /**
   * Moves the host's test clock forward (hosts started with `testClock`
   * only) and resolves, with the host's new time, once every timer that
   * made due has run and printed what it prints.
   */
  advanceClock(ms: number): Promise<number>;
  /** How far the host's test clock is ahead of the real one (0 on the real clock). */
  readonly clockOffsetMs: number;
}

export interface HostOptions {
  dataDir: string;
  org?: string;
  policy?: string;
  env?: Record<string, string>;
  /** Run the host on a clock the test moves forward (GOVDESK_TEST_CLOCK), starting this far ahead. */
  testClock?: { offsetMs: number };
}

const ROOT = join(import.meta.dirname, '..', '..');

export async function startHost(opts: HostOptions): Promise<HostProcess> {
  const args = [join(ROOT, 'dist', 'host', 'host.cjs'), '--port', '0', '--data-dir', opts.dataDir];
  if (opts.org) args.push('--org', opts.org);
  if (opts.policy) args.push('--policy', opts.policy);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    // NODE_ENV=test: the host's key-file secret store refuses to run outside development and tests.
    env: {
      ...process.env,
      NODE_ENV: 'test',
      GOVDESK_LOG_STDERR: '1',
      GOVDESK_MACHINE_LINES: '1',
      GOVDESK_HOST_OPENER: 'none',
      // Downloads from Files: the host saves into one folder (it has no dialog), here the test's own.
      GOVDESK_DOWNLOAD_DIR: join(opts.dataDir, 'downloads'),
      // Never inherited from the runner's environment: only a spec that asks runs on the test clock.
      GOVDESK_TEST_CLOCK: opts.testClock ? '1' : '0',
      GOVDESK_TEST_CLOCK_OFFSET_MS: String(opts.testClock?.offsetMs ?? 0),
      ...opts.env,
    },
    stdio: [opts.testClock ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let clockOffsetMs = opts.testClock?.offsetMs ?? 0;
  const clockReplies: ((now: number) => void)[] = [];
  const openedExternally: string[] = [];
  const openedPaths: string[] = [];
  let exited = false;
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`host did not start in 20 s:\n${output.join('\n')}`)), 20_000);
    const onLine = (line: string) => {
      output.push(line);
      const ready = /^GOVDESK_HOST_READY (\S+)/.exec(line);
      if (ready?.[1]) {
        clearTimeout(deadline);
        resolve(ready[1]);
      }
      const opened = /^GOVDESK_OPEN_EXTERNAL (\S+)/.exec(line);
      if (opened?.[1]) openedExternally.push(opened[1]);
      const clock = /^GOVDESK_CLOCK (\d+) (\d+)$/.exec(line);
      if (clock) {
        clockOffsetMs = Number(clock[2]);
        clockReplies.shift()?.(Number(clock[1]));
      }
      const openedPath = /^GOVDESK_OPEN_PATH (.+)$/.exec(line);
      if (openedPath?.[1]) openedPaths.push(openedPath[1]);
    };
    let buffered = '';
    const feed = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    child.stdout?.on('data', feed);
    child.stderr?.on('data', feed);
    child.once('exit', (code) => {
      exited = true;
      clearTimeout(deadline);
      reject(new Error(`host exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return {
    url,
    output,
    openedExternally,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    advanceClock(ms) {
      if (!opts.testClock || !child.stdin) return Promise.reject(new Error('this host runs on the real clock: start it with testClock'));
      const stdin = child.stdin;
      return new Promise<number>((resolve) => {
        clockReplies.push(resolve);
        stdin.write(`GOVDESK_CLOCK_ADVANCE ${Math.round(ms)}\n`);
      });
    },
    openedPaths,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
