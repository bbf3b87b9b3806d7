import { Component, type ReactNode } from 'react';
import { ErrorNote } from '../ui/ErrorNote';

/**
 * A section whose code could not be loaded or that failed while drawing shows
 * the error in its place; the sidebar, status bar and other sections stay
 * usable. Keyed by the section (App.tsx), so opening another one starts afresh.
 */
export class SectionBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render(): ReactNode {
    return this.state.error ? <ErrorNote error={this.state.error} /> : this.props.children;
  }
}
