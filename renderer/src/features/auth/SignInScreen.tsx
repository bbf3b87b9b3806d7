import { Button, Group, Loader } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthState } from '../../../../shared/auth';
import { LANGUAGES, type Language } from '../../../../shared/languages';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { cancelSignIn, useSignIn } from './useAuth';
import './auth.css';

/**
 * The first screen of a configured app with nobody signed in: the
 * organization's name and one button. While the browser is open it waits,
 * with Cancel; any failure shows what to do and the button works again.
 */
export function SignInScreen({ state }: { state: AuthState }) {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const settings = useCall('settings', 'settings.get', {});
  const waiting = signIn.isPending || state.phase === 'signing_in';
  const title = useRef<HTMLHeadingElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => title.current?.focus({ preventScroll: true }), []);
  // After a failure or a cancel, the keyboard lands back on the button.
  useEffect(() => {
    if (!waiting) button.current?.focus({ preventScroll: true });
  }, [waiting]);

  const language = settings.data?.values.language;
  const languageLocked = settings.data?.locked.includes('language') ?? true;

  return (
    <main className="signin" aria-labelledby="signin-title">
      <div className="signin-card">
        <div className="signin-brand">{t('app.name')}</div>
        <h1 id="signin-title" ref={title} tabIndex={-1}>
          {t('auth.signIn.title')}
        </h1>
        {state.organization ? <p className="signin-org" data-testid="signin-organization">{state.organization.name}</p> : null}
        {state.configured ? <p className="signin-hint">{t('auth.signIn.hint')}</p> : <p className="signin-hint">{t('auth.signIn.notConfigured')}</p>}

        {waiting ? (
          <div className="signin-actions">
            <p role="status" className="signin-waiting">
              <Loader size="xs" aria-hidden="true" /> {t('auth.signIn.waiting')}
            </p>
            <Button type="button" variant="default" onClick={cancelSignIn}>
              {t('auth.signIn.cancel')}
            </Button>
          </div>
        ) : (
          <div className="signin-actions">
            <Button ref={button} type="button" size="md" onClick={() => signIn.mutate()}>
              {t('auth.signIn.button')}
            </Button>
          </div>
        )}
        {!waiting && signIn.isError ? <ErrorNote error={signIn.error} /> : null}
        {!state.persistent ? <p className="signin-note">{t('auth.memoryOnly')}</p> : null}

        {language && !languageLocked ? (
          <Group className="signin-language" gap="xs" mt="md" role="group" aria-label={t('settings.language')}>
            {LANGUAGES.map((l: Language) => (
              <Button
                key={l}
                size="compact-sm"
                variant={l === language ? 'light' : 'subtle'}
                aria-pressed={l === language}
                lang={l}
                onClick={() => void api.call('settings.set', { language: l }).then(() => settings.refetch())}
              >
                {t(`settings.languages.${l}`)}
              </Button>
            ))}
          </Group>
        ) : null}
      </div>
    </main>
  );
}
