import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { queryClient } from './bridge/queries';
import './i18n';
// Before the app: the library's stylesheets then come first in the bundled CSS,
// so a feature's own rules win over the library's at equal specificity.
import { Providers } from './ui/Providers';
import { App } from './shell/App';
import { sectionFromHash } from './shell/sections';
import { todayQuery } from './features/today/today-query';

// The first screen's data goes out with the first calls (signed out, it fails
// quietly here and is asked again when Today is shown).
if (sectionFromHash(window.location.hash) === 'today') void queryClient.prefetchQuery(todayQuery);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Providers>
        <App />
      </Providers>
    </QueryClientProvider>
  </StrictMode>,
);
