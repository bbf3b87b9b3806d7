import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { Badge, Button, Checkbox, NativeSelect, TextInput, VisuallyHidden } from '@mantine/core';
import { DateField } from '../../ui/DateField';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { TimeField } from '../../ui/TimeField';
import { addDays, dateOf, formatDay, formatTime, SCHEDULE_ZONE } from './dates';
import { priorityName, TaskForm } from './TaskForm';
import './tasks.css';
import { SyncBadge } from './SyncBadge';

const GROUPS = ['overdue', 'week', 'undated'] as const;

/**
 * The tasks of the user's task lists under the day and week views: open
 * tasks already overdue from earlier weeks first (marked, so late work is
 * seen), then the week's, then those without a due date. Tick to complete
 * (one occurrence of a repeating task), edit or delete one, add one to the
 * list chosen last time. Every write goes through the core's outbox like an
 * event's and shows at once.
 */
export function TaskList({ monday, today }: { monday: string; today: string }) {
  const { t } = useTranslation();
  const calendars = useCall('calendar', 'calendar.calendars', {});
  const lists = (calendars.data ?? []).filter((c) => c.kind === 'task');
  const writable = lists.filter((c) => c.writable);
  const view = useCall('calendar', 'calendar.tasks', { from: monday, to: addDays(monday, 7), timeZone: SCHEDULE_ZONE });
  const [editing, setEditing] = useState<string | null>(null);
  const complete = useMutation({ mutationFn: (p: { id: string; completed: boolean }) => api.call('calendar.completeTask', p) });

  if (calendars.data && lists.length === 0) return null;
  const tasks = view.data?.tasks ?? [];
  // A task may sit in a calendar that also holds events: any writable one may change it.
  const canWrite = new Set((calendars.data ?? []).filter((c) => c.writable).map((c) => c.id));
  return (
    <section className="task-list no-print" aria-labelledby="task-list-title">
      <h2 id="task-list-title">{t('schedule.tasks.title')}</h2>
      {view.error ? <ErrorNote error={view.error} /> : null}
      {complete.error ? <ErrorNote error={complete.error} /> : null}
      {view.data && tasks.length === 0 ? <p className="coming">{t('schedule.tasks.none')}</p> : null}
      {GROUPS.map((g) => {
        const items = tasks.filter((x) => x.group === g);
        if (items.length === 0) return null;
        return (
          <div key={g} className={`task-group group-${g}`}>
            {g !== 'week' ? <h3>{t(`schedule.tasks.groups.${g}`)}</h3> : null}
            <ul>
              {items.map((x) =>
                editing === x.id ? (
                  <li key={x.id} className="task editing" data-id={x.id}>
                    <TaskForm task={x} today={today} onDone={() => setEditing(null)} />
                  </li>
                ) : (
                  <TaskItem
                    key={x.id}
                    task={x}
                    monday={monday}
                    writable={canWrite.has(x.calendarId)}
                    busy={complete.isPending}
                    onToggle={(completed) => complete.mutate({ id: x.id, completed })}
                    onEdit={() => setEditing(x.id)}
                  />
                ),
              )}
            </ul>
          </div>
        );
      })}
      {writable.length > 0 ? <AddTask lists={writable} defaultCalendarId={view.data?.defaultCalendarId ?? null} monday={monday} today={today} /> : null}
    </section>
  );
}

function TaskItem(p: { task: TaskView; monday: string; writable: boolean; busy: boolean; onToggle: (completed: boolean) => void; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({ mutationFn: () => api.call('calendar.delete', { id: p.task.id, scope: 'all' }) });
  const x = p.task;
  const when =
    x.due === null
      ? null
      : x.allDay
        ? formatDay(x.dueDate ?? p.monday, i18n.language, 'short')
        : `${formatDay(dateOf(x.due), i18n.language, 'short')} ${formatTime(x.due, i18n.language)}`;
  const level = priorityName(x.priority);
  return (
    <li className={`task state-${x.localState}${x.completed ? ' done' : ''}${x.overdue ? ' overdue' : ''}`} data-id={x.id}>
      <Checkbox
        className="check"
        checked={x.completed}
        disabled={p.busy || !p.writable || x.localState === 'conflict'}
        onChange={(e) => p.onToggle(e.currentTarget.checked)}
        label={<span className="what">{x.summary || t('schedule.untitled')}</span>}
      />
      {when ? <span className="when">{when}</span> : null}
      {x.overdue ? (
        <Badge className="badge overdue-badge" color="govred" variant="outline" size="sm">
          {t('schedule.tasks.overdue')}
        </Badge>
      ) : null}
      {level !== 'none' ? (
        <Badge className={`badge priority-${level}`} color={level === 'high' ? 'govred' : 'gray'} variant="light" size="sm">
          {t(`schedule.tasks.priorities.${level}`)}
        </Badge>
      ) : null}
      {x.recurring ? (
        <span className="muted" title={t('schedule.panel.recurring')}>
          <Icon name="retry" /> <VisuallyHidden>{t('schedule.panel.recurring')}</VisuallyHidden>
        </span>
      ) : null}
      <SyncBadge state={x.localState} />
      {p.writable ? (
        <span className="task-actions">
          {confirming ? (
            <>
              <span>{t(x.recurring ? 'schedule.tasks.confirmDeleteSeries' : 'schedule.tasks.confirmDelete')}</span>
              <Button size="compact-sm" color="govred" onClick={() => remove.mutate()} loading={remove.isPending} autoFocus>
                {t('schedule.panel.delete')}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                {t('schedule.form.cancel')}
              </Button>
            </>
          ) : (
            <>
              <Button size="compact-sm" variant="subtle" leftSection={<Icon name="edit" />} onClick={p.onEdit} disabled={x.localState === 'conflict'} aria-label={t('schedule.tasks.editNamed', { name: x.summary })}>
                {t('schedule.panel.edit')}
              </Button>
              <Button size="compact-sm" variant="subtle" color="govred" leftSection={<Icon name="trash" />} onClick={() => setConfirming(true)} aria-label={t('schedule.tasks.deleteNamed', { name: x.summary })}>
                {t('schedule.panel.delete')}
              </Button>
            </>
          )}
        </span>
      ) : null}
      {remove.error ? <ErrorNote error={remove.error} /> : null}
    </li>
  );
}

/** The add form: a title, the list (the one chosen last time first), a due date and time, or none. */
function AddTask(p: { lists: Array<{ id: number; displayName: string }>; defaultCalendarId: number | null; monday: string; today: string }) {
  const { t } = useTranslation();
  const inWeek = p.today >= p.monday && p.today < addDays(p.monday, 7);
  const [f, setF] = useState({ summary: '', day: inWeek ? p.today : p.monday, time: '17:00', hasDue: true });
  const [chosen, setChosen] = useState<number | null>(null);
  const calendarId = p.lists.find((c) => c.id === chosen)?.id ?? p.lists.find((c) => c.id === p.defaultCalendarId)?.id ?? p.lists[0]!.id;
  const create = useMutation({
    mutationFn: () =>
      api.call('calendar.createTask', { calendarId, summary: f.summary, due: f.hasDue ? (f.time ? `${f.day}T${f.time}` : f.day) : '', timeZone: SCHEDULE_ZONE }),
    onSuccess: () => setF((x) => ({ ...x, summary: '' })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (f.summary.trim()) create.mutate();
  };
  return (
    <form className="task-form" onSubmit={submit} aria-label={t('schedule.tasks.add')}>
      <TextInput label={t('schedule.tasks.summary')} value={f.summary} onChange={(e) => setF({ ...f, summary: e.currentTarget.value })} required maxLength={1000} />
      {p.lists.length > 1 ? (
        <NativeSelect
          label={t('schedule.tasks.list')}
          value={String(calendarId)}
          onChange={(e) => setChosen(Number(e.currentTarget.value))}
          data={p.lists.map((c) => ({ value: String(c.id), label: c.displayName }))}
        />
      ) : null}
      <Checkbox label={t('schedule.tasks.hasDue')} checked={f.hasDue} onChange={(e) => setF({ ...f, hasDue: e.currentTarget.checked })} mb={8} />
      {f.hasDue ? (
        <>
          <DateField label={t('schedule.tasks.dueDate')} value={f.day} onChange={(v) => v && setF({ ...f, day: v })} required />
          <TimeField label={t('schedule.tasks.dueTime')} value={f.time} onChange={(v) => setF({ ...f, time: v })} />
        </>
      ) : null}
      <Button type="submit" loading={create.isPending}>
        {t('schedule.tasks.add')}
      </Button>
      {create.error ? <ErrorNote error={create.error} /> : null}
    </form>
  );
}
