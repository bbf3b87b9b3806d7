import { Button } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/status';
import { useCall } from '../bridge/queries';
import { StatusSignIn } from '../features/auth/StatusSignIn';
import { formatClock, formatStamp } from '../ui/format';
import { ConnectionDetail } from './ConnectionDetail';

/** "Online" only when every server answers; otherwise which do not, since when, and what waits. */
function connectionText(status: SyncStatus | undefined, t: (k: string, o?: Record<string, unknown>) => string, time: (ms: number) => string): string {
  if (!status || status.services.length === 0) return t(`status.${status?.connection ?? 'unknown'}`);
  if (status.connection === 'online') return t('status.online');
  const down = status.services.filter((s) => s.state !== 'online' && s.state !== 'unknown');
  if (down.length === 0) return t('status.unknown');
  const since = Math.min(...down.map((s) => s.since ?? Date.now()));
  const list = down.map((s) => t(`status.services.${s.service}`)).join(', ');
  return t(status.connection === 'offline' ? 'status.allDown' : 'status.someDown', { list, time: time(since) });
}

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const { data: status } = useCall('app', 'status.get', {});
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const time = (ms: number) => formatStamp(ms, i18n.language);
  const clock = (ms: number) => formatClock(ms, i18n.language);
  const waiting = status?.services.reduce((n, s) => n + s.waiting, 0) ?? 0;
  const services = status?.services ?? [];
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <span data-testid="status-account" title={status?.account?.email}>
        {status?.account ? (status.account.unit ? t('auth.status', { name: status.account.name, unit: status.account.unit }) : status.account.name) : t('status.notSignedIn')}
      </span>
      {status && !status.account ? <StatusSignIn /> : null}
      <Button
        variant="subtle"
        color="dark"
        size="compact-sm"
        fw={400}
        data-testid="status-connection"
        data-connection={status?.connection ?? 'unknown'}
        className="conn-button"
        leftSection={<span className={`conn conn-${status?.connection ?? 'unknown'}`} aria-hidden="true" />}
        aria-expanded={open}
        aria-controls="connection-detail"
        disabled={services.length === 0}
        onClick={() => setOpen((o) => !o)}
      >
        {connectionText(status, t, clock)}
      </Button>
      {waiting > 0 ? <span data-testid="status-waiting">{t('status.waiting', { count: waiting })}</span> : null}
      <span data-testid="status-sync">
        {status?.syncing ? t('status.syncing') : status?.lastSyncAt ? t('status.lastSync', { time: time(status.lastSyncAt) }) : t('status.neverSynced')}
      </span>
      {open && services.length > 0 ? <ConnectionDetail services={services} onClose={close} /> : null}
    </footer>
  );
}
