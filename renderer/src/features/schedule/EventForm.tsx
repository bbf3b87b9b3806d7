import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallParams } from '../../../../shared/api';
import type { EditScope, EventDetail } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { addDays, dateOf, SCHEDULE_ZONE } from './dates';

const REMINDERS = [0, 5, 15, 30, 60, 1440];

function hhmm(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: SCHEDULE_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/**
 * A new event, a proposal on the agency schedule, or an edit of an existing
 * one (with its scope for a recurring event). The core validates it against
 * the contract; it shows at once (pending) and goes to the server through
 * the outbox.
 */
export function EventForm({ date, onDone, existing, scope = 'all' }: { date: string; onDone: () => void; existing?: EventDetail; scope?: EditScope }) {
  const { t } = useTranslation();
  const calendars = useCall('calendar', 'calendar.calendars', {});
  const writable = (calendars.data ?? []).filter((c) => c.writable && c.kind !== 'task');
  const [calendarId, setCalendarId] = useState<number | null>(existing?.calendarId ?? null);
  const chosen = writable.find((c) => c.id === calendarId) ?? writable[0];
  const [f, setF] = useState(() =>
    existing
      ? {
          summary: existing.summary,
          day: existing.allDay ? existing.startDate! : dateOf(existing.start),
          from: existing.allDay ? '08:00' : hhmm(existing.start),
          to: existing.allDay ? '09:00' : hhmm(existing.end),
          allDay: existing.allDay,
          location: existing.location,
          description: existing.description,
          reminder: existing.alarms.find((a) => a.minutesBefore !== null)?.minutesBefore ?? 0,
          newMeeting: false,
          chair: existing.agency?.chair ?? '',
          attendees: existing.agency?.attendees ?? '',
          preparingUnit: existing.agency?.preparingUnit ?? '',
          people: existing.attendees.map((a) => a.email).join(', '),
        }
      : { summary: '', day: date, from: '08:00', to: '09:00', allDay: false, location: '', description: '', reminder: 15, newMeeting: false, chair: '', attendees: '', preparingUnit: '', people: '' },
  );
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const create = useMutation({
    mutationFn: (draft: CallParams<'calendar.create'>) =>
      existing ? api.call('calendar.update', { id: existing.id, scope, draft }) : api.call('calendar.create', draft),
    onSuccess: onDone,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    create.mutate({
      calendarId: chosen.id,
      summary: f.summary,
      allDay: f.allDay,
      start: f.allDay ? f.day : `${f.day}T${f.from}`,
      end: f.allDay ? addDays(f.day, 1) : `${f.day}T${f.to}`,
      timeZone: SCHEDULE_ZONE,
      location: f.location,
      description: f.description,
      // The form edits the first reminder; an event's other reminders stay.
      alarmsMinutesBefore: [
        ...(f.reminder > 0 ? [f.reminder] : []),
        ...(existing?.alarms.slice(1).flatMap((a) => (a.minutesBefore === null || a.minutesBefore === f.reminder ? [] : [a.minutesBefore])) ?? []),
      ],
      // An edit keeps the link the event has unless a new room is asked for.
      meetingUrl: existing?.meeting?.url ?? null,
      // Invitees by address; a name the event already had for an address stays.
      attendees: f.people
        .split(/[,;\s]+/)
        .filter((x) => x.includes('@'))
        .map((email) => ({ email, name: existing?.attendees.find((a) => a.email.toLowerCase() === email.toLowerCase())?.name ?? '' })),
      newMeeting: f.newMeeting,
      ...(chosen.kind === 'agency' ? { agency: { chair: f.chair, attendees: f.attendees, preparingUnit: f.preparingUnit } } : {}),
    });
  };

  if (calendars.error) return <ErrorNote error={calendars.error} />;
  return (
    <form className="event-form no-print" onSubmit={submit} aria-label={t(existing ? 'schedule.form.editTitle' : 'schedule.form.title')}>
      <h2>{t(existing ? 'schedule.form.editTitle' : 'schedule.form.title')}</h2>
      {existing && existing.rrule ? <p className="hint">{t(`schedule.scope.${scope}`)}</p> : null}
      <label>
        {t('schedule.form.calendar')}
        <select value={chosen?.id ?? ''} onChange={(e) => setCalendarId(Number(e.target.value))}>
          {writable.map((c) => (
            <option key={c.id} value={c.id}>
              {c.kind === 'agency' ? t('schedule.form.agencyOption', { name: c.displayName }) : c.displayName}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('schedule.form.summary')}
        <input value={f.summary} onChange={(e) => set('summary', e.target.value)} required maxLength={1000} autoFocus />
      </label>
      <div className="row">
        <label>
          {t('schedule.form.date')}
          <input type="date" value={f.day} onChange={(e) => set('day', e.target.value)} required />
        </label>
        <label className="check">
          <input type="checkbox" checked={f.allDay} onChange={(e) => set('allDay', e.target.checked)} /> {t('schedule.allDay')}
        </label>
        {f.allDay ? null : (
          <>
            <label>
              {t('schedule.form.from')}
              <input type="time" value={f.from} onChange={(e) => set('from', e.target.value)} required />
            </label>
            <label>
              {t('schedule.form.to')}
              <input type="time" value={f.to} onChange={(e) => set('to', e.target.value)} required />
            </label>
          </>
        )}
      </div>
      <label>
        {t('schedule.form.location')}
        <input value={f.location} onChange={(e) => set('location', e.target.value)} maxLength={2000} />
      </label>
      {chosen?.kind === 'agency' ? (
        <>
          <label>
            {t('schedule.agency.chair')}
            <input value={f.chair} onChange={(e) => set('chair', e.target.value)} maxLength={500} />
          </label>
          <label>
            {t('schedule.form.attendees')}
            <input value={f.attendees} onChange={(e) => set('attendees', e.target.value)} maxLength={2000} />
          </label>
          <label>
            {t('schedule.agency.preparing')}
            <input value={f.preparingUnit} onChange={(e) => set('preparingUnit', e.target.value)} maxLength={500} />
          </label>
        </>
      ) : null}
      {chosen?.kind === 'agency' ? null : (
        <label>
          {t('schedule.form.people')}
          <input value={f.people} onChange={(e) => set('people', e.target.value)} placeholder={t('schedule.form.peopleHint')} maxLength={20000} />
        </label>
      )}
      <label>
        {t('schedule.form.description')}
        <textarea value={f.description} onChange={(e) => set('description', e.target.value)} maxLength={20000} rows={3} />
      </label>
      <div className="row">
        <label>
          {t('schedule.form.reminder')}
          <select value={f.reminder} onChange={(e) => set('reminder', Number(e.target.value))}>
            {REMINDERS.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? t('schedule.form.noReminder') : t('schedule.form.minutesBefore', { count: m })}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={f.newMeeting} onChange={(e) => set('newMeeting', e.target.checked)} /> {t('schedule.form.newMeeting')}
        </label>
      </div>
      {chosen?.kind === 'agency' ? <p className="hint">{t('schedule.form.agencyHint')}</p> : null}
      <div className="row">
        <button type="submit" disabled={!chosen || create.isPending}>
          {t('schedule.form.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('schedule.form.cancel')}
        </button>
      </div>
      {create.error ? <ErrorNote error={create.error} /> : null}
    </form>
  );
}
