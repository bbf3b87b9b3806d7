import { Paper, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { formatMoment } from '../../ui/format';
import { openTarget } from './open-target';
import { ReminderActions } from './ReminderActions';
import { reminderTitle } from './reminder-title';

/**
 * What rings now, in the window itself: the system notification may have no
 * buttons (Windows, Linux, the headless host), so the same choices are here.
 * Also follows "Open" chosen on a system notification.
 */
export function Ringing() {
  const { t, i18n } = useTranslation();
  const list = useCall('reminders', 'reminders.ringing', {});
  useEffect(() => api.on('open', (open) => openTarget(open)), []);
  const ringing = list.data ?? [];
  if (ringing.length === 0) return null;
  return (
    <aside className="ringing" aria-label={t('reminders.ringing')} aria-live="polite">
      <Stack gap="xs">
        {ringing.slice(0, 3).map((r) => (
          <Paper key={r.id} shadow="md" p="sm" withBorder data-reminder={r.id}>
            <Text fw={600}>{reminderTitle(r, t)}</Text>
            <Text size="sm" c="var(--muted)">
              {formatMoment(r.aboutMs ?? r.fireAt, i18n.language)}
            </Text>
            <ReminderActions r={r} />
          </Paper>
        ))}
        {ringing.length > 3 ? (
          <Text size="sm">
            <a href="#/reminders">{t('reminders.more', { count: ringing.length - 3 })}</a>
          </Text>
        ) : null}
      </Stack>
    </aside>
  );
}
