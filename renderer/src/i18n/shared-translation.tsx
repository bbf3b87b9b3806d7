// One useTranslation for the whole window, read through a context by the
// components a screen draws many times (a row, a button on each row).
// react-i18next (17.x) copies the i18n instance for every component that
// calls useTranslation, on its first render and at each change of language;
// Today's rows, their reminder buttons and Join buttons made that a large
// share of the first screen's scripting.
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation, type UseTranslationResponse } from 'react-i18next';

type Translation = UseTranslationResponse<'translation', undefined>;

const SharedTranslation = createContext<Translation | null>(null);

export function SharedTranslationProvider({ children }: { children: ReactNode }) {
  const translation = useTranslation();
  return <SharedTranslation.Provider value={translation}>{children}</SharedTranslation.Provider>;
}

/** useTranslation's `t` and `i18n`, shared: for components drawn once per row. */
export function useSharedTranslation(): Translation {
  const translation = useContext(SharedTranslation);
  if (!translation) throw new Error('useSharedTranslation needs SharedTranslationProvider (ui/Providers.tsx)');
  return translation;
}
