import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReminderView } from '../../../../shared/reminders';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatMoment } from '../../ui/format';
import { PageTitle } from '../../ui/PageTitle';
import { ReminderActions } from './ReminderActions';
import { reminderTitle } from './reminder-title';

function Row({ r }: { r: ReminderView }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="reminder-row" data-state={r.state}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text fw={500}>{reminderTitle(r, t)}</Text>
          <Text size="sm" c="var(--muted)">
            {t(`reminders.source.${r.source}`, { defaultValue: r.source })} · {formatMoment(r.aboutMs ?? r.fireAt, i18n.language)}
            {r.state === 'snoozed' && r.snoozedUntil !== null ? ` · ${t('reminders.until', { time: formatMoment(r.snoozedUntil, i18n.language) })}` : ''}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Badge variant="filled" color={r.state === 'missed' ? 'govred' : r.state === 'ringing' ? 'govblue.7' : 'gray.7'}>
            {t(`reminders.state.${r.state}`)}
          </Badge>
          <ReminderActions r={r} />
        </Group>
      </Group>
    </li>
  );
}

function Group_({ id, items }: { id: 'now' | 'upcoming' | 'snoozed' | 'dismissed'; items: ReminderView[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`rem-${id}`} data-group={id}>
      <Title order={2} size="h4" id={`rem-${id}`}>
        {t(`reminders.groups.${id}`)} ({items.length})
      </Title>
      {items.length === 0 ? (
        <Text c="var(--muted)">{t('reminders.empty')}</Text>
      ) : (
        <ul className="reminder-list">
          {items.map((r) => (
            <Row key={r.id} r={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Ringing and missed first, then the next seven days, what is snoozed, and what was dismissed in the last seven. */
export function RemindersPage() {
  const { t } = useTranslation();
  const list = useCall('reminders', 'reminders.list', {});
  return (
    <section className="page" data-page="reminders">
      <PageTitle>{t('pages.reminders.title')}</PageTitle>
      {list.error ? <ErrorNote error={list.error} /> : null}
      {list.data ? (
        <Stack gap="lg">
          <Group_ id="now" items={list.data.now} />
          <Group_ id="upcoming" items={list.data.upcoming} />
          <Group_ id="snoozed" items={list.data.snoozed} />
          <Group_ id="dismissed" items={list.data.dismissed} />
        </Stack>
      ) : (
        <div aria-busy="true" />
      )}
    </section>
  );
}
