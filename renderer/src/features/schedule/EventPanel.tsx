import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditScope } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { Button, CloseButton, Group, NativeSelect } from '@mantine/core';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { dateOf, formatDay, formatTime } from './dates';
import { EventForm, stripLink } from './EventForm';
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
  const location = e.meeting ? stripLink(e.location, e.meeting.url) : e.location;
  const description = e.meeting ? stripLink(e.description, e.meeting.url) : e.description;
  if (editing) return <EventForm date={dateOf(e.start)} existing={e} scope={e.rrule ? scope : 'all'} onDone={() => setEditing(false)} />;

  return (
    <section className="event-panel no-print" aria-label={e.summary} data-id={e.id}>
      <header>
        <h2>{e.summary || t('schedule.untitled')}</h2>
        <CloseButton onClick={onClose} aria-label={t('schedule.panel.close')} />
      </header>
      <p className="when">
        {e.allDay
          ? `${formatDay(e.startDate!, i18n.language)} · ${t('schedule.allDay')}`
          : `${formatDay(dateOf(e.start), i18n.language)} · ${formatTime(e.start, i18n.language)}–${formatTime(e.end, i18n.language)}`}
        {e.rrule ? ` · ${t('schedule.panel.recurring')}` : ''}
      </p>
      {/* The meeting link shows once, beside Join: the place and notes it was found in are shown without it. */}
      {location ? <p>{location}</p> : null}
      {description ? <p className="description">{description}</p> : null}
      {e.meeting ? (
        <p className="meeting-line">
          <JoinButton url={e.meeting.url} /> <span className="muted meeting-url">{e.meeting.url}</span>
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
              <Icon name="warning" /> {t(`schedule.warnings.${w.code}`)}
            </li>
          ))}
        </ul>
      ) : null}
      {writable ? (
        <Group gap="sm" align="flex-end">
          {e.rrule ? (
            <NativeSelect
              label={t('schedule.scope.label')}
              value={scope}
              onChange={(ev2) => setScope(ev2.currentTarget.value as EditScope)}
              data={(['this', 'following', 'all'] as const).map((s) => ({ value: s, label: t(`schedule.scope.${s}`) }))}
            />
          ) : null}
          <Button variant="default" leftSection={<Icon name="edit" />} onClick={() => setEditing(true)} disabled={e.localState === 'conflict'}>
            {t('schedule.panel.edit')}
          </Button>
          <Button variant="default" color="govred" leftSection={<Icon name="trash" />} onClick={() => remove.mutate()} loading={remove.isPending}>
            {t('schedule.panel.delete')}
          </Button>
        </Group>
      ) : null}
      {remove.error ? <ErrorNote error={remove.error} /> : null}
    </section>
  );
}
