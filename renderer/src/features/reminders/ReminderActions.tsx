import { Button, Group, Menu } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReminderView } from '../../../../shared/reminders';
import { SNOOZE_PRESETS } from '../../../../shared/snooze';
import { api } from '../../bridge';
import { useSharedTranslation } from '../../i18n/shared-translation';
import { ErrorNote } from '../../ui/ErrorNote';
import { openTarget } from './open-target';

/** Open, Snooze (5, 10 minutes, 1 hour, tomorrow morning) and Dismiss of one reminder; without Open where the row opens it already. */
export function ReminderActions({ r, withOpen = true }: { r: Pick<ReminderView, 'id' | 'state' | 'open'>; withOpen?: boolean }) {
  const { t } = useSharedTranslation();
  const snooze = useMutation({ mutationFn: (preset: (typeof SNOOZE_PRESETS)[number]) => api.call('reminders.snooze', { id: r.id, preset }) });
  const dismiss = useMutation({ mutationFn: () => api.call('reminders.dismiss', { ids: [r.id] }) });
  const done = r.state === 'dismissed' || r.state === 'done_elsewhere';
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {withOpen && r.open ? (
          <Button size="compact-sm" variant="light" onClick={() => openTarget(r.open!)}>
            {t('reminders.open')}
          </Button>
        ) : null}
        {!done ? (
          <Menu>
            <Menu.Target>
              <Button size="compact-sm" variant="default" loading={snooze.isPending}>
                {t('reminders.snooze')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {SNOOZE_PRESETS.map((p) => (
                <Menu.Item key={p} onClick={() => snooze.mutate(p)}>
                  {t(`reminders.presets.${p}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        ) : null}
        {!done ? (
          <Button size="compact-sm" variant="subtle" loading={dismiss.isPending} onClick={() => dismiss.mutate()}>
            {t('reminders.dismiss')}
          </Button>
        ) : null}
      </Group>
      {snooze.error ? <ErrorNote error={snooze.error} /> : null}
      {dismiss.error ? <ErrorNote error={dismiss.error} /> : null}
    </>
  );
}
