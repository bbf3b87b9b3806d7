// The calls behind the Documents section's printed outputs: the incoming
// register and the report of processing, read from the cache only. Printing
// them to a PDF is the window's print (documents.exportPrintPdf in core.ts,
// the same PdfExport as the agency schedule).
import type { Handlers } from '../rpc';
import type { DocumentCache } from './cache';
import { processingReport } from './processing-report';
import { incomingRegister } from './register';

export type DocumentsPrintCallName = 'documents.register' | 'documents.processingReport';

export interface DocumentsPrintDeps {
  cache: DocumentCache;
  /** The agency whose register it is: the organization's name. */
  agency: string;
  now: () => number;
}

export function documentPrintHandlers(d: DocumentsPrintDeps): Pick<Handlers, DocumentsPrintCallName> {
  return {
    'documents.register': (p) => incomingRegister(d.cache.store.registeredBetween(p.from, p.to), { agency: d.agency, from: p.from, to: p.to, register: p.register }),
    'documents.processingReport': (p) =>
      processingReport(d.cache.store.assignedBetween(p.from, p.to), { agency: d.agency, from: p.from, to: p.to, now: d.now(), directory: d.cache.directory() }),
  };
}

/** The file name a printed output is offered under: so-den-2026-12-01_2026-12-07.pdf, bao-cao-xu-ly-….pdf. */
export function documentsPdfName(kind: 'register' | 'report', from: string, to: string): string {
  const period = from === to ? from : `${from}_${to}`;
  return `${kind === 'register' ? 'so-dang-ky-van-ban-den' : 'bao-cao-xu-ly-van-ban'}-${period}.pdf`;
}
