import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
    <section className="account-section" aria-labelledby="account-title">
      <h2 id="account-title">{t('auth.account.section')}</h2>
      <p data-testid="account-signed-in-as">{t('auth.account.signedInAs', { name: account.name, email: account.email })}</p>
      {account.unit ? <p>{t('auth.account.unit', { unit: account.unit })}</p> : null}
      {!state.persistent ? <p className="signin-note">{t('auth.memoryOnly')}</p> : null}
      <button type="button" onClick={() => setAsking(true)}>
        {t('auth.account.signOut')}
      </button>
      {asking ? <SignOutDialog onClose={() => setAsking(false)} /> : null}
    </section>
  );
}
