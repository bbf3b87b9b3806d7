// The offline size limit against the stack's reference service: To process's
// files are kept by sync; files of other documents are fetched on open and
// kept; lowering the limit in Settings evicts the least recently opened of
// those at once, never To process's, and an evicted file is fetched again on open.
import { afterAll, describe, expect, it } from 'vitest';
import { BOXES } from '../../../shared/documents';
import { docDevice, type DocDevice } from './device';

const devices: DocDevice[] = [];
afterAll(() => {
  for (const d of devices) d.close();
});

describe('the documents offline size limit', () => {
  it('keeps To process, evicts the least recently opened other files when the limit is lowered, and fetches them again on open', async () => {
    const limit = { bytes: 1024 * 1024 * 1024 };
    // The device's clock runs with real time, moved on by the test where one opening must come after another.
    const skew = { ms: 0 };
    const d = await docDevice('cuong.lv', { keepLimitBytes: () => limit.bytes, now: () => Date.now() + skew.ms });
    devices.push(d);
    await d.sync();
    const toProcess = new Set((await d.call('documents.list', { box: 'to_process', limit: 500 })).items.map((s) => s.id));
    const kept = await d.call('documents.offlineUse');
    expect(kept.toProcessBytes).toBeGreaterThan(0);
    expect(kept.usedBytes).toBe(kept.toProcessBytes);

    // Two documents of other boxes with files: opened (fetched and kept), the first one opened again last.
    const others = new Map<string, string>();
    for (const box of BOXES.filter((b) => b !== 'to_process')) {
      for (const s of (await d.call('documents.list', { box, limit: 500 })).items) if (!toProcess.has(s.id) && s.attachments > 0) others.set(s.id, box);
    }
    const [a, b] = [...others.keys()];
    expect(b, 'two documents outside To process with files in the seed').toBeDefined();
    const firstFile = async (id: string) => (await d.call('documents.open', { id })).files[0]!;
    const fa = await firstFile(a!);
    const fb = await firstFile(b!);
    expect(fa.kept || fb.kept).toBe(false);
    await d.call('documents.file', { documentId: a!, attachmentId: fa.id });
    await d.call('documents.file', { documentId: b!, attachmentId: fb.id });
    // Opened again a minute later: a is now the most recently opened.
    skew.ms += 60_000;
    await d.call('documents.file', { documentId: a!, attachmentId: fa.id });
    const before = await d.call('documents.offlineUse');
    expect(before.usedBytes).toBe(kept.usedBytes + fa.size + fb.size);

    // The user lowers the limit in Settings (the core says so on its bus): one file must go, and it is b's.
    d.feature.start();
    limit.bytes = before.usedBytes - 1;
    d.ctx.bus.emit('changed', { topic: 'settings', ids: ['documentsOfflineLimitMb'] });
    expect((await firstFile(b!)).kept).toBe(false);
    expect((await firstFile(a!)).kept).toBe(true);
    expect((await d.call('documents.offlineUse')).usedBytes).toBe(before.usedBytes - fb.size);

    // Below what To process holds: everything else goes, To process's files stay.
    limit.bytes = 1;
    d.ctx.bus.emit('changed', { topic: 'settings', ids: ['documentsOfflineLimitMb'] });
    const after = await d.call('documents.offlineUse');
    expect(after).toMatchObject({ usedBytes: kept.toProcessBytes, toProcessBytes: kept.toProcessBytes });

    // Opened again: fetched from the server, kept (it is being read) and counted.
    limit.bytes = 1024 * 1024 * 1024;
    const again = await d.call('documents.file', { documentId: b!, attachmentId: fb.id });
    expect(again.size).toBe(fb.size);
    expect((await firstFile(b!)).kept).toBe(true);
    expect((await d.call('documents.freeSpace')).freedBytes).toBe(fb.size);
  });
});
