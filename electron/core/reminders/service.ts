// The reminders feature of one signed-in account: the engine over the
// sources the composition root hands it, started at sign-in, stopped before
// the account's cache closes; and the reminders.* calls.
import type { ReminderOpen } from '../../../shared/reminders';
import type { Language } from '../../../shared/settings';
import type { AccountContext } from '../account';
import { DEFAULT_ZONE, ianaZone, utcZone } from '../calendar/zones';
import { AppError } from '../errors';
import type { Handlers } from '../rpc';
import type { QuietHours } from './clock-times';
import { ReminderEngine } from './engine';
import type { ReminderSource } from './source';

export type ReminderCallName = 'reminders.list' | 'reminders.ringing' | 'reminders.snooze' | 'reminders.dismiss';
export type ReminderHandlers = Pick<Handlers, ReminderCallName>;

export interface ReminderSettings {
  quietHours(): QuietHours;
  workDayStart(): string;
  language(): Language;
}

export interface RemindersFeature {
  readonly engine: ReminderEngine;
  start(): void;
  stop(): void;
}

export interface RemindersFeatureOptions {
  sources: readonly ReminderSource[];
  settings: ReminderSettings;
  /** The count of what needs the user (ringing, missed, held), for the icon's badge. */
  onAttention?(count: number): void;
  /** "Open" on a notice: tell the window. */
  onOpen?(open: ReminderOpen): void;
}

export function createRemindersFeature(ctx: AccountContext, opts: RemindersFeatureOptions): RemindersFeature {
  const log = ctx.log.child('reminders');
  let stopped = true;
  const emit = () => {
    if (stopped) return;
    ctx.bus.emit('changed', { topic: 'reminders', ids: [] });
    opts.onAttention?.(engine.attentionCount());
  };
  const engine = new ReminderEngine({
    db: ctx.db,
    clock: ctx.platform.clock,
    sources: opts.sources,
    notify: (n) => ctx.platform.notify(n),
    onChange: emit,
    onOpen: (open) => opts.onOpen?.(open),
    quietHours: opts.settings.quietHours,
    workDayStart: opts.settings.workDayStart,
    language: opts.settings.language,
    zone: ianaZone(DEFAULT_ZONE) ?? utcZone,
    log,
  });
  const topics = new Set(opts.sources.flatMap((s) => s.topics));
  let off: (() => void) | null = null;
  let offSystem: (() => void) | null = null;
  return {
    engine,
    start() {
      stopped = false;
      off = ctx.bus.subscribe((m) => {
        if (m.event !== 'changed' || m.payload.topic === 'reminders') return;
        if (topics.has(m.payload.topic) || m.payload.topic === 'settings') engine.changed();
      });
      // Waking up: what came due while asleep is gathered as missed at once, not when the timer catches up.
      offSystem = ctx.platform.system.subscribe((e) => {
        if (e === 'resume') engine.check();
      });
      engine.start();
      opts.onAttention?.(engine.attentionCount());
    },
    stop() {
      stopped = true;
      off?.();
      offSystem?.();
      engine.stop();
      opts.onAttention?.(0);
    },
  };
}

/** The reminders calls for the composition root: auth.required when nobody is signed in. */
export function reminderHandlers(current: () => RemindersFeature | null): ReminderHandlers {
  const engine = (): ReminderEngine => {
    const f = current();
    if (!f) throw new AppError('auth.required', 'reminders need a signed-in account');
    return f.engine;
  };
  return {
    'reminders.list': () => engine().list(),
    'reminders.ringing': () => engine().ringing(),
    'reminders.snooze': ({ id, preset }) => engine().snooze(id, preset),
    'reminders.dismiss': ({ ids }) => {
      engine().dismiss(ids);
      return { dismissed: ids.length };
    },
  };
}
