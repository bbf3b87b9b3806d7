import { Badge, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReminderOpen } from '../../../../shared/reminders';
import type { TodayItem, TodayReminder, TodaySection } from '../../../../shared/today';
import { CallError } from '../../bridge';
import { useSharedTranslation } from '../../i18n/shared-translation';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatClock, formatMoment } from '../../ui/format';
import { PageTitle } from '../../ui/PageTitle';
import { openTarget } from '../reminders/open-target';
import { ReminderActions } from '../reminders/ReminderActions';
import { reminderTitle } from '../reminders/reminder-title';
import { JoinButton } from '../schedule/JoinButton';
import { todayItemTitle } from './item-title';
import { todayQuery } from './today-query';
import './today.css';

function useToday() {
  return useQuery(todayQuery);
}

/** The minute hand, for the countdown. */
function useNow(stepMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), stepMs);
    return () => window.clearInterval(id);
  }, [stepMs]);
  return now;
}

function Countdown({ items, now }: { items: TodayItem[]; now: number }) {
  const { t } = useTranslation();
  const next = items.find((i) => !i.allDay && i.at !== null && i.at > now);
  if (!next || next.at === null) return null;
  const minutes = Math.ceil((next.at - now) / 60_000);
  return (
    <Text className="today-countdown" role="status">
      {minutes < 60 ? t('today.nextIn', { title: next.title, count: minutes }) : t('today.nextInHours', { title: next.title, hours: Math.floor(minutes / 60), minutes: minutes % 60 })}
    </Text>
  );
}

/** A document's reminder that rings or was missed, on the document's row (not a second row under Reminders): its words, Snooze and Dismiss. */
function ReminderMark({ r }: { r: TodayReminder }) {
  const { t } = useSharedTranslation();
  return (
    <Group className="today-reminder" justify="space-between" wrap="nowrap" gap="xs" data-reminder={r.id} data-state={r.state}>
      <Group gap="xs" wrap="nowrap" className="today-reminder-what">
        <Badge variant="filled" color={r.state === 'missed' ? 'govred' : 'govblue.7'}>
          {t(`reminders.state.${r.state}`)}
        </Badge>
        <Text size="sm" truncate>
          {reminderTitle(r, t)}
        </Text>
      </Group>
      {/* The row itself opens the document. */}
      <ReminderActions r={r} withOpen={false} />
    </Group>
  );
}

function ItemRow({ section, item }: { section: string; item: TodayItem }) {
  const { t, i18n } = useSharedTranslation();
  const when =
    item.at === null
      ? ''
      : section === 'agenda'
        ? item.allDay
          ? t('today.allDay')
          : `${formatClock(item.at, i18n.language)}${item.end ? `–${formatClock(item.end, i18n.language)}` : ''}`
        : formatMoment(item.at, i18n.language);
  const title = todayItemTitle(section, item, t);
  return (
    <li className="today-item" data-urgency={item.urgency}>
      <Group justify="space-between" wrap="nowrap">
        <UnstyledButton className="today-open" onClick={() => item.open && openTarget(item.open)} disabled={!item.open} data-item={item.id}>
          <Text fw={500}>{title}</Text>
          <Text size="sm" c="var(--muted)">
            {[when, section === 'outbox' ? '' : section === 'reminders' ? t(`reminders.source.${item.detail}`, { defaultValue: item.detail }) : section === 'documents' ? t(`documents.urgency.${item.detail}`, { defaultValue: item.detail }) : item.detail].filter(Boolean).join(' · ')}
          </Text>
        </UnstyledButton>
        <Group gap="xs" wrap="nowrap">
          {section === 'mail' && item.id.startsWith('followup:') ? (
            <Badge color="govblue" variant="filled" data-follow-up="">
              {t('today.followUp')}
            </Badge>
          ) : null}
          {item.urgency === 'overdue' ? (
            <Badge color="red" variant="light">
              {t(section === 'reminders' ? 'reminders.state.missed' : 'today.overdue')}
            </Badge>
          ) : null}
          {item.meetingUrl ? <JoinButton url={item.meetingUrl} /> : null}
        </Group>
      </Group>
      {item.reminders?.map((r) => (
        <ReminderMark key={r.id} r={r} />
      ))}
    </li>
  );
}

/** Where a section's full list lives: "and N more" opens it. */
const FULL_LIST: Record<string, ReminderOpen['section']> = { agenda: 'schedule', tasks: 'schedule', documents: 'documents', mail: 'mail', reminders: 'reminders', outbox: 'mail' };

function Section({ s, now }: { s: TodaySection; now: number }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`today-${s.id}`} data-section={s.id}>
      <Title order={2} size="h4" id={`today-${s.id}`}>
        {t(`today.section.${s.id}`, { defaultValue: s.id })}
      </Title>
      {s.id === 'agenda' ? <Countdown items={s.items} now={now} /> : null}
      {s.items.length === 0 ? (
        <Text c="var(--muted)">{t(`today.empty.${s.id}`, { defaultValue: t('today.empty.default') })}</Text>
      ) : (
        <ul className="today-list">
          {s.items.map((i) => (
            <ItemRow key={i.id} section={s.id} item={i} />
          ))}
        </ul>
      )}
      {s.more > 0 ? (
        <UnstyledButton className="today-more" data-more={s.id} onClick={() => openTarget({ section: FULL_LIST[s.id] ?? 'reminders', id: '' })}>
          {t('today.more', { count: s.more })}
        </UnstyledButton>
      ) : null}
    </section>
  );
}

/** The home screen: what needs me today, each line opening in one click (or Enter on it). */
export function TodayPage() {
  const { t } = useTranslation();
  const today = useToday();
  const now = useNow();
  return (
    <section className="page" data-page="today">
      <PageTitle>{t('pages.today.title')}</PageTitle>
      {today.error instanceof CallError && today.error.shape.code === 'auth.required' ? (
        // Nobody signed in (or no organization yet): what Today will hold, not an error.
        <Text c="dimmed" data-testid="today-signed-out">
          {t('today.signedOut')}
        </Text>
      ) : today.error ? (
        <ErrorNote error={today.error} />
      ) : null}
      {today.data ? (
        <Stack gap="lg">
          {/* The same count as the icon's badge (electron/core/today/attention.ts). */}
          <Text data-testid="today-attention" data-count={today.data.attention} fw={today.data.attention > 0 ? 600 : undefined}>
            {today.data.attention > 0 ? t('today.attention', { count: today.data.attention }) : t('today.attentionNone')}
          </Text>
          {today.data.sections.map((s) => (
            <Section key={s.id} s={s} now={now} />
          ))}
        </Stack>
      ) : (
        <div aria-busy="true" />
      )}
    </section>
  );
}
