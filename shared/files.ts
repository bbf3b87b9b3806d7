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

export interface OpenResult {
  /** The local copy the system's application opened. */
  localPath: string;
  /** Someone else holds a lock on it: a save will wait until they release it. */
  lockedByOther: boolean;
}

const path = z.string().min(1).max(4096).refine((p) => !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '.' || s === ''), 'a path below the WebDAV root');

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
};

/** The largest chunk the renderer sends at once (before base64). */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
