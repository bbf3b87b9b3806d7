// Small line icons drawn as SVG: emoji such as 📎 or 🔒 need a colour-emoji
// font, which many office desktops (and Debian's chromium here) lack, and then
// show as empty boxes. These draw the same everywhere and follow the text colour.
const PATHS = {
  paperclip: 'M10.5 4.5 5.2 9.8a2.1 2.1 0 0 0 3 3l6-6a3.5 3.5 0 0 0-5-5l-6.2 6.2a4.9 4.9 0 0 0 7 7L15 10',
  flag: 'M4 15V2.5M4 3h9l-2 3.2L13 9.5H4',
  lock: 'M4.5 8V5.5a3.5 3.5 0 0 1 7 0V8M3.5 8h9v6.5h-9z',
} as const;

export type IconName = keyof typeof PATHS;

/** Decorative: the meaning is always said in text beside it (or in a visually hidden label). */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg className={`svg-icon svg-icon-${name}`} viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
