import { ActionIcon, Button, Fieldset, NativeSelect } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/Icon';

const PRESETS = [0, 5, 10, 15, 30, 60, 120, 1440, 2880];
/** What the contract takes (eventDraftSchema.alarmsMinutesBefore). */
export const MAX_REMINDERS = 10;

export function reminderLabel(t: TFunction, minutes: number): string {
  if (minutes === 0) return t('schedule.form.atStart');
  if (minutes < 0) return t('schedule.form.minutesAfter', { count: -minutes });
  if (minutes % 1440 === 0) return t('schedule.form.daysBefore', { count: minutes / 1440 });
  if (minutes % 60 === 0) return t('schedule.form.hoursBefore', { count: minutes / 60 });
  return t('schedule.form.minutesBefore', { count: minutes });
}

/**
 * The event's minutes-before reminders, as many as the user wants (up to the
 * contract's ten): each one a choice and a remove button. Reminders at a
 * fixed time (set by another client) are not edited here; the core keeps
 * them and moves them with the event.
 */
export function RemindersField({ value, onChange, fixedCount }: { value: number[]; onChange: (next: number[]) => void; fixedCount: number }) {
  const { t } = useTranslation();
  const nextFree = () => [15, 60, 1440, 5, 30, 0, 10, 120, 2880].find((m) => !value.includes(m)) ?? 15;
  return (
    <Fieldset className="reminders-field" legend={t('schedule.form.reminders')} variant="filled">
      {value.length === 0 ? <p className="hint">{t('schedule.form.noReminder')}</p> : null}
      <ul>
        {value.map((m, i) => {
          const options = PRESETS.includes(m) ? PRESETS : [...PRESETS, m].sort((a, b) => a - b);
          return (
            <li key={i} className="reminder">
              <NativeSelect
                size="xs"
                aria-label={t('schedule.form.reminderN', { n: i + 1 })}
                value={String(m)}
                onChange={(e) => onChange(value.map((x, j) => (j === i ? Number(e.currentTarget.value) : x)))}
                data={options.map((o) => ({ value: String(o), label: reminderLabel(t, o), disabled: o !== m && value.includes(o) }))}
              />
              <ActionIcon variant="subtle" color="gray" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={t('schedule.form.removeReminder', { what: reminderLabel(t, m) })}>
                <Icon name="close" size={14} />
              </ActionIcon>
            </li>
          );
        })}
      </ul>
      <Button variant="default" size="xs" leftSection={<Icon name="plus" />} onClick={() => onChange([...value, nextFree()])} disabled={value.length >= MAX_REMINDERS}>
        {t('schedule.form.addReminder')}
      </Button>
      {fixedCount > 0 ? <p className="hint">{t('schedule.form.fixedReminders', { count: fixedCount })}</p> : null}
    </Fieldset>
  );
}
