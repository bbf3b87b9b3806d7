// ElectronPlatform: what Electron gives the core, behind the Platform interface.
import { app, BrowserWindow, dialog, net, Notification, powerMonitor, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { mkdirPrivate } from './core/data-folder';
import { noSecrets, systemClock, systemEventSource, type PdfPrinting, type Platform, type SaveTargets, type SecretStorage, type SystemEvents } from './core/platform';

/**
 * safeStorage, honest about its backend: on Linux without a keyring Electron
 * falls back to a hard-coded key ('basic_text'), which is not protection, so
 * that counts as unavailable and the session stays in memory only.
 */
function electronSecrets(): SecretStorage {
  if (!safeStorage.isEncryptionAvailable()) return noSecrets;
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi';
  if (backend === 'basic_text' || backend === 'unknown') return { ...noSecrets, backend };
  return {
    available: true,
    backend,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** The window the user acted in: the focused one, else (a dialog just closed, a test drives it) the first open one. */
function actingWindow(): BrowserWindow {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows().find((w) => !w.isDestroyed());
  if (!win) throw new Error('no window to print');
  return win;
}

/**
 * printToPDF prints in print media, so the page's print stylesheet makes the
 * same form as the print dialog (the page shows only what is printed while an
 * export runs); preferCSSPageSize lets its @page rule win.
 */
function electronPdf(): PdfPrinting {
  return {
    printToPdf: (opts) =>
      actingWindow().webContents.printToPDF({ pageSize: opts.pageSize, landscape: opts.landscape, printBackground: false, preferCSSPageSize: true }),
    async chooseSavePath(opts) {
      const options = { defaultPath: join(app.getPath('documents'), opts.suggestedName), filters: [{ name: 'PDF', extensions: [...opts.extensions] }], properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const win = BrowserWindow.getFocusedWindow();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    showInFolder: (path) => shell.showItemInFolder(path),
  };
}

/**
 * The system's own dialogs for a download from Files: a save dialog for one
 * file (it asks before replacing), a folder dialog for several or a folder.
 */
function electronSaveTargets(): SaveTargets {
  return {
    mode: 'dialog',
    async chooseSavePath({ suggestedName }) {
      const options = { defaultPath: join(app.getPath('downloads'), suggestedName), properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const win = BrowserWindow.getFocusedWindow();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseFolder() {
      const options = { defaultPath: app.getPath('downloads'), properties: ['openDirectory' as const, 'createDirectory' as const] };
      const win = BrowserWindow.getFocusedWindow();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    showInFolder: (path) => shell.showItemInFolder(path),
  };
}

const ONLINE_POLL_MS = 5_000;

/**
 * powerMonitor for sleep and wake; the main process has no "online" event, so
 * net.isOnline() (the OS's own idea of connectivity, no request) is read
 * every few seconds while the core listens.
 */
function electronSystemEvents(): SystemEvents {
  return systemEventSource((emit) => {
    const suspend = () => emit('suspend');
    const resume = () => emit('resume');
    powerMonitor.on('suspend', suspend);
    powerMonitor.on('resume', resume);
    let online = net.isOnline();
    const timer = setInterval(() => {
      const now = net.isOnline();
      if (now !== online) emit(now ? 'online' : 'offline');
      online = now;
    }, ONLINE_POLL_MS);
    return () => {
      clearInterval(timer);
      powerMonitor.off('suspend', suspend);
      powerMonitor.off('resume', resume);
    };
  });
}

export interface ElectronPlatformOptions {
  /** The count of what needs the user: the dock, tray and taskbar show it (tray.ts). */
  setBadge(count: number): void;
}

export function electronPlatform(opts: ElectronPlatformOptions): Platform {
  const userData = app.getPath('userData');
  const logs = join(userData, 'logs');
  // Private from the start (0700 on Linux and macOS); the core checks the rest at start-up.
  mkdirPrivate(userData);
  mkdirPrivate(logs);
  return {
    shell: 'electron',
    appVersion: app.getVersion(),
    secrets: electronSecrets(),
    paths: { userData, logs },
    clock: systemClock,
    notify(notice) {
      if (!Notification.isSupported()) return;
      // Buttons show on macOS; elsewhere a click opens the app, which offers the same choices.
      const n = new Notification({ title: notice.title, body: notice.body, actions: (notice.actions ?? []).map((a) => ({ type: 'button' as const, text: a.label })) });
      n.on('click', () => {
        const win = BrowserWindow.getAllWindows()[0];
        if (win) {
          if (win.isMinimized()) win.restore();
          win.show();
          win.focus();
        }
        notice.onAction?.('open');
      });
      n.on('action', (_e, index) => {
        const action = notice.actions?.[index];
        if (action) notice.onAction?.(action.id);
      });
      n.show();
    },
    setBadge: opts.setBadge,
    openExternal: (url) => shell.openExternal(url),
    async openPath(path) {
      // Electron answers an error message, or '' when the application started.
      const failed = await shell.openPath(path);
      if (failed) throw new Error(failed);
    },
    pdf: electronPdf(),
    system: electronSystemEvents(),
    saveTargets: electronSaveTargets(),
  };
}
