// Documents search reads the texts stored beside each row (migration 014), not
// the document's JSON: it must find, rank and cut snippets exactly as before,
// also in a cache written before those texts existed.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { DocumentSearch } from '../../../electron/core/documents/search';
import { DocumentStore } from '../../../electron/core/documents/store';
import { migrate } from '../../../electron/core/db/migrate';
import { accountMigrations } from '../../../electron/core/db/migrations/account/index';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { incoming } from './cache-fixture';

const me = { username: 'kiemthu', role: 'specialist' as const, unitId: 'cds' };

function doc(n: number, subject: string, extra: Partial<Record<'opinions' | 'content', unknown>> = {}): ApiDocument {
  const iso = new Date(Date.UTC(2026, 11, 1, 1) + n * 60_000).toISOString();
  return {
    ...incoming(`d-${n}`),
    state: 'assigned',
    number: String(n),
    subject,
    promulgationDate: iso.slice(0, 10),
    arrivedAt: iso,
    attachments: [{ id: `a-${n}`, name: `bao-cao-${n}.pdf`, contentType: 'application/pdf', size: 10, sha256: 'x' }],
    createdAt: iso,
    updatedAt: iso,
    ...extra,
  } as unknown as ApiDocument;
}

let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

function setup() {
  db = openDatabase(':memory:');
  migrate(db, accountMigrations);
  const store = new DocumentStore(db);
  const put = (d: ApiDocument) => store.put(d, d, me, true);
  put(doc(1, 'V/v triển khai Kế hoạch chuyển đổi số'));
  put(doc(2, 'Giấy mời họp giao ban', { opinions: [{ id: 'o-1', author: { username: 'cuong.lv', name: 'Lê Văn Cường' }, text: 'Đề nghị phòng Chuyển đổi số chủ trì, báo cáo trước ngày 15', at: '2026-12-01T02:00:00Z' }] }));
  put(doc(3, 'Báo cáo tình hình thực hiện nhiệm vụ', { content: 'Nội dung về phần mềm quản lý hồ sơ' }));
  const search = new DocumentSearch(store);
  const find = (q: string) => search.search(q, undefined, 50, (rows) => rows.map((r) => ({ id: r.id }) as never));
  return { store, find, db };
}

const ids = (r: { hits: { doc: { id: string } }[] }) => r.hits.map((h) => h.doc.id);
const plain = (segments: { text: string }[]) => segments.map((s) => s.text).join('');

describe('documents search on stored texts', () => {
  it('finds a phrase in the subject, in an opinion and in the text, with the snippet where it matched', () => {
    const { find } = setup();
    const r = find('chuyen doi so');
    expect(ids(r)).toEqual(['d-1', 'd-2']);
    expect(plain(r.hits[1]!.snippet)).toContain('Chuyển đổi số');
    expect(ids(find('phan mem quan ly'))).toEqual(['d-3']);
    expect(plain(find('phan mem quan ly').hits[0]!.snippet)).toContain('phần mềm quản lý');
    expect(ids(find('giay moi hop'))).toEqual(['d-2']);
    expect(ids(find('hop giao ban chuyen'))).toEqual([]);
  });

  it('finds a phrase of a PDF attachment’s text and shows it as the snippet', () => {
    const { store, find } = setup();
    store.setFileText('d-1', 'a-1', 'Nội dung chỉ có trong tệp đính kèm về đường truyền số liệu chuyên dùng.');
    store.reindex('d-1', store.view('d-1')!);
    const r = find('duong truyen so lieu chuyen dung');
    expect(ids(r)).toEqual(['d-1']);
    expect(r.hits[0]!.snippet.filter((s) => s.hit).map((s) => s.text)).toEqual(expect.arrayContaining(['đường', 'truyền', 'số', 'liệu', 'chuyên', 'dùng']));
  });

  it('ranks the user’s own diacritics first and still finds the same documents', () => {
    const { find } = setup();
    const r = find('chuyển đổi số');
    expect(ids(r)).toEqual(['d-1', 'd-2']);
  });

  it('answers the same in a cache written before the texts were stored, and fills them once', () => {
    const { store, find, db } = setup();
    const before = ['chuyen doi so', 'phan mem quan ly', 'bao cao', 'giay moi hop'].map(find);
    db.exec('DELETE FROM doc_texts');
    expect(['chuyen doi so', 'phan mem quan ly', 'bao cao', 'giay moi hop'].map(find)).toEqual(before);
    expect(store.fillTexts()).toBe(3);
    expect(store.fillTexts()).toBe(0);
    expect(['chuyen doi so', 'phan mem quan ly', 'bao cao', 'giay moi hop'].map(find)).toEqual(before);
  });

  it('forgets a removed document’s texts with it', () => {
    const { store, find, db } = setup();
    expect(store.remove('d-2')).toBe(true);
    expect(db.prepare('SELECT count(*) FROM doc_texts').pluck().get()).toBe(2);
    expect(ids(find('chuyen doi so'))).toEqual(['d-1']);
  });
});
