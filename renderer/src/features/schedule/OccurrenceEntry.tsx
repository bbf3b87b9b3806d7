import { UnstyledButton } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { OccurrenceView } from '../../../../shared/calendar';
import { formatTime } from './dates';
import { JoinButton } from './JoinButton';
import { OccurrenceTitle } from './OccurrenceTitle';
import { SyncBadge } from './SyncBadge';

/** One event or task in a list: when, what (opens it), where, its sync state, Join. */
/** `style` places it on the day view's time grid (set through the CSSOM, which the CSP allows). */
export function OccurrenceEntry({ o, onOpen, style }: { o: OccurrenceView; onOpen: () => void; style?: CSSProperties }) {
  const { t, i18n } = useTranslation();
  return (
    <li className={`entry state-${o.localState} kind-${o.component.toLowerCase()}`} data-id={o.id} style={style} title={o.summary || undefined}>
      <span className="when">
        {o.allDay
          ? t('schedule.allDay')
          : o.component === 'VTODO'
            ? t('schedule.due', { time: formatTime(o.end, i18n.language) })
            : `${formatTime(o.start, i18n.language)}–${formatTime(o.end, i18n.language)}`}
      </span>
      <UnstyledButton className="what" onClick={onOpen}>
        <OccurrenceTitle o={o} />
      </UnstyledButton>
      {o.location ? <span className="where">{o.location}</span> : null}
      <SyncBadge state={o.localState} />
      {o.meetingUrl ? <JoinButton url={o.meetingUrl} /> : null}
    </li>
  );
}
