// The app's date and time pickers (Mantine's, in the app's language), driven
// as a person types into them: a date as written in the UI language, a time
// as its hours and minutes fields.
import type { Locator } from '@playwright/test';

/** Types 'HH:mm' (24-hour) into the time picker labelled `label` (Vietnamese field names). */
export async function setTime(scope: Locator, label: string, hhmm: string): Promise<void> {
  const [h, m] = hhmm.split(':') as [string, string];
  await scope.getByRole('spinbutton', { name: `${label}: giờ`, exact: true }).fill(h);
  await scope.getByRole('spinbutton', { name: `${label}: phút`, exact: true }).fill(m);
}

/** Types a 'YYYY-MM-DD' date into the date field labelled `label` as a Vietnamese user writes it (dd/mm/yyyy). */
export async function setDate(scope: Locator, label: string, iso: string): Promise<void> {
  const [y, mo, d] = iso.split('-') as [string, string, string];
  const field = scope.getByRole('textbox', { name: label, exact: true });
  await field.fill(`${d}/${mo}/${y}`);
  await field.press('Escape');
}
