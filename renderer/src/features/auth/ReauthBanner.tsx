import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { cancelSignIn, useSignIn } from './useAuth';
import './auth.css';

/**
 * The session could not be renewed: a banner above the current screen, which
 * stays as it is (the cache and the outbox too) until the user signs in again.
 */
export function ReauthBanner({ waitingInCore }: { waitingInCore: boolean }) {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const waiting = signIn.isPending || waitingInCore;
  return (
    <Alert className="reauth-banner" role="region" aria-label={t('auth.reauth.button')} data-testid="reauth-banner" color="yellow" variant="light" icon={<Icon name="lock" />}>
      <div className="reauth-row">
        <p>{t('auth.reauth.message')}</p>
        {waiting ? (
          <>
            <span role="status">{t('auth.reauth.waiting')}</span>
            <Button type="button" variant="default" onClick={cancelSignIn}>
              {t('auth.reauth.cancel')}
            </Button>
          </>
        ) : (
          <Button type="button" onClick={() => signIn.mutate()}>
            {t('auth.reauth.button')}
          </Button>
        )}
        {!waiting && signIn.isError ? <ErrorNote error={signIn.error} /> : null}
      </div>
    </Alert>
  );
}
