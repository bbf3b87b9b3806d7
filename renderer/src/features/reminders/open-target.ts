import { useEffect, useState } from 'react';
import type { ReminderOpen } from '../../../../shared/reminders';

/** Where "Open" goes: the section, and the item it should show (`#/schedule?open=12:1764…`). */
export function openTarget(open: ReminderOpen): void {
  window.location.hash = open.id ? `#/${open.section}?open=${encodeURIComponent(open.id)}` : `#/${open.section}`;
}

/** The item the hash asks a section to show, or null. */
export function openParam(hash: string = window.location.hash): string | null {
  const q = hash.indexOf('?');
  if (q < 0) return null;
  return new URLSearchParams(hash.slice(q + 1)).get('open');
}

/** The `open` of the hash, following its changes (a second Open while the section shows). */
export function useOpenParam(): [string | null, () => void] {
  const [open, setOpen] = useState(() => openParam());
  useEffect(() => {
    const on = () => setOpen(openParam());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const close = () => {
    setOpen(null);
    // Leave the section, drop the item: Back does not reopen it.
    const base = window.location.hash.split('?')[0] ?? '';
    window.history.replaceState(null, '', base || '#/');
  };
  return [open, close];
}
