// Putting events and tasks on a demo user's CalDAV server from a spec, as
// another device of theirs would.
import { CalDavClient } from '../../electron/core/calendar/client';
import { silentLogger } from '../../electron/core/log';
import { signIn as signInAtProvider } from '../stack/login';
import { readStackJson } from '../stack/stack-json';

export async function caldav(user: string): Promise<CalDavClient> {
  const stack = readStackJson();
  const token = (await signInAtProvider(stack, user)).accessToken;
  return new CalDavClient({ serverUrl: stack.organization.calendar.caldavUrl, tokens: { accessToken: async () => token, renew: async () => token }, log: silentLogger });
}

/** An iCalendar UTC time: 20261207T010203Z. */
export const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
export const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e2e//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
