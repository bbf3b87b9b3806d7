// A clock the e2e tests can move forward: the real clock plus an offset that
// only grows. Its timers are set against that virtual time, so moving the
// clock on runs at once every timer now due (the reminder engine's one timer
// among them) and re-arms the others for what is left. Time keeps flowing at
// the real rate in between, so everything else in the core behaves as on the
// real clock. Only the headless host under GOVDESK_TEST_CLOCK=1 uses it.
import type { Clock } from '../core/platform';

export interface TestClock extends Clock {
  /** Moves the clock on by ms (>= 0), runs the timers now due in their order; returns the new now. */
  advance(ms: number): number;
  /** How far ahead of the real clock it is. */
  offsetMs(): number;
}

/** What the test clock needs of the real one (tests hand in fakes). */
export interface RealTime {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTime: RealTime = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    // Like the system clock: a pending reminder must not keep the process alive.
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  handle: unknown;
}

export function testClock(opts: { offsetMs?: number; real?: RealTime } = {}): TestClock {
  const real = opts.real ?? nodeTime;
  let offset = Math.max(0, opts.offsetMs ?? 0);
  let seq = 0;
  const pending = new Set<Pending>();
  const now = () => real.now() + offset;

  const fire = (p: Pending) => {
    if (!pending.delete(p)) return;
    p.fn();
  };
  const arm = (p: Pending) => {
    p.handle = real.setTimeout(() => fire(p), Math.max(0, p.at - now()));
  };

  return {
    now,
    setTimer(ms, fn) {
      const p: Pending = { at: now() + Math.max(0, ms), seq: seq++, fn, handle: null };
      pending.add(p);
      arm(p);
      return () => {
        if (pending.delete(p)) real.clearTimeout(p.handle);
      };
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the test clock only moves forward: ${ms}`);
      offset += ms;
      const t = now();
      const due = [...pending].filter((p) => p.at <= t).sort((a, b) => a.at - b.at || a.seq - b.seq);
      for (const p of pending) {
        if (p.at > t) {
          real.clearTimeout(p.handle);
          arm(p);
        }
      }
      for (const p of due) {
        real.clearTimeout(p.handle);
        // A timer cancelled by one that ran before it stays cancelled; one that
        // throws fails as a real timer would, after the others ran.
        try {
          fire(p);
        } catch (err) {
          queueMicrotask(() => {
            throw err;
          });
        }
      }
      return now();
    },
    offsetMs: () => offset,
  };
}

/** A line on the host's standard input that moves the test clock: `GOVDESK_CLOCK_ADVANCE <ms>`. */
export function parseClockLine(line: string): { advanceMs: number } | null {
  const m = /^GOVDESK_CLOCK_ADVANCE (\d{1,12})$/.exec(line.trim());
  return m ? { advanceMs: Number(m[1]) } : null;
}

/**
 * The test clock from the environment, or null for the real one. Only with
 * GOVDESK_TEST_CLOCK=1 (the e2e fixture sets it for the specs that ask) and
 * under NODE_ENV=test: a person's host always runs on the real clock.
 * GOVDESK_TEST_CLOCK_OFFSET_MS carries the offset over a restart.
 */
export function testClockFromEnv(env: NodeJS.ProcessEnv): TestClock | null {
  if (env.GOVDESK_TEST_CLOCK !== '1' || env.NODE_ENV !== 'test') return null;
  const offset = Number(env.GOVDESK_TEST_CLOCK_OFFSET_MS ?? 0);
  return testClock({ offsetMs: Number.isSafeInteger(offset) ? offset : 0 });
}

/**
 * Reads `GOVDESK_CLOCK_ADVANCE <ms>` lines from the input (the fixture's pipe
 * to the host's stdin) and answers each with `GOVDESK_CLOCK <now> <offset>`
 * once every timer it made due has run. Other lines are ignored.
 */
export function listenForClockLines(clock: TestClock, input: NodeJS.ReadableStream, reply: (line: string) => void): void {
  let buffered = '';
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const cmd = parseClockLine(line);
      if (!cmd) continue;
      const now = clock.advance(cmd.advanceMs);
      reply(`GOVDESK_CLOCK ${now} ${clock.offsetMs()}`);
    }
  });
}
