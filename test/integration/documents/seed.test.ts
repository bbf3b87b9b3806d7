// The document seed on its own (a scratch folder, no server): deterministic,
// realistic, real PDFs whose Vietnamese a PDF reader extracts, numbers that
// start again on 1 January.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { stackPaths } from '../../stack/config';
import { seedBenchmarkDocuments, seedDocuments } from '../../stack/documents/seed';
import { Store } from '../../stack/documents/store';
import { resolveWeek } from '../../stack/seed/util';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// Each seed writes ~30 PDFs (a few seconds here): a day is seeded once per file, except to compare two runs.
const cache = new Map<string, Promise<{ docs: ApiDocument[]; root: string }>>();
function seededOnce(day: string): Promise<{ docs: ApiDocument[]; root: string }> {
  if (!cache.has(day)) cache.set(day, seeded(day));
  return cache.get(day)!;
}

async function seeded(day: string): Promise<{ docs: ApiDocument[]; root: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'govdesk-docseed-'));
  dirs.push(root);
  const p = stackPaths(root);
  await seedDocuments(p, resolveWeek(day));
  const store = new Store(p.documents);
  const docs = (store.db.prepare('SELECT body FROM documents ORDER BY id').all() as { body: string }[]).map((r) => JSON.parse(r.body) as ApiDocument);
  store.close();
  return { docs, root };
}

describe('the document seed', () => {
  it('is deterministic, down to the PDF bytes', async () => {
    const a = await seededOnce('2025-03-12');
    const b = await seeded('2025-03-12');
    expect(JSON.stringify(b.docs)).toBe(JSON.stringify(a.docs));
    const blobs = (root: string) => readdirSync(path.join(root, 'documents', 'blobs')).sort();
    expect(blobs(b.root)).toEqual(blobs(a.root));
  });

  it('holds a realistic month: every state, types, senders, urgency, confidentiality, overdue work, drafts in review', async () => {
    const { docs } = await seededOnce('2025-03-12');
    const states = new Set(docs.map((d) => d.state));
    for (const s of ['arrived', 'registered', 'submitted', 'assigned', 'in_progress', 'finished', 'rejected', 'draft', 'in_review', 'returned', 'approved', 'issued', 'sent']) expect(states).toContain(s);
    expect(new Set(docs.map((d) => d.typeName))).toEqual(new Set(['Công văn', 'Quyết định', 'Kế hoạch', 'Giấy mời', 'Báo cáo', 'Tờ trình', 'Thông báo']));
    expect(new Set(docs.filter((d) => d.direction === 'incoming').map((d) => d.issuer.name))).toEqual(
      new Set(['Ủy ban nhân dân tỉnh Demo', 'Văn phòng Ủy ban nhân dân tỉnh Demo', 'Bộ Thông tin và Truyền thông', 'Sở Tài chính tỉnh Demo', 'Sở Nội vụ tỉnh Demo', 'Sở Kế hoạch và Đầu tư tỉnh Demo', 'Công an tỉnh Demo', 'Sở Thông tin và Truyền thông tỉnh Demo']),
    );
    expect(new Set(docs.map((d) => d.urgency))).toEqual(new Set(['thuong', 'khan', 'thuong_khan', 'hoa_toc']));
    expect(docs.filter((d) => d.confidentiality === 'mat').length).toBeGreaterThanOrEqual(3);
    const overdue = docs.filter((d) => ['assigned', 'in_progress'].includes(d.state) && d.dueDate !== null && d.dueDate < '2025-03-12');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.some((d) => d.opinions.some((o) => o.kind === 'urge'))).toBe(true);
    // The history that led there: an in-progress document went through each step.
    const inProgress = docs.find((d) => d.state === 'in_progress' && d.origin === 'exchange' && d.assignments.some((a) => a.parentId));
    expect(inProgress?.trace.map((t) => t.action)).toEqual(expect.arrayContaining(['arrive', 'register', 'submit', 'assign', 'reassign', 'comment']));
    expect(inProgress?.statuses.map((s) => s.code)).toEqual(['01', '03', '04', '05']);
    // Every document has its file.
    expect(docs.every((d) => d.attachments.length > 0 && d.attachments.every((a) => a.contentType === 'application/pdf'))).toBe(true);
  });

  it('writes real PDFs whose Vietnamese text a reader extracts', async () => {
    const { docs, root } = await seededOnce('2025-03-12');
    const doc = docs.find((d) => d.subject === 'Kế hoạch chuyển đổi số tỉnh Demo năm 2026')!;
    const file = path.join(root, 'documents', 'blobs', doc.attachments[0]!.sha256);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Kế hoạch chuyển đổi số tỉnh Demo năm 2026');
    expect(text).toContain('Nguyễn Văn Phong');
  });

  it('numbers start again from 1 on 1 January, per register', async () => {
    const { docs } = await seeded('2025-01-06');
    const incoming = docs.filter((d) => d.registration).sort((a, b) => a.registration!.registeredAt.localeCompare(b.registration!.registeredAt));
    const of2025 = incoming.filter((d) => d.registration!.year === 2025 && d.registration!.register === 'den');
    const of2024 = incoming.filter((d) => d.registration!.year === 2024 && d.registration!.register === 'den');
    expect(of2025.length).toBeGreaterThan(0);
    expect(of2024.length).toBeGreaterThan(0);
    expect(of2025.map((d) => d.registration!.number)).toEqual(of2025.map((_, i) => i + 1));
    expect(of2024.map((d) => d.registration!.number)).toEqual(of2024.map((_, i) => i + 1));
    // Confidential documents on a register of their own.
    expect(incoming.filter((d) => d.confidentiality !== 'thuong').every((d) => d.registration!.register === 'den-mat')).toBe(true);
  });

  it('fills the benchmark account with N documents and takes back the ones beyond N', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'govdesk-docbench-'));
    dirs.push(root);
    const p = stackPaths(root);
    await seedBenchmarkDocuments(p, 300, '2025-03-12');
    await seedBenchmarkDocuments(p, 120, '2025-03-12');
    const store = new Store(p.documents);
    expect(store.feed('kiemthu', 0, 1000).filter((r) => r.visible)).toHaveLength(120);
    expect(store.feed('kiemthu', 0, 1000).filter((r) => !r.visible)).toHaveLength(180);
    store.close();
  });
});
