import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { addDays, dateOf, formatDay, SCHEDULE_ZONE } from './dates';
import { EventPanel } from './EventPanel';
import { OccurrenceEntry } from './OccurrenceEntry';

/** The user's own calendars, one column per day of the week. */
export function WeekView({ monday }: { monday: string }) {
  const { t, i18n } = useTranslation();
  const week = useCall('calendar', 'calendar.range', { from: monday, to: addDays(monday, 7), timeZone: SCHEDULE_ZONE });
  const [open, setOpen] = useState<string | null>(null);
  if (week.error) return <ErrorNote error={week.error} />;
  if (!week.data) return <div className="loading" aria-busy="true" />;

  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  // A timed event shows on every day it touches, an all-day one on its dates.
  const on = (day: string) =>
    week.data.filter((o) => (o.allDay ? o.startDate! <= day && day < o.endDate! : dateOf(o.start) <= day && day <= dateOf(Math.max(o.start, o.end - 1))));

  return (
    <>
    {open ? <EventPanel key={open} id={open} onClose={() => setOpen(null)} /> : null}
    <div className="week-grid" role="list" aria-label={t('schedule.tabs.week')}>
      {days.map((day) => (
        <section key={day} className="week-day" role="listitem" aria-label={formatDay(day, i18n.language)} data-date={day}>
          <h2>{formatDay(day, i18n.language, 'short')}</h2>
          {on(day).length === 0 ? <p className="empty">{t('schedule.nothing')}</p> : null}
          <ul>
            {on(day).map((o) => (
              <OccurrenceEntry key={o.id} o={o} onOpen={() => setOpen(o.id)} />
            ))}
          </ul>
        </section>
      ))}
    </div>
    </>
  );
}
