// The UI's languages, without the settings' schemas: the first screen names
// them (the sign-in page) and should not load zod for a list of two.
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
