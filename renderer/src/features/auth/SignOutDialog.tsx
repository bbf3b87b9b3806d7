import { Button } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { useSignOut } from './useAuth';

/**
 * Asks keep or erase before signing out. A policy that locks
 * keepCacheOnSignOut leaves no choice, and the dialog says which way it went.
 * A modal <dialog>: focus stays inside, Escape closes it.
 */
export function SignOutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const settings = useCall('settings', 'settings.get', {});
  const signOut = useSignOut();
  const locked = settings.data?.locked.includes('keepCacheOnSignOut') ?? false;
  const keepDefault = settings.data?.values.keepCacheOnSignOut ?? true;
  const [choice, setChoice] = useState<'keep' | 'erase' | null>(null);
  const selected = choice ?? (keepDefault ? 'keep' : 'erase');

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Under a locked policy the core decides; otherwise pass the user's choice.
    signOut.mutate(locked ? undefined : selected === 'erase', { onSuccess: onClose });
  };

  return (
    <dialog ref={dialog} className="signout-dialog" aria-labelledby="signout-title" onCancel={onClose}>
      <form onSubmit={onSubmit}>
        <h2 id="signout-title">{t('auth.signOut.title')}</h2>
        {locked ? (
          <p>{keepDefault ? t('auth.signOut.forcedKeep') : t('auth.signOut.forced')}</p>
        ) : (
          <fieldset>
            <legend className="visually-hidden">{t('auth.signOut.title')}</legend>
            {(['keep', 'erase'] as const).map((option) => (
              <label key={option} className="signout-option">
                <input type="radio" name="signout-cache" value={option} checked={selected === option} onChange={() => setChoice(option)} />
                <span>
                  <strong>{t(`auth.signOut.${option}`)}</strong>
                  <br />
                  <small>{t(`auth.signOut.${option}Hint`)}</small>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {signOut.isError ? <ErrorNote error={signOut.error} /> : null}
        <div className="dialog-actions">
          <Button type="button" variant="default" onClick={onClose} disabled={signOut.isPending}>
            {t('auth.signOut.cancel')}
          </Button>
          <Button type="submit" loading={signOut.isPending} disabled={signOut.isPending}>
            {signOut.isPending ? t('auth.signOut.working') : t('auth.signOut.confirm')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
