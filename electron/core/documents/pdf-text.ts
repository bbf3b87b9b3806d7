// The core's side of PDF text extraction: a worker thread (pdf-text-worker.ts)
// started on the first file and ended when idle, jobs one at a time. The
// worker's code is the bundled file beside this one, or the TypeScript source
// under tsx and vitest (as mail's indexer does).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export const PDF_TEXT_WORKER_BUNDLE = 'documents-pdf-text-worker.cjs';
const IDLE_MS = 20_000;

type Reply = { id: number; text: string } | { id: number; error: string };

function spawn(): Worker {
  const here = import.meta.dirname;
  const bundled = join(here, PDF_TEXT_WORKER_BUNDLE);
  if (existsSync(bundled)) return new Worker(bundled);
  const url = pathToFileURL(join(here, 'pdf-text-worker.ts')).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); });`, { eval: true });
}

export class PdfTextExtractor {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (t: string) => void; reject: (e: Error) => void }>();
  private idle: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  /** The text of a PDF, read on the worker thread. */
  extract(data: Uint8Array): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the text reader is closed'));
    const w = this.ensure();
    const id = this.next++;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    return new Promise<string>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, data });
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawn();
    w.unref();
    w.on('message', (m: Reply) => {
      const job = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ('text' in m) job?.resolve(m.text);
      else job?.reject(new Error(m.error));
      if (this.waiting.size === 0) this.idle = setTimeout(() => this.stopWorker(), IDLE_MS);
    });
    const fail = (err: Error) => {
      for (const job of this.waiting.values()) job.reject(err);
      this.waiting.clear();
      this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`the PDF text worker ended (${code})`)));
    this.worker = w;
    return w;
  }

  private stopWorker(): void {
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
  }

  close(): void {
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
    for (const job of this.waiting.values()) job.reject(new Error('closed'));
    this.waiting.clear();
    this.stopWorker();
  }
}
