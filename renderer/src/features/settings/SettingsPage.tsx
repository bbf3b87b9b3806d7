import { RemindersSettings } from '../reminders/RemindersSettings';
import { DocumentsSettings } from '../documents/DocumentsSettings';
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, Group, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, type SettingKey, type UserSettings } from '../../../../shared/settings';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { AccountSection } from '../auth/AccountSection';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { PageTitle } from '../../ui/PageTitle';
import { SettingsSection } from '../../ui/SettingsSection';

/** What the session store means to a person, whatever its technical name. */
function secretStorageKey(available: boolean, backend: string): string {
  if (!available) return 'settings.secretsUnavailable';
  return backend === 'node-keyfile' ? 'settings.secretsKeyFile' : 'settings.secretsSystem';
}

/** Settings in sections, in plain words: account, language and display, offline mail, data on this computer, about. */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useCall('settings', 'settings.get', {});
  const info = useCall('app', 'app.info', {});
  const org = useCall('app', 'organization.get', {});
  // The core validates every value: the form passes what the user typed as is.
  const save = useMutation({
    mutationFn: (change: Partial<UserSettings>) => api.call('settings.set', change),
    onSuccess: () => notifications.show({ message: t('settings.saved'), color: 'green', autoClose: 2500, closeButtonProps: { 'aria-label': t('ui.close') } }),
  });
  const [days, setDays] = useState('');

  useEffect(() => {
    if (settings.data) setDays(String(settings.data.values.mailBodyWindowDays));
  }, [settings.data]);

  if (!settings.data) return settings.error ? <ErrorNote error={settings.error} /> : null;
  const { values, locked } = settings.data;
  const isLocked = (k: SettingKey) => locked.includes(k);
  const lockNote = (k: SettingKey) =>
    isLocked(k) ? (
      <span className="locked-note">
        <Icon name="lock" /> {t('settings.locked')}
      </span>
    ) : null;
  /** A yes/no setting, saved as soon as it is ticked. */
  const toggle = (k: 'keepCacheOnSignOut' | 'mailGroupByThread') => (
    <Group gap="sm">
      <Checkbox
        label={t(`settings.${k}`)}
        description={t(`settings.${k}Hint`)}
        checked={values[k]}
        disabled={isLocked(k)}
        onChange={(e) => save.mutate({ [k]: e.currentTarget.checked })}
      />
      {lockNote(k)}
    </Group>
  );

  const onSubmitDays = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ mailBodyWindowDays: Number(days) });
  };

  return (
    <section className="page settings-page" data-page="settings">
      <PageTitle>{t('settings.title')}</PageTitle>
      <Stack gap="md" maw={760}>
        <AccountSection />

        <SettingsSection title={t('settings.sections.display')} description={t('settings.sections.displayHint')}>
          <Group gap="sm" align="flex-end">
            <NativeSelect
              id="language"
              label={t('settings.language')}
              value={values.language}
              disabled={isLocked('language')}
              onChange={(e) => save.mutate({ language: e.currentTarget.value as Language })}
              data={LANGUAGES.map((l) => ({ value: l, label: t(`settings.languages.${l}`) }))}
              w={220}
            />
            {lockNote('language')}
          </Group>
          {toggle('mailGroupByThread')}
        </SettingsSection>

        <SettingsSection title={t('settings.sections.offline')} description={t('settings.sections.offlineHint')}>
          <form onSubmit={onSubmitDays}>
            <Group gap="sm" align="flex-end">
              <NumberInput
                id="mailBodyWindowDays"
                label={t('settings.mailBodyWindowDays')}
                value={days}
                onChange={(v) => setDays(String(v))}
                disabled={isLocked('mailBodyWindowDays')}
                allowDecimal={false}
                allowNegative={false}
                w={320}
              />
              <Button type="submit" variant="default" disabled={isLocked('mailBodyWindowDays')} loading={save.isPending}>
                {t('settings.save')}
              </Button>
              {lockNote('mailBodyWindowDays')}
            </Group>
          </form>
        </SettingsSection>

        <SettingsSection title={t('settings.sections.data')} description={t('settings.sections.dataHint')}>
          {toggle('keepCacheOnSignOut')}
          {info.data ? (
            <Text size="sm" data-testid="settings-secrets">
              {t(secretStorageKey(info.data.secretStorage.available, info.data.secretStorage.backend))}
            </Text>
          ) : null}
        </SettingsSection>

        <SettingsSection title={t('documentsSettings.title')} description={t('documentsSettings.hint')} testId="settings-documents">
          <DocumentsSettings values={values} locked={locked} save={(change) => save.mutate(change)} lockNote={lockNote} />
        </SettingsSection>

        <SettingsSection title={t('settings.reminders')} description={t('settings.sections.remindersHint')}>
          <RemindersSettings values={values} locked={locked} save={(change) => save.mutate(change)} lockNote={lockNote} />
        </SettingsSection>

        {save.isError ? <ErrorNote error={save.error} /> : save.isSuccess ? <p role="status" className="visually-hidden">{t('settings.saved')}</p> : null}

        <SettingsSection title={t('settings.about')}>
          {info.data ? (
            <ul className="about">
              <li>{org.data?.name ? t('settings.organization', { name: org.data.name }) : t('settings.noOrganization')}</li>
              <li>{t('settings.version', { version: info.data.version })}</li>
              <li>{t(`settings.shell.${info.data.shell}`)}</li>
            </ul>
          ) : null}
        </SettingsSection>
      </Stack>
    </section>
  );
}
