// The app's icons: Tabler's line icons (SVG, drawn the same on every desktop,
// following the text colour). Emoji and text symbols need fonts many office
// desktops lack; these do not.
import {
  IconAlertTriangle,
  IconArchive,
  IconInbox,
  IconBell,
  IconCalendarEvent,
  IconCheck,
  IconChevronLeft,
  IconChevronRight,
  IconFileText,
  IconFlag,
  IconFolder,
  IconLanguage,
  IconLock,
  IconMail,
  IconPaperclip,
  IconPencil,
  IconPlus,
  IconPrinter,
  IconRefresh,
  IconSearch,
  IconSend,
  IconSettings,
  IconSun,
  IconTrash,
  IconUpload,
  IconVideo,
  IconX,
  type Icon as TablerIcon,
} from '@tabler/icons-react';

const ICONS = {
  paperclip: IconPaperclip,
  flag: IconFlag,
  lock: IconLock,
  today: IconSun,
  mail: IconMail,
  documents: IconFileText,
  schedule: IconCalendarEvent,
  files: IconFolder,
  folder: IconFolder,
  inbox: IconInbox,
  archive: IconArchive,
  reminders: IconBell,
  settings: IconSettings,
  search: IconSearch,
  plus: IconPlus,
  send: IconSend,
  trash: IconTrash,
  edit: IconPencil,
  check: IconCheck,
  close: IconX,
  prev: IconChevronLeft,
  next: IconChevronRight,
  print: IconPrinter,
  retry: IconRefresh,
  upload: IconUpload,
  video: IconVideo,
  warning: IconAlertTriangle,
  language: IconLanguage,
} satisfies Record<string, TablerIcon>;

export type IconName = keyof typeof ICONS;

/** Decorative: the meaning is always said in text beside it (or in a visually hidden label). */
export function Icon({ name, size = '1.1em' }: { name: IconName; size?: number | string }) {
  const Svg = ICONS[name];
  return <Svg className={`svg-icon svg-icon-${name}`} size={size} stroke={1.75} aria-hidden="true" focusable="false" />;
}
