// The reminder engine's tests move time by hand: a clock whose timers run
// only when the test says time has passed (the engine keeps one timer, for
// the next firing; features' sources are asked on that clock too).
import type { Clock } from '../../../electron/core/platform';

/** A clock whose timers run only when the test moves time; it counts live timers. */
export function fakeClock(start: number) {
  let t = start;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let seq = 0;
  const clock: Clock = {
    now: () => t,
    setTimer(ms, fn) {
      const id = ++seq;
      timers.push({ at: t + ms, fn, id });
      return () => void (timers = timers.filter((x) => x.id !== id));
    },
  };
  return {
    clock,
    live: () => timers.length,
    /** Moves time to `to`, running each timer when its time comes (as a running app would). */
    run(to: number) {
      for (;;) {
        const next = timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((x) => x.id !== next.id);
        t = Math.max(t, next.at);
        next.fn();
      }
      t = to;
    },
    /** The machine slept or the app was closed: time passes, no timer runs. */
    jump(to: number) {
      t = to;
    },
  };
}
