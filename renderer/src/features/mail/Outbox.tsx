import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxContent } from '../../../../shared/mail';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { errorKey, errorKeyOptions } from '../../i18n';
import { queuedState, useServiceStatus } from '../../shell/useConnection';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';

/**
 * What waits in the outbox, and what the server refused with its reason:
 * edit (a send the server never accepted, or took for only some of its
 * recipients: then the edit goes to the others), retry or give up. The entry being
 * edited offers nothing else meanwhile: its edit will take its place.
 */
export function Outbox({ editing, onEdit }: { editing: string | null; onEdit: (content: OutboxContent) => void }) {
  const { t } = useTranslation();
  const q = useCall('mail', 'mail.outbox', {});
  const service = useServiceStatus('mail');
  const [error, setError] = useState<unknown>(null);
  const items = q.data ?? [];
  if (items.length === 0) return null;
  const act = (p: Promise<unknown>) => {
    setError(null);
    p.catch(setError);
  };
  return (
    <section className="mail-outbox" aria-label={t('mail.outbox.label')}>
      <h2>{t('mail.outbox.label')}</h2>
      <ul>
        {items.map((o) => (
          <li key={o.id} data-state={o.state} aria-label={o.subject ?? t(`mail.outbox.kinds.${o.kind}`, { defaultValue: o.kind })}>
            <span>{o.subject ?? t(`mail.outbox.kinds.${o.kind}`, { defaultValue: o.kind })}</span>{' '}
            <span className="muted" data-testid="outbox-state">
              {o.id === editing ? t('mail.outbox.editing') : t(`mail.outbox.states.${o.state === 'pending' ? queuedState(service, false) : o.state}`)}
            </span>
            {o.state === 'refused' && o.id !== editing ? (
              <>
                {o.errorCode ? <p>{t(errorKey(o.errorCode), errorKeyOptions)}</p> : null}
                {o.refusedRecipients.length ? <p className="muted">{t('mail.outbox.notReached', { list: o.refusedRecipients.join(', ') })}</p> : null}
                <details>
                  <summary>{t('errors.details')}</summary>
                  <code>{o.errorDetail}</code>
                </details>
                <Group gap={6} mt={4}>
                  {o.editable ? (
                    <Button variant="default" size="compact-sm" leftSection={<Icon name="edit" />} onClick={() => act(api.call('mail.outboxOpen', { id: o.id }).then(onEdit))}>
                      {t('mail.outbox.edit')}
                    </Button>
                  ) : null}
                  {/* The others have it: trying again would change nothing for those it did not reach. */}
                  {o.refusedRecipients.length === 0 ? (
                    <Button variant="default" size="compact-sm" leftSection={<Icon name="retry" />} onClick={() => act(api.call('mail.outboxRetry', { id: o.id }))}>
                      {t('mail.outbox.retry')}
                    </Button>
                  ) : null}
                  <Button variant="subtle" color="govred" size="compact-sm" leftSection={<Icon name="trash" />} onClick={() => act(api.call('mail.outboxDiscard', { id: o.id }))}>
                    {t('mail.outbox.discard')}
                  </Button>
                </Group>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? <ErrorNote error={error} /> : null}
    </section>
  );
}
