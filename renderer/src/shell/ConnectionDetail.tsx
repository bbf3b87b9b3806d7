import { Button, Group, Paper } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceStatus } from '../../../shared/status';
import { api } from '../bridge';
import { errorKey, errorKeyOptions } from '../i18n';
import { ErrorNote } from '../ui/ErrorNote';
import { Icon } from '../ui/Icon';

/**
 * Each server the account uses: whether it answers, since when, why not,
 * when the app tries again by itself, and what waits for it; "try now" asks
 * every one that does not answer at once. Escape closes it.
 */
export function ConnectionDetail({ services, onClose }: { services: ServiceStatus[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ref = useRef<HTMLElement>(null);
  const time = (ms: number) => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(ms);
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const tryNow = () => {
    setBusy(true);
    setError(null);
    api
      .call('sync.tryNow', {})
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const anyDown = services.some((s) => s.state !== 'online');
  return (
    <Paper component="section" id="connection-detail" className="connection-detail" withBorder shadow="md" p="md" aria-label={t('status.detail')} tabIndex={-1} ref={ref} data-testid="connection-detail">
      <h2>{t('status.detail')}</h2>
      <ul>
        {services.map((s) => (
          <li key={s.service} data-service={s.service} data-state={s.state}>
            <strong className={`conn conn-${s.state === 'online' ? 'online' : s.state === 'unknown' ? 'unknown' : 'offline'}`}>{t(`status.services.${s.service}`)}</strong>{' '}
            <span>{t(`status.state.${s.state}`)}</span>
            {s.since !== null && s.state !== 'online' ? <span> · {t('status.since', { time: time(s.since) })}</span> : null}
            {s.waiting > 0 ? <span> · {t('status.waiting', { count: s.waiting })}</span> : null}
            {s.sending ? <span> · {t('status.sending')}</span> : null}
            {s.error && s.state !== 'online' ? (
              <p className="muted">
                {t(errorKey(s.error.code), errorKeyOptions)}
                {s.error.detail ? (
                  <details>
                    <summary>{t('errors.details')}</summary>
                    <code>{s.error.detail}</code>
                  </details>
                ) : null}
              </p>
            ) : null}
            {s.state !== 'online' && s.lastOkAt !== null ? <p className="muted">{t('status.lastOk', { time: time(s.lastOkAt) })}</p> : null}
            {s.nextRetryAt !== null ? <p className="muted">{t('status.nextRetry', { time: time(s.nextRetryAt) })}</p> : null}
          </li>
        ))}
      </ul>
      <Group gap="xs" mt="sm">
        <Button size="xs" onClick={tryNow} disabled={busy || !anyDown} loading={busy} aria-busy={busy} leftSection={<Icon name="retry" />}>
          {busy ? t('status.trying') : t('status.tryNow')}
        </Button>
        <Button size="xs" variant="default" onClick={onClose}>
          {t('status.close')}
        </Button>
      </Group>
      {error ? <ErrorNote error={error} /> : null}
    </Paper>
  );
}
