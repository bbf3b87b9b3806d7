/**
 * Real PDFs for the seed: an administrative document laid out as Decree 30's
 * Appendix I shows it (agency and national motto, number and date, title,
 * body, signer, recipients), in Vietnamese that a PDF reader displays and
 * extracts. pdfkit embeds a subset of DejaVu Serif (Debian fonts-dejavu-core,
 * installed by test/stack/apt.ts and .ci/run), which has the Vietnamese glyphs.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const REGULAR = `${FONT_DIR}/DejaVuSerif.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSerif-Bold.ttf`;

export interface PdfSpec {
  parentAgency: string;
  agency: string;
  numberLine: string;
  placeDate: string;
  typeName: string;
  subject: string;
  paragraphs: string[];
  signer: { competence: string; position: string; fullName: string };
  recipients: string[];
  /** Circulation or confidentiality mark (MẬT, KHẨN...) shown above the title. */
  mark?: string;
  /** Fixed, so that the same seed gives the same bytes. */
  createdAt: Date;
}

export function fontsAvailable(): boolean {
  return existsSync(REGULAR) && existsSync(BOLD);
}

export function makeDocumentPdf(spec: PdfSpec): Promise<Buffer> {
  if (!fontsAvailable()) throw new Error(`${REGULAR} is missing: install the Debian package fonts-dejavu-core (npm run stack:up does)`);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 57, bottom: 57, left: 85, right: 57 },
      info: { Title: `${spec.typeName}: ${spec.subject}`, Author: spec.agency, Creator: 'Govdesk demo', Producer: 'Govdesk demo', CreationDate: spec.createdAt, ModDate: spec.createdAt },
      lang: 'vi-VN',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('regular', REGULAR);
    doc.registerFont('bold', BOLD);

    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    // Appendix I: the agency on the left (about 40 %), the national motto on the right.
    const leftW = width * 0.42;
    const rightW = width - leftW;
    const half = width / 2;
    const top = doc.y;
    doc.font('regular').fontSize(11);
    if (spec.parentAgency && spec.parentAgency.toUpperCase() !== spec.agency.toUpperCase()) doc.text(spec.parentAgency.toUpperCase(), left, top, { width: leftW - 8, align: 'center' });
    doc.font('bold').text(spec.agency.toUpperCase(), left, doc.y, { width: leftW - 8, align: 'center' });
    doc.font('regular').text(spec.numberLine, { width: leftW - 8, align: 'center' });
    doc.font('bold').fontSize(10.5).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + leftW, top, { width: rightW, align: 'center' });
    doc.fontSize(11).text('Độc lập - Tự do - Hạnh phúc', { width: rightW, align: 'center', underline: true });
    doc.font('regular').text(spec.placeDate, { width: rightW, align: 'center', oblique: true });
    doc.moveDown(2);
    doc.x = left;
    if (spec.mark) doc.font('bold').fontSize(12).text(spec.mark, left, doc.y, { width });
    doc.moveDown(0.5);
    doc.font('bold').fontSize(14).text(spec.typeName.toUpperCase(), left, doc.y, { width, align: 'center' });
    doc.font('bold').fontSize(13).text(spec.subject, { width, align: 'center' });
    doc.moveDown(1);
    doc.font('regular').fontSize(13);
    for (const p of spec.paragraphs) doc.text(p, { width, align: 'justify', indent: 28, paragraphGap: 6 });
    doc.moveDown(1.5);
    const signTop = doc.y;
    doc.font('bold').fontSize(11).text('Nơi nhận:', left, signTop, { width: half - 10 });
    doc.font('regular').fontSize(10);
    for (const r of spec.recipients) doc.text(`- ${r};`, { width: half - 10 });
    doc.font('bold').fontSize(12).text(spec.signer.competence, left + half, signTop, { width: half, align: 'center' });
    doc.text(spec.signer.position.toUpperCase(), { width: half, align: 'center' });
    doc.moveDown(3);
    doc.text(spec.signer.fullName, { width: half, align: 'center' });
    doc.end();
  });
}
