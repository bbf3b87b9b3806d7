import { Group, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

/**
 * Adding files, in our own words: a drop area that is also a button
 * (Enter or Space opens the system's file dialog). Never the browser's
 * "Choose Files / No file chosen", which speaks the browser's language.
 */
export function FilePicker({ label, onFiles, disabled }: { label: string; onFiles: (files: File[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Dropzone
      onDrop={onFiles}
      disabled={disabled ?? false}
      multiple
      className="file-picker"
      // A focusable group (Enter or Space opens the file dialog) around the library's hidden file input,
      // which carries the same name: a role of button here would nest that input inside a button.
      role="group"
      aria-label={`${label}. ${t('ui.files.hint')}`}
      activateOnKeyboard
      inputProps={{ 'aria-label': label }}
    >
      <Group gap="sm" wrap="nowrap" className="file-picker-body">
        <Icon name="upload" size={22} />
        <div>
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <Text size="xs" c="dimmed">
            {t('ui.files.hint')}
          </Text>
        </div>
      </Group>
    </Dropzone>
  );
}
