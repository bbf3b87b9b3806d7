// Electron entry: a thin shell around the core. Windows are sandboxed and
// isolated, every call comes through one IPC channel family from our own page
// only, navigation and new windows are blocked, permissions are denied.
import { app, BrowserWindow, ipcMain, net, protocol, session, type WebContents, type WebFrameMain } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC } from '../shared/ipc';
import { errorShape } from '../shared/errors';
import { createCore, type Core } from './core/core';
import { defaultPolicyPath, loadOrganizationFile, loadPolicyFile } from './core/config/files';
import { contentSecurityPolicy } from './csp';
import { resolveStatic } from './host/static';
import { electronPlatform } from './platform';
import { createAttention } from './tray';
import { filesHash, parseFilesLink } from '../shared/files';
import { LANGUAGES, type Language } from '../shared/settings';
import { z } from 'zod';

const APP_ORIGIN = 'app://govdesk';
const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'preload.cjs');

// Tests and IT scripts may point the profile elsewhere (a fresh folder per test run).
if (process.env.GOVDESK_USER_DATA) app.setPath('userData', process.env.GOVDESK_USER_DATA);

// codeCache: V8 keeps the compiled renderer bundle between starts, as it does for
// http(s) pages; without it every start parses the whole bundle again.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
app.enableSandbox();

let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;

function isOurFrame(frame: WebFrameMain | null): boolean {
  return Boolean(frame && frame.url.startsWith(`${APP_ORIGIN}/`));
}

function organizationPath(): string | undefined {
  if (process.env.GOVDESK_ORG_CONFIG) return process.env.GOVDESK_ORG_CONFIG;
  const shipped = join(process.resourcesPath ?? '', 'organization.json');
  return existsSync(shipped) ? shipped : undefined;
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links leave through the core's allow-list, never as a new app window.
    void core?.call('shell.openExternal', { url });
    return { action: 'deny' };
  });
}

/** A govdesk://files/ link a colleague sent: the Files section opens on its folder. Anything else is ignored. */
function openLink(link: string | undefined): void {
  const path = link ? parseFilesLink(link) : null;
  if (!path || !mainWindow) return;
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html${filesHash(path)}`);
}

/** From the tray's menu or a click on it: the window forward, at a section when asked ('#/today'). */
function showWindow(hash?: string): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
  else {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }
  if (hash) void mainWindow.loadURL(`${APP_ORIGIN}/index.html${hash}`);
}

const languageOf = z.object({ values: z.object({ language: z.enum(LANGUAGES) }) });

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Govdesk',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();

  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    const file = url.host === 'govdesk' ? resolveStatic(rendererDir, url.pathname) : null;
    if (!file || !existsSync(file)) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString()).then((res) => {
      const headers = new Headers(res.headers);
      headers.set('Content-Security-Policy', contentSecurityPolicy());
      return new Response(res.body, { status: res.status, headers });
    });
  });

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));

  // The tray and dock speak the user's language (Settings), read again when settings change.
  let language: Language = 'vi';
  const attention = createAttention({ language: () => language, show: showWindow });
  const platform = electronPlatform({ setBadge: (n) => attention.setCount(n) });
  const orgPath = organizationPath();
  const started = createCore(platform, {
    organization: orgPath ? loadOrganizationFile(orgPath) : null,
    policy: loadPolicyFile(process.env.GOVDESK_POLICY ?? defaultPolicyPath(process.platform)),
  });
  core = started;
  const readLanguage = () =>
    void started.call('settings.get', {}).then((r) => {
      const read = r.ok ? languageOf.safeParse(r.result) : null;
      if (read?.success && read.data.values.language !== language) {
        language = read.data.values.language;
        attention.refresh();
      }
    });
  readLanguage();
  started.subscribe((m) => {
    if (m.event === 'changed' && m.payload.topic === 'settings') readLanguage();
  });

  ipcMain.handle(IPC.call, (event, name: unknown, params: unknown) => {
    if (!isOurFrame(event.senderFrame)) {
      return { ok: false, error: errorShape('call.forbidden', 'call from a frame that is not Govdesk') };
    }
    return core!.call(name, params);
  });
  core.subscribe((message) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC.event, message);
  });

  mainWindow = createWindow();
  // govdesk:// links open here: from the command line (Windows, Linux) or from the system (macOS).
  app.setAsDefaultProtocolClient('govdesk');
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  openLink(process.argv.find((a) => a.startsWith('govdesk://')));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_e, argv) => {
    if (!mainWindow) return;
    openLink(argv.find((a) => a.startsWith('govdesk://')));
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => core?.close());
  start().catch((err: unknown) => {
    process.stderr.write(`Govdesk could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
    app.exit(1);
  });
}
