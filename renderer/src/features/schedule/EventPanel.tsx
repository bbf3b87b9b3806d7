import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditScope } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { dateOf, formatDay, formatTime } from './dates';
import { EventForm } from './EventForm';
import { JoinButton } from './JoinButton';
import { reminderLabel } from './RemindersField';

/** One event: what it says, what could not be read, and edit or delete (this / following / all for a series). */
export function EventPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const ev = useCall('calendar', 'calendar.get', { id });
  const calendars = useCall('calendar', 'calendar.calendars', {});
  const [scope, setScope] = useState<EditScope>('this');
  const [editing, setEditing] = useState(false);
  const e = ev.data;
  const remove = useMutation({ mutationFn: () => api.call('calendar.delete', { id, scope: e?.rrule ? scope : 'all' }), onSuccess: onClose });
  if (ev.error) return <ErrorNote error={ev.error} />;
  if (!e) return null;
  const writable = calendars.data?.find((c) => c.id === e.calendarId)?.writable ?? false;
  if (editing) return <EventForm date={dateOf(e.start)} existing={e} scope={e.rrule ? scope : 'all'} onDone={() => setEditing(false)} />;

  return (
    <section className="event-panel no-print" aria-label={e.summary} data-id={e.id}>
      <header>
        <h2>{e.summary || t('schedule.untitled')}</h2>
        <button type="button" onClick={onClose} aria-label={t('schedule.panel.close')}>
          ×
        </button>
      </header>
      <p className="when">
        {e.allDay
          ? `${formatDay(e.startDate!, i18n.language)} · ${t('schedule.allDay')}`
          : `${formatDay(dateOf(e.start), i18n.language)} · ${formatTime(e.start, i18n.language)}–${formatTime(e.end, i18n.language)}`}
        {e.rrule ? ` · ${t('schedule.panel.recurring')}` : ''}
      </p>
      {e.location ? <p>{e.location}</p> : null}
      {e.description ? <p className="description">{e.description}</p> : null}
      {e.meeting ? (
        <p>
          <JoinButton url={e.meeting.url} /> <span className="muted">{e.meeting.url}</span>
        </p>
      ) : null}
      {e.alarms.length ? (
        <p className="muted">
          {t('schedule.form.reminders')}: {e.alarms.map((a) => (a.minutesBefore === null ? t('schedule.form.fixedTime') : reminderLabel(t, a.minutesBefore))).join(', ')}
        </p>
      ) : null}
      {e.warnings.length ? (
        <ul className="warnings" role="note">
          {e.warnings.map((w, i) => (
            <li key={i} title={w.detail}>
              ⚠ {t(`schedule.warnings.${w.code}`)}
            </li>
          ))}
        </ul>
      ) : null}
      {writable ? (
        <div className="row">
          {e.rrule ? (
            <label>
              {t('schedule.scope.label')}{' '}
              <select value={scope} onChange={(ev2) => setScope(ev2.target.value as EditScope)}>
                {(['this', 'following', 'all'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`schedule.scope.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" onClick={() => setEditing(true)} disabled={e.localState === 'conflict'}>
            {t('schedule.panel.edit')}
          </button>
          <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {t('schedule.panel.delete')}
          </button>
        </div>
      ) : null}
      {remove.error ? <ErrorNote error={remove.error} /> : null}
    </section>
  );
}
