import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { addDays, SCHEDULE_ZONE } from './dates';
import { EventPanel } from './EventPanel';
import { OccurrenceEntry } from './OccurrenceEntry';

/** One day, in time order, all-day entries first. */
export function DayView({ date }: { date: string }) {
  const { t } = useTranslation();
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
          <OccurrenceEntry key={o.id} o={o} onOpen={() => setOpen(o.id)} />
        ))}
      </ol>
    </>
  );
}
