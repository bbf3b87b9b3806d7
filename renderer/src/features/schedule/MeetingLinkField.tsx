import { useMutation } from '@tanstack/react-query';
import { Badge, Button, Fieldset, Group, TextInput } from '@mantine/core';
import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingLinkCheck } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';

/** The link the form will save: one the core checked (or the event's own), or a new room to be made on save. */
export type MeetingChoice = { kind: 'none' } | { kind: 'link'; url: string; vendor: MeetingLinkCheck['vendor'] | string } | { kind: 'newRoom' };

/**
 * The event's online meeting: shown with its service and a remove button;
 * or a field to paste a link (checked by the core against the same
 * allow-list Join uses, and named by its service), or a new room at the
 * organization's meeting service, made when the event is saved.
 */
export function MeetingLinkField({
  value,
  onChange,
  pending,
  onPendingChange,
}: {
  value: MeetingChoice;
  onChange: (next: MeetingChoice) => void;
  /** Text in the paste field not yet checked: the form checks it before saving. */
  pending: string;
  onPendingChange: (text: string) => void;
}) {
  const { t } = useTranslation();
  const check = useMutation({
    mutationFn: (url: string) => api.call('calendar.checkMeetingLink', { url }),
    onSuccess: (r) => {
      onPendingChange('');
      onChange({ kind: 'link', url: r.url, vendor: r.vendor });
    },
  });
  const linkInputId = useId();
  const submitText = (text: string) => {
    if (text.trim()) check.mutate(text.trim());
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      submitText(pending);
    }
  };

  return (
    <Fieldset className="meeting-field" legend={t('schedule.form.meeting')} variant="filled">
      {value.kind === 'link' ? (
        <p className="meeting-current">
          <Badge variant="light" className="meeting-vendor">
            {t(`schedule.vendor.${value.vendor}`, { defaultValue: t('schedule.vendor.other') })}
          </Badge>{' '}
          <span className="meeting-url">{value.url}</span>{' '}
          <Button variant="default" size="compact-sm" onClick={() => onChange({ kind: 'none' })}>
            {t('schedule.form.removeMeeting')}
          </Button>
        </p>
      ) : value.kind === 'newRoom' ? (
        <p className="meeting-current">
          <span>{t('schedule.form.newRoomOnSave')}</span>{' '}
          <Button variant="default" size="compact-sm" onClick={() => onChange({ kind: 'none' })}>
            {t('schedule.form.cancelNewRoom')}
          </Button>
        </p>
      ) : (
        <Group gap="xs" align="flex-end">
          <TextInput
            className="grow"
            label={t('schedule.form.pasteMeeting')}
            id={linkInputId}
            type="url"
            inputMode="url"
            value={pending}
            placeholder="https://"
            maxLength={2000}
            error={check.isError}
            onChange={(e) => {
              check.reset();
              onPendingChange(e.currentTarget.value);
            }}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text');
              if (!text.trim()) return;
              e.preventDefault();
              onPendingChange(text.trim());
              submitText(text);
            }}
            onKeyDown={onKeyDown}
          />
          <Button variant="default" onClick={() => submitText(pending)} disabled={!pending.trim()} loading={check.isPending}>
            {t('schedule.form.addMeeting')}
          </Button>
          <Button variant="default" leftSection={<Icon name="video" />} onClick={() => onChange({ kind: 'newRoom' })}>
            {t('schedule.form.newMeeting')}
          </Button>
        </Group>
      )}
      {check.error ? <ErrorNote error={check.error} /> : null}
    </Fieldset>
  );
}
