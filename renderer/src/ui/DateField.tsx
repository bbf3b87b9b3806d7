import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import { dateFormatOf, parseTypedDate } from './typed-date';

/**
 * A date field with a calendar, in the app's language (not the browser's):
 * typed or picked, its value is 'YYYY-MM-DD'.
 */
export function DateField({
  label,
  value,
  onChange,
  required,
  disabled,
  clearable,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  required?: boolean;
  disabled?: boolean;
  clearable?: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <DateInput
      label={label}
      value={value}
      onChange={(v) => onChange(v)}
      valueFormat={dateFormatOf(i18n.language)}
      dateParser={(text) => parseTypedDate(text, i18n.language)}
      placeholder={t('ui.date.placeholder')}
      required={required ?? false}
      disabled={disabled ?? false}
      clearable={clearable ?? false}
      leftSection={<Icon name="schedule" />}
      popoverProps={{ withinPortal: true }}
      nextLabel={t('ui.date.next')}
      previousLabel={t('ui.date.previous')}
      data-date-field=""
    />
  );
}
