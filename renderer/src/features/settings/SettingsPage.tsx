import { RemindersSettings } from '../reminders/RemindersSettings';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, type SettingKey, type UserSettings } from '../../../../shared/settings';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { AccountSection } from '../auth/AccountSection';
import { ErrorNote } from '../../ui/ErrorNote';
import { PageTitle } from '../../ui/PageTitle';
import { Icon } from '../../ui/Icon';

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useCall('settings', 'settings.get', {});
  const info = useCall('app', 'app.info', {});
  const org = useCall('app', 'organization.get', {});
  // The core validates every value: the form passes what the user typed as is.
  const save = useMutation({ mutationFn: (change: Partial<UserSettings>) => api.call('settings.set', change) });
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
    <div className="field">
      <label>
        <input type="checkbox" checked={values[k]} disabled={isLocked(k)} onChange={(e) => save.mutate({ [k]: e.target.checked })} /> {t(`settings.${k}`)}
      </label>
      {lockNote(k)}
    </div>
  );

  const onSubmitDays = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ mailBodyWindowDays: Number(days) });
  };

  return (
    <section className="page" data-page="settings">
      <PageTitle>{t('settings.title')}</PageTitle>
      <AccountSection />

      <div className="field">
        <label htmlFor="language">{t('settings.language')}</label>
        <select
          id="language"
          value={values.language}
          disabled={isLocked('language')}
          onChange={(e) => save.mutate({ language: e.target.value as Language })}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`settings.languages.${l}`)}
            </option>
          ))}
        </select>
        {lockNote('language')}
      </div>

      <form className="field" onSubmit={onSubmitDays}>
        <label htmlFor="mailBodyWindowDays">{t('settings.mailBodyWindowDays')}</label>
        <input id="mailBodyWindowDays" type="number" inputMode="numeric" value={days} disabled={isLocked('mailBodyWindowDays')} onChange={(e) => setDays(e.target.value)} />
        <button type="submit" disabled={isLocked('mailBodyWindowDays')}>
          {t('settings.save')}
        </button>
        {lockNote('mailBodyWindowDays')}
      </form>

      {toggle('keepCacheOnSignOut')}
      {toggle('mailGroupByThread')}
      <RemindersSettings values={values} locked={locked} save={(change) => save.mutate(change)} lockNote={lockNote} />

      {save.isError ? <ErrorNote error={save.error} /> : save.isSuccess ? <p role="status">{t('settings.saved')}</p> : null}

      <h2>{t('settings.about')}</h2>
      {info.data ? (
        <ul className="about">
          <li>{t('settings.version', { version: info.data.version })}</li>
          <li>{t(`settings.shell.${info.data.shell}`)}</li>
          <li>{info.data.secretStorage.available ? t('settings.secrets', { backend: info.data.secretStorage.backend }) : t('settings.secretsUnavailable')}</li>
          <li>{org.data?.name ? t('settings.organization', { name: org.data.name }) : t('settings.noOrganization')}</li>
        </ul>
      ) : null}
    </section>
  );
}
