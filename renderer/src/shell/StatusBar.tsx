import { useTranslation } from 'react-i18next';
import { useCall } from '../bridge/queries';
import { StatusSignIn } from '../features/auth/StatusSignIn';
import { formatStamp } from '../ui/format';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const { data: status } = useCall('app', 'status.get', {});
  const time = (ms: number) => formatStamp(ms, i18n.language);
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <span data-testid="status-account" title={status?.account?.email}>
        {status?.account ? (status.account.unit ? t('auth.status', { name: status.account.name, unit: status.account.unit }) : status.account.name) : t('status.notSignedIn')}
      </span>
      {status && !status.account ? <StatusSignIn /> : null}
      <span data-testid="status-connection" className={`conn conn-${status?.connection ?? 'unknown'}`}>
        {t(`status.${status?.connection ?? 'unknown'}`)}
      </span>
      <span data-testid="status-sync">
        {status?.syncing ? t('status.syncing') : status?.lastSyncAt ? t('status.lastSync', { time: time(status.lastSyncAt) }) : t('status.neverSynced')}
      </span>
    </footer>
  );
}
