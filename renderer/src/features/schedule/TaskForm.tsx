import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { Button, Checkbox, Group, NativeSelect, Textarea, TextInput } from '@mantine/core';
import { DateField } from '../../ui/DateField';
import { ErrorNote } from '../../ui/ErrorNote';
import { TimeField } from '../../ui/TimeField';
import { dateOf, SCHEDULE_ZONE } from './dates';

const REMINDERS = [0, 15, 30, 60, 1440];
/** RFC 5545 PRIORITY as people choose it: high 1, medium 5, low 9, none 0. */
export const PRIORITIES = [0, 1, 5, 9] as const;

export function priorityName(p: number): 'none' | 'high' | 'medium' | 'low' {
  if (p === 0) return 'none';
  return p <= 4 ? 'high' : p === 5 ? 'medium' : 'low';
}

function hhmm(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: SCHEDULE_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/**
 * The edit of one task: title, due date and time (or none), notes, priority
 * and reminder. It shows at once (pending) and goes to the server through
 * the outbox with If-Match; Escape cancels.
 */
export function TaskForm({ task, today, onDone }: { task: TaskView; today: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState(() => ({
    summary: task.summary,
    hasDue: task.due !== null,
    day: task.due === null ? today : task.allDay ? task.dueDate! : dateOf(task.due),
    time: task.due === null || task.allDay ? '' : hhmm(task.due),
    description: task.description,
    priority: PRIORITIES.find((p) => priorityName(p) === priorityName(task.priority)) ?? 0,
    reminder: task.reminderMinutesBefore,
  }));
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () =>
      api.call('calendar.updateTask', {
        id: task.id,
        draft: {
          summary: f.summary,
          due: f.hasDue ? (f.time ? `${f.day}T${f.time}` : f.day) : '',
          timeZone: SCHEDULE_ZONE,
          description: f.description,
          // A priority another client wrote (2, 7…) stays unless the user picks another level.
          priority: priorityName(f.priority) === priorityName(task.priority) ? task.priority : f.priority,
          reminderMinutesBefore: f.hasDue && f.time ? f.reminder : null,
        },
      }),
    onSuccess: onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (f.summary.trim()) save.mutate();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    }
  };
  const timed = f.hasDue && f.time !== '';
  return (
    <form className="task-edit" onSubmit={submit} onKeyDown={onKey} aria-label={t('schedule.tasks.editTitle')}>
      <TextInput label={t('schedule.tasks.summary')} value={f.summary} onChange={(e) => set('summary', e.currentTarget.value)} required maxLength={1000} autoFocus />
      <Checkbox label={t('schedule.tasks.hasDue')} checked={f.hasDue} disabled={task.recurring} onChange={(e) => set('hasDue', e.currentTarget.checked)} mb={8} />
      {f.hasDue ? (
        <>
          <DateField label={t('schedule.tasks.dueDate')} value={f.day} onChange={(v) => v && set('day', v)} required />
          <TimeField label={t('schedule.tasks.dueTime')} value={f.time} onChange={(v) => set('time', v)} disabled={task.recurring && task.allDay} />
        </>
      ) : null}
      <NativeSelect
        label={t('schedule.tasks.priority')}
        value={String(f.priority)}
        onChange={(e) => set('priority', Number(e.currentTarget.value) as (typeof PRIORITIES)[number])}
        data={PRIORITIES.map((p) => ({ value: String(p), label: t(`schedule.tasks.priorities.${priorityName(p)}`) }))}
      />
      {timed ? (
        <NativeSelect
          label={t('schedule.form.reminder')}
          value={f.reminder === null ? '' : String(f.reminder)}
          onChange={(e) => set('reminder', e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
          data={[
            { value: '', label: t('schedule.form.noReminder') },
            ...[...new Set([...REMINDERS, ...(f.reminder === null ? [] : [f.reminder])])]
              .sort((a, b) => a - b)
              .map((m) => ({ value: String(m), label: t('schedule.form.minutesBefore', { count: m }) })),
          ]}
        />
      ) : null}
      <Textarea className="wide" label={t('schedule.tasks.notes')} value={f.description} onChange={(e) => set('description', e.currentTarget.value)} maxLength={20000} autosize minRows={2} />
      {task.recurring ? <p className="muted">{t('schedule.tasks.recurringHint')}</p> : null}
      <Group gap="sm" className="wide">
        <Button type="submit" loading={save.isPending}>
          {t('schedule.form.save')}
        </Button>
        <Button type="button" variant="default" onClick={onDone}>
          {t('schedule.form.cancel')}
        </Button>
      </Group>
      {save.error ? <ErrorNote error={save.error} /> : null}
    </form>
  );
}
