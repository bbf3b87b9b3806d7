// The province's look, as one Mantine theme. Plain data (no JSX, no DOM): the
// build also reads it under Node to write the theme's CSS variables into the
// static stylesheet (scripts/mantine-theme-css.ts), because Mantine's runtime
// <style> element would need 'unsafe-inline' in the CSP.
import { createTheme, Drawer, Modal, type MantineColorsTuple } from '@mantine/core';

/** The province's navy (the sidebar, primary buttons); shade 8 is the brand colour #12355b. */
const govblue: MantineColorsTuple = ['#eaf1f9', '#d3e0f0', '#a6c0e0', '#769ecf', '#4f81c0', '#376db6', '#1f5595', '#17457a', '#12355b', '#0b2540'];
/** The flag red, for accents and what needs attention; shade 6 is #c8102e. */
const govred: MantineColorsTuple = ['#fdeaec', '#f9cdd3', '#f29aa6', '#ea6478', '#e13a53', '#d6213d', '#c8102e', '#a80d27', '#8a0a20', '#6b0719'];

export const theme = createTheme({
  primaryColor: 'govblue',
  primaryShade: 8,
  colors: { govblue, govred },
  fontFamily: "'Segoe UI', 'Noto Sans', Roboto, system-ui, sans-serif",
  headings: { fontFamily: "'Segoe UI', 'Noto Sans', Roboto, system-ui, sans-serif" },
  defaultRadius: 'sm',
  cursorType: 'pointer',
  // Focus rings for the keyboard only, in a colour that shows on navy and white alike.
  focusRing: 'auto',
  fontSizes: { md: '0.9375rem' },
  components: {
    // Locking the page's scroll (react-remove-scroll) writes a <style> element at
    // run time, which the CSP refuses; the page does not scroll behind a dialog
    // anyway (the content pane scrolls, not the body).
    Modal: Modal.extend({ defaultProps: { lockScroll: false } }),
    Drawer: Drawer.extend({ defaultProps: { lockScroll: false } }),
  },
});
