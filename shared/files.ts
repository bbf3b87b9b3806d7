// Files over WebDAV: the types the renderer sees and the params of the files.*
// calls. Paths are server paths below the organization's WebDAV root, without
// a leading or trailing slash ("home/anh.ntm/bao-cao.docx").
import { z } from 'zod';
import { fileNameMessageKey, fileNameProblem } from './file-names';

export type FileSortKey = 'name' | 'size' | 'modified' | 'type';

export interface FileRoot {
  /** 'home' or 'dept:<id>'. */
  id: string;
  kind: 'home' | 'department';
  path: string;
  name: string;
  /** False when the server refused this account (403): shown as such, never listed. */
  accessible: boolean;
}

/** synced: as on the server; pending: waits in the outbox; conflict: see files.conflicts. */
export type FileState = 'synced' | 'pending' | 'conflict';

export interface FileEntry {
  path: string;
  name: string;
  isDir: boolean;
  size: number;
  /** Epoch ms of the server's last change, null when unknown. */
  modified: number | null;
  mime: string | null;
  state: FileState;
  /** Kept on this device, by its own mark or its folder's. */
  kept: boolean;
  /** A copy of the current version is on this device (readable offline). */
  cached: boolean;
}

export interface FolderListing {
  path: string;
  entries: FileEntry[];
  /** Epoch ms of the last listing from the server; null when never listed. */
  listedAt: number | null;
  /** The server refused this folder (403). */
  forbidden: boolean;
  kept: boolean;
}

export type TransferKind = 'upload' | 'mkdir' | 'move' | 'copy' | 'delete';

export interface TransferView {
  id: string;
  kind: TransferKind;
  path: string;
  /** For move and copy: where to. */
  to: string | null;
  state: 'pending' | 'sending' | 'refused';
  sent: number;
  total: number;
  error: { code: string; detail: string } | null;
}

export interface FileConflictView {
  id: string;
  path: string;
  /** Size and time of the version made here. */
  mine: { size: number; modified: number };
  /** The server's version, or null when it was deleted there. */
  theirs: { size: number; modified: number | null } | null;
  createdAt: number;
}

/** A download from Files to a place on this computer, with its progress. */
export interface DownloadView {
  id: string;
  /** What was asked for: a file's or folder's name, or the count of several. */
  name: string;
  /** Where it is saved (a file or folder); the final name appears there only once complete. */
  target: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Bytes written and bytes to write (the total grows while a folder is listed). */
  done: number;
  total: number;
  files: number;
  filesDone: number;
  error: { code: string; detail: string } | null;
  startedAt: number;
}

/** files.download's answer: null id when the user cancelled the dialog. */
export interface DownloadStart {
  id: string | null;
  target: string | null;
  /** The shell saved into a fixed folder without asking (the headless host): the UI says where. */
  asked: boolean;
}

/** The folders in a folder, for the folder picker: from the cache, listed from the server first if never listed. */
export interface SubfolderListing {
  path: string;
  folders: Array<{ path: string; name: string }>;
  /** Files too, for the picker's file mode (attach from Files). */
  files: Array<{ path: string; name: string; size: number; mime: string | null }>;
  listedAt: number | null;
  forbidden: boolean;
}

export interface OpenResult {
  /** The local copy the system's application opened. */
  localPath: string;
  /** Someone else holds a lock on it: a save will wait until they release it. */
  lockedByOther: boolean;
}

/** A path below the WebDAV root, as every files.* call takes it (also mail's attachments from Files). */
export const filesPathSchema = z.string().min(1).max(4096).refine((p) => !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '.' || s === ''), 'a path below the WebDAV root');

const path = filesPathSchema;

/** A name the user typed or dropped: refused with the reason before anything is sent. */
const fileName = z.string().superRefine((name, ctx) => {
  const problem = fileNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: fileNameMessageKey(problem) });
});

export const filesParams = {
  list: z.object({ path, sort: z.enum(['name', 'size', 'modified', 'type']).optional(), descending: z.boolean().optional() }).strict(),
  path: z.object({ path }).strict(),
  mkdir: z.object({ folder: path, name: fileName }).strict(),
  rename: z.object({ path, name: fileName }).strict(),
  moveCopy: z.object({ path, toFolder: path }).strict(),
  keep: z.object({ path, keep: z.boolean() }).strict(),
  uploadBegin: z.object({ folder: path, name: fileName, size: z.number().int().min(0), replace: z.boolean().optional(), subfolders: z.array(fileName).max(32).optional() }).strict(),
  uploadChunk: z.object({ uploadId: z.string().uuid(), data: z.string().max(3_000_000) }).strict(),
  upload: z.object({ uploadId: z.string().uuid() }).strict(),
  transfer: z.object({ id: z.string().min(1).max(100) }).strict(),
  resolve: z.object({ id: z.string().min(1).max(100).optional(), keep: z.enum(['mine', 'theirs', 'both']) }).strict(),
  download: z.object({ paths: z.array(path).min(1).max(500) }).strict(),
  downloadId: z.object({ id: z.string().uuid() }).strict(),
  subfolders: z.object({ path, files: z.boolean().optional() }).strict(),
};

/** The largest chunk the renderer sends at once (before base64). */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** The link a colleague opens in Govdesk: govdesk://files/<path>, each segment encoded. */
export function filesLink(path: string): string {
  return `govdesk://files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The path a govdesk://files/ link names, or null when it is not one (or tries to leave the root). */
export function parseFilesLink(link: string): string | null {
  const m = /^govdesk:\/\/files\/(.+)$/i.exec(link.trim());
  if (!m?.[1]) return null;
  try {
    const parts = m[1].split('/').map((s) => decodeURIComponent(s).normalize('NFC'));
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('/') || p.includes('\\'))) return null;
    return parts.join('/');
  } catch {
    return null;
  }
}

/** Where the app shows a path a link named: the Files section with the path in its hash. */
export function filesHash(path: string): string {
  return `#/files?path=${encodeURIComponent(path)}`;
}
