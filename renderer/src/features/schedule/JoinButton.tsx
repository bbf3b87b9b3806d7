import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';

/** Opens the meeting in the system browser, through the core's allow-list. */
export function JoinButton({ url }: { url: string }) {
  const { t } = useTranslation();
  const join = useMutation({ mutationFn: () => api.call('shell.openExternal', { url }) });
  return (
    <>
      <button type="button" className="join no-print" onClick={() => join.mutate()} title={url}>
        {t('schedule.join')}
      </button>
      {join.error ? <ErrorNote error={join.error} /> : null}
    </>
  );
}
