// Data in the UI comes from the core's cache through TanStack Query; a
// `changed {topic}` event invalidates every query of that topic, so the
// screen refetches what it shows (ARCHITECTURE rule 3).
import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CallName, CallParams, CallResult, ChangeTopic } from '../../../shared/api';
import { api } from './index';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity } },
});

export function useCall<K extends CallName>(topic: ChangeTopic | 'app', name: K, params: CallParams<K>) {
  return useQuery<CallResult<K>, Error>({
    queryKey: [topic, name, params],
    queryFn: () => api.call(name, params),
  });
}

/** Mount once: turns core events into query invalidations. */
export function useChangeEvents(): void {
  const client = useQueryClient();
  useEffect(() => {
    const offChanged = api.on('changed', ({ topic, ids }) => {
      void client.invalidateQueries({ queryKey: [topic] });
      // Today gathers every feature (and counts what needs the user, as the icon's badge does):
      // any change makes it stale, so a return to Today shows the present, not the last visit.
      // Mail's connection and index health (ids ['status']) are not on it: they change at every start.
      if (topic === 'mail' && ids.length === 1 && ids[0] === 'status') return;
      void client.invalidateQueries({ queryKey: ['today'] });
    });
    const offStatus = api.on('status', (status) => client.setQueryData(['app', 'status.get', {}], status));
    return () => {
      offChanged();
      offStatus();
    };
  }, [client]);
}
