// The words and pictures of the tray and the dock, apart from Electron so they
// can be tested under Node: what the count of things that need the user
// (unread mail from the Inbox, reminders ringing, missed or held) reads as,
// in Vietnamese and English, and the tray icon drawn as plain pixels (no image
// files to ship: the app's navy square, a red dot while something waits).
import type { Language } from '../shared/settings';

export interface TrayText {
  /** The tray icon's tooltip: the app's name, then what waits. */
  tooltip: string;
  /** Windows' taskbar overlay says this to screen readers; null when nothing waits. */
  overlay: string | null;
  open: string;
  today: string;
  quit: string;
}

const WORDS = {
  vi: {
    none: 'không có gì cần xử lý',
    some: (n: number) => `${n} mục cần xử lý`,
    open: 'Mở Govdesk',
    today: 'Hôm nay',
    quit: 'Thoát',
  },
  en: {
    none: 'nothing needs you',
    some: (n: number) => (n === 1 ? '1 item needs you' : `${n} items need you`),
    open: 'Open Govdesk',
    today: 'Today',
    quit: 'Quit',
  },
} satisfies Record<Language, unknown>;

/** A count as a badge shows it: nothing for 0, "99+" past 99. */
export function badgeLabel(count: number): string {
  const n = attentionCount(count);
  return n === 0 ? '' : n > 99 ? '99+' : String(n);
}

/** Whole, non-negative: a badge never shows -1 or 2.5. */
export function attentionCount(count: number): number {
  return Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
}

export function trayText(count: number, lang: Language): TrayText {
  const w = WORDS[lang];
  const n = attentionCount(count);
  const what = n === 0 ? w.none : w.some(n);
  return { tooltip: `Govdesk: ${what}`, overlay: n === 0 ? null : what, open: w.open, today: w.today, quit: w.quit };
}

const NAVY = [0x12, 0x35, 0x5b] as const;
const RED = [0xda, 0x25, 0x1d] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/**
 * The tray icon as `size`×`size` BGRA pixels (Electron's
 * nativeImage.createFromBitmap): a rounded navy square with a white "G" bar,
 * and a red dot in the top right corner while something needs the user.
 * `dotOnly` draws the dot alone on transparency (Windows' taskbar overlay).
 */
export function trayBitmap(size: number, attention: boolean, dotOnly = false): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const put = (x: number, y: number, [r, g, b]: readonly [number, number, number]) => {
    const i = (y * size + x) * 4;
    px[i] = b;
    px[i + 1] = g;
    px[i + 2] = r;
    px[i + 3] = 0xff;
  };
  const corner = Math.max(1, Math.round(size / 8));
  const dotR = size * (dotOnly ? 0.45 : 0.22);
  const dotC = dotOnly ? size / 2 : size - dotR - 0.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inDot = attention && (x + 0.5 - dotC) ** 2 + (y + 0.5 - (dotOnly ? size / 2 : dotR + 0.5)) ** 2 <= dotR ** 2;
      if (inDot) {
        put(x, y, RED);
        continue;
      }
      if (dotOnly) continue;
      // Rounded corners: leave the pixels outside a quarter circle transparent.
      const cx = x < corner ? corner - x : x >= size - corner ? x - (size - corner - 1) : 0;
      const cy = y < corner ? corner - y : y >= size - corner ? y - (size - corner - 1) : 0;
      if (cx && cy && cx * cx + cy * cy > corner * corner) continue;
      // A white bar across the lower middle: a plain mark that reads at 16 px.
      const bar = y >= Math.round(size * 0.55) && y < Math.round(size * 0.7) && x >= Math.round(size * 0.25) && x < Math.round(size * 0.75);
      put(x, y, bar ? WHITE : NAVY);
    }
  }
  return px;
}
