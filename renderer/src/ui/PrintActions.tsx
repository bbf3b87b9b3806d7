import { Button } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { PdfSaveResult } from '../../../shared/api';
import { api, CallError } from '../bridge';
import { ErrorNote } from './ErrorNote';
import { Icon } from './Icon';
import './print.css';

/**
 * Export PDF and Print for a printed sheet (the agency schedule, the incoming
 * register, the report of processing): one path for all of them. The shell
 * prints the window to a file where the user chooses (Electron's printToPDF
 * prints in print media, so the file is the same form as the print); a shell
 * that cannot (the headless host) says export.unsupported, and the print
 * dialog opens instead, with `printHint` (choose "Save as PDF").
 */
export function PrintActions({ exportPdf, onExporting, printHint }: { exportPdf: () => Promise<PdfSaveResult>; onExporting?: (on: boolean) => void; printHint: string }) {
  const { t } = useTranslation();
  const [fallback, setFallback] = useState(false);
  const save = useMutation({
    mutationFn: exportPdf,
    onMutate: () => onExporting?.(true),
    onSettled: () => onExporting?.(false),
    onError: (err) => {
      if (err instanceof CallError && err.code === 'export.unsupported') {
        setFallback(true);
        window.print();
      }
    },
  });
  const reveal = useMutation({ mutationFn: (path: string) => api.call('shell.showInFolder', { path }) });
  const saved = save.data?.saved ? save.data : null;
  const unsupported = save.error instanceof CallError && save.error.code === 'export.unsupported';
  return (
    <div className="no-print print-actions">
      <Button variant="default" leftSection={<Icon name="filePdf" />} onClick={() => save.mutate()} loading={save.isPending}>
        {t('ui.print.exportPdf')}
      </Button>
      <Button variant="default" leftSection={<Icon name="print" />} onClick={() => window.print()}>
        {t('ui.print.print')}
      </Button>
      <div className="export-result" role="status">
        {saved ? (
          <>
            <span>{t('ui.print.saved', { name: saved.fileName })}</span> <code className="saved-path">{saved.path}</code>{' '}
            <Button size="compact-sm" variant="subtle" leftSection={<Icon name="folder" />} onClick={() => reveal.mutate(saved.path)}>
              {t('ui.print.openFolder')}
            </Button>
          </>
        ) : fallback ? (
          <span className="hint">{printHint}</span>
        ) : null}
      </div>
      {save.error && !unsupported ? <ErrorNote error={save.error} /> : null}
      {reveal.error ? <ErrorNote error={reveal.error} /> : null}
    </div>
  );
}

/** True while the page is being printed, rendered before the print snapshot is taken. */
export function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}
