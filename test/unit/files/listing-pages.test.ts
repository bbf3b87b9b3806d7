// A folder's listing paged by key: for every sort and direction, the pages
// chained by their cursors give each entry exactly once, in the order of the
// whole folder sorted at once, with ties on the key (same size, names that
// differ only in case), unknown dates and types, and folders first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import type { RemoteEntry } from '../../../electron/core/files/client';
import { FilesStore } from '../../../electron/core/files/store';
import type { FileCursor, FileEntry, FileSortKey } from '../../../shared/files';

const dir = mkdtempSync(join(tmpdir(), 'govdesk-pages-'));
const db = openDatabase(join(dir, 'cache.db'));
migrate(db, accountMigrations);
const store = new FilesStore(db);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const folder = 'home/an/Lưu trữ';
const entries: RemoteEntry[] = Array.from({ length: 457 }, (_, i) => {
  const isDir = i % 17 === 0;
  // Names repeat without case ("Báo cáo 3" and "báo cáo 3"), sizes repeat, some dates and types are unknown.
  const name = `${i % 2 ? 'Báo' : 'báo'} cáo ${Math.floor(i / 2)}${isDir ? '' : ['.pdf', '.docx', ''][i % 3]}`;
  return { path: `${folder}/${name}`, name, isDir, size: isDir ? 0 : (i % 7) * 1000, modified: i % 5 === 0 ? null : 1_700_000_000_000 + (i % 11) * 60_000, mime: isDir || i % 4 === 0 ? null : `application/x-${i % 3}`, etag: `"${i}"` };
});
store.applyListing(folder, entries, 1);

/** The whole folder sorted at once, as one page of everything. */
function whole(sort: FileSortKey, descending: boolean): string[] {
  return store.listing(folder, sort, descending, null, 5000).entries.map((e) => e.path);
}

function paged(sort: FileSortKey, descending: boolean, limit: number): { paths: string[]; pages: number; totals: number[] } {
  const paths: string[] = [];
  const totals: number[] = [];
  let after: FileCursor | null = null;
  let pages = 0;
  do {
    const page: { entries: FileEntry[]; next: FileCursor | null; total: number } = store.listing(folder, sort, descending, after, limit);
    paths.push(...page.entries.map((e) => e.path));
    totals.push(page.total);
    after = page.next;
    pages++;
  } while (after && pages < 1000);
  return { paths, pages, totals };
}

describe('listings paged by key', () => {
  for (const sort of ['name', 'size', 'modified', 'type'] as const) {
    for (const descending of [false, true]) {
      it(`${sort} ${descending ? 'descending' : 'ascending'}: pages of 20 give the whole folder once, in order`, () => {
        const all = whole(sort, descending);
        expect(all).toHaveLength(entries.length);
        const { paths, pages, totals } = paged(sort, descending, 20);
        expect(paths).toEqual(all);
        expect(pages).toBe(Math.ceil(entries.length / 20));
        expect(new Set(totals)).toEqual(new Set([entries.length]));
      });
    }
  }

  it('folders come first, then files, by name without case', () => {
    const first = store.listing(folder, 'name', false, null, 30).entries;
    const dirs = entries.filter((e) => e.isDir).length;
    expect(first.slice(0, dirs).every((e) => e.isDir)).toBe(true);
    expect(first[dirs]?.isDir).toBe(false);
    const names = first.slice(0, dirs).map((e) => e.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('a page asked for after a write reads the change (nothing stale remembered)', () => {
    const before = store.listing(folder, 'size', true, null, 40);
    store.putLocal({ path: `${folder}/zz lớn nhất.bin`, isDir: false, size: 10_000_000, modified: 2 });
    const after = store.listing(folder, 'size', true, null, 40);
    expect(after.total).toBe(before.total + 1);
    expect(after.entries.find((e) => !e.isDir)?.name).toBe('zz lớn nhất.bin');
  });
});
