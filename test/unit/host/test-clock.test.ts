// The headless host's test clock: virtual time on top of a (fake) real clock,
// timers that run when the clock is moved past them, and the guard that keeps
// it out of a normal run.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listenForClockLines, parseClockLine, testClock, testClockFromEnv, type RealTime } from '../../../electron/host/test-clock';

/** Real time that moves only when the test says, with timers like setTimeout's. */
function fakeReal(start = 1_000_000) {
  let t = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const real: RealTime = {
    now: () => t,
    setTimeout(fn, ms) {
      timers.set(++seq, { at: t + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  return {
    real,
    live: () => timers.size,
    pass(ms: number) {
      t += ms;
      for (const [id, x] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (x.at <= t && timers.delete(id)) x.fn();
      }
    },
  };
}

describe('test clock', () => {
  it('reads the real time plus the offset, which only grows', () => {
    const r = fakeReal();
    const c = testClock({ real: r.real, offsetMs: 500 });
    expect(c.now()).toBe(1_000_500);
    r.pass(100);
    expect(c.now()).toBe(1_000_600);
    expect(c.advance(300_000)).toBe(1_300_600);
    expect(c.offsetMs()).toBe(300_500);
    expect(() => c.advance(-1)).toThrow(RangeError);
  });

  it('runs, in their order, the timers an advance makes due, and re-arms the rest for what is left', () => {
    const r = fakeReal();
    const c = testClock({ real: r.real });
    const ran: string[] = [];
    c.setTimer(5 * 60_000, () => ran.push('5m'));
    c.setTimer(60_000, () => ran.push('1m'));
    c.setTimer(10 * 60_000, () => ran.push('10m'));
    c.advance(5 * 60_000);
    expect(ran).toEqual(['1m', '5m']);
    // Five minutes of virtual time left, whatever the real clock says.
    r.pass(5 * 60_000 - 1);
    expect(ran).toEqual(['1m', '5m']);
    r.pass(1);
    expect(ran).toEqual(['1m', '5m', '10m']);
    expect(r.live()).toBe(0);
  });

  it('still runs timers on the real clock when nobody advances it', () => {
    const r = fakeReal();
    const c = testClock({ real: r.real });
    let ran = 0;
    c.setTimer(1000, () => ran++);
    r.pass(999);
    expect(ran).toBe(0);
    r.pass(1);
    expect(ran).toBe(1);
    c.advance(10_000);
    expect(ran).toBe(1);
  });

  it('never runs a cancelled timer, also one cancelled by a timer that ran before it', () => {
    const r = fakeReal();
    const c = testClock({ real: r.real });
    const ran: string[] = [];
    const cancelB = c.setTimer(2000, () => ran.push('b'));
    c.setTimer(1000, () => {
      ran.push('a');
      cancelB();
    });
    const cancelC = c.setTimer(3000, () => ran.push('c'));
    cancelC();
    c.advance(5000);
    expect(ran).toEqual(['a']);
    expect(r.live()).toBe(0);
  });

  it('sets a timer made by a running timer against the new time (the engine re-arming itself)', () => {
    const r = fakeReal();
    const c = testClock({ real: r.real });
    const ran: number[] = [];
    c.setTimer(1000, () => {
      ran.push(c.now());
      c.setTimer(60_000, () => ran.push(c.now()));
    });
    c.advance(30_000);
    expect(ran).toEqual([1_030_000]);
    c.advance(60_000);
    expect(ran).toEqual([1_030_000, 1_090_000]);
  });

  it('is made only with GOVDESK_TEST_CLOCK=1 under NODE_ENV=test, and carries its offset over a restart', () => {
    expect(testClockFromEnv({})).toBeNull();
    expect(testClockFromEnv({ GOVDESK_TEST_CLOCK: '1' })).toBeNull();
    expect(testClockFromEnv({ GOVDESK_TEST_CLOCK: '1', NODE_ENV: 'development' })).toBeNull();
    expect(testClockFromEnv({ GOVDESK_TEST_CLOCK: '0', NODE_ENV: 'test' })).toBeNull();
    const c = testClockFromEnv({ GOVDESK_TEST_CLOCK: '1', NODE_ENV: 'test', GOVDESK_TEST_CLOCK_OFFSET_MS: '300000' });
    expect(c?.offsetMs()).toBe(300_000);
  });

  it('reads advance lines and answers each once its timers ran; other lines are ignored', async () => {
    expect(parseClockLine('GOVDESK_CLOCK_ADVANCE 300000')).toEqual({ advanceMs: 300_000 });
    expect(parseClockLine('GOVDESK_CLOCK_ADVANCE -5')).toBeNull();
    expect(parseClockLine('rm -rf /')).toBeNull();
    const r = fakeReal();
    const c = testClock({ real: r.real });
    const out: string[] = [];
    c.setTimer(300_000, () => out.push('rang'));
    const input = new PassThrough();
    listenForClockLines(c, input, (l) => out.push(l));
    input.write('hello\nGOVDESK_CLOCK_ADV');
    input.write('ANCE 300000\n');
    await new Promise((res) => setImmediate(res));
    expect(out).toEqual(['rang', 'GOVDESK_CLOCK 1300000 300000']);
  });
});
