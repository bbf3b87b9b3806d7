// ElectronPlatform: what Electron gives the core, behind the Platform interface.
import { app, Notification, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { noSecrets, systemClock, type Platform, type SecretStorage } from './core/platform';

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

export function electronPlatform(): Platform {
  const userData = app.getPath('userData');
  const logs = join(userData, 'logs');
  mkdirSync(logs, { recursive: true });
  return {
    shell: 'electron',
    appVersion: app.getVersion(),
    secrets: electronSecrets(),
    paths: { userData, logs },
    clock: systemClock,
    notify(notice) {
      if (!Notification.isSupported()) return;
      new Notification({ title: notice.title, body: notice.body }).show();
    },
    setBadge(count) {
      // macOS dock and Linux launchers that support it; elsewhere a no-op that returns false.
      app.setBadgeCount(Math.max(0, Math.floor(count)));
    },
    openExternal: (url) => shell.openExternal(url),
  };
}
