import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { addDays, dateOf, formatDay, formatTime, SCHEDULE_ZONE } from './dates';

/**
 * The week's tasks from the user's task lists: tick one to complete it (or
 * untick to open it again), add one with a due date and time. Both go
 * through the core's outbox like events and show at once.
 */
export function TaskList({ monday, today }: { monday: string; today: string }) {
  const { t, i18n } = useTranslation();
  const calendars = useCall('calendar', 'calendar.calendars', {});
  const lists = (calendars.data ?? []).filter((c) => c.kind === 'task');
  const writable = lists.filter((c) => c.writable);
  // All personal calendars and task lists; the tasks among them are listed.
  const tasks = useCall('calendar', 'calendar.range', { from: monday, to: addDays(monday, 7), timeZone: SCHEDULE_ZONE });
  const [f, setF] = useState({ summary: '', day: today >= monday && today < addDays(monday, 7) ? today : monday, time: '17:00' });
  const complete = useMutation({ mutationFn: (p: { id: string; completed: boolean }) => api.call('calendar.completeTask', p) });
  const create = useMutation({
    mutationFn: () => api.call('calendar.createTask', { calendarId: writable[0]!.id, summary: f.summary, due: f.time ? `${f.day}T${f.time}` : f.day, timeZone: SCHEDULE_ZONE }),
    onSuccess: () => setF((x) => ({ ...x, summary: '' })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (writable.length > 0 && f.summary.trim()) create.mutate();
  };

  if (calendars.data && lists.length === 0) return null;
  const items = (tasks.data ?? []).filter((o) => o.component === 'VTODO');
  return (
    <section className="task-list no-print" aria-labelledby="task-list-title">
      <h2 id="task-list-title">{t('schedule.tasks.title')}</h2>
      {tasks.error ? <ErrorNote error={tasks.error} /> : null}
      {complete.error ? <ErrorNote error={complete.error} /> : null}
      {tasks.data && items.length === 0 ? <p className="coming">{t('schedule.tasks.none')}</p> : null}
      <ul>
        {items.map((o) => {
          const done = o.status === 'COMPLETED';
          return (
            <li key={o.id} className={`task state-${o.localState}${done ? ' done' : ''}`} data-id={o.id}>
              <label className="check">
                <input type="checkbox" checked={done} disabled={complete.isPending} onChange={(e) => complete.mutate({ id: o.id, completed: e.target.checked })} />
                <span className="what">{o.summary || t('schedule.untitled')}</span>
              </label>
              <span className="when">
                {o.allDay ? formatDay(o.startDate ?? monday, i18n.language, 'short') : `${formatDay(dateOf(o.end), i18n.language, 'short')} ${formatTime(o.end, i18n.language)}`}
              </span>
              {o.localState !== 'synced' ? <span className="badge">{t(`schedule.state.${o.localState}`)}</span> : null}
            </li>
          );
        })}
      </ul>
      {writable.length > 0 ? (
        <form className="task-form" onSubmit={submit} aria-label={t('schedule.tasks.add')}>
          <label>
            {t('schedule.tasks.summary')}
            <input value={f.summary} onChange={(e) => setF({ ...f, summary: e.target.value })} required maxLength={1000} />
          </label>
          <label>
            {t('schedule.tasks.dueDate')}
            <input type="date" value={f.day} onChange={(e) => setF({ ...f, day: e.target.value })} required />
          </label>
          <label>
            {t('schedule.tasks.dueTime')}
            <input type="time" value={f.time} onChange={(e) => setF({ ...f, time: e.target.value })} />
          </label>
          <button type="submit" disabled={create.isPending}>
            {t('schedule.tasks.add')}
          </button>
          {create.error ? <ErrorNote error={create.error} /> : null}
        </form>
      ) : null}
    </section>
  );
}
