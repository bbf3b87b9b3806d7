import { useTranslation } from 'react-i18next';
import { useCall } from '../bridge/queries';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const { data: status } = useCall('app', 'status.get', {});
  const time = (ms: number) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(ms);
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <span data-testid="status-account">{status?.account ? `${status.account.name} · ${status.account.email}` : t('status.notSignedIn')}</span>
      <span data-testid="status-connection" className={`conn conn-${status?.connection ?? 'unknown'}`}>
        {t(`status.${status?.connection ?? 'unknown'}`)}
      </span>
      <span data-testid="status-sync">
        {status?.syncing ? t('status.syncing') : status?.lastSyncAt ? t('status.lastSync', { time: time(status.lastSyncAt) }) : t('status.neverSynced')}
      </span>
    </footer>
  );
}
