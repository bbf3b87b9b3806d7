import { z } from 'zod';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What a user may change. The same schema validates settings.set, the stored
 * rows and the policy file's presets, so the three can never drift.
 */
/** A wall-clock time of day, HH:MM (24-hour). */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const userSettingsSchema = z
  .object({
    language: z.enum(LANGUAGES),
    /** Days of recent mail whose bodies are prefetched for offline reading. */
    mailBodyWindowDays: z.number().int().min(1).max(365),
    /** Where signing out may keep the local cache; a policy can force erasing. */
    keepCacheOnSignOut: z.boolean(),
    /** The mail list shows one row per conversation rather than one per message. */
    mailGroupByThread: z.boolean(),
    /** Reminders are held back (and shown when they end) during quiet hours. */
    quietHoursEnabled: z.boolean(),
    /** Quiet hours' start and end, HH:MM in the organization's time zone; an end before the start runs past midnight. */
    quietHoursStart: clockTime,
    quietHoursEnd: clockTime,
    /** The start of the working day: where "snooze until tomorrow" lands. */
    workDayStart: clockTime,
  })
  .strict();

export type UserSettings = z.infer<typeof userSettingsSchema>;
export type SettingKey = keyof UserSettings;

export const DEFAULT_SETTINGS: UserSettings = {
  language: 'vi',
  mailBodyWindowDays: 30,
  keepCacheOnSignOut: true,
  mailGroupByThread: true,
  quietHoursEnabled: false,
  quietHoursStart: '22:00',
  quietHoursEnd: '06:30',
  workDayStart: '07:30',
};

export interface SettingsView {
  values: UserSettings;
  /** Keys an organization policy has fixed; the UI shows them read-only. */
  locked: SettingKey[];
}
