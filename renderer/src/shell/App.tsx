import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall, useChangeEvents } from '../bridge/queries';
import { ComingPage } from '../features/ComingPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { applyLanguage } from '../i18n';
import { ErrorNote } from '../ui/ErrorNote';
import { SECTIONS, sectionFromHash, type Section } from './sections';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';

export function App() {
  useChangeEvents();
  const { t } = useTranslation();
  const settings = useCall('settings', 'settings.get', {});
  const [section, setSection] = useState<Section>(() => sectionFromHash(window.location.hash));

  // The stored language wins over the default as soon as the core answers.
  const language = settings.data?.values.language;
  useEffect(() => {
    if (language) applyLanguage(language);
  }, [language]);

  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(window.location.hash));
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const n = Number(e.key);
      const target = Number.isInteger(n) && n >= 1 ? SECTIONS[n - 1] : undefined;
      if (!target) return;
      e.preventDefault();
      window.location.hash = `#/${target}`;
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  // Until the stored language is known, show nothing rather than flash the wrong one.
  if (!settings.data && !settings.error) return <div className="loading" aria-busy="true" />;

  return (
    <div className="shell">
      <Sidebar current={section} onSelect={(s) => (window.location.hash = `#/${s}`)} />
      <main className="content" aria-label={t(`nav.${section}`)}>
        {settings.error ? <ErrorNote error={settings.error} /> : null}
        {section === 'settings' ? <SettingsPage key="settings" /> : <ComingPage key={section} section={section} />}
      </main>
      <StatusBar />
    </div>
  );
}
