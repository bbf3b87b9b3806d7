import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallParams } from '../../../../shared/api';
import type { EditScope, EventDetail } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { AttendeeField, isValidInvitee, type Invitee } from './AttendeeField';
import { addDays, dateOf, SCHEDULE_ZONE } from './dates';
import { MeetingLinkField, type MeetingChoice } from './MeetingLinkField';
import { MAX_REMINDERS, RemindersField } from './RemindersField';

/** The text with one link taken out (and the spaces it leaves tidied). */
function stripLink(text: string, url: string): string {
  return text.includes(url) ? text.split(url).join('').replace(/[ \t]{2,}/g, ' ').trim() : text;
}

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
  const [invitees, setInvitees] = useState<Invitee[]>(() => (existing?.attendees ?? []).map((a) => ({ email: a.email, name: a.name, partstat: a.partstat })));
  const [reminders, setReminders] = useState<number[]>(() =>
    existing ? [...new Set(existing.alarms.flatMap((a) => (a.minutesBefore === null ? [] : [a.minutesBefore])))].slice(0, MAX_REMINDERS) : [15],
  );
  const [meeting, setMeeting] = useState<MeetingChoice>(() => (existing?.meeting ? { kind: 'link', ...existing.meeting } : { kind: 'none' }));
  const [linkText, setLinkText] = useState('');
  const [problem, setProblem] = useState<'invitees' | null>(null);
  const [linkError, setLinkError] = useState<unknown>(null);
  const peopleId = useId();
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
          chair: existing.agency?.chair ?? '',
          attendees: existing.agency?.attendees ?? '',
          preparingUnit: existing.agency?.preparingUnit ?? '',
        }
      : { summary: '', day: date, from: '08:00', to: '09:00', allDay: false, location: '', description: '', chair: '', attendees: '', preparingUnit: '' },
  );
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const create = useMutation({
    mutationFn: (draft: CallParams<'calendar.create'>) =>
      existing ? api.call('calendar.update', { id: existing.id, scope, draft }) : api.call('calendar.create', draft),
    onSuccess: onDone,
  });

  const chooseMeeting = (next: MeetingChoice) => {
    // Removing the event's link takes it out of the text it was found in too, so the form shows what will be saved.
    const old = meeting.kind === 'link' ? meeting.url : null;
    if (old && next.kind !== 'link') setF((x) => ({ ...x, location: stripLink(x.location, old), description: stripLink(x.description, old) }));
    setMeeting(next);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const agency = chosen.kind === 'agency';
    if (!agency && invitees.some((i) => !isValidInvitee(i))) {
      setProblem('invitees');
      document.getElementById(peopleId)?.focus();
      return;
    }
    setProblem(null);
    // A link pasted but not yet checked is checked now, as the core will when it saves.
    let link = meeting;
    if (link.kind === 'none' && linkText.trim()) {
      try {
        const r = await api.call('calendar.checkMeetingLink', { url: linkText.trim() });
        link = { kind: 'link', ...r };
        setMeeting(link);
        setLinkText('');
      } catch (err) {
        setLinkError(err);
        return;
      }
    }
    setLinkError(null);
    const had = existing?.meeting?.url;
    create.mutate({
      calendarId: chosen.id,
      summary: f.summary,
      allDay: f.allDay,
      start: f.allDay ? f.day : `${f.day}T${f.from}`,
      end: f.allDay ? addDays(f.day, 1) : `${f.day}T${f.to}`,
      timeZone: SCHEDULE_ZONE,
      location: f.location,
      description: f.description,
      // Every minutes-before reminder the form shows; fixed-time ones are the core's to keep.
      alarmsMinutesBefore: [...new Set(reminders)],
      meetingUrl: link.kind === 'link' ? link.url : null,
      newMeeting: link.kind === 'newRoom',
      ...(had && (link.kind !== 'link' || link.url !== had) ? { removeMeetingUrl: had } : {}),
      // A name the event already had for an address stays (the chip carries it).
      attendees: agency ? (existing?.attendees.map((a) => ({ email: a.email, name: a.name })) ?? []) : invitees.map((i) => ({ email: i.email, name: i.name })),
      ...(agency ? { agency: { chair: f.chair, attendees: f.attendees, preparingUnit: f.preparingUnit } } : {}),
    });
  };

  if (calendars.error) return <ErrorNote error={calendars.error} />;
  return (
    <form className="event-form no-print" onSubmit={(e) => void submit(e)} aria-label={t(existing ? 'schedule.form.editTitle' : 'schedule.form.title')}>
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
        <div className="people-field">
          <label htmlFor={peopleId}>{t('schedule.form.people')}</label>
          <AttendeeField
            inputId={peopleId}
            invitees={invitees}
            onChange={(next) => {
              setInvitees(next);
              if (problem && next.every(isValidInvitee)) setProblem(null);
            }}
          />
          {problem === 'invitees' ? <p className="field-error">{t('schedule.form.fixInvitees')}</p> : null}
        </div>
      )}
      <label>
        {t('schedule.form.description')}
        <textarea value={f.description} onChange={(e) => set('description', e.target.value)} maxLength={20000} rows={3} />
      </label>
      <MeetingLinkField
        value={meeting}
        onChange={chooseMeeting}
        pending={linkText}
        onPendingChange={(text) => {
          setLinkText(text);
          setLinkError(null);
        }}
      />
      {linkError ? <ErrorNote error={linkError} /> : null}
      <RemindersField value={reminders} onChange={setReminders} fixedCount={existing?.alarms.filter((a) => a.minutesBefore === null).length ?? 0} />
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
