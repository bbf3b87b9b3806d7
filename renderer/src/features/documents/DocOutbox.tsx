import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocOutboxEntry } from '../../../../shared/documents';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { queuedState, useServiceStatus } from '../../shell/useConnection';
import { errorKey, errorKeyOptions } from '../../i18n';
import { ErrorNote } from '../../ui/ErrorNote';
import { ActionForm } from './ActionForm';

/** One waiting or refused action: what it is, why the server said no and what the document is now; retry, change, drop. */
export function OutboxEntry({ e, compact }: { e: DocOutboxEntry; compact?: boolean }) {
  const { t } = useTranslation();
  const service = useServiceStatus('documents');
  const [changing, setChanging] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (p: Promise<unknown>) => p.then(() => setError(null), setError);
  return (
    <li data-state={e.state} data-action={e.action.type} className="doc-outbox-entry">
      <strong>{t(`documents.action.${e.action.type}`)}</strong>
      {compact ? null : <span> · {e.code || e.subject}</span>}
      {e.package ? <span className="muted"> · {t('documents.outbox.package', { name: e.package.name })}</span> : null}
      {e.state === 'refused' ? (
        <div className="doc-refused" role="alert">
          <p>{t(errorKey(e.error?.code ?? 'documents.conflict'), errorKeyOptions)}</p>
          {e.error?.message ? (
            <p>
              {t('documents.outbox.serverSaid')} <q>{e.error.message}</q>
            </p>
          ) : null}
          {e.currentState ? <p>{t('documents.outbox.nowState', { state: t(`documents.state.${e.currentState}`) })}</p> : null}
        </div>
      ) : (
        <span className="muted"> · {t(`documents.outbox.${queuedState(service, e.state === 'sending')}`)}</span>
      )}
      {error ? <ErrorNote error={error} /> : null}
      {changing ? (
        <ActionForm
          type={e.action.type}
          initial={e.action}
          onCancel={() => setChanging(false)}
          onSubmit={(action) => run(api.call('documents.outboxChange', { id: e.id, action }).then(() => setChanging(false)))}
        />
      ) : (
        <Group gap={4} mt={4}>
          {e.state === 'refused' ? (
            <Button size="compact-xs" onClick={() => void run(api.call('documents.outboxRetry', { id: e.id }))}>
              {t('documents.outbox.retry')}
            </Button>
          ) : null}
          {e.state !== 'sending' ? (
            <Button size="compact-xs" variant="default" onClick={() => setChanging(true)}>
              {t('documents.outbox.change')}
            </Button>
          ) : null}
          {e.state !== 'sending' ? (
            <Button size="compact-xs" variant="subtle" color="govred" onClick={() => void run(api.call('documents.outboxDrop', { id: e.id }))}>
              {t('documents.outbox.drop')}
            </Button>
          ) : null}
        </Group>
      )}
    </li>
  );
}

export function DocOutbox() {
  const { t } = useTranslation();
  const q = useCall('documents', 'documents.outbox', {});
  if (!q.data || q.data.length === 0) return null;
  return (
    <section className="mail-outbox doc-outbox" aria-label={t('documents.outbox.title')}>
      <h2>{t('documents.outbox.title')}</h2>
      <ul>
        {q.data.map((e) => (
          <OutboxEntry key={e.id} e={e} />
        ))}
      </ul>
    </section>
  );
}
