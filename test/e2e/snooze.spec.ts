// A snooze fires again (issue 17): the host runs on the test clock, which the
// spec moves forward instead of waiting five real minutes. A meeting's
// reminder rings (in the window and as a system notification), is snoozed for
// 5 minutes, rings again when the clock has moved 5 minutes on, is dismissed,
// and stays dismissed across a restart of the app.
import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { caldav, ics, utc } from './caldav';
import { signIn } from './sign-in';

const USER = 'anh.ntm';
const MIN = 60_000;

test.use({ testClock: true });

/** The system notifications the host showed (GOVDESK_NOTIFY lines) whose title names this text. */
function notices(output: readonly string[], text: string): string[] {
  return output.filter((l) => l.startsWith('GOVDESK_NOTIFY ') && (JSON.parse(l.slice('GOVDESK_NOTIFY '.length)) as { title: string }).title.includes(text));
}

test('a snoozed reminder rings again after the snooze, and a dismissed one stays dismissed after a restart', async ({ app, page, context }) => {
  const run = randomUUID().slice(0, 8);
  const meeting = `Họp giao ban sở ${run}`;
  const client = await caldav(USER);
  const { calendars } = await client.discover();
  const events = calendars.find((c) => c.components.includes('VEVENT') && !c.url.includes('lich-cong-tac'))!;
  const href = `${events.url}${run}-s.ics`;
  // The host's clock starts as the real one: the meeting starts in 20 minutes with a 21-minute reminder, due at once.
  const now = Date.now();
  await client.put(href, ics('BEGIN:VEVENT', `UID:${run}-s`, `DTSTAMP:${utc(now)}`, `DTSTART:${utc(now + 20 * MIN)}`, `DTEND:${utc(now + 50 * MIN)}`, `SUMMARY:${meeting}`,
    'BEGIN:VALARM', `UID:${run}-a`, 'ACTION:DISPLAY', 'TRIGGER:-PT21M', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT'), null);
  try {
    await app.open(page);
    await signIn(page, context, USER);

    // It rings: in the window and as one system notification.
    const card = page.locator('aside.ringing [data-reminder]', { hasText: meeting });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => notices(app.host.output, meeting).length).toBe(1);

    // Snoozed for 5 minutes: it leaves the ringing row, and nothing rings before the 5 minutes are up.
    await card.getByRole('button', { name: 'Báo lại' }).click();
    await page.getByRole('menuitem', { name: '5 phút', exact: true }).click();
    await expect(card).toHaveCount(0);
    await app.host.advanceClock(4 * MIN);
    await expect(card).toHaveCount(0);
    expect(notices(app.host.output, meeting)).toHaveLength(1);

    // Five minutes on (and a second, as the snooze is kept in whole seconds): it rings again, once.
    await app.host.advanceClock(MIN + 1000);
    await expect(card).toBeVisible({ timeout: 15_000 });
    expect(notices(app.host.output, meeting)).toHaveLength(2);

    // Dismissed: gone from the row, listed as dismissed.
    await card.getByRole('button', { name: 'Bỏ qua' }).click();
    await expect(card).toHaveCount(0);
    await page.locator('.sidebar').getByRole('button', { name: /Nhắc việc/ }).click();
    await expect(page.locator('[data-group="dismissed"] .reminder-row', { hasText: meeting }).first()).toBeVisible();

    // A restart of the app, later still: signed in, synced, and it does not come back.
    await app.restart();
    await app.host.advanceClock(MIN);
    await app.open(page);
    await expect(page.getByTestId('status-connection')).toHaveText('Trực tuyến', { timeout: 30_000 });
    await page.locator('.sidebar').getByRole('button', { name: /Nhắc việc/ }).click();
    await expect(page.locator('[data-group="dismissed"] .reminder-row', { hasText: meeting }).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-group="now"] .reminder-row', { hasText: meeting })).toHaveCount(0);
    await expect(page.locator('[data-group="snoozed"] .reminder-row', { hasText: meeting })).toHaveCount(0);
    await expect(page.locator('aside.ringing [data-reminder]', { hasText: meeting })).toHaveCount(0);
    expect(notices(app.host.output, meeting)).toHaveLength(0);
  } finally {
    await client.delete(href, null).catch(() => undefined);
  }
});
