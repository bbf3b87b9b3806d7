/** Small process, port and file helpers for the stack scripts. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a command, throws with its output when it fails. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; allowFail?: boolean } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env, input: opts.input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** Starts a long-running process detached from us, output to a log file; returns its pid. */
/**
 * Runs a command that daemonizes (its children keep stdout open, so a pipe would
 * never close): output goes to a file, returned with the exit status.
 */
export function runDaemonizing(cmd: string, args: string[], outFile: string): Promise<{ status: number | null; output: string }> {
  const fd = openSync(outFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.once('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
    child.once('exit', (status) => resolve({ status, output: readFileSync(outFile, 'utf8') }));
  });
}

export function spawnDetached(cmd: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env, cwd?: string, ids?: { uid: number; gid: number }): number {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd], env, cwd, ...ids });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  child.unref();
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers kill(0): look at its state.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z';
  } catch {
    return true;
  }
}

/** The command line of a pid ('' if gone): used to check a recorded pid is still ours. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const n = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** True when a Unix socket accepts a connection. */
export function socketOpen(socketPath: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ path: socketPath });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * Connects and reads the server's greeting line (IMAP "* OK", SMTP "220", LMTP "220").
 * `target`: a loopback port, or the path of a Unix socket.
 */
export function readGreeting(target: number | string, host = '127.0.0.1', timeoutMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const s = typeof target === 'string' ? net.connect({ path: target }) : net.connect({ port: target, host });
    let buf = '';
    const done = (v: string) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(buf));
    s.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      if (buf.includes('\n')) done(buf.split('\n')[0] ?? '');
    });
    s.once('error', () => done(''));
  });
}

/** Polls `check` until it returns true or the deadline passes; resolves to the ms it took. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, hint: () => string = () => ''): Promise<number> {
  const t0 = Date.now();
  const deadline = t0 + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - t0;
    if (Date.now() > deadline) {
      const h = hint();
      throw new Error(`${what} did not answer within ${timeoutMs / 1000} s${h ? `:\n${h}` : ''}`);
    }
    await sleep(100);
  }
}

/** Sends SIGTERM, waits, then SIGKILL. Returns true if the process is gone. */
export async function stopPid(pid: number, timeoutMs = 10_000): Promise<boolean> {
  if (!isAlive(pid)) return true;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return !isAlive(pid);
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone meanwhile */
  }
  await sleep(200);
  return !isAlive(pid);
}

export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return `(no ${file})`;
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * A lock file holding our pid, so that two `up`/`down`/`seed` on one data
 * folder (two test runs, say) take turns instead of racing. A lock left by a
 * dead process is taken over.
 */
export async function withLock<T>(file: string, what: string, fn: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readPidFile(file);
      // An empty lock is one being written this instant, unless it is old.
      const fresh = !holder && existsSync(file) && Date.now() - statSync(file).mtimeMs < 5000;
      if (!fresh && (!holder || !isAlive(holder))) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${what}: ${file} is held by pid ${holder ?? '?'}`, { cause: err });
      if (!told) console.log(`Waiting for pid ${holder ?? '?'}, which is changing the stack in the same folder...`);
      told = true;
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
