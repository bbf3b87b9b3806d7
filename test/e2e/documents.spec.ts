// The Documents section end to end (issue 15), Debian's chromium on the
// headless host against the stack's reference document service: the clerk
// drops a package file onto the app and registers it (a second drop of the
// same file is refused, naming the document), saves its "registered" status
// package and submits it, the leader assigns it with a deadline
// and urges it twice from Following (late or due soon: one entry with a count),
// the specialist finds it in To process with that deadline, reads its PDF,
// opens its Word attachment with the system's application, comments and
// finishes; the timeline shows every step and a search typed without
// diacritics finds it. Each person signs in on the same app in turn.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { readStatusPackage } from '../../electron/core/documents/edxml/read';
import { documentIdOf } from '../../electron/core/documents/edxml/codes';
import { writeDocumentPackage } from '../../electron/core/documents/edxml/write';
import { SENDER, US } from '../integration/documents/packages';
import { makeDocumentPdf } from '../stack/documents/pdf';
import { expect, test, type AppFixture } from './fixtures';
import { setDate } from './pickers';
import { signIn } from './sign-in';

function vnDate(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

async function signOut(page: Page): Promise<void> {
  await page.keyboard.press('Control+7');
  await page.getByRole('button', { name: 'Đăng xuất…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Đăng xuất khỏi Govdesk?' });
  // The app also ends the provider's session in the system browser (here a tab): confirm it there.
  const endSession = page.context().waitForEvent('page');
  await dialog.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
  await expect(page.locator('.signin')).toBeVisible();
  const idp = await endSession;
  await idp.waitForLoadState();
  await idp.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
  await idp.waitForLoadState();
  await idp.close();
}

async function openDocuments(page: Page): Promise<void> {
  await page.locator('.sidebar').getByRole('button', { name: /Văn bản/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Văn bản');
}

/** The row of the document in the open box, once a sync brought it (the refresh button asks for one). */
async function rowOf(page: Page, code: string) {
  const row = page.locator('.doc-row', { hasText: code });
  await expect(async () => {
    if ((await row.count()) === 0) await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return row;
}

async function act(page: Page, action: string, fill?: (form: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  const view = page.locator('.doc-view');
  await view.getByRole('button', { name: action, exact: true }).click();
  const form = view.locator('.doc-action-form');
  if (fill) await fill(form);
  await form.locator('button[type="submit"]').click();
  await expect(form).toHaveCount(0);
}

async function pick(page: Page, form: ReturnType<Page['locator']>, label: string, option: string): Promise<void> {
  await form.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

/** Drops a file onto the Documents section the way a file manager does: a drag over, then a drop with the file. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName }) => {
      const bin = atob(b64);
      const data = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], fileName, { type: 'application/xml' }));
      return dt;
    },
    { b64: bytes.toString('base64'), fileName: name },
  );
  const section = page.locator('section.page.documents');
  await section.dispatchEvent('dragover', { dataTransfer });
  await section.dispatchEvent('drop', { dataTransfer });
}

/** Waits until nothing the user did on this document waits for the server. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.doc-view .badge', { hasText: 'Chờ gửi' })).toHaveCount(0, { timeout: 20_000 });
}

test.describe('documents against the demo stack', () => {
  test('clerk registers, leader assigns, specialist reads the PDF, comments and finishes; the timeline and a search show it', async ({ app, page, context }) => {
    test.setTimeout(240_000);
    const number = String(10_000 + Math.floor(Math.random() * 89_999));
    const code = `${number}/UBND-KGVX`;
    const today = vnDate(0);
    const subject = `V/v triển khai chữ ký số chuyên dùng năm ${number}`;
    const pdf = await makeDocumentPdf({
      parentAgency: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
      agency: 'VĂN PHÒNG',
      numberLine: `Số: ${code}`,
      placeDate: 'Demo, ngày 07 tháng 12 năm 2026',
      typeName: 'CÔNG VĂN',
      subject,
      paragraphs: ['Đề nghị Sở Thông tin và Truyền thông triển khai chữ ký số chuyên dùng cho cán bộ, công chức.'],
      signer: { competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Nguyễn Văn Phong' },
      recipients: ['Sở Thông tin và Truyền thông;', 'Lưu: VT.'],
      createdAt: new Date(),
    });
    const docx = Buffer.from('PK\u0003\u0004 phụ lục kèm theo công văn');
    const pkg = writeDocumentPackage({
      from: SENDER,
      to: [US],
      code: { codeNumber: number, codeNotation: 'UBND-KGVX' },
      promulgation: { place: 'Demo', date: today },
      documentType: { type: '1', typeName: 'Công văn' },
      subject,
      signer: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Nguyễn Văn Phong' },
      dueDate: vnDate(10),
      toPlaces: [US.organName],
      otherInfo: { priority: '2', appendixes: [] },
      documentId: documentIdOf(SENDER.organId, today, number, 'UBND-KGVX'),
      traces: [{ organId: SENDER.organId, timestamp: `${today}T08:00:00` }],
      business: { docType: '0', paper: '0' },
      signed: false,
      manifest: [
        { contentId: 'cid:1', contentType: 'application/pdf', attachmentName: `${number}-UBND-KGVX.pdf` },
        { contentId: 'cid:2', contentType: DOCX, attachmentName: 'Phụ lục.docx' },
      ],
      attachments: [
        { contentId: 'cid:1', name: `${number}-UBND-KGVX.pdf`, contentType: 'application/pdf', data: new Uint8Array(pdf) },
        { contentId: 'cid:2', name: 'Phụ lục.docx', contentType: DOCX, data: new Uint8Array(docx) },
      ],
    });

    await app.open(page);
    await clerkStep(page, context, code, pkg);
    await leaderStep(page, context, code);
    await specialistStep(page, context, app, code, subject, docx);
  });
});

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function clerkStep(page: Page, context: BrowserContext, code: string, pkg: Buffer): Promise<void> {
  await signIn(page, context, 'dung.pt');
  await openDocuments(page);
  // The package came by mail: dropped onto the app, read, and registered from the dialog.
  await dropFile(page, 'cong-van.edxml', pkg);
  const dialog = page.getByRole('dialog', { name: 'Gói tin edXML: cong-van.edxml' });
  await expect(dialog).toContainText(code);
  await dialog.getByLabel('Ghi chú khi vào sổ (không bắt buộc)').fill('Nhận qua thư điện tử');
  await dialog.getByRole('button', { name: 'Vào sổ' }).click();
  await expect(dialog.getByRole('status')).toContainText('Gói văn bản đã vào hàng chờ gửi');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Registered by the document system: in Incoming, with its incoming number.
  await page.locator('.doc-box[data-box="incoming"]').click();
  const row = await rowOf(page, code);
  await expect(row.locator('.doc-mark[data-urgency]')).toBeVisible();
  await row.click();
  const view = page.locator('.doc-view');
  await expect(view).toHaveAttribute('data-state', 'registered');
  const registration = view.locator('.doc-field[data-field="registration"] dd');
  await expect(registration).toContainText(/Số đến \d+/);
  const incomingNumber = /Số đến (\d+)/.exec((await registration.textContent()) ?? '')![1]!;
  await expect(page.locator('.doc-outbox')).toHaveCount(0);

  // The same file again: not a second document; the dialog names the one held.
  await dropFile(page, 'cong-van.edxml', pkg);
  await dialog.getByRole('button', { name: 'Vào sổ' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`${code} của Ủy ban nhân dân tỉnh Demo, số đến ${incomingNumber}`);
  await page.keyboard.press('Escape');

  // Its status packages: "registered" (03) saved as a file the reader reads back.
  const saved = page.waitForEvent('download');
  await view.getByRole('button', { name: /Lưu gói trạng thái 03/ }).click();
  const download = await saved;
  expect(download.suggestedFilename()).toMatch(/-status-02-03\.edxml$/);
  const status = readStatusPackage(readFileSync((await download.path())!)).status;
  expect(status).toMatchObject({ statusCode: '03', staffInfo: { staff: 'Phạm Thị Dung' } });
  expect(status.description).toContain(`số đến ${incomingNumber}`);
  await act(page, 'Trình lãnh đạo', (form) => pick(page, form, 'Trình lãnh đạo', 'Lê Văn Cường (Phó Giám đốc)'));
  await expect(page.locator('.doc-view')).toHaveAttribute('data-state', 'submitted');
  await settled(page);
  await signOut(page);
}

async function leaderStep(page: Page, context: BrowserContext, code: string): Promise<void> {
  await signIn(page, context, 'cuong.lv');
  await openDocuments(page);
  await (await rowOf(page, code)).click();
  await expect(page.locator('.doc-view')).toHaveAttribute('data-state', 'submitted');
  // The keyboard opens the action: A for assign.
  const form = page.locator('.doc-action-form[data-action-form="assign"]');
  await expect(page.locator('.doc-view [data-action="assign"]')).toBeVisible();
  await page.locator('.doc-view').focus();
  await page.keyboard.press('a');
  await expect(form).toBeVisible();
  await pick(page, form, 'Chủ trì', 'Nguyễn Thị Minh Anh (Chuyên viên)');
  await setDate(form, 'Hạn xử lý', vnDate(2));
  await form.getByLabel('Ý kiến chỉ đạo').fill('Giao đồng chí Anh chủ trì tham mưu, báo cáo trước hạn.');
  await form.locator('button[type="submit"]').click();
  await expect(page.locator('.doc-view')).toHaveAttribute('data-state', 'assigned');
  await settled(page);

  // Following, late or due soon (the deadline is in two days): picked and urged with one message, twice.
  await page.locator('.doc-box[data-box="following"]').click();
  await page.getByRole('combobox', { name: 'Hạn', exact: true }).click();
  await page.getByRole('option', { name: 'Trễ hoặc sắp đến hạn' }).click();
  await rowOf(page, code);
  for (const text of ['Đề nghị khẩn trương tham mưu.', 'Đề nghị báo cáo trong ngày mai.']) {
    await page.getByRole('checkbox', { name: `Chọn ${code} để đôn đốc` }).check();
    await page.getByRole('button', { name: 'Đôn đốc các văn bản đã chọn' }).click();
    await page.getByLabel('Nội dung đôn đốc').fill(text);
    await page.getByRole('button', { name: 'Gửi đôn đốc' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã ghi 1 lần đôn đốc' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: `Chọn ${code} để đôn đốc` })).not.toBeChecked();
  }
  await (await rowOf(page, code)).click();
  await settled(page);
  const urges = page.locator('.doc-view .doc-timeline li[data-step="urge"]');
  await expect(urges).toHaveCount(1);
  await expect(urges).toHaveAttribute('data-count', '2');
  await expect(urges).toContainText('Đôn đốc 2 lần');
  await signOut(page);
}

async function specialistStep(page: Page, context: BrowserContext, app: AppFixture, code: string, subject: string, docx: Buffer): Promise<void> {
  await signIn(page, context, 'anh.ntm');
  await openDocuments(page);
  const row = await rowOf(page, code);
  await expect(row.locator('.doc-deadline')).toContainText(vnDate(2).split('-').reverse().join('/'));
  // Urged twice by the leader: one entry with a count.
  const urged = page.locator('.doc-view .doc-opinions li[data-kind="urge"]');
  await row.click();
  const view = page.locator('.doc-view');
  await expect(view.locator('.doc-opinions li[data-kind="directive"]')).toContainText('Giao đồng chí Anh chủ trì');
  await expect(urged).toHaveCount(1);
  await expect(urged).toHaveAttribute('data-count', '2');
  await expect(urged).toContainText('Đề nghị báo cáo trong ngày mai.');

  // The PDF, drawn by pdf.js in the app, its text selectable.
  await view.locator('.doc-files button').first().click();
  const viewer = page.locator('.pdf-viewer');
  await expect(viewer.locator('.pdf-pages')).toHaveAttribute('data-pdf-ready', 'true', { timeout: 20_000 });
  await expect(viewer.locator('.textLayer').first()).toContainText('chữ ký số chuyên dùng', { timeout: 20_000 });
  await viewer.getByRole('button', { name: 'Phóng to' }).click();
  await expect(viewer).toContainText('125%');
  await viewer.getByRole('button', { name: 'Đóng' }).click();

  // The Word file: kept, then handed to the system's application (the host says which file; it starts none in tests).
  await view.locator('.doc-files').getByRole('button', { name: 'Phụ lục.docx' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Đã chuyển Phụ lục.docx cho ứng dụng của hệ thống' })).toBeVisible();
  await expect.poll(() => app.host.openedPaths.length).toBe(1);
  expect(app.host.openedPaths[0]).toMatch(/Phụ lục\.docx$/);
  expect(readFileSync(app.host.openedPaths[0]!).equals(docx)).toBe(true);
  await expect(view.locator('.doc-files li[data-file="Phụ lục.docx"]')).toHaveAttribute('data-kept', 'true');

  await act(page, 'Cho ý kiến', (form) => form.getByLabel('Ý kiến').fill('Đã dự thảo văn bản trả lời, kính trình lãnh đạo.'));
  await settled(page);
  await act(page, 'Hoàn thành', (form) => form.getByLabel('Kết quả xử lý').fill('Đã trả lời bằng văn bản.'));
  await expect(view).toHaveAttribute('data-state', 'finished');
  await settled(page);

  // Every step, from arrival to finish, in the timeline.
  const steps = view.locator('.doc-timeline li');
  for (const s of ['import_package', 'register', 'submit', 'assign', 'comment', 'finish']) await expect(steps.locator(`xpath=self::*[@data-step="${s}"]`).first()).toBeVisible();

  // Found by a search typed without diacritics, highlighted in the document's own spelling.
  await page.getByRole('searchbox', { name: 'Tìm văn bản' }).fill('chu ky so chuyen dung');
  const hit = page.locator('.doc-row', { hasText: code });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toHaveText('chữ');
  expect(subject).toContain('chữ ký số');
}
