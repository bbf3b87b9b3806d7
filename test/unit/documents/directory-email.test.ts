// The directory's mail addresses, which Today's mail reads to know colleagues:
// kept with the cached directory, and a directory cached before they were is
// fetched again at the next pull.
import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../../electron/core/documents/cache';
import { DocumentOutbox } from '../../../electron/core/documents/outbox';
import { DocumentStore } from '../../../electron/core/documents/store';
import { accountDb } from '../mail/helpers';

describe('the cached directory', () => {
  it('keeps each person’s address, and says when an older copy has none', () => {
    const db = accountDb();
    const store = new DocumentStore(db);
    store.setMeta('directory', JSON.stringify({ units: [], people: [{ username: 'bao.tq', name: 'Trần Quốc Bảo', title: '', role: 'specialist', unitId: 'p' }] }));
    const cache = new DocumentCache(store, new DocumentOutbox(db, () => 0));
    expect(cache.directoryLacksEmail()).toBe(true);
    cache.setDirectory({
      organization: { organId: 'x', name: 'Sở' },
      units: [{ id: 'p', name: 'Phòng', head: null }],
      people: [{ username: 'bao.tq', name: 'Trần Quốc Bảo', email: 'bao.tq@so-demo.invalid', title: 'Chuyên viên', role: 'specialist', unitId: 'p' }],
    });
    expect(cache.directoryLacksEmail()).toBe(false);
    expect(cache.directory().people.map((p) => p.email)).toEqual(['bao.tq@so-demo.invalid']);
    expect(new DocumentCache(store, new DocumentOutbox(db, () => 0)).directory().people[0]!.email).toBe('bao.tq@so-demo.invalid');
  });
});
