import { useMutation } from '@tanstack/react-query';
import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingLinkCheck } from '../../../../shared/calendar';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';

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
    <fieldset className="meeting-field">
      <legend>{t('schedule.form.meeting')}</legend>
      {value.kind === 'link' ? (
        <p className="meeting-current">
          <span className="badge meeting-vendor">{t(`schedule.vendor.${value.vendor}`, { defaultValue: t('schedule.vendor.other') })}</span>{' '}
          <span className="meeting-url">{value.url}</span>{' '}
          <button type="button" onClick={() => onChange({ kind: 'none' })}>
            {t('schedule.form.removeMeeting')}
          </button>
        </p>
      ) : value.kind === 'newRoom' ? (
        <p className="meeting-current">
          <span>{t('schedule.form.newRoomOnSave')}</span>{' '}
          <button type="button" onClick={() => onChange({ kind: 'none' })}>
            {t('schedule.form.cancelNewRoom')}
          </button>
        </p>
      ) : (
        <div className="row">
          <label htmlFor={linkInputId} className="grow">
            {t('schedule.form.pasteMeeting')}
            <input
              id={linkInputId}
              type="url"
              inputMode="url"
              value={pending}
              placeholder="https://"
              maxLength={2000}
              aria-invalid={check.isError || undefined}
              onChange={(e) => {
                check.reset();
                onPendingChange(e.target.value);
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
          </label>
          <button type="button" onClick={() => submitText(pending)} disabled={!pending.trim() || check.isPending}>
            {t('schedule.form.addMeeting')}
          </button>
          <button type="button" onClick={() => onChange({ kind: 'newRoom' })}>
            {t('schedule.form.newMeeting')}
          </button>
        </div>
      )}
      {check.error ? <ErrorNote error={check.error} /> : null}
    </fieldset>
  );
}
