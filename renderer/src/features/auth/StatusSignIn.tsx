import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../ui/ErrorNote';
import { useSignIn } from './useAuth';

/**
 * In an app with no organization configured the shell still opens; this
 * button in the status bar is where signing in would start, and it explains
 * (auth.not_configured) what to do instead.
 */
export function StatusSignIn() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  return (
    <span className="status-signin">
      <Button size="compact-sm" variant="subtle" onClick={() => signIn.mutate()}>
        {t('auth.signIn.button')}
      </Button>
      {signIn.isError ? (
        <span className="status-signin-error">
          <ErrorNote error={signIn.error} />
        </span>
      ) : null}
    </span>
  );
}
