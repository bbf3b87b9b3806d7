export const SECTIONS = ['today', 'mail', 'documents', 'schedule', 'files', 'reminders', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

export function sectionFromHash(hash: string): Section {
  const name = hash.replace(/^#\/?/, '');
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'today';
}
