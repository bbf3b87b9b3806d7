import './zod-config';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { queryClient } from './bridge/queries';
import './i18n';
// Before the app: the library's stylesheets then come first in the bundled CSS,
// so a feature's own rules win over the library's at equal specificity.
import { Providers } from './ui/Providers';
import { App } from './shell/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Providers>
        <App />
      </Providers>
    </QueryClientProvider>
  </StrictMode>,
);
