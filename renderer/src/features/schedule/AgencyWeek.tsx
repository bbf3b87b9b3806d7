import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgencyWeekView, WeekEntryView } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { Badge, Button, Group, TextInput } from '@mantine/core';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { PrintActions, usePrinting } from '../../ui/PrintActions';
import { formatDay, SCHEDULE_ZONE } from './dates';
import { JoinButton } from './JoinButton';

type Day = AgencyWeekView['days'][number];

/**
 * The agency weekly schedule (lịch công tác tuần) in the form agencies print:
 * one row group per weekday, morning and afternoon sessions, each entry with
 * time, content, who chairs and attends, place, and the unit preparing it.
 */
export function AgencyWeek({ monday }: { monday: string }) {
  const { t, i18n } = useTranslation();
  const week = useCall('calendar', 'calendar.agencyWeek', { date: monday, timeZone: SCHEDULE_ZONE });
  const auth = useCall('account', 'auth.state', {});
  const me = auth.data?.account?.email.toLowerCase() ?? '';
  // While exporting, the page shows the printed form (confirmed entries only) whether or
  // not the shell's printToPDF fires beforeprint: what the user sees behind the save dialog is what the file holds.
  const [exporting, setExporting] = useState(false);
  const printing = usePrinting() || exporting;
  if (week.error) return <ErrorNote error={week.error} />;
  if (!week.data) return <div className="loading" aria-busy="true" />;
  const w = week.data;
  if (w.calendarId === null) return <p className="coming">{t('schedule.noAgency')}</p>;
  // What is posted is what was approved: a printed schedule leaves out entries still under review.
  const shown = printing
    ? w.days.map((d) => ({ ...d, morning: d.morning.filter((e) => e.review === 'confirmed'), afternoon: d.afternoon.filter((e) => e.review === 'confirmed') }))
    : w.days;
  // Weekdays always; Saturday and Sunday only when something is on.
  const days = shown.filter((d) => d.weekday <= 5 || d.morning.length + d.afternoon.length > 0);

  return (
    <div className="agency-week schedule-print print-sheet" data-week-start={w.weekStart}>
      <header className="print-header">
        <p className="agency-name">{w.agencyName}</p>
        <h2>{t('schedule.agency.title')}</h2>
        <p>{t('schedule.agency.dates', { from: formatDay(w.weekStart, i18n.language, 'short'), to: formatDay(w.weekEnd, i18n.language, 'short') })}</p>
      </header>
      <PrintActions exportPdf={() => api.call('calendar.exportWeekPdf', { date: w.weekStart })} onExporting={setExporting} printHint={t('schedule.agency.printHint')} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('schedule.agency.day')}</th>
            <th scope="col">{t('schedule.agency.session')}</th>
            <th scope="col">{t('schedule.agency.time')}</th>
            <th scope="col">{t('schedule.agency.content')}</th>
            <th scope="col">{t('schedule.agency.chair')}</th>
            <th scope="col">{t('schedule.agency.place')}</th>
            <th scope="col">{t('schedule.agency.preparing')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <DayRows key={d.date} day={d} review={w.canReview ? { me, selfApproval: w.selfApproval } : null} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a reviewer may do here: null for staff; `me` to tell their own proposals. */
interface ReviewRights {
  me: string;
  selfApproval: boolean;
}

function DayRows({ day, review }: { day: Day; review: ReviewRights | null }) {
  const { t, i18n } = useTranslation();
  const sessions = [
    ['morning', day.morning],
    ['afternoon', day.afternoon],
  ] as const;
  const rowsOf = (entries: readonly WeekEntryView[]) => Math.max(entries.length, 1);
  const total = rowsOf(day.morning) + rowsOf(day.afternoon);
  return (
    <>
      {sessions.flatMap(([session, entries], si) =>
        (entries.length ? entries : [null]).map((e, i) => (
          <tr key={`${session}-${e?.id ?? 'empty'}`} data-session={session} className={e ? `review-${e.review}` : 'empty-session'}>
            {si === 0 && i === 0 ? (
              <th scope="rowgroup" rowSpan={total} className="day-cell">
                {formatDay(day.date, i18n.language)}
              </th>
            ) : null}
            {i === 0 ? (
              <td rowSpan={rowsOf(entries)} className="session-cell">
                {t(`schedule.agency.${session}`)}
              </td>
            ) : null}
            {e ? <EntryCells e={e} review={review} /> : <td colSpan={5} className="empty">—</td>}
          </tr>
        )),
      )}
    </>
  );
}

function EntryCells({ e, review }: { e: WeekEntryView; review: ReviewRights | null }) {
  const { t } = useTranslation();
  return (
    <>
      <td className="time-cell">{e.allDay ? t('schedule.allDay') : e.time}</td>
      <td>
        <span className="entry-content">{e.content}</span>
        {e.review !== 'confirmed' ? (
          <Badge className={`badge review-badge-${e.review}`} color={e.review === 'returned' ? 'govred' : 'yellow'} autoContrast size="sm" ml={4}>
            {t(`schedule.review.${e.review}`)}
          </Badge>
        ) : null}
        {e.review === 'returned' && e.reviewComment ? <p className="review-comment">{t('schedule.review.comment', { comment: e.reviewComment })}</p> : null}
        {e.meetingUrl ? <JoinButton url={e.meetingUrl} /> : null}
        {/* A returned entry can still be approved later; nobody approves their own proposal unless the policy allows it. */}
        {review && e.review !== 'confirmed' ? (
          <ReviewActions id={e.id} state={e.review} own={!review.selfApproval && e.proposer.replace(/^mailto:/i, '').toLowerCase() === review.me} />
        ) : null}
      </td>
      <td>
        {e.chair ? <span className="chair">{e.chair}</span> : null}
        {e.chair && e.attendees ? <br /> : null}
        {e.attendees ? <span className="attendees">{e.attendees}</span> : null}
      </td>
      <td className="place-cell">{e.place}</td>
      <td className="preparing-cell">{e.preparingUnit}</td>
    </>
  );
}

function ReviewActions({ id, state, own }: { id: string; state: WeekEntryView['review']; own: boolean }) {
  const { t } = useTranslation();
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const approve = useMutation({ mutationFn: () => api.call('calendar.approve', { id, comment: '' }) });
  const giveBack = useMutation({ mutationFn: () => api.call('calendar.return', { id, comment }) });
  const onReturn = (ev: FormEvent) => {
    ev.preventDefault();
    giveBack.mutate();
  };
  return (
    <div className="review-actions no-print">
      {own ? (
        <span className="muted own-proposal">{t('schedule.review.ownProposal')}</span>
      ) : (
        <Button size="compact-sm" leftSection={<Icon name="check" />} onClick={() => approve.mutate()} loading={approve.isPending}>
          {t(state === 'returned' ? 'schedule.review.approveLater' : 'schedule.review.approve')}
        </Button>
      )}
      {state === 'returned' ? null : returning ? (
        <form onSubmit={onReturn}>
          <Group gap="xs" align="flex-end">
            <TextInput size="xs" label={t('schedule.review.commentLabel')} value={comment} onChange={(ev) => setComment(ev.currentTarget.value)} required maxLength={2000} />
            <Button size="compact-sm" type="submit" variant="default" loading={giveBack.isPending}>
              {t('schedule.review.return')}
            </Button>
          </Group>
        </form>
      ) : (
        <Button size="compact-sm" variant="default" onClick={() => setReturning(true)}>
          {t('schedule.review.return')}
        </Button>
      )}
      {approve.error ? <ErrorNote error={approve.error} /> : null}
      {giveBack.error ? <ErrorNote error={giveBack.error} /> : null}
    </div>
  );
}
