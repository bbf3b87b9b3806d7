import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/status';
import { EventBus } from '../../../electron/core/events';
import { StatusHolder } from '../../../electron/core/sync/status';

function holder() {
  let now = 1_000;
  const bus = new EventBus();
  const pushed: SyncStatus[] = [];
  bus.subscribe((m) => m.event === 'status' && pushed.push(m.payload));
  const status = new StatusHolder(bus, () => now);
  return { status, pushed, tick: (ms: number) => (now += ms) };
}

describe('the status bar’s sync state', () => {
  it('stays syncing until the last of overlapping passes ends, and records when the last good one ended', () => {
    const { status, pushed, tick } = holder();
    const mail = status.reporter.begin();
    const calendar = status.reporter.begin();
    expect(status.get()).toMatchObject({ syncing: true, lastSyncAt: null });
    tick(500);
    mail(true);
    expect(status.get()).toMatchObject({ syncing: true, lastSyncAt: 1_500 });
    tick(500);
    calendar(true);
    expect(status.get()).toMatchObject({ syncing: false, lastSyncAt: 2_000 });
    expect(pushed.at(-1)).toMatchObject({ syncing: false, lastSyncAt: 2_000 });
  });

  it('keeps the last good time when a pass fails, and counts a pass only once', () => {
    const { status, tick } = holder();
    const first = status.reporter.begin();
    tick(100);
    first(true);
    const failing = status.reporter.begin();
    tick(100);
    failing(false);
    failing(true);
    expect(status.get()).toMatchObject({ syncing: false, lastSyncAt: 1_100 });
    const next = status.reporter.begin();
    expect(status.get().syncing).toBe(true);
    next(false);
    expect(status.get().syncing).toBe(false);
  });
});
