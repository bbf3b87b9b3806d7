import { TimePicker } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { uses24h } from './format';

/**
 * A time field in the app's language: 24-hour in Vietnamese, AM/PM in
 * English, whatever the browser's locale. Its value is 'HH:mm' (24-hour) or ''.
 */
export function TimeField({
  label,
  value,
  onChange,
  required,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const h24 = uses24h(i18n.language);
  return (
    <TimePicker
      label={label}
      value={value}
      onChange={onChange}
      format={h24 ? '24h' : '12h'}
      amPmLabels={{ am: t('ui.time.am'), pm: t('ui.time.pm') }}
      hoursInputLabel={t('ui.time.hours', { field: label })}
      minutesInputLabel={t('ui.time.minutes', { field: label })}
      amPmInputLabel={t('ui.time.amPm', { field: label })}
      withDropdown
      minutesStep={5}
      required={required ?? false}
      disabled={disabled ?? false}
      data-time-field=""
      data-format={h24 ? '24h' : '12h'}
    />
  );
}
