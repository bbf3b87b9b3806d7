// Settings → Documents in Debian's chromium through the headless host: the
// offline size limit with the space in use and "Free up space now", and the
// deadline lead times; both from the organization's policy, read-only when
// the policy locks them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

function documentsSection(page: Page) {
  return page.getByTestId('settings-documents');
}

test('Settings shows the offline size limit with the space in use, and the deadline lead times; changes are kept', async ({ app, page, context }) => {
  await app.open(page);
  await signIn(page, context, 'anh.ntm');
  await page.keyboard.press('Control+7');
  const section = documentsSection(page);
  await expect(section.getByRole('heading', { name: 'Văn bản' })).toBeVisible();
  // Built in: 500 MB, 2 days before and on the day.
  await expect(section.getByTestId('documents-offline-use')).toContainText(/Đang dùng .+ \/ 500 MB/);
  const limit = section.getByRole('combobox', { name: 'Dung lượng tối đa cho tệp văn bản đọc ngoại tuyến' });
  await expect(limit).toHaveValue('500 MB');
  await expect(limit).toBeEnabled();
  const week = section.getByRole('checkbox', { name: 'Trước 1 tuần' });
  await expect(section.getByRole('checkbox', { name: 'Trước 2 ngày' })).toBeChecked();
  await expect(section.getByRole('checkbox', { name: 'Vào ngày đến hạn' })).toBeChecked();
  await expect(section.getByRole('checkbox', { name: 'Trước 1 ngày' })).not.toBeChecked();
  await expect(week).not.toBeChecked();

  await limit.click();
  await page.getByRole('option', { name: '1 GB', exact: true }).click();
  await expect(section.getByTestId('documents-offline-use')).toContainText(/Đang dùng .+ \/ 1 GB/);
  await week.click();
  await expect(week).toBeChecked();

  // "Free up space now" answers with what it freed (To process's files stay, so it may be nothing).
  await section.getByRole('button', { name: 'Giải phóng dung lượng ngay' }).click();
  await expect(page.getByText(/^Đã giải phóng /)).toBeVisible();

  // Kept in the app's settings: the same after reopening the window.
  await page.reload();
  await page.keyboard.press('Control+7');
  await expect(documentsSection(page).getByRole('combobox', { name: 'Dung lượng tối đa cho tệp văn bản đọc ngoại tuyến' })).toHaveValue('1 GB');
  await expect(documentsSection(page).getByRole('checkbox', { name: 'Trước 1 tuần' })).toBeChecked();
  await expect(documentsSection(page).getByRole('checkbox', { name: 'Trước 2 ngày' })).toBeChecked();
});

test.describe('with a policy from the organization', () => {
  test.use({ withOrganization: false });

  test('a locked setting is shown read-only with the reason and cannot be changed; a preset one can', async ({ app, page }) => {
    const policy = join(app.dataDir, 'policies.json');
    writeFileSync(policy, JSON.stringify({ settings: { documentDeadlineLeadDays: [7, 0] }, defaults: { documentsOfflineLimitMb: 250 } }));
    await app.restart({ policy });
    await app.open(page);
    await page.keyboard.press('Control+7');
    const section = documentsSection(page);
    const week = section.getByRole('checkbox', { name: 'Trước 1 tuần' });
    const twoDays = section.getByRole('checkbox', { name: 'Trước 2 ngày' });
    await expect(week).toBeChecked();
    await expect(section.getByRole('checkbox', { name: 'Vào ngày đến hạn' })).toBeChecked();
    await expect(twoDays).not.toBeChecked();
    for (const box of await section.getByRole('checkbox').all()) await expect(box).toBeDisabled();
    await expect(section.getByText('Do cơ quan quy định, không thay đổi được')).toHaveCount(1);
    // A click on it changes nothing, in the window or after a restart.
    await twoDays.click({ force: true });
    await expect(twoDays).not.toBeChecked();

    // The policy's default: the user may change it.
    const limit = section.getByRole('combobox', { name: 'Dung lượng tối đa cho tệp văn bản đọc ngoại tuyến' });
    await expect(limit).toHaveValue('250 MB');
    await expect(limit).toBeEnabled();
    // Nobody is signed in: no files, and it says why nothing is counted.
    await expect(section).toContainText('Đăng nhập để xem dung lượng đang dùng.');

    await app.restart({ policy });
    await app.open(page);
    await page.keyboard.press('Control+7');
    await expect(documentsSection(page).getByRole('checkbox', { name: 'Trước 2 ngày' })).not.toBeChecked();
    await expect(documentsSection(page).getByRole('checkbox', { name: 'Trước 2 ngày' })).toBeDisabled();
  });
});
