// The component library for the whole renderer: Mantine, with its static CSS
// (the CSP allows no runtime <style>: see scripts/mantine-theme-css.ts), the
// province's theme, and dates in the UI language (Vietnamese day first).
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/dropzone/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import 'virtual:govdesk-theme.css';
import './app.css';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SharedTranslationProvider } from '../i18n/shared-translation';
import { theme } from './theme';

export function Providers({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language.startsWith('vi') ? 'vi' : 'en';
  return (
    // withCssVariables / withGlobalClasses off: both would render a <style> element.
    <MantineProvider theme={theme} withCssVariables={false} withGlobalClasses={false} forceColorScheme="light">
      <DatesProvider settings={{ locale, firstDayOfWeek: 1, weekendDays: [0, 6] }}>
        <Notifications position="bottom-right" />
        <SharedTranslationProvider>{children}</SharedTranslationProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
