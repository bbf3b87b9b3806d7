// Everything the core needs from its host, and nothing else: Electron gives
// these in electron/platform.ts, Node gives them here for the headless host
// and the tests. The core never imports `electron`.
import { spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdirPrivate } from './data-folder';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs fn after ms; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

export interface SecretStorage {
  /** False where nothing can encrypt at rest: secrets then live in memory only. */
  readonly available: boolean;
  /** What protects the secrets, said honestly (e.g. gnome_libsecret, basic_text, node-keyfile). */
  readonly backend: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export interface NoticeAction {
  id: string;
  label: string;
}

export interface Notice {
  title: string;
  body: string;
  /** Same tag replaces the earlier notice instead of stacking. */
  tag?: string;
  /** Buttons where the system shows them (Snooze, Dismiss…); the app offers the same in its window. */
  actions?: NoticeAction[];
  /** The user clicked the notice ('open') or one of its actions (its id). */
  onAction?: (actionId: string) => void;
}

export interface PlatformPaths {
  /** Root of the user's data: caches per account, settings, logs. */
  userData: string;
  logs: string;
}

/** How a window is printed to PDF: the page's print stylesheet decides the rest (its @page size wins). */
export interface PdfPageOptions {
  pageSize: 'A4';
  landscape: boolean;
}

/**
 * Printing the app's window to a PDF file, where a shell can: Electron has
 * webContents.printToPDF and a save dialog; the headless host has neither
 * (its page lives in someone else's browser), so it offers none.
 */
export interface PdfPrinting {
  /** The window that asked (the focused one), printed in print media; resolves to the PDF's bytes. */
  printToPdf(opts: PdfPageOptions): Promise<Buffer>;
  /** Asks where to save, suggesting a file name; null when the user cancels. */
  chooseSavePath(opts: { suggestedName: string; extensions: readonly string[] }): Promise<string | null>;
  /** Shows a file in the system's file manager (its folder, the file selected). */
  showInFolder(path: string): void;
}

/**
 * Where the user saves files out of the app (a download from Files). Electron
 * asks in the system's dialogs. The headless host cannot: its page lives in
 * someone else's browser, where no native dialog of ours can open, so it saves
 * into one downloads folder it was given (GOVDESK_DOWNLOAD_DIR, else
 * ~/Downloads) and says where; the core then never replaces a file there.
 */
export interface SaveTargets {
  /** 'dialog': the user chose the path (and agreed to replace it); 'folder': a fixed folder nobody was asked about. */
  readonly mode: 'dialog' | 'folder';
  /** Where to save one file, its name suggested; null when the user cancelled. */
  chooseSavePath(opts: { suggestedName: string }): Promise<string | null>;
  /** A folder to save several files or a folder into; null when the user cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Shows a saved file in the system's file manager. */
  showInFolder(path: string): void;
}

/** The host's downloads folder: created on first use, never asked about. */
export function folderSaveTargets(folder: string, open: (path: string) => Promise<void> = systemOpenPath): SaveTargets {
  const ensure = () => {
    mkdirSync(folder, { recursive: true });
    return folder;
  };
  return {
    mode: 'folder',
    chooseSavePath: async ({ suggestedName }) => join(ensure(), suggestedName),
    chooseFolder: async () => ensure(),
    // The host runs on the user's machine: its file manager opens on the folder.
    showInFolder: (path) => void open(dirname(path)).catch(() => undefined),
  };
}

/** The host's downloads folder when not told: GOVDESK_DOWNLOAD_DIR, else the user's Downloads. */
export function defaultDownloadFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.GOVDESK_DOWNLOAD_DIR ? env.GOVDESK_DOWNLOAD_DIR : join(homedir(), 'Downloads');
}

/**
 * What the machine says about itself: it goes to sleep, it woke up, the
 * network came or went. The sync scheduler stops on `suspend` and catches up
 * at once on `resume` and `online`.
 */
export type SystemEvent = 'suspend' | 'resume' | 'online' | 'offline';

export interface SystemEvents {
  /** Returns an unsubscribe. */
  subscribe(listener: (event: SystemEvent) => void): () => void;
}

export interface Platform {
  readonly shell: 'electron' | 'host';
  readonly appVersion: string;
  readonly secrets: SecretStorage;
  readonly paths: PlatformPaths;
  readonly clock: Clock;
  notify(notice: Notice): void;
  /** The count on the app's icon (unread Inbox mail); 0 clears it. */
  setBadge(count: number): void;
  /** Opens a URL in the system browser. The core checks its allow-list first. */
  openExternal(url: string): Promise<void>;
  /** Opens a local file (a copy in the app's cache) with the system's application for its type. */
  openPath(path: string): Promise<void>;
  /** Printing the window to a PDF file; null where the shell cannot (the headless host: the UI falls back to the print dialog). */
  readonly pdf: PdfPrinting | null;
  /** Sleep, wake and network changes of the machine. */
  readonly system: SystemEvents;
  /** Where downloads from Files go: a dialog (Electron) or a fixed folder (the host). */
  readonly saveTargets: SaveTargets;
}

/** Listeners and a watcher that runs only while someone listens. */
export function systemEventSource(watch: (emit: (e: SystemEvent) => void) => () => void): SystemEvents {
  const listeners = new Set<(e: SystemEvent) => void>();
  let stop: (() => void) | null = null;
  const emit = (e: SystemEvent) => {
    for (const l of [...listeners]) l(e);
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      stop ??= watch(emit);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stop?.();
          stop = null;
        }
      };
    },
  };
}

function hasNetwork(): boolean {
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => !i.internal));
}

const WATCH_MS = 10_000;
/** A tick this late means the process did not run: the machine slept. */
const SLEPT_MS = 30_000;

/**
 * Plain Node has no power events: a 10-second tick that comes much later
 * than due means the machine slept (reported as `resume` on waking), and a
 * non-loopback interface appearing or vanishing is the network coming or
 * going. Wall-clock time on purpose: the injected clock is what sleeps.
 */
export function nodeSystemEvents(): SystemEvents {
  return systemEventSource((emit) => {
    let last = Date.now();
    let online = hasNetwork();
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - last > WATCH_MS + SLEPT_MS) emit('resume');
      last = now;
      const up = hasNetwork();
      if (up !== online) emit(up ? 'online' : 'offline');
      online = up;
    }, WATCH_MS);
    timer.unref();
    return () => clearInterval(timer);
  });
}

const KEY_FILE = 'secret.key';

/** Where the key-file store may run: development (the headless host) and tests. */
export function keyFileSecretsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'development' || env.NODE_ENV === 'test' || env.VITEST !== undefined;
}

export class KeyFileRefusedError extends Error {
  constructor() {
    super(
      'The key-file secret store is for development and tests only: its key lies beside the data it protects, so it would not keep a stolen disk from reading the session. ' +
        'Govdesk for users runs in Electron, whose secrets go to the system keyring (safeStorage). For a development host set NODE_ENV=development (npm run host does).',
    );
    this.name = 'KeyFileRefusedError';
  }
}

/**
 * Secret storage for the headless host and tests: AES-256-GCM with a key in a
 * 0600 file beside the data. It protects against casual reading of the
 * database only, and says so through `backend`; Electron uses safeStorage.
 * Outside development and tests it refuses to run (KeyFileRefusedError).
 */
export function keyFileSecrets(dir: string, env: NodeJS.ProcessEnv = process.env): SecretStorage {
  if (!keyFileSecretsAllowed(env)) throw new KeyFileRefusedError();
  mkdirPrivate(dir);
  const keyPath = join(dir, KEY_FILE);
  if (!existsSync(keyPath)) {
    writeFileSync(keyPath, randomBytes(32), { mode: 0o600 });
    chmodSync(keyPath, 0o600);
  }
  const key = readFileSync(keyPath);
  return {
    available: true,
    backend: 'node-keyfile',
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** Where nothing can encrypt: the session is kept in memory only. */
export const noSecrets: SecretStorage = {
  available: false,
  backend: 'none',
  encrypt() {
    throw new Error('secret storage unavailable');
  },
  decrypt() {
    throw new Error('secret storage unavailable');
  },
};

/**
 * The desktop's own opener (xdg-open, open, start): the host runs on the
 * user's machine even though its window is a browser tab. Resolves once the
 * opener started; the application it starts is none of ours.
 */
export function systemOpenPath(path: string): Promise<void> {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [path]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', path]] : ['xdg-open', [path]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

export interface NodePlatformOptions {
  userData: string;
  appVersion?: string;
  clock?: Clock;
  secrets?: SecretStorage;
  openExternal?: (url: string) => Promise<void>;
  /** Tests: a stand-in for the system's file opener. */
  openPath?: (path: string) => Promise<void>;
  notify?: (notice: Notice) => void;
  setBadge?: (count: number) => void;
  /** Tests: a stand-in for the Electron shell's printing. The host has none. */
  pdf?: PdfPrinting;
  /** Tests: sleep, wake and network events they make themselves. */
  system?: SystemEvents;
  /** Where downloads go; default: the downloads folder (defaultDownloadFolder), never asking. */
  saveTargets?: SaveTargets;
}

export function nodePlatform(opts: NodePlatformOptions): Platform {
  mkdirPrivate(opts.userData);
  const logs = join(opts.userData, 'logs');
  mkdirPrivate(logs);
  return {
    shell: 'host',
    appVersion: opts.appVersion ?? '0.0.0-dev',
    secrets: opts.secrets ?? keyFileSecrets(opts.userData),
    paths: { userData: opts.userData, logs },
    clock: opts.clock ?? systemClock,
    notify: opts.notify ?? (() => undefined),
    setBadge: opts.setBadge ?? (() => undefined),
    openExternal: opts.openExternal ?? (async () => undefined),
    openPath: opts.openPath ?? systemOpenPath,
    pdf: opts.pdf ?? null,
    system: opts.system ?? nodeSystemEvents(),
    saveTargets: opts.saveTargets ?? folderSaveTargets(defaultDownloadFolder()),
  };
}
