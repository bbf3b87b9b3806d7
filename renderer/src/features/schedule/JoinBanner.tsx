import { Alert } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { Icon } from '../../ui/Icon';
import { addDays, formatTime, SCHEDULE_ZONE, todayIn } from './dates';
import { JoinButton } from './JoinButton';

/** How long before a meeting the banner offers to join it. */
const LEAD_MS = 5 * 60_000;

/** From a few minutes before until its end, a meeting with a link is offered here. */
export function JoinBanner() {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const today = todayIn(SCHEDULE_ZONE, now);
  const day = useCall('calendar', 'calendar.range', { from: today, to: addDays(today, 1), timeZone: SCHEDULE_ZONE });
  const live = (day.data ?? []).filter((o) => o.meetingUrl && !o.allDay && o.start - LEAD_MS <= now && now < o.end);
  if (live.length === 0) return null;
  return (
    <Alert className="join-banner no-print" role="status" color="green" variant="light" p="xs" icon={<Icon name="video" />}>
      {live.map((o) => (
        <p key={o.id}>
          <strong>{o.start > now ? t('schedule.startsAt', { time: formatTime(o.start, i18n.language) }) : t('schedule.inProgress')}</strong> {o.summary}{' '}
          <JoinButton url={o.meetingUrl!} />
        </p>
      ))}
    </Alert>
  );
}
