export const SECTIONS = ['today', 'mail', 'documents', 'schedule', 'files', 'reminders', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

export function sectionFromHash(hash: string): Section {
  // `#/schedule?open=…` names the section and what it should show.
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'today';
}
