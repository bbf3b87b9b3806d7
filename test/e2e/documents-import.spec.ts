// Opening an .edxml file in the Documents section (issue 15, point 5): the
// clerk picks a package and sees its fields and attachments as the core read
// them; a malformed one shows the reader's reason. Viewing registers nothing;
// registering a dropped package while the document system is down waits,
// visibly, in the documents outbox and goes through when it answers again.
import { writeDocumentPackage } from '../../electron/core/documents/edxml/write';
import { incomingPackage, SENDER, US } from '../integration/documents/packages';
import { stackPaths } from '../stack/config';
import { startServers, stopServers } from '../stack/servers';
import { readStackJson } from '../stack/stack-json';
import { dropFile } from './drop';
import { expect, test } from './fixtures';
import { signIn } from './sign-in';

test('an opened .edxml package shows its fields and attachments; a malformed one says why', async ({ app, page, context }) => {
  test.setTimeout(120_000);
  const bytes = writeDocumentPackage({
    from: SENDER,
    to: [US],
    code: { codeNumber: '4521', codeNotation: 'UBND-KGVX' },
    promulgation: { place: 'Demo', date: '2026-12-01' },
    documentType: { type: '1', typeName: 'Công văn' },
    subject: 'V/v rà soát hạ tầng mạng diện rộng',
    signer: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Nguyễn Văn Phong' },
    toPlaces: [],
    otherInfo: { priority: '3', appendixes: [] },
    documentId: `${SENDER.organId},2026/12/01,4521/UBND-KGVX`,
    traces: [],
    signed: false,
    manifest: [{ contentId: 'cid:1', contentType: 'application/pdf', attachmentName: 'Công văn 4521.pdf' }],
    attachments: [{ contentId: 'cid:1', name: 'Công văn 4521.pdf', contentType: 'application/pdf', data: new Uint8Array(2048) }],
  });
  await app.open(page);
  await signIn(page, context, 'dung.pt');
  await page.locator('.sidebar').getByRole('button', { name: /Văn bản/ }).click();
  await expect(page.getByRole('button', { name: 'Mở tệp edXML' })).toBeVisible();

  await page.getByTestId('edxml-input').setInputFiles({ name: 'cv4521.edxml', mimeType: 'application/xml', buffer: bytes });
  const dialog = page.getByRole('dialog', { name: 'Gói tin edXML: cv4521.edxml' });
  await expect(dialog.getByRole('row', { name: /Số, ký hiệu\s*4521\/UBND-KGVX/ })).toBeVisible();
  await expect(dialog).toContainText('V/v rà soát hạ tầng mạng diện rộng');
  await expect(dialog).toContainText('Hỏa tốc');
  await expect(dialog.getByRole('list', { name: '1 tệp đính kèm' })).toContainText('Công văn 4521.pdf');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  await page.getByTestId('edxml-input').setInputFiles({ name: 'hong.edxml', mimeType: 'application/xml', buffer: Buffer.from('<?xml version="1.0"?><!DOCTYPE x><x/>') });
  const refused = page.getByRole('dialog', { name: 'Gói tin edXML: hong.edxml' });
  await expect(refused.getByRole('alert')).toContainText('Không đọc được gói tin');
  await expect(refused.getByRole('alert')).toContainText('DOCTYPE');
});

test.describe('registering while the document system is down', () => {
  let stopped = false;
  test.afterEach(async () => {
    // Whatever a failed test left stopped runs again.
    if (stopped) await startServers(stackPaths(readStackJson().stackDir), ['documents']);
    stopped = false;
  });

  test('a dropped package waits in the documents outbox, then is registered once the service answers', async ({ app, page, context }) => {
    test.setTimeout(150_000);
    const pkg = incomingPackage();
    const code = `${pkg.doc.code.codeNumber}/UBND-KGVX`;
    await app.open(page);
    await signIn(page, context, 'dung.pt');
    await page.locator('.sidebar').getByRole('button', { name: /Văn bản/ }).click();
    // The first sync said who the clerk is (the boxes are counted).
    await expect(page.locator('.doc-box[data-box="incoming"]')).toBeVisible();

    await stopServers(stackPaths(readStackJson().stackDir), ['documents']);
    stopped = true;
    await dropFile(page.locator('section.page.documents'), 'qua-thu.edxml', pkg.bytes);
    const dialog = page.getByRole('dialog', { name: 'Gói tin edXML: qua-thu.edxml' });
    await dialog.getByRole('button', { name: 'Vào sổ' }).click();
    await expect(dialog.getByRole('status')).toContainText('Gói văn bản đã vào hàng chờ gửi');
    await page.keyboard.press('Escape');

    const entry = page.locator('.doc-outbox li[data-action="register"]');
    await expect(entry).toContainText(code);
    await expect(entry).toContainText('gói qua-thu.edxml');
    await expect(entry).toHaveAttribute('data-state', 'pending');

    await startServers(stackPaths(readStackJson().stackDir), ['documents']);
    stopped = false;
    await expect(async () => {
      await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
      await expect(page.locator('.doc-outbox')).toHaveCount(0, { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await page.locator('.doc-box[data-box="incoming"]').click();
    await page.locator('.doc-row', { hasText: code }).click();
    await expect(page.locator('.doc-view')).toHaveAttribute('data-state', 'registered');
    await expect(page.locator('.doc-view .doc-field[data-field="registration"]')).toContainText(/Số đến \d+/);
  });
});
