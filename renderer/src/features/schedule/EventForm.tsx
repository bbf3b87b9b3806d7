import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallParams } from '../../../../shared/api';
import type { EditScope, EventDetail } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { Button, Checkbox, Group, Input, NativeSelect, Textarea, TextInput } from '@mantine/core';
import { DateField } from '../../ui/DateField';
import { ErrorNote } from '../../ui/ErrorNote';
import { TimeField } from '../../ui/TimeField';
import { AttendeeField, isValidInvitee, type Invitee } from './AttendeeField';
import { addDays, dateOf, SCHEDULE_ZONE } from './dates';
import { MeetingLinkField, type MeetingChoice } from './MeetingLinkField';
import { MAX_REMINDERS, RemindersField } from './RemindersField';

/** The text with one link taken out (and the spaces it leaves tidied). */
export function stripLink(text: string, url: string): string {
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
      <NativeSelect
        label={t('schedule.form.calendar')}
        value={String(chosen?.id ?? '')}
        onChange={(e) => setCalendarId(Number(e.currentTarget.value))}
        data={writable.map((c) => ({ value: String(c.id), label: c.kind === 'agency' ? t('schedule.form.agencyOption', { name: c.displayName }) : c.displayName }))}
      />
      <TextInput label={t('schedule.form.summary')} value={f.summary} onChange={(e) => set('summary', e.currentTarget.value)} required maxLength={1000} autoFocus />
      <Group align="flex-end" gap="md">
        <DateField label={t('schedule.form.date')} value={f.day} onChange={(v) => v && set('day', v)} required />
        {f.allDay ? null : (
          <>
            <TimeField label={t('schedule.form.from')} value={f.from} onChange={(v) => set('from', v)} required />
            <TimeField label={t('schedule.form.to')} value={f.to} onChange={(v) => set('to', v)} required />
          </>
        )}
        <Checkbox label={t('schedule.allDay')} checked={f.allDay} onChange={(e) => set('allDay', e.currentTarget.checked)} mb={8} />
      </Group>
      <TextInput label={t('schedule.form.location')} value={f.location} onChange={(e) => set('location', e.currentTarget.value)} maxLength={2000} />
      {chosen?.kind === 'agency' ? (
        <>
          <TextInput label={t('schedule.agency.chair')} value={f.chair} onChange={(e) => set('chair', e.currentTarget.value)} maxLength={500} />
          <TextInput label={t('schedule.form.attendees')} value={f.attendees} onChange={(e) => set('attendees', e.currentTarget.value)} maxLength={2000} />
          <TextInput label={t('schedule.agency.preparing')} value={f.preparingUnit} onChange={(e) => set('preparingUnit', e.currentTarget.value)} maxLength={500} />
        </>
      ) : null}
      {chosen?.kind === 'agency' ? null : (
        <div className="people-field">
          <Input.Label htmlFor={peopleId}>{t('schedule.form.people')}</Input.Label>
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
      <Textarea label={t('schedule.form.description')} value={f.description} onChange={(e) => set('description', e.currentTarget.value)} maxLength={20000} autosize minRows={3} maxRows={10} />
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
      <Group gap="sm">
        <Button type="submit" disabled={!chosen} loading={create.isPending}>
          {t('schedule.form.save')}
        </Button>
        <Button type="button" variant="default" onClick={onDone}>
          {t('schedule.form.cancel')}
        </Button>
      </Group>
      {create.error ? <ErrorNote error={create.error} /> : null}
    </form>
  );
}
