/**
 * The intake folder stands for the national exchange platform: a package
 * dropped into it (write it under another name, then rename it in) arrives in
 * the clerk's queue, or, for a status package, on the outgoing document it
 * answers. Files are moved to processed/ or refused/ (with a .reason.txt).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { urgencyOfPriority } from '../../../electron/core/documents/edxml/codes.ts';
import { readPackage } from '../../../electron/core/documents/edxml/read.ts';
import { readPackageFile } from '../../../electron/core/documents/edxml/read-file.ts';
import { EdxmlError } from '../../../electron/core/documents/edxml/xml.ts';
import { receivePackage, receiveStatus, type Ctx } from './domain.ts';
import { writeAtomic } from './blobs.ts';

export interface IntakeOptions {
  intakeDir: string;
  exchangeOutDir: string;
  maxPackageBytes: number;
  makeCtx: () => Ctx;
  log: (line: string) => void;
}


function move(file: string, toDir: string): string {
  mkdirSync(toDir, { recursive: true });
  let target = path.join(toDir, path.basename(file));
  for (let i = 1; existsSync(target); i++) target = path.join(toDir, `${path.basename(file)}.${i}`);
  renameSync(file, target);
  return target;
}

export function processIntakeFile(file: string, opts: IntakeOptions): 'document' | 'status' | 'refused' | 'unmatched' {
  const ctx = opts.makeCtx();
  try {
    const bytes = readPackageFile(file, opts.maxPackageBytes);
    const read = readPackage(bytes, { maxBytes: opts.maxPackageBytes });
    let outcome: 'document' | 'status' | 'unmatched' = 'document';
    ctx.store.tx(() => {
      if (read.kind === 'document') {
        const { sha } = ctx.blobs.put(bytes);
        const warnings = read.warnings.map((w) => `${w.element}: ${w.problem}: ${w.detail}`);
        if (!receivePackage(ctx, read.document, { sha, warnings }, urgencyOfPriority(read.document.otherInfo.priority) ?? 'thuong')) outcome = 'unmatched';
      } else {
        outcome = receiveStatus(ctx, read.status) ? 'status' : 'unmatched';
      }
    });
    for (const f of ctx.out) writeAtomic(path.join(opts.exchangeOutDir, f.name), f.bytes);
    move(file, path.join(opts.intakeDir, 'processed'));
    opts.log(`intake: ${path.basename(file)}: ${outcome}`);
    return outcome;
  } catch (err) {
    const reason = err instanceof EdxmlError ? `${err.element}: ${err.problem}: ${err.detail}` : err instanceof Error ? err.message : String(err);
    const moved = move(file, path.join(opts.intakeDir, 'refused'));
    writeFileSync(`${moved}.reason.txt`, `${reason}\n`);
    opts.log(`intake: ${path.basename(file)}: refused: ${reason}`);
    return 'refused';
  }
}

/** Packages waiting in the folder, oldest name first; temporary and hidden files are left alone. */
export function pending(intakeDir: string): string[] {
  if (!existsSync(intakeDir)) return [];
  return readdirSync(intakeDir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && /\.(edxml|xml)$/i.test(e.name))
    .map((e) => path.join(intakeDir, e.name))
    .sort();
}

export function startIntake(opts: IntakeOptions, intervalMs: number): () => void {
  mkdirSync(opts.intakeDir, { recursive: true });
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    try {
      for (const f of pending(opts.intakeDir)) processIntakeFile(f, opts);
    } finally {
      busy = false;
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
