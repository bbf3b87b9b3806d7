import { Anchor, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { OccurrenceTitle } from './OccurrenceTitle';
import { addDays, dateOf, formatMonth, formatTime, mondayOf, SCHEDULE_ZONE } from './dates';

const SHOWN_PER_DAY = 3;

/** A month as six weeks from the Monday on or before the 1st; a day opens in the day view. */
export function MonthView({ anchor, onOpenDay }: { anchor: string; onOpenDay: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const first = `${anchor.slice(0, 7)}-01`;
  const start = mondayOf(first);
  const month = useCall('calendar', 'calendar.range', { from: start, to: addDays(start, 42), timeZone: SCHEDULE_ZONE });
  if (month.error) return <ErrorNote error={month.error} />;
  if (!month.data) return <div className="loading" aria-busy="true" />;

  const byDay = new Map<string, typeof month.data>();
  for (const o of month.data) {
    const from = o.allDay ? o.startDate! : dateOf(o.start);
    const last = o.allDay ? addDays(o.endDate!, -1) : dateOf(Math.max(o.start, o.end - 1));
    for (let d = from; d <= last; d = addDays(d, 1)) byDay.set(d, [...(byDay.get(d) ?? []), o]);
  }
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' });
  const today = dateOf(Date.now());

  return (
    <table className="month-grid" aria-label={formatMonth(first, i18n.language)}>
      <thead>
        <tr>
          {Array.from({ length: 7 }, (_, i) => (
            <th key={i} scope="col">
              {weekday.format(Date.parse(`${addDays(start, i)}T00:00:00Z`))}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: 6 }, (_, w) => (
          <tr key={w}>
            {Array.from({ length: 7 }, (_, d) => {
              const day = addDays(start, w * 7 + d);
              const items = byDay.get(day) ?? [];
              return (
                <td key={day} className={`${day.slice(0, 7) === first.slice(0, 7) ? '' : 'other-month'} ${day === today ? 'today' : ''}`} data-date={day}>
                  <UnstyledButton className="day-number" onClick={() => onOpenDay(day)} aria-label={t('schedule.month.openDay', { count: items.length, day: Number(day.slice(8)) })}>
                    {Number(day.slice(8))}
                  </UnstyledButton>
                  <ul>
                    {items.slice(0, SHOWN_PER_DAY).map((o) => (
                      <li key={o.id} className={`state-${o.localState}`} title={`${o.allDay ? '' : `${formatTime(o.start, i18n.language)} `}${o.summary || t('schedule.untitled')}`}>
                        {o.allDay ? '' : <span className="when">{formatTime(o.start, i18n.language)} </span>}
                        <OccurrenceTitle o={o} />
                      </li>
                    ))}
                  </ul>
                  {items.length > SHOWN_PER_DAY ? (
                    <Anchor component="button" type="button" size="xs" className="more" onClick={() => onOpenDay(day)}>
                      {t('schedule.month.more', { count: items.length - SHOWN_PER_DAY })}
                    </Anchor>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
