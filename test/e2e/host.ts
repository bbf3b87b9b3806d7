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
}

export interface HostOptions {
  dataDir: string;
  org?: string;
  policy?: string;
  env?: Record<string, string>;
}

const ROOT = join(import.meta.dirname, '..', '..');

export async function startHost(opts: HostOptions): Promise<HostProcess> {
  const args = [join(ROOT, 'dist', 'host', 'host.cjs'), '--port', '0', '--data-dir', opts.dataDir];
  if (opts.org) args.push('--org', opts.org);
  if (opts.policy) args.push('--policy', opts.policy);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    // NODE_ENV=test: the host's key-file secret store refuses to run outside development and tests.
    env: { ...process.env, NODE_ENV: 'test', GOVDESK_LOG_STDERR: '1', GOVDESK_MACHINE_LINES: '1', GOVDESK_HOST_OPENER: 'none', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
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
    openedPaths,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
