import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { Icon } from '../../ui/Icon';
import { errorKey, errorKeyOptions } from '../../i18n';
import { formatTime } from './dates';

/**
 * What the calendars could not give in full, said rather than hidden: a
 * calendar whose last sync failed (its saved copy is what shows), and the
 * objects read only in part, with the server's path and the reason, so the
 * user can tell IT exactly which item is broken.
 */
export function Unreadable() {
  const { t, i18n } = useTranslation();
  const calendars = useCall('calendar', 'calendar.calendars', {});
  const items = useCall('calendar', 'calendar.unreadable', {});
  const failed = (calendars.data ?? []).filter((c) => c.syncError);
  const list = items.data ?? [];
  if (!failed.length && !list.length) return null;
  return (
    <Alert className="unreadable no-print" role="region" aria-label={t('schedule.unreadable.title')} color="yellow" variant="light" p="xs" icon={<Icon name="warning" />}>
      {failed.map((c) => (
        <p key={c.id} className="sync-failed" role="status" data-calendar={c.id}>
          {t('schedule.unreadable.syncFailed', {
            name: c.displayName || t('schedule.untitled'),
            time: c.syncError ? formatTime(c.syncError.at, i18n.language) : '',
          })}{' '}
          {t(errorKey(c.syncError?.code ?? 'calendar.server_error'), errorKeyOptions)}
          {c.syncError?.detail ? <span className="detail"> ({c.syncError.detail})</span> : null}
        </p>
      ))}
      {list.length ? (
        <details>
          <summary>{t('schedule.unreadable.count', { count: list.length })}</summary>
          <ul>
            {list.map((u) => (
              <li key={u.objectId} data-object={u.objectId}>
                <code className="path">{u.path}</code> <span className="calendar">({u.calendarName})</span>
                {u.summary ? <strong> {u.summary}</strong> : null}
                {u.shown ? <span className="shown"> — {t('schedule.unreadable.shown')}</span> : null}
                <ul className="reasons">
                  {u.reasons.map((w, i) => (
                    <li key={i}>
                      {t(`schedule.warnings.${w.code}`, { defaultValue: t('schedule.warnings.unparsable') })}
                      {w.detail ? <span className="detail"> ({w.detail})</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Alert>
  );
}
