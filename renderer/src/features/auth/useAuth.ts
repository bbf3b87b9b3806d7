// The sign-in state, kept current by the core's `auth` event; and the
// sign-in and sign-out actions every auth screen shares.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AuthState } from '../../../../shared/auth';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';

const KEY = ['account', 'auth.state', {}] as const;

/** Whether the account is open but its session must be renewed (the banner, not the sign-in page). */
export function needsReauth(state: AuthState): boolean {
  return state.account !== null && state.phase !== 'signed_in';
}

/** Mount once (App): pushes `auth` events into the query cache; a different account drops every cached answer. */
export function useAuthEvents(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      api.on('auth', (next) => {
        const previous = client.getQueryData<AuthState>(KEY);
        client.setQueryData(KEY, next);
        // Another person (or nobody) now: nothing of the previous account may stay on screen.
        if (previous && previous.account?.id !== next.account?.id) {
          void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'app' && q.queryKey[0] !== 'settings' });
        }
      }),
    [client],
  );
}

export function useAuthState() {
  return useCall('account', 'auth.state', {});
}

/** Sign in (or again): resolves when signed in; its error is an auth.* code for ErrorNote. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.call('auth.signIn', {}),
    onSuccess: (state) => client.setQueryData(KEY, state),
  });
}

export function cancelSignIn(): void {
  void api.call('auth.cancelSignIn', {}).catch(() => undefined);
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (eraseCache: boolean | undefined) => api.call('auth.signOut', eraseCache === undefined ? {} : { eraseCache }),
    onSuccess: (state) => client.setQueryData(KEY, state),
  });
}
