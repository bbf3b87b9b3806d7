import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { addDays, formatTime, SCHEDULE_ZONE } from './dates';
import { EventPanel } from './EventPanel';
import { JoinButton } from './JoinButton';

/** One day, in time order, all-day entries first. */
export function DayView({ date }: { date: string }) {
  const { t, i18n } = useTranslation();
  const day = useCall('calendar', 'calendar.range', { from: date, to: addDays(date, 1), timeZone: SCHEDULE_ZONE });
  const [open, setOpen] = useState<string | null>(null);
  if (day.error) return <ErrorNote error={day.error} />;
  if (!day.data) return <div className="loading" aria-busy="true" />;
  return (
    <>
      {open ? <EventPanel key={open} id={open} onClose={() => setOpen(null)} /> : null}
      {day.data.length === 0 ? <p className="coming">{t('schedule.nothing')}</p> : null}
      <ol className="day-list">
        {day.data.map((o) => (
          <li key={o.id} className={`entry state-${o.localState} kind-${o.component.toLowerCase()}`}>
            <span className="when">
              {o.allDay
                ? t('schedule.allDay')
                : o.component === 'VTODO'
                  ? t('schedule.due', { time: formatTime(o.end, i18n.language) })
                  : `${formatTime(o.start, i18n.language)}–${formatTime(o.end, i18n.language)}`}
            </span>
            <button type="button" className="what" onClick={() => setOpen(o.id)}>
              {o.summary || t('schedule.untitled')}
            </button>
            {o.location ? <span className="where">{o.location}</span> : null}
            {o.localState !== 'synced' ? <span className="badge">{t(`schedule.state.${o.localState}`)}</span> : null}
            {o.meetingUrl ? <JoinButton url={o.meetingUrl} /> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
