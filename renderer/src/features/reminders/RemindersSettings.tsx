import { Checkbox, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SettingKey, UserSettings } from '../../../../shared/settings';
import { TimeField } from '../../ui/TimeField';

type Key = 'quietHoursStart' | 'quietHoursEnd' | 'workDayStart';

/** Quiet hours and the start of the working day; a key fixed by policy is shown read-only. */
export function RemindersSettings({ values, locked, save, lockNote }: { values: UserSettings; locked: SettingKey[]; save: (change: Partial<UserSettings>) => void; lockNote: (k: SettingKey) => React.ReactNode }) {
  const { t } = useTranslation();
  const time = (k: Key) => (
    <div>
      <TimeField
        label={t(`settings.${k}`)}
        value={values[k]}
        disabled={locked.includes(k)}
        onChange={(v) => {
          const hhmm = v.slice(0, 5);
          if (/^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm) && hhmm !== values[k]) save({ [k]: hhmm });
        }}
      />
      {lockNote(k)}
    </div>
  );
  return (
    <Stack gap="xs" data-settings="reminders">
      <Checkbox
        label={t('settings.quietHoursEnabled')}
        checked={values.quietHoursEnabled}
        disabled={locked.includes('quietHoursEnabled')}
        onChange={(e) => save({ quietHoursEnabled: e.currentTarget.checked })}
      />
      {lockNote('quietHoursEnabled')}
      <Group>
        {time('quietHoursStart')}
        {time('quietHoursEnd')}
      </Group>
      {time('workDayStart')}
    </Stack>
  );
}
