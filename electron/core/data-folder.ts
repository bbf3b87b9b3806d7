// The app's data folder holds officials' mail, calendars and tokens: on Linux
// and macOS it is its owner's alone (folders 0700, files 0600). New files are
// made private where they are created (openDatabase, the log, the key file);
// this check runs at every start and repairs what an older version, a copy or
// a restore from backup left open. Windows keeps the folder in the user's
// profile, whose ACL is the user's own; there it only checks the location.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, win32 } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export interface DataFolderCheck {
  /** Paths (relative to the folder) whose permissions were too open and were narrowed. */
  repaired: string[];
  /** Paths that were too open and could not be narrowed (not ours, read-only disk). */
  failed: string[];
  /** Windows: whether the folder is inside the user's profile. */
  inProfile?: boolean;
}

/** Makes a folder (and its missing parents) private to the owner. */
export function mkdirPrivate(dir: string, os: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (os !== 'win32') {
    const st = lstatSync(dir);
    if ((st.mode & 0o077) !== 0) chmodSync(dir, PRIVATE_DIR_MODE);
  }
}

/** Checks every folder and file under `root` and narrows what others could read or write. */
export function secureDataFolder(root: string, os: NodeJS.Platform = process.platform, profile: string = homedir()): DataFolderCheck {
  const out: DataFolderCheck = { repaired: [], failed: [] };
  if (os === 'win32') {
    // Windows paths compare without case.
    const r = win32.resolve(root).toLowerCase();
    const p = win32.resolve(profile).toLowerCase();
    out.inProfile = r === p || r.startsWith(p.endsWith(win32.sep) ? p : p + win32.sep);
    return out;
  }
  const visit = (path: string): void => {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return; // removed meanwhile
    }
    // A symlink's own mode means nothing; what it points to is not ours to change.
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((st.mode & 0o077) !== 0) {
      try {
        // Keep the owner's own bits, drop everything for group and others.
        chmodSync(path, (st.mode & 0o700) | (want & 0o700));
        out.repaired.push(relative(root, path) || '.');
      } catch {
        out.failed.push(relative(root, path) || '.');
      }
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path);
      } catch {
        return;
      }
      for (const n of names) visit(join(path, n));
    }
  };
  visit(root);
  return out;
}
