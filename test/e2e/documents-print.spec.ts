// The incoming register and the report of processing, end to end in Debian's
// chromium on the headless host against the stack's reference document
// service: the clerk opens "Print register…" from the keyboard, picks a
// period with the app's date fields, sees the seeded arrivals in order of số
// đến under the national heading, and prints. The host cannot print to a
// file, so Export PDF falls back to the print dialog (window.print, stubbed
// here): what is asserted is the printed form in print media, not a PDF file.
import AxeBuilder from '@axe-core/playwright';
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { setDate } from './pickers';
import { signIn } from './sign-in';

function vnDate(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** dd/mm/yyyy, as the Vietnamese sheet writes a day. */
function vnWritten(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

test('the clerk prints the incoming register for a period and the report of processing by unit', async ({ app, page, context }, testInfo) => {
  test.setTimeout(180_000);
  await app.open(page);
  await signIn(page, context, 'dung.pt');
  await page.locator('.sidebar').getByRole('button', { name: /Văn bản/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Văn bản');
  // The menu appears once the document system has said who the user is (the first sync).
  const menu = page.getByRole('button', { name: 'In sổ, báo cáo' });
  await expect(async () => {
    if (!(await menu.isVisible())) await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await expect(menu).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  // From the keyboard: focus the menu, open it, pick the register.
  await menu.focus();
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitem', { name: 'In sổ đăng ký văn bản đến…' });
  await expect(item).toBeVisible();
  await expect(async () => {
    if (!(await item.evaluate((el) => el === document.activeElement))) await page.keyboard.press('ArrowDown');
    await expect(item).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 5_000 });
  await page.keyboard.press('Enter');
  const view = page.locator('.doc-print');
  await expect(view.getByRole('heading', { name: 'Sổ đăng ký văn bản đến', exact: true, level: 2 })).toBeFocused();

  // The seed's month of arrivals, up to yesterday (other specs register documents today).
  const from = vnDate(-45);
  const to = vnDate(-1);
  // A period that ends before it starts is said plainly; nothing is asked of the core.
  await setDate(view, 'Đến ngày', vnDate(-50));
  await setDate(view, 'Từ ngày', from);
  await expect(view.getByRole('alert')).toHaveText('Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.');
  await setDate(view, 'Đến ngày', to);
  await expect(view.getByRole('alert')).toHaveCount(0);
  const sheet = view.locator('.print-sheet');
  await expect(sheet.locator('.sheet-period')).toHaveText(`Từ ngày ${vnWritten(from)} đến ngày ${vnWritten(to)}`);
  await expect(sheet.locator('.sheet-nation')).toContainText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  await expect(sheet.locator('.sheet-nation')).toContainText('Độc lập - Tự do - Hạnh phúc');
  await expect(sheet.locator('.sheet-agency-name')).toHaveText('Sở Thông tin và Truyền thông tỉnh Demo');
  await expect(sheet.getByRole('heading', { name: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', exact: true })).toBeVisible();
  const headers = await sheet.locator('thead tr').first().locator('th').allInnerTexts();
  expect(headers).toEqual(['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ký nhận', 'Ghi chú']);

  // The seeded arrivals, each once, in order of số đến; a known one reads as the register writes it.
  const rows = sheet.locator('tr.register-row');
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(12);
  const numbers = (await rows.evaluateAll((trs) => trs.map((tr) => [Number(tr.getAttribute('data-year')), Number(tr.getAttribute('data-number'))]))) as [number, number][];
  for (let i = 1; i < numbers.length; i++) {
    const [[ya, na], [yb, nb]] = [numbers[i - 1]!, numbers[i]!];
    expect(ya < yb || (ya === yb && na < nb), `row ${i}: ${ya}/${na} before ${yb}/${nb}`).toBe(true);
  }
  const scan = await new AxeBuilder({ page }).include('.doc-print').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  const plan = rows.filter({ hasText: 'Kế hoạch chuyển đổi số tỉnh Demo năm 2026' });
  await expect(plan).toHaveCount(1);
  await expect(plan.locator('.col-author')).toHaveText('Ủy ban nhân dân tỉnh Demo');
  await expect(plan.locator('.col-code')).toHaveText(/^\d+\/KH-UBND$/);
  await expect(plan.locator('.col-receivers')).toContainText('Phòng Công nghệ thông tin (chủ trì)');
  // Urgency goes in the notes; the confidential arrivals are in their own register, not this one.
  await expect(rows.filter({ hasText: 'tăng cường bảo đảm an toàn thông tin mạng' }).locator('.col-notes')).toHaveText('Khẩn');
  await expect(rows.filter({ hasText: 'tin nhắn rác' })).toHaveCount(0);

  // Export PDF on the host: the print dialog instead, with the hint to save as PDF.
  await page.evaluate(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => void w.printed++;
  });
  await view.getByRole('button', { name: 'Xuất PDF' }).click();
  await expect(view.locator('.print-actions .hint')).toContainText('Lưu dưới dạng PDF');
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // The printed form: only the sheet, no sidebar, status bar, controls or lists.
  await page.emulateMedia({ media: 'print' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('heading', { name: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', exact: true })).toBeVisible();
  for (const hidden of ['.sidebar', '.statusbar', '.doc-print-controls', '.print-actions', '.doc-layout']) await expect(page.locator(hidden)).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
  // Chromium's own print of the page, kept with the run for a person to look at (the host has no file export to test).
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const file = testInfo.outputPath('so-dang-ky-van-ban-den.pdf');
  writeFileSync(file, pdf);
  await testInfo.attach('so-dang-ky-van-ban-den.pdf', { path: file, contentType: 'application/pdf' });
  await page.emulateMedia({ media: 'screen' });

  // The secret register, chosen apart.
  await view.getByRole('combobox', { name: 'Sổ' }).click();
  await page.getByRole('option', { name: /Sổ văn bản đến mật/ }).click();
  await expect(sheet.getByRole('heading', { name: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN MẬT' })).toBeVisible();
  await expect(rows.filter({ hasText: 'tin nhắn rác' })).toHaveCount(1);

  // The report of processing for the same period: units and their people, with totals.
  await view.locator('.doc-print-controls').getByText('Báo cáo tình hình xử lý', { exact: true }).click();
  await expect(sheet.getByRole('heading', { name: 'BÁO CÁO TÌNH HÌNH XỬ LÝ VĂN BẢN THEO ĐƠN VỊ' })).toBeVisible();
  const cntt = sheet.locator('tr.unit-row[data-unit="phong-cntt"]');
  await expect(cntt).toContainText('Phòng Công nghệ thông tin');
  await expect(sheet.locator('tr.person-row').first()).toBeVisible();
  await expect(sheet.locator('tr.totals-row')).toContainText('Tổng cộng');
  const cells = (await cntt.locator('td.num').allInnerTexts()).map(Number);
  // Index, assigned, of which lead, on time, late, not done, of which overdue.
  expect(cells).toHaveLength(7);
  expect(cells[1]).toBeGreaterThan(0);
  expect(cells[3]! + cells[4]! + cells[5]!).toBe(cells[1]);
  await page.emulateMedia({ media: 'print' });
  const report = testInfo.outputPath('bao-cao-xu-ly-van-ban.pdf');
  writeFileSync(report, await page.pdf({ preferCSSPageSize: true, printBackground: false }));
  await testInfo.attach('bao-cao-xu-ly-van-ban.pdf', { path: report, contentType: 'application/pdf' });
  await page.emulateMedia({ media: 'screen' });

  // Closing gives the lists back where they were.
  await view.getByRole('button', { name: 'Đóng bản in' }).click();
  await expect(page.locator('.doc-layout')).toBeVisible();
  await expect(page.locator('.doc-print')).toHaveCount(0);
});
