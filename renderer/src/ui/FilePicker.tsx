import { Button, Group, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

/**
 * Adding files, in our own words: a drop area with a button that opens the
 * system's file dialog. Never the browser's "Choose Files / No file chosen",
 * which speaks the browser's language. The area is a labelled group, not a
 * button, so the button and the dialog's hidden input are not nested in
 * another control (screen readers announce one control, once).
 */
export function FilePicker({ label, onFiles, disabled }: { label: string; onFiles: (files: File[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const openRef = useRef<() => void>(null);
  return (
    <Dropzone
      onDrop={onFiles}
      disabled={disabled ?? false}
      multiple
      className="file-picker"
      role="group"
      aria-label={label}
      openRef={openRef}
      activateOnClick={false}
      inputProps={{ 'aria-hidden': true, 'aria-label': label }}
    >
      <Group gap="sm" wrap="nowrap" className="file-picker-body">
        <Icon name="upload" size={22} />
        <div>
          <Button size="xs" variant="light" onClick={() => openRef.current?.()} disabled={disabled ?? false} className="file-picker-button">
            {label}
          </Button>
          <Text size="xs">{t('ui.files.hint')}</Text>
        </div>
      </Group>
    </Dropzone>
  );
}
