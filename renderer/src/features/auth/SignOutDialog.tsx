import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { useSignOut } from './useAuth';

/**
 * Asks keep or erase before signing out. A policy that locks
 * keepCacheOnSignOut leaves no choice, and the dialog says which way it went.
 * The library's modal: focus stays inside, Escape closes it, and focus goes
 * back to the button that opened it.
 */
export function SignOutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const settings = useCall('settings', 'settings.get', {});
  const signOut = useSignOut();
  const locked = settings.data?.locked.includes('keepCacheOnSignOut') ?? false;
  const keepDefault = settings.data?.values.keepCacheOnSignOut ?? true;
  const [choice, setChoice] = useState<'keep' | 'erase' | null>(null);
  const selected = choice ?? (keepDefault ? 'keep' : 'erase');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Under a locked policy the core decides; otherwise pass the user's choice.
    signOut.mutate(locked ? undefined : selected === 'erase', { onSuccess: onClose });
  };

  return (
    <Modal opened onClose={onClose} title={t('auth.signOut.title')} size="lg" centered closeButtonProps={{ 'aria-label': t('auth.signOut.cancel') }}>
      <form onSubmit={onSubmit}>
        {locked ? (
          <Text>{keepDefault ? t('auth.signOut.forcedKeep') : t('auth.signOut.forced')}</Text>
        ) : (
          <Radio.Group name="signout-cache" value={selected} onChange={(v) => setChoice(v === 'erase' ? 'erase' : 'keep')} aria-label={t('auth.signOut.title')}>
            <Stack gap="md">
              {(['keep', 'erase'] as const).map((option) => (
                <Radio key={option} value={option} label={t(`auth.signOut.${option}`)} description={t(`auth.signOut.${option}Hint`)} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {signOut.isError ? <ErrorNote error={signOut.error} /> : null}
        <Group justify="flex-end" mt="xl">
          <Button type="button" variant="default" onClick={onClose} disabled={signOut.isPending}>
            {t('auth.signOut.cancel')}
          </Button>
          <Button type="submit" loading={signOut.isPending} disabled={signOut.isPending}>
            {signOut.isPending ? t('auth.signOut.working') : t('auth.signOut.confirm')}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
