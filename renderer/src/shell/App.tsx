import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall, useChangeEvents } from '../bridge/queries';
import { ReauthBanner } from '../features/auth/ReauthBanner';
import { SignInScreen } from '../features/auth/SignInScreen';
import { needsReauth, useAuthEvents, useAuthState } from '../features/auth/useAuth';
import { ComingPage } from '../features/ComingPage';
import { Ringing } from '../features/reminders/Ringing';
import '../features/reminders/reminders.css';
import { TodayPage } from '../features/today/TodayPage';
import { applyLanguage } from '../i18n';
import { ErrorNote } from '../ui/ErrorNote';
import { CommandPalette } from './CommandPalette';
import { DocumentsPage, FilesPage, MailPage, RemindersPage, SchedulePage, SettingsPage } from './section-pages';
import { SectionBoundary } from './SectionBoundary';
import { SECTIONS, sectionFromHash, type Section } from './sections';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';

export function App() {
  useChangeEvents();
  useAuthEvents();
  const { t } = useTranslation();
  const settings = useCall('settings', 'settings.get', {});
  const auth = useAuthState();
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
  if (!auth.data && !auth.error) return <div className="loading" aria-busy="true" />;
  // Nobody signed in to a configured organization: the sign-in page. (With no
  // organization the shell opens, and its status bar explains why signing in cannot start.)
  if (auth.data && auth.data.configured && !auth.data.account) return <SignInScreen state={auth.data} />;

  return (
    <div className="shell">
      <Sidebar current={section} onSelect={(s) => (window.location.hash = `#/${s}`)} />
      <CommandPalette onSelect={(s) => (window.location.hash = `#/${s}`)} />
      <main className="content" aria-label={t(`nav.${section}`)}>
        {auth.data && needsReauth(auth.data) ? <ReauthBanner waitingInCore={auth.data.phase === 'signing_in'} /> : null}
        {settings.error ? <ErrorNote error={settings.error} /> : null}
        {/* A section's code arrives on its first opening (section-pages.tsx); Today's is in the main bundle. */}
        <SectionBoundary key={section}>
          <Suspense fallback={<div className="loading" aria-busy="true" />}>
            {section === 'settings' ? (
              <SettingsPage key="settings" />
            ) : section === 'schedule' ? (
              <SchedulePage key="schedule" />
            ) : section === 'mail' ? (
              <MailPage key="mail" />
            ) : section === 'documents' ? (
              <DocumentsPage key="documents" />
            ) : section === 'files' ? (
              <FilesPage key="files" />
            ) : section === 'today' ? (
              <TodayPage key="today" />
            ) : section === 'reminders' ? (
              <RemindersPage key="reminders" />
            ) : (
              <ComingPage key={section} section={section} />
            )}
          </Suspense>
        </SectionBoundary>
      </main>
      <Ringing />
      <StatusBar />
    </div>
  );
}
