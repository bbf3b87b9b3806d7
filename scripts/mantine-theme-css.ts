// Mantine writes its theme's CSS variables into a <style> element at run time,
// which the app's CSP (style-src 'self', no 'unsafe-inline') refuses. This Vite
// plugin writes the same variables at build time instead, as a stylesheet the
// renderer imports (`virtual:govdesk-theme.css`), so they ship in the bundled
// CSS file; the provider is told not to render its own (withCssVariables=false).
import { convertCssVariables, defaultCssVariablesResolver, DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import type { Plugin } from 'vite';
import { theme } from '../renderer/src/ui/theme.ts';

export const THEME_CSS_ID = 'virtual:govdesk-theme.css';

/** The CSS variables of the app's theme, for :root and both colour schemes. */
export function themeCss(): string {
  const merged = mergeMantineTheme(DEFAULT_THEME, theme);
  return `${convertCssVariables(defaultCssVariablesResolver(merged), ':root')}\n:root{--mantine-color-scheme:light}\n`;
}

export function mantineThemeCss(): Plugin {
  return {
    name: 'govdesk-mantine-theme-css',
    resolveId: (id) => (id === THEME_CSS_ID ? THEME_CSS_ID : null),
    load: (id) => (id === THEME_CSS_ID ? themeCss() : null),
  };
}
