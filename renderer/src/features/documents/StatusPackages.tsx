// The edXML statuses the document system recorded for a document (what we
// told its sender, or what the agencies we sent it to told us), each saved
// as a status package through the same path as the document's own package.
import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocView } from '../../../../shared/documents';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatStamp } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { download } from './Attachments';

const KNOWN = new Set(['01', '02', '03', '04', '05', '06', '13', '15', '16']);

export function StatusPackages({ doc }: { doc: DocView }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (doc.statuses.length === 0) return null;
  const save = (index: number) => {
    setBusy(index);
    setError(null);
    api.call('documents.exportStatus', { id: doc.id, index }).then(
      (f) => {
        setBusy(null);
        const bin = atob(f.dataBase64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        download(f.name, f.contentType, bytes);
      },
      (err: unknown) => (setBusy(null), setError(err)),
    );
  };
  const name = (code: string) => (KNOWN.has(code) ? t(`documents.statusCode.${code}`) : t('documents.statusCode.other', { code }));
  return (
    <>
      <h3>{t('documents.view.statuses')}</h3>
      <ul className="doc-statuses">
        {doc.statuses.map((s, i) => (
          <li key={i} data-status-code={s.code}>
            <Group gap="xs">
              <strong>
                {s.code} · {name(s.code)}
              </strong>
              <span className="muted">
                <time dateTime={s.at}>{formatStamp(Date.parse(s.at), i18n.language)}</time> ·{' '}
                {t(s.direction === 'sent' ? 'documents.view.statusSent' : 'documents.view.statusReceived', { org: s.organization.name })}
              </span>
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<Icon name="file" />}
                loading={busy === i}
                onClick={() => save(i)}
                aria-label={t('documents.view.saveStatusOf', { code: s.code, name: name(s.code) })}
                data-export-status={s.code}
              >
                {t('documents.view.saveStatus')}
              </Button>
            </Group>
            {s.description ? <p className="muted">{s.description}</p> : null}
          </li>
        ))}
      </ul>
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}
