// Saving the app's window as a PDF file where the user chooses (the agency's
// weekly schedule, issue 6). The shell prints and asks for the path
// (Platform.pdf); the core names the file, writes it atomically, and
// remembers what it wrote, so "Open folder" only ever shows a file it saved.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { PdfSaveResult } from '../../shared/api';
import { AppError } from './errors';
import type { PdfPageOptions, Platform } from './platform';

/** The printed form of the agency schedule (schedule.css has the same @page). */
export const SCHEDULE_PAGE: PdfPageOptions = { pageSize: 'A4', landscape: true };

export class PdfExport {
  private readonly saved = new Set<string>();

  constructor(private readonly platform: Pick<Platform, 'pdf'>) {}

  /** Asks where to save, prints the window, writes the file. A cancelled dialog is not an error: `{saved: false}`. */
  async save(suggestedName: string, page: PdfPageOptions = SCHEDULE_PAGE): Promise<PdfSaveResult> {
    const pdf = this.platform.pdf;
    if (!pdf) throw new AppError('export.unsupported', 'this shell cannot print to PDF; use the print dialog');
    const chosen = await pdf.chooseSavePath({ suggestedName, extensions: ['pdf'] });
    if (chosen === null) return { saved: false };
    // Some desktops' dialogs return the name as typed, without the extension.
    const path = extname(chosen) ? chosen : `${chosen}.pdf`;
    let bytes: Buffer;
    try {
      bytes = await pdf.printToPdf(page);
    } catch (err) {
      throw new AppError('export.failed', `print: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      writeFileAtomic(path, bytes);
    } catch (err) {
      throw new AppError('export.failed', `${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.saved.add(path);
    return { saved: true, path, fileName: basename(path) };
  }

  showInFolder(path: string): { shown: true } {
    if (!this.platform.pdf || !this.saved.has(path)) throw new AppError('shell.not_exported', path.slice(0, 300));
    this.platform.pdf.showInFolder(path);
    return { shown: true };
  }
}

/**
 * Write to a temporary file beside the target, flush it, then rename over
 * the target: a crash or a full disk never leaves half a PDF under the name
 * the user chose (or destroys the file it replaces).
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
