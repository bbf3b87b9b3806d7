// The files.* calls of the contract (composed into shared/api.ts).
import type { z } from 'zod';
import type { DownloadStart, DownloadView, FileConflictView, FileRoot, FolderListing, OpenResult, SubfolderListing, TransferView } from './files';
import { filesParams } from './files';
import { z as zod } from 'zod';

interface CallSpec<P extends z.ZodType, R> {
  params: P;
  result?: R;
}
function call<R>() {
  return <P extends z.ZodType>(params: P): CallSpec<P, R> => ({ params });
}
const none = zod.object({}).strict();

export const filesCalls = {
  /** The user's home and the department folders the organization names; accessible false after a 403. */
  'files.roots': call<FileRoot[]>()(none),
  /** A folder from the cache, sorted (folders first); listed again from the server soon when older than 30 s. */
  'files.list': call<FolderListing>()(filesParams.list),
  /** Lists one folder from the server now and answers it from the cache. */
  'files.refresh': call<FolderListing>()(filesParams.path),
  'files.mkdir': call<{ path: string }>()(filesParams.mkdir),
  'files.rename': call<{ path: string }>()(filesParams.rename),
  'files.move': call<{ path: string }>()(filesParams.moveCopy),
  'files.copy': call<{ path: string }>()(filesParams.moveCopy),
  /** The UI asks first; queued with If-Match on the ETag the user saw. */
  'files.delete': call<{ deleted: true }>()(filesParams.path),
  /** Keep on this device (kept current in the background, readable offline) or free up space (only copies the server also has). */
  'files.keep': call<{ kept: boolean }>()(filesParams.keep),
  /** Opens the copy on this device in the system's application (fetched first when not current), locks it where the server allows, and uploads its saves. */
  'files.open': call<OpenResult>()(filesParams.path),
  /** The user finished editing a file opened with files.open: its lock is released (after a waiting save is sent). */
  'files.doneEditing': call<{ released: boolean }>()(filesParams.path),
  /** An upload from the UI: begin (the name checked), chunks in base64 in order, end (queued in the outbox) or cancel. */
  'files.uploadBegin': call<{ uploadId: string; path: string }>()(filesParams.uploadBegin),
  'files.uploadChunk': call<{ received: number }>()(filesParams.uploadChunk),
  'files.uploadEnd': call<{ path: string }>()(filesParams.upload),
  'files.uploadCancel': call<{ cancelled: true }>()(filesParams.upload),
  /** What waits for the server, in order, with progress and the reason of a refusal. */
  'files.transfers': call<TransferView[]>()(none),
  'files.cancelTransfer': call<{ cancelled: boolean }>()(filesParams.transfer),
  'files.retryTransfer': call<{ queued: true }>()(filesParams.transfer),
  /** Every conflict with its full path: both versions are kept until the user picks. */
  'files.conflicts': call<FileConflictView[]>()(none),
  /** Keep mine, theirs or both, for one conflict (id) or for all. */
  'files.resolveConflict': call<{ resolved: number }>()(filesParams.resolve),
  'files.sync': call<{ synced: true }>()(none),
  /**
   * Saves files or folders on this computer: the shell asks where (Electron's
   * dialog) or uses its downloads folder (the host). Streamed in the
   * background under a temporary name, renamed when complete.
   */
  'files.download': call<DownloadStart>()(filesParams.download),
  /** Downloads of this session with their progress. */
  'files.downloads': call<DownloadView[]>()(none),
  /** Stops a download: its partial file is removed. */
  'files.cancelDownload': call<{ cancelled: boolean }>()(filesParams.downloadId),
  /** Forgets a finished download in the list. */
  'files.dismissDownload': call<{ dismissed: true }>()(filesParams.downloadId),
  /** Shows a finished download in the system's file manager. */
  'files.showDownload': call<{ shown: true }>()(filesParams.downloadId),
  /** A folder's subfolders (and files, when asked) for the folder picker, from the cache. */
  'files.subfolders': call<SubfolderListing>()(filesParams.subfolders),
} as const;
