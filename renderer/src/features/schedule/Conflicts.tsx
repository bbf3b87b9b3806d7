import { Button, Group } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ConflictView, EventDetail } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { errorKey, errorKeyOptions } from '../../i18n';
import { ErrorNote } from '../../ui/ErrorNote';
import { dateOf, formatDay, formatTime } from './dates';

/**
 * Writes the server refused or found stale, shown until the user decides
 * (ARCHITECTURE rule 3): both versions side by side, keep mine or take theirs.
 */
export function Conflicts() {
  const { t } = useTranslation();
  const list = useCall('calendar', 'calendar.conflicts', {});
  if (!list.data?.length) return null;
  return (
    <section className="conflicts no-print" aria-label={t('schedule.conflicts.title')}>
      <h2>{t('schedule.conflicts.title')}</h2>
      {list.data.map((c) => (
        <ConflictItem key={c.objectId} c={c} />
      ))}
    </section>
  );
}

function ConflictItem({ c }: { c: ConflictView }) {
  const { t } = useTranslation();
  const detail = useCall('calendar', 'calendar.get', { id: `${c.objectId}:` });
  const resolve = useMutation({ mutationFn: (keep: 'mine' | 'theirs') => api.call('calendar.resolveConflict', { objectId: c.objectId, keep }) });
  const server = detail.data?.conflict?.server;
  return (
    <div className="conflict" data-object={c.objectId}>
      <p>
        <strong>{c.summary}</strong> — {t(errorKey(c.reason), errorKeyOptions)}
      </p>
      {detail.data ? (
        <div className="versions">
          <Version title={t('schedule.conflicts.mine')} e={detail.data} />
          {detail.data.conflict ? server ? <Version title={t('schedule.conflicts.theirs')} e={server} /> : <p>{t('schedule.conflicts.deletedThere')}</p> : null}
        </div>
      ) : null}
      <Group gap="xs" my="xs">
        <Button size="xs" onClick={() => resolve.mutate('mine')} disabled={resolve.isPending}>
          {t('schedule.conflicts.keepMine')}
        </Button>
        <Button size="xs" variant="default" onClick={() => resolve.mutate('theirs')} disabled={resolve.isPending}>
          {t('schedule.conflicts.takeTheirs')}
        </Button>
      </Group>
      {resolve.error ? <ErrorNote error={resolve.error} /> : null}
    </div>
  );
}

function Version({ title, e }: { title: string; e: Omit<EventDetail, 'conflict'> }) {
  const { i18n } = useTranslation();
  return (
    <div className="version">
      <h3>{title}</h3>
      <p className="what">{e.summary}</p>
      {/* A task without a due date has no time to show. */}
      {e.start || e.end ? (
        <p className="when">
          {formatDay(dateOf(e.start), i18n.language)} {e.allDay ? '' : `${formatTime(e.start, i18n.language)}–${formatTime(e.end, i18n.language)}`}
        </p>
      ) : null}
      {e.location ? <p className="where">{e.location}</p> : null}
    </div>
  );
}
