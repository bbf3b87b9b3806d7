import { Alert, Button, Group } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocAttachment, DocFile, DocOpenedFile, DocView } from '../../../../shared/documents';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';

// pdf.js is large: loaded when the first PDF opens.
const PdfViewer = lazy(() => import('./PdfViewer'));

function bytesOf(file: DocFile): Uint8Array {
  const bin = atob(file.dataBase64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sizeText(n: number, language: string): string {
  const kb = n / 1024;
  return kb < 1024 ? `${new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(kb)} KB` : `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(kb / 1024)} MB`;
}

/** Saves a file through the browser's download (exported packages). */
export function download(name: string, type: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Attachments({ doc }: { doc: DocView }) {
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState<{ att: DocAttachment; data: Uint8Array } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [opened, setOpened] = useState<DocOpenedFile | null>(null);
  const isPdf = (att: DocAttachment) => /pdf/i.test(att.contentType) || /\.pdf$/i.test(att.name);
  const open = (att: DocAttachment) => {
    setBusy(att.id);
    setError(null);
    setOpened(null);
    // A PDF is shown here; any other type is kept in the cache and handed to the system's application by the core.
    if (!isPdf(att)) {
      api.call('documents.openFile', { documentId: doc.id, attachmentId: att.id }).then(
        (f) => (setBusy(null), setOpened(f)),
        (err: unknown) => (setBusy(null), setError(err)),
      );
      return;
    }
    api.call('documents.file', { documentId: doc.id, attachmentId: att.id }).then(
      (file) => {
        setBusy(null);
        setShown({ att, data: bytesOf(file) });
      },
      (err: unknown) => (setBusy(null), setError(err)),
    );
  };
  if (doc.files.length === 0) return <p className="muted">{t('documents.view.noFiles')}</p>;
  return (
    <>
      <ul className="doc-files">
        {doc.files.map((f) => (
          <li key={f.id} data-file={f.name} data-kept={f.kept ? 'true' : 'false'}>
            <Group gap="xs">
              <Button size="compact-sm" variant="light" onClick={() => open(f)} loading={busy === f.id} data-open-file={f.id}>
                {f.name}
              </Button>
              <span className="muted">
                {sizeText(f.size, i18n.language)}
                {f.kept ? ` · ${t('documents.view.keptOffline')}` : ''}
              </span>
            </Group>
          </li>
        ))}
      </ul>
      {error ? <ErrorNote error={error} /> : null}
      {opened ? (
        <Alert color="govblue" variant="light" icon={<Icon name="file" />} role="status" data-opened-file={opened.name} withCloseButton onClose={() => setOpened(null)}>
          {t('documents.view.openedWith', { name: opened.name, path: opened.localPath })}
        </Alert>
      ) : null}
      {shown ? (
        <Suspense fallback={<div aria-busy="true" />}>
          <PdfViewer key={shown.att.id} name={shown.att.name} data={shown.data} onClose={() => setShown(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
