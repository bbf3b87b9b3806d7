// Uploads from the UI: each file is read in slices (never whole) and handed
// to the core in base64 chunks (files.upload*), which stages it on disk and
// queues it in the outbox; sending to the server is the core's, and shows in
// the queue. Here: per-file and total progress of the hand-over, and cancel.
import { useCallback, useRef, useState } from 'react';
import { UPLOAD_CHUNK_BYTES } from '../../../../shared/files';
import { fileNameProblem } from '../../../../shared/file-names';
import { api } from '../../bridge';

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: 'waiting' | 'reading' | 'queued' | 'failed' | 'cancelled';
  error: unknown;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** A dropped folder's files carry their place in it (react-dropzone's `path`): "/Báo cáo/tuần 49/x.docx". */
function subfoldersOf(file: File): string[] {
  const rel = (file as File & { path?: string; webkitRelativePath?: string }).path ?? file.webkitRelativePath ?? '';
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  return parts.slice(0, -1);
}

export class NameRefused extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

export function useUploads(folder: string) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const cancelled = useRef(new Set<string>());
  const update = (key: string, change: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const start = useCallback(
    async (files: File[]) => {
      const batch = files.map((f, n) => ({ file: f, item: { key: `${Date.now()}-${n}-${f.name}`, name: f.name, size: f.size, sent: 0, state: 'waiting' as const, error: null } }));
      setItems((all) => [...all.filter((i) => i.state === 'reading' || i.state === 'waiting'), ...batch.map((b) => b.item)]);
      for (const { file, item } of batch) {
        if (cancelled.current.has(item.key)) continue;
        const problem = fileNameProblem(file.name) ?? subfoldersOf(file).map(fileNameProblem).find((p) => p !== null) ?? null;
        if (problem) {
          update(item.key, { state: 'failed', error: new NameRefused(problem) });
          continue;
        }
        let uploadId: string | null = null;
        try {
          update(item.key, { state: 'reading' });
          const subfolders = subfoldersOf(file);
          uploadId = (await api.call('files.uploadBegin', { folder, name: file.name, size: file.size, ...(subfolders.length ? { subfolders } : {}) })).uploadId;
          for (let at = 0; at < file.size; at += UPLOAD_CHUNK_BYTES) {
            if (cancelled.current.has(item.key)) break;
            const slice = new Uint8Array(await file.slice(at, at + UPLOAD_CHUNK_BYTES).arrayBuffer());
            const { received } = await api.call('files.uploadChunk', { uploadId, data: toBase64(slice) });
            update(item.key, { sent: received });
          }
          if (cancelled.current.has(item.key)) {
            await api.call('files.uploadCancel', { uploadId });
            update(item.key, { state: 'cancelled' });
            continue;
          }
          await api.call('files.uploadEnd', { uploadId });
          update(item.key, { state: 'queued', sent: file.size });
        } catch (err) {
          if (uploadId) await api.call('files.uploadCancel', { uploadId }).catch(() => undefined);
          update(item.key, { state: 'failed', error: err });
        }
      }
    },
    [folder],
  );

  const cancel = useCallback((key: string) => {
    cancelled.current.add(key);
    setItems((all) => all.map((i) => (i.key === key && i.state === 'waiting' ? { ...i, state: 'cancelled' } : i)));
  }, []);

  const clear = useCallback(() => setItems((all) => all.filter((i) => i.state === 'reading' || i.state === 'waiting')), []);

  return { items, start, cancel, clear };
}
