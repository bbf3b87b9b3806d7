import { Button, Group, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocSummary } from '../../../../shared/documents';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';

/** Urging applies to documents being worked on; the server decides in the end. */
export const URGEABLE = new Set<DocSummary['state']>(['assigned', 'in_progress']);

/**
 * Urge the documents picked in Following with one message: one `urge` action
 * per document, each queued with its own action id by the core (the server
 * applies each once however often it is sent). The message stays until every
 * document has its urge queued: nothing typed is lost on an error.
 */
export function UrgeMany({ picked, onDone, onClear }: { picked: DocSummary[]; onDone: (urged: string[]) => void; onClear: () => void }) {
  const { t } = useTranslation();
  const [writing, setWriting] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<{ doc: DocSummary; error: unknown }[]>([]);
  const [queued, setQueued] = useState(0);
  const urgeable = picked.filter((d) => URGEABLE.has(d.state));
  const skipped = picked.length - urgeable.length;
  if (picked.length === 0 && queued === 0) return null;

  const send = async () => {
    setBusy(true);
    const done: string[] = [];
    const errors: { doc: DocSummary; error: unknown }[] = [];
    // One after another: each is its own transaction in the cache and outbox.
    for (const doc of urgeable) {
      try {
        await api.call('documents.act', { id: doc.id, action: { type: 'urge', message: message.trim() } });
        done.push(doc.id);
      } catch (error) {
        errors.push({ doc, error });
      }
    }
    setBusy(false);
    setFailed(errors);
    setQueued(done.length);
    if (errors.length === 0) {
      setMessage('');
      setWriting(false);
    }
    onDone(done);
  };

  return (
    <div className="doc-urge-many" role="region" aria-label={t('documents.urge.open')}>
      {picked.length > 0 ? (
        <Group gap="xs" justify="space-between">
          <span aria-live="polite">{t('documents.urge.selected', { count: picked.length })}</span>
          <Group gap="xs">
            <Button size="compact-sm" variant="subtle" onClick={onClear}>
              {t('documents.urge.clear')}
            </Button>
            {writing ? null : (
              <Button size="compact-sm" onClick={() => setWriting(true)} disabled={urgeable.length === 0} data-urge-open>
                {t('documents.urge.open')}
              </Button>
            )}
          </Group>
        </Group>
      ) : null}
      {skipped > 0 ? <p className="muted">{t('documents.urge.notAllowed', { count: skipped })}</p> : null}
      {writing && picked.length > 0 ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (message.trim() && !busy) void send();
          }}
        >
          <Textarea
            label={t('documents.urge.message')}
            placeholder={t('documents.urge.placeholder')}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
            data-autofocus
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
              if (e.key === 'Escape') setWriting(false);
            }}
          />
          <Group gap="xs" mt="xs">
            <Button type="submit" size="compact-sm" loading={busy} disabled={!message.trim() || urgeable.length === 0} data-urge-send>
              {t('documents.urge.send')}
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={() => setWriting(false)}>
              {t('documents.urge.cancel')}
            </Button>
          </Group>
        </form>
      ) : null}
      {queued > 0 ? (
        <p className="muted" role="status">
          {t('documents.urge.queued', { count: queued })}
        </p>
      ) : null}
      {failed.map((f) => (
        <div key={f.doc.id}>
          <p>{t('documents.urge.failed', { code: f.doc.code || f.doc.subject })}</p>
          <ErrorNote error={f.error} />
        </div>
      ))}
    </div>
  );
}
