// The worker thread that reads the text of PDF attachments for search (issue
// 15, item 6): pdf.js's parser is long CPU work, never run on the thread that
// answers the UI. One message in ({ id, data }), one out ({ id, text } or
// { id, error }); no eval, no fonts, no network.
import { parentPort } from 'node:worker_threads';

/** Enough for search; a 500-page annex is not read to its end. */
const MAX_PAGES = 200;
const MAX_CHARS = 200_000;

interface Job {
  id: number;
  data: Uint8Array;
}

type PdfJs = typeof import('pdfjs-dist');

let pdfjs: Promise<PdfJs> | null = null;

async function extract(data: Uint8Array): Promise<string> {
  // The legacy build runs on Node 20 (the modern one needs newer built-ins).
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<PdfJs>;
  const lib = await pdfjs;
  const doc = await lib.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    let out = '';
    for (let i = 1; i <= Math.min(doc.numPages, MAX_PAGES) && out.length < MAX_CHARS; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item) out += item.str + (item.hasEOL ? '\n' : '');
      out += '\n';
      page.cleanup();
    }
    return out.slice(0, MAX_CHARS).normalize('NFC');
  } finally {
    await doc.destroy();
  }
}

parentPort?.on('message', (job: Job) => {
  extract(job.data).then(
    (text) => parentPort?.postMessage({ id: job.id, text }),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
