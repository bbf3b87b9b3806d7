import type { GovdeskBridge, RawBridge } from '../../../shared/api';
import { createClient } from './client';
import { connectHostBridge } from './ws';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page is served by the headless host. */
    govdesk?: RawBridge;
  }
}

function pickBridge(): RawBridge {
  if (window.govdesk) return window.govdesk;
  // Under the headless host the "system browser" is a new tab of this browser.
  return connectHostBridge((url) => window.open(url, '_blank', 'noopener'));
}

export const api: GovdeskBridge = createClient(pickBridge());
export { CallError } from './client';
