import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OccurrenceView } from '../../../../shared/calendar';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { addDays, SCHEDULE_ZONE } from './dates';
import { EventPanel } from './EventPanel';
import { OccurrenceEntry } from './OccurrenceEntry';
import { dayColumns, minuteOfDay } from './timeGrid';

/** Office hours shown even on an empty day; earlier or later entries stretch the grid. */
const DAY_START = 7 * 60;
const DAY_END = 18 * 60;
/** Pixels per hour: a 30-minute meeting still has room for its title. */
const HOUR_PX = 64;

/**
 * One day on a time grid: the hours down the side, each entry placed at its
 * time and as tall as it lasts, entries at the same time side by side;
 * all-day entries in a band above. A task sits at its due time.
 */
export function DayView({ date }: { date: string }) {
  const { t, i18n } = useTranslation();
  const day = useCall('calendar', 'calendar.range', { from: date, to: addDays(date, 1), timeZone: SCHEDULE_ZONE });
  const [open, setOpen] = useState<string | null>(null);
  if (day.error) return <ErrorNote error={day.error} />;
  if (!day.data) return <div className="loading" aria-busy="true" />;

  const allDay = day.data.filter((o) => o.allDay);
  const timed = day.data.filter((o) => !o.allDay);
  const span = (o: OccurrenceView): [number, number] => {
    const start = o.component === 'VTODO' ? minuteOfDay(o.end, date) - 30 : minuteOfDay(o.start, date);
    const end = minuteOfDay(o.end, date);
    return [Math.max(0, start), Math.min(24 * 60, Math.max(end, start + 15))];
  };
  const placed = dayColumns(timed.map((o) => ({ item: o, span: span(o) })));
  const first = Math.floor(Math.min(DAY_START, ...placed.map((p) => p.span[0])) / 60) * 60;
  const last = Math.ceil(Math.max(DAY_END, ...placed.map((p) => p.span[1])) / 60) * 60;
  const hours = Array.from({ length: (last - first) / 60 }, (_, i) => first / 60 + i);
  const clock = (h: number) => new Intl.DateTimeFormat(i18n.language.startsWith('vi') ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: i18n.language.startsWith('vi') ? 'h23' : 'h12', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, h));

  return (
    <>
      {open ? <EventPanel key={open} id={open} onClose={() => setOpen(null)} /> : null}
      {day.data.length === 0 ? <p className="coming">{t('schedule.nothing')}</p> : null}
      {allDay.length ? (
        <ul className="day-allday" aria-label={t('schedule.allDay')}>
          {allDay.map((o) => (
            <OccurrenceEntry key={o.id} o={o} onOpen={() => setOpen(o.id)} />
          ))}
        </ul>
      ) : null}
      <div className="day-grid" data-date={date} style={{ height: ((last - first) / 60) * HOUR_PX }}>
        <ol className="day-hours" aria-hidden="true">
          {hours.map((h) => (
            <li key={h} style={{ top: (h * 60 - first) * (HOUR_PX / 60) }}>
              {clock(h)}
            </li>
          ))}
        </ol>
        <ol className="day-list day-entries">
          {placed.map(({ item: o, span: [s, e], column, columns }) => (
            <OccurrenceEntry
              key={o.id}
              o={o}
              onOpen={() => setOpen(o.id)}
              style={{
                top: (s - first) * (HOUR_PX / 60),
                height: Math.max((e - s) * (HOUR_PX / 60) - 2, 22),
                left: `calc(${(column / columns) * 100}% + 2px)`,
                width: `calc(${100 / columns}% - 4px)`,
              }}
            />
          ))}
        </ol>
      </div>
    </>
  );
}
