// The documents.* calls of the contract, composed into `calls` in shared/api.ts.
import { z } from 'zod';
import type { CallSpec } from './api';
import type { DocDirectory, DocFacets, DocFile, DocOfflineUse, DocOpenedFile, DocOutboxEntry, DocPage, DocSearchResult, DocView, DocumentsOverview } from './documents';
import { documentsParams } from './documents';
import type { EdxmlPreview, RegisterPackageResult } from './documents-import';
import { readPackageParams, registerPackageParams } from './documents-import';

function call<R>() {
  return <P extends z.ZodType>(params: P): CallSpec<P, R> => ({ params });
}

const none = z.object({}).strict();

export const documentCalls = {
  /** Who the user is in the document system, each box's count and unread count, what waits. */
  'documents.overview': call<DocumentsOverview>()(none),
  /** A page of a box from the cache, sorted and filtered; pass the previous page's `next` as `after`. */
  'documents.list': call<DocPage>()(documentsParams.list),
  /** The issuing agencies and document types present in a box, for its filters. */
  'documents.facets': call<DocFacets>()(documentsParams.facets),
  /** A document from the cache with every field, its history, the user's actions; marks it read. */
  'documents.open': call<DocView>()(documentsParams.open),
  /** Applies an action to the cache at once and queues it with its action id; answers the document as it now reads. */
  'documents.act': call<DocView>()(documentsParams.act),
  /** Full text over the cache, Vietnamese folding as in mail. */
  'documents.search': call<DocSearchResult>()(documentsParams.search),
  /** An attachment's bytes: from the cache, else fetched once and then kept. */
  'documents.file': call<DocFile>()(documentsParams.file),
  /** The document's original edXML package, byte for byte, to save (online: fetched from the document system). */
  'documents.exportPackage': call<DocFile>()(documentsParams.open),
  /** Units and people to assign to (from the document system). */
  'documents.directory': call<DocDirectory>()(none),
  /** Actions waiting for the server and those it refused, oldest first. */
  'documents.outbox': call<DocOutboxEntry[]>()(none),
  /** Sends a refused action again, on the document's current version. */
  'documents.outboxRetry': call<{ queued: true }>()(documentsParams.outboxEntry),
  /** Replaces a refused or waiting action by another (the user changed it), then sends it. */
  'documents.outboxChange': call<{ queued: true }>()(documentsParams.outboxChange),
  /** Gives up an action: the document shows the server's state again. */
  'documents.outboxDrop': call<{ dropped: boolean }>()(documentsParams.outboxEntry),
  /** An .edxml file the user opened or dropped, read in the core for viewing (nothing kept); a package the reader refuses answers its reason. */
  'documents.readPackage': call<EdxmlPreview>()(readPackageParams),
  /** The clerk registers an .edxml file: checked with the edXML reader, kept with its action id in the outbox, sent, received and registered (số đến) by the document system; one package is one document. */
  'documents.registerPackage': call<RegisterPackageResult>()(registerPackageParams),
  /** One of the document's edXML statuses (received, registered, assigned, processing, finished…) as a status package to save, written from the cache (offline too). */
  'documents.exportStatus': call<DocFile>()(documentsParams.status),
  /** An attachment that is not a PDF: kept in the cache as documents.file keeps it, written to the account's folder of opened files and opened with the system's application. */
  'documents.openFile': call<DocOpenedFile>()(documentsParams.file),
  /** Asks for a sync pass now. */
  'documents.refresh': call<{ requested: true }>()(none),
  /** How much the attachments kept for offline reading take, against the limit in Settings. */
  'documents.offlineUse': call<DocOfflineUse>()(none),
  /** "Free up space now": drops every kept file that can be fetched again (not To process's, not one with actions waiting). */
  'documents.freeSpace': call<DocOfflineUse & { freedBytes: number }>()(none),
} as const;
