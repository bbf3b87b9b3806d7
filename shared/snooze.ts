// A reminder's snooze choices, without the reminder calls' schemas: every
// screen that shows a reminder (Today first) offers them, and should not load
// zod for a list of four.
export const SNOOZE_PRESETS = ['5m', '10m', '1h', 'tomorrow'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];
