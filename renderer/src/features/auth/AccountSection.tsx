import { Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SettingsSection } from '../../ui/SettingsSection';
import { SignOutDialog } from './SignOutDialog';
import { useAuthState } from './useAuth';
import './auth.css';

/** Settings' account part: who is signed in, and signing out. */
export function AccountSection() {
  const { t } = useTranslation();
  const { data: state } = useAuthState();
  const [asking, setAsking] = useState(false);
  if (!state?.account) return null;
  const { account } = state;
  return (
    <SettingsSection title={t('auth.account.section')}>
      <Text data-testid="account-signed-in-as">{t('auth.account.signedInAs', { name: account.name, email: account.email })}</Text>
      {account.unit ? <Text>{t('auth.account.unit', { unit: account.unit })}</Text> : null}
      {!state.persistent ? <p className="signin-note">{t('auth.memoryOnly')}</p> : null}
      <div>
        <Button variant="default" onClick={() => setAsking(true)}>
          {t('auth.account.signOut')}
        </Button>
      </div>
      {asking ? <SignOutDialog onClose={() => setAsking(false)} /> : null}
    </SettingsSection>
  );
}
