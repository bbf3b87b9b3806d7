// What needs the user, outside the window: the dock's badge on macOS, and on
// Windows and Linux a tray icon (its tooltip says how many, its menu opens
// the app or Today, or quits), the launcher's badge where Linux has one
// (Unity) and the taskbar overlay on Windows.
import { app, BrowserWindow, Menu, nativeImage, Tray } from 'electron';
import type { Language } from '../shared/settings';
import { attentionCount, badgeLabel, trayBitmap, trayText } from './tray-text';

export interface AttentionOptions {
  /** The user's language now (Settings), read at each update. */
  language(): Language;
  /** Brings the window forward; `hash` opens a section (e.g. '#/today'). */
  show(hash?: string): void;
}

export interface Attention {
  setCount(count: number): void;
  /** The language changed: redraw the words. */
  refresh(): void;
}

const TRAY_PX = 16;

function image(attention: boolean, dotOnly = false): Electron.NativeImage {
  const scale = 2;
  const size = TRAY_PX * scale;
  return nativeImage.createFromBitmap(trayBitmap(size, attention, dotOnly), { width: size, height: size, scaleFactor: scale });
}

/** Call after app is ready. */
export function createAttention(opts: AttentionOptions): Attention {
  let count = 0;
  const mac = process.platform === 'darwin';
  // macOS shows the count on the dock; the menu bar stays clean.
  const tray = mac ? null : new Tray(image(false));
  const idle = mac ? null : image(false);
  const waiting = mac ? null : image(true);
  const overlay = process.platform === 'win32' ? image(true, true) : null;

  const draw = () => {
    const text = trayText(count, opts.language());
    if (mac) {
      app.dock?.setBadge(badgeLabel(count));
      return;
    }
    // Linux launchers that know badges (Unity); false and harmless elsewhere.
    app.setBadgeCount(count);
    if (tray) {
      tray.setImage(count > 0 ? waiting! : idle!);
      tray.setToolTip(text.tooltip);
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: text.open, click: () => opts.show() },
          { label: text.today, click: () => opts.show('#/today') },
          { type: 'separator' },
          { label: text.quit, click: () => app.quit() },
        ]),
      );
    }
    if (overlay) {
      for (const win of BrowserWindow.getAllWindows()) win.setOverlayIcon(text.overlay ? overlay : null, text.overlay ?? '');
    }
  };
  // A click on the tray icon opens the window (Windows; Linux shows the menu).
  tray?.on('click', () => opts.show());
  draw();
  return {
    setCount(n) {
      const next = attentionCount(n);
      if (next === count) return;
      count = next;
      draw();
    },
    refresh: draw,
  };
}
