import { z } from 'zod';
import { LANGUAGES, type Language } from './languages';

export { LANGUAGES, type Language };

/**
 * What a user may change. The same schema validates settings.set, the stored
 * rows and the policy file's presets, so the three can never drift.
 */
/** A wall-clock time of day, HH:MM (24-hour). */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** Lead times of a document's deadline reminders, in days before it: 0 is the day itself at the start of work. */
export const DEADLINE_LEAD_DAYS = [0, 1, 2, 7] as const;
export type DeadlineLeadDays = (typeof DEADLINE_LEAD_DAYS)[number];
const deadlineLeadDays = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(7)]);

/** The offline size limit's choices in Settings, MB (a policy may set any value in range). */
export const OFFLINE_LIMIT_CHOICES_MB = [100, 250, 500, 1024, 2048, 5120] as const;

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
    /** Attachment bytes of documents kept for offline reading, in MB (1 MB = 1,048,576 bytes); To process comes first. */
    documentsOfflineLimitMb: z.number().int().min(50).max(102_400),
    /** When a document's deadline reminds: days before it (0: on the day at work start); several, or none. */
    documentDeadlineLeadDays: z
      .array(deadlineLeadDays)
      .max(DEADLINE_LEAD_DAYS.length)
      .refine((a) => new Set(a).size === a.length, 'each lead time once'),
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
  documentsOfflineLimitMb: 500,
  documentDeadlineLeadDays: [2, 0],
};

export interface SettingsView {
  values: UserSettings;
  /** Keys an organization policy has fixed; the UI shows them read-only. */
  locked: SettingKey[];
}
