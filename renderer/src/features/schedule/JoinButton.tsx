import { useMutation } from '@tanstack/react-query';
import { api } from '../../bridge';
import { useSharedTranslation } from '../../i18n/shared-translation';
import { Button } from '@mantine/core';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';

/** Opens the meeting in the system browser, through the core's allow-list. */
export function JoinButton({ url }: { url: string }) {
  const { t } = useSharedTranslation();
  const join = useMutation({ mutationFn: () => api.call('shell.openExternal', { url }) });
  return (
    <>
      <Button size="compact-sm" color="teal.9" className="join no-print" leftSection={<Icon name="video" />} onClick={() => join.mutate()} title={url}>
        {t('schedule.join')}
      </Button>
      {join.error ? <ErrorNote error={join.error} /> : null}
    </>
  );
}
