// Opening an .edxml file in the Documents section (issue 15, point 5): the
// clerk picks a package and sees its fields and attachments as the core read
// them; a malformed one shows the reader's reason. Nothing is registered.
import { writeDocumentPackage } from '../../electron/core/documents/edxml/write';
import { SENDER, US } from '../integration/documents/packages';
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
