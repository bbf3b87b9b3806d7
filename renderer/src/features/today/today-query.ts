import { api } from '../../bridge';

/**
 * Today's one call. Today reads every feature: any change makes it stale
 * (bridge/queries.ts). main.tsx sends it with the app's first calls when the
 * window opens on Today, rather than after the sign-in state has come back.
 */
export const todayQuery = { queryKey: ['today', 'today.get'] as const, queryFn: () => api.call('today.get', {}) };
