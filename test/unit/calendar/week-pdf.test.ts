// "Xuất PDF" of the agency week, the core's side: the file name offered, the
// refusal where the shell cannot print, a cancelled dialog, an atomic write,
// and "Open folder" only for what was saved. The shell is a fake Platform.pdf.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agencyWeekPdfName, isoWeek } from '../../../electron/core/calendar/week-pdf';
import { AppError } from '../../../electron/core/errors';
import { PdfExport } from '../../../electron/core/pdf-export';
import type { PdfPageOptions, PdfPrinting } from '../../../electron/core/platform';

const PDF = Buffer.from('%PDF-1.7\n% lịch công tác\n%%EOF\n');

function fakeShell(answer: (suggested: string) => string | null, print: () => Promise<Buffer> = async () => PDF) {
  const seen = { suggested: [] as string[], pages: [] as PdfPageOptions[], shown: [] as string[] };
  const pdf: PdfPrinting = {
    chooseSavePath: async (o) => {
      seen.suggested.push(o.suggestedName);
      return answer(o.suggestedName);
    },
    printToPdf: async (page) => {
      seen.pages.push(page);
      return print();
    },
    showInFolder: (p) => void seen.shown.push(p),
  };
  return { pdf, seen };
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | null> {
  try {
    await (typeof p === 'function' ? p() : p);
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
}

describe('the agency week as a PDF file', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('is offered under the ISO week of any day in it, across the year boundary too', () => {
    expect(agencyWeekPdfName('2026-12-01')).toBe('lich-cong-tac-tuan-2026-W49.pdf');
    expect(agencyWeekPdfName('2026-11-30')).toBe('lich-cong-tac-tuan-2026-W49.pdf');
    expect(agencyWeekPdfName('2026-12-06')).toBe('lich-cong-tac-tuan-2026-W49.pdf');
    // Monday 29 December 2025 starts week 1 of 2026 (its Thursday is 1 January).
    expect(isoWeek('2025-12-31')).toEqual({ year: 2026, week: 1 });
    // Friday 1 January 2027 still belongs to 2026's last week, W53.
    expect(agencyWeekPdfName('2027-01-01')).toBe('lich-cong-tac-tuan-2026-W53.pdf');
    expect(agencyWeekPdfName('2026-01-05')).toBe('lich-cong-tac-tuan-2026-W02.pdf');
  });

  it('prints A4 landscape and writes the file where the user chose, leaving no temporary file behind', async () => {
    dir = mkdtempSync(join(tmpdir(), 'govdesk-pdf-'));
    const target = join(dir, 'tuan-49.pdf');
    writeFileSync(target, 'an older export'); // replaced whole, never half-written
    const { pdf, seen } = fakeShell(() => target);
    const result = await new PdfExport({ pdf }).save(agencyWeekPdfName('2026-12-01'));
    expect(result).toEqual({ saved: true, path: target, fileName: 'tuan-49.pdf' });
    expect(seen.suggested).toEqual(['lich-cong-tac-tuan-2026-W49.pdf']);
    expect(seen.pages).toEqual([{ pageSize: 'A4', landscape: true }]);
    expect(readFileSync(target).equals(PDF)).toBe(true);
    expect(readdirSync(dir)).toEqual(['tuan-49.pdf']);
  });

  it('adds .pdf to a name typed without an extension', async () => {
    dir = mkdtempSync(join(tmpdir(), 'govdesk-pdf-'));
    const { pdf } = fakeShell(() => join(dir, 'lich tuan'));
    expect(await new PdfExport({ pdf }).save('x.pdf')).toMatchObject({ saved: true, path: join(dir, 'lich tuan.pdf') });
  });

  it('a cancelled dialog is no error and prints nothing', async () => {
    const { pdf, seen } = fakeShell(() => null);
    expect(await new PdfExport({ pdf }).save('x.pdf')).toEqual({ saved: false });
    expect(seen.pages).toEqual([]);
  });

  it('a shell that cannot print to PDF (the headless host) says so with export.unsupported', async () => {
    expect(await codeOf(new PdfExport({ pdf: null }).save('x.pdf'))).toBe('export.unsupported');
  });

  it('a folder that cannot be written, or a print that fails, is export.failed and leaves nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'govdesk-pdf-'));
    const missing = fakeShell(() => join(dir, 'no-such-folder', 'a.pdf'));
    expect(await codeOf(new PdfExport(missing).save('a.pdf'))).toBe('export.failed');
    const broken = fakeShell(
      () => join(dir, 'b.pdf'),
      async () => {
        throw new Error('render process gone');
      },
    );
    expect(await codeOf(new PdfExport(broken).save('b.pdf'))).toBe('export.failed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('shows in the file manager only a file it saved', async () => {
    dir = mkdtempSync(join(tmpdir(), 'govdesk-pdf-'));
    const { pdf, seen } = fakeShell(() => join(dir, 'a.pdf'));
    const exporter = new PdfExport({ pdf });
    expect(await codeOf(() => exporter.showInFolder('/etc/passwd'))).toBe('shell.not_exported');
    await exporter.save('a.pdf');
    expect(exporter.showInFolder(join(dir, 'a.pdf'))).toEqual({ shown: true });
    expect(seen.shown).toEqual([join(dir, 'a.pdf')]);
  });
});

describe('calendar.exportWeekPdf through the core', () => {
  it('answers export.unsupported on the headless host, and saves through the shell that can', async () => {
    const { createCore } = await import('../../../electron/core/core');
    const { silentLogger } = await import('../../../electron/core/log');
    const { nodePlatform } = await import('../../../electron/core/platform');
    const dir = mkdtempSync(join(tmpdir(), 'govdesk-pdf-core-'));
    const host = createCore(nodePlatform({ userData: join(dir, 'host') }), { organization: null, logger: silentLogger });
    const { pdf, seen } = fakeShell(() => join(dir, 'out.pdf'));
    const shell = createCore(nodePlatform({ userData: join(dir, 'shell'), pdf }), { organization: null, logger: silentLogger });
    try {
      expect(await host.call('calendar.exportWeekPdf', { date: '2026-12-01' })).toMatchObject({ ok: false, error: { code: 'export.unsupported', messageKey: 'errors.export.unsupported' } });
      expect(await shell.call('calendar.exportWeekPdf', { date: '2026-12-01' })).toEqual({ ok: true, result: { saved: true, path: join(dir, 'out.pdf'), fileName: 'out.pdf' } });
      expect(seen.suggested).toEqual(['lich-cong-tac-tuan-2026-W49.pdf']);
      expect(await shell.call('shell.showInFolder', { path: join(dir, 'out.pdf') })).toEqual({ ok: true, result: { shown: true } });
      expect(await host.call('shell.showInFolder', { path: join(dir, 'out.pdf') })).toMatchObject({ ok: false, error: { code: 'shell.not_exported' } });
    } finally {
      host.close();
      shell.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
