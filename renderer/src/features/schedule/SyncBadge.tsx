import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LocalState } from '../../../../shared/calendar';
import { queuedState, useServiceStatus } from '../../shell/useConnection';

/**
 * An entry's sync state in words that are true now: a change waiting says
 * whether it waits for the connection or a new sign-in, or is about to go;
 * "sending" only while the calendar's outbox is on the wire.
 */
export function SyncBadge({ state }: { state: LocalState }) {
  const { t } = useTranslation();
  const calendar = useServiceStatus('calendar');
  if (state === 'synced') return null;
  const text = state === 'pending' ? t(`schedule.queued.${queuedState(calendar, calendar?.sending ?? false)}`) : t(`schedule.state.${state}`);
  return (
    <Badge className="badge" color={state === 'conflict' ? 'govred' : 'yellow'} autoContrast size="sm" data-sync={state === 'pending' ? queuedState(calendar, calendar?.sending ?? false) : state}>
      {text}
    </Badge>
  );
}
