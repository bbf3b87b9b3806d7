// The grouped list (issue 5): one row per conversation of a folder, keyset-paged.
import { describe, expect, it } from 'vitest';
import type { PageCursor, ThreadSummary } from '../../../shared/mail';
import { threadPageSql } from '../../../electron/core/mail/store';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { MailStore } from '../../../electron/core/mail/store';
import { header, storeWithInbox } from './helpers';

const T0 = 1_700_000_000_000;
const reply = (root: string, parent: string, more: string[] = []) => ({ inReplyTo: parent, references: [root, ...more, parent].filter((x, i, a) => a.indexOf(x) === i) });

function allPages(store: MailStore, folderId: number, limit: number): { rows: ThreadSummary[]; pages: number } {
  const rows: ThreadSummary[] = [];
  let after: PageCursor | null = null;
  let pages = 0;
  do {
    const page = store.threadPage(folderId, after, limit);
    rows.push(...page.items);
    after = page.next;
    pages++;
  } while (after && pages < 100);
  return { rows, pages };
}

describe('MailStore.threadPage', () => {
  it('gives each conversation one row, its newest message in the folder, across pages with no gap or repeat', () => {
    const { store, inbox } = storeWithInbox();
    // 40 conversations of 1 to 4 messages whose replies interleave in time.
    const batch = [];
    let uid = 1;
    for (let c = 0; c < 40; c++) {
      const root = `<c${c}@t>`;
      batch.push(header({ uid: uid++, messageId: root, date: T0 + c * 60_000 }));
      let parent = root;
      for (let k = 1; k <= c % 4; k++) {
        const id = `<c${c}-r${k}@t>`;
        batch.push(header({ uid: uid++, messageId: id, ...reply(root, parent), date: T0 + c * 60_000 + k * 25 * 60_000 }));
        parent = id;
      }
    }
    store.upsertHeaders(inbox, batch);
    const { rows, pages } = allPages(store, inbox, 7);
    expect(pages).toBe(6);
    expect(rows.length).toBe(40);
    expect(new Set(rows.map((r) => r.latest.threadKey)).size).toBe(40);
    for (const r of rows) {
      const c = Number(/^<c(\d+)@t>$/.exec(r.latest.threadKey)?.[1]);
      expect(r.count).toBe(1 + (c % 4));
      // The newest message of the conversation stands for it.
      expect(r.latest.messageId).toBe(c % 4 === 0 ? `<c${c}@t>` : `<c${c}-r${c % 4}@t>`);
    }
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!.latest;
      const b = rows[i]!.latest;
      expect(a.date > b.date || (a.date === b.date && a.uid > b.uid)).toBe(true);
    }
    // Grouping off lists every message.
    expect(store.page(inbox, null, 500).items.length).toBe(batch.length);
  });

  it('breaks a tie of the same date by uid, as the ungrouped list does', () => {
    const { store, inbox } = storeWithInbox();
    store.upsertHeaders(inbox, [
      header({ uid: 10, messageId: '<a@t>', date: T0 }),
      header({ uid: 11, messageId: '<b@t>', ...reply('<a@t>', '<a@t>'), date: T0 }),
      header({ uid: 12, messageId: '<c@t>', date: T0 - 1000 }),
    ]);
    const page = store.threadPage(inbox, null, 1);
    expect(page.items.map((r) => r.latest.uid)).toEqual([11]);
    expect(page.items[0]?.count).toBe(2);
    const rest = store.threadPage(inbox, page.next, 10);
    expect(rest.items.map((r) => r.latest.uid)).toEqual([12]);
    expect(rest.next).toBeNull();
  });

  it("is unread while any of its messages in this folder is, and counts the whole conversation once per Message-ID", () => {
    const { store, inbox, sent, trash } = storeWithInbox();
    store.upsertHeaders(inbox, [
      header({ uid: 1, messageId: '<root@t>', date: T0, flags: [] }),
      header({ uid: 2, messageId: '<r2@t>', ...reply('<root@t>', '<r1@t>'), date: T0 + 3000, flags: ['\\Seen'] }),
      header({ uid: 3, messageId: '<solo@t>', date: T0 + 1000, flags: ['\\Seen'] }),
    ]);
    // My answer in Sent, and a copy of the root left in Trash, unread there.
    store.upsertHeaders(sent, [header({ uid: 1, messageId: '<r1@t>', ...reply('<root@t>', '<root@t>'), date: T0 + 2000, flags: ['\\Seen'] })]);
    store.upsertHeaders(trash, [header({ uid: 1, messageId: '<root@t>', date: T0, flags: [] })]);

    const [conv, solo] = store.threadPage(inbox, null, 10).items;
    expect(conv?.latest.messageId).toBe('<r2@t>');
    expect(conv?.latest.seen).toBe(true);
    // root, r1 (Sent), r2; the Trash copy of root is the same message.
    expect(conv?.count).toBe(3);
    expect(store.thread(conv!.latest.threadKey).length).toBe(conv?.count);
    expect(conv?.unread).toBe(1);
    expect(conv?.unreadIds).toEqual([store.idByUid(inbox, 1)]);
    expect(solo?.unread).toBe(0);
    expect(solo?.count).toBe(1);

    // Reading the old message clears the row.
    store.updateFlags(inbox, [{ uid: 1, flags: ['\\Seen'], modseq: null }]);
    expect(store.threadPage(inbox, null, 10).items[0]?.unread).toBe(0);
    // The Trash copy still makes Trash's own row unread.
    expect(store.threadPage(trash, null, 10).items[0]).toMatchObject({ unread: 1, count: 3 });
  });

  it('names the senders oldest first, each once, and marks a flag or a file anywhere in the conversation', () => {
    const { store, inbox, sent } = storeWithInbox();
    const bao = { name: 'Trần Quốc Bảo', address: 'bao.tq@so-demo.invalid' };
    const anh = { name: 'Nguyễn Thị Mai Anh', address: 'anh.ntm@so-demo.invalid' };
    const hung = { name: 'Lê Văn Hùng', address: 'hung.lv@so-demo.invalid' };
    store.upsertHeaders(inbox, [
      header({ uid: 1, messageId: '<p0@t>', from: [bao], date: T0, hasAttachments: true }),
      header({ uid: 2, messageId: '<p2@t>', from: [{ ...bao, address: 'BAO.TQ@so-demo.invalid' }], ...reply('<p0@t>', '<p1@t>'), date: T0 + 2000 }),
      header({ uid: 3, messageId: '<p3@t>', from: [hung], ...reply('<p0@t>', '<p2@t>'), date: T0 + 3000 }),
    ]);
    store.upsertHeaders(sent, [header({ uid: 1, messageId: '<p1@t>', from: [anh], ...reply('<p0@t>', '<p0@t>'), date: T0 + 1000, flags: ['\\Seen', '\\Flagged'] })]);
    const [row] = store.threadPage(inbox, null, 10).items;
    expect(row?.participants.map((p) => p.name)).toEqual(['Trần Quốc Bảo', 'Nguyễn Thị Mai Anh', 'Lê Văn Hùng']);
    expect(row?.latest.hasAttachments).toBe(false);
    expect(row?.latest.flagged).toBe(false);
    expect(row?.hasAttachments).toBe(true);
    expect(row?.flagged).toBe(true);
  });

  it('lets the next newest message stand for the conversation when the newest is moved out of the folder', () => {
    const { store, inbox, trash } = storeWithInbox();
    store.upsertHeaders(inbox, [
      header({ uid: 1, messageId: '<m-root@t>', date: T0, flags: ['\\Seen'] }),
      header({ uid: 2, messageId: '<m-other@t>', date: T0 + 1000, flags: ['\\Seen'] }),
      header({ uid: 3, messageId: '<m-re@t>', ...reply('<m-root@t>', '<m-root@t>'), date: T0 + 2000 }),
    ]);
    expect(store.threadPage(inbox, null, 10).items.map((r) => r.latest.uid)).toEqual([3, 2]);
    const moved = store.idByUid(inbox, 3)!;
    store.applyMove(moved, trash);

    const rows = store.threadPage(inbox, null, 10).items;
    // The root is older than the other conversation now: the order follows the message that stands for it.
    expect(rows.map((r) => r.latest.uid)).toEqual([2, 1]);
    expect(rows[1]).toMatchObject({ count: 2, unread: 0, unreadIds: [] });
    // In Trash the moved reply is a placeholder until the server confirms: unread, but not yet marked from the list.
    expect(store.threadPage(trash, null, 10).items[0]).toMatchObject({ count: 2, unread: 1, unreadIds: [] });
  });

  it('counts a long conversation (a discussion list) the same way as a short one', () => {
    const { store, inbox, trash } = storeWithInbox();
    const root = '<list@t>';
    const batch = Array.from({ length: 120 }, (_, k) =>
      header({
        uid: k + 1,
        messageId: k ? `<list-${k}@t>` : root,
        ...(k ? reply(root, k === 1 ? root : `<list-${k - 1}@t>`) : {}),
        from: [{ name: `Người ${k % 7}`, address: `n${k % 7}@so-demo.invalid` }],
        date: T0 + k * 60_000,
        // The oldest carries the file and the flag; two old ones are still unread.
        flags: k === 0 ? ['\\Seen', '\\Flagged'] : k === 3 || k === 4 ? [] : ['\\Seen'],
        hasAttachments: k === 0,
      }),
    );
    store.upsertHeaders(inbox, batch);
    // A copy of one of them in Trash is the same message.
    store.upsertHeaders(trash, [header({ uid: 1, messageId: '<list-7@t>', ...reply(root, '<list-6@t>'), date: T0 + 7 * 60_000, flags: [] })]);
    const [row] = store.threadPage(inbox, null, 10).items;
    expect(row).toMatchObject({ count: 120, unread: 2, flagged: true, hasAttachments: true });
    expect(row?.unreadIds.sort()).toEqual([store.idByUid(inbox, 4), store.idByUid(inbox, 5)].sort());
    expect(row?.participants.length).toBe(6);
    expect(store.thread(row!.latest.threadKey).length).toBe(120);
  });

  it('makes one row of a reply that was cached before the message it answers', () => {
    const { store, inbox } = storeWithInbox();
    // Sync goes newest first: the answer comes in one batch, the original in a later one.
    store.upsertHeaders(inbox, [header({ uid: 9, messageId: '<late-re@t>', ...reply('<late@t>', '<late@t>'), date: T0 + 5000 })]);
    expect(store.threadPage(inbox, null, 10).items).toMatchObject([{ count: 1 }]);
    store.upsertHeaders(inbox, [header({ uid: 8, messageId: '<late@t>', date: T0 })]);
    expect(store.threadPage(inbox, null, 10).items).toMatchObject([{ latest: { uid: 9 }, count: 2, unread: 2 }]);
  });

  it('leaves out messages marked \\Deleted', () => {
    const { store, inbox } = storeWithInbox();
    store.upsertHeaders(inbox, [
      header({ uid: 1, messageId: '<d-root@t>', date: T0, flags: ['\\Seen'] }),
      header({ uid: 2, messageId: '<d-re@t>', ...reply('<d-root@t>', '<d-root@t>'), date: T0 + 1000, flags: ['\\Deleted'] }),
    ]);
    expect(store.threadPage(inbox, null, 10).items).toMatchObject([{ latest: { uid: 1 }, count: 1, unread: 0 }]);
  });

  it('walks the page index and seeks the thread index, sorting nothing', () => {
    const { db, store, inbox } = storeWithInbox();
    store.upsertHeaders(inbox, [header({ uid: 1 })]);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.match(/\?/g) ?? []).map(() => 1)) as { detail: string }[]).map((p) => p.detail).join('\n');
    for (const after of [false, true]) {
      const p = plan(threadPageSql(after));
      expect(p).toMatch(/SEARCH m USING INDEX mail_messages_page/);
      expect(p).toMatch(/SEARCH n USING COVERING INDEX mail_messages_thread_folder \(thread_key=\? AND folder_id=\? AND date>\?\)/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('conversation keys when a reply names only its parent', () => {
  // Some mail programs send In-Reply-To and no References: the answer to an answer names the answer, not the first message.
  const chain = [
    header({ uid: 1, messageId: '<a@t>', date: T0 }),
    header({ uid: 2, messageId: '<b@t>', inReplyTo: '<a@t>', references: ['<a@t>'], date: T0 + 1000 }),
    header({ uid: 3, messageId: '<c@t>', inReplyTo: '<b@t>', references: [], date: T0 + 2000 }),
    header({ uid: 4, messageId: '<d@t>', inReplyTo: '<c@t>', references: [], date: T0 + 3000 }),
    header({ uid: 5, messageId: '<other@t>', date: T0 + 500 }),
  ];

  it('keeps them in one conversation whatever order they arrive in', () => {
    for (const order of [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [3, 0, 2, 4, 1]]) {
      const { store, inbox } = storeWithInbox();
      // One message per batch: the worst case, each arrival on its own.
      for (const i of order) store.upsertHeaders(inbox, [chain[i]!]);
      const rows = store.threadPage(inbox, null, 10).items;
      expect(rows.map((r) => [r.latest.messageId, r.count])).toEqual([
        ['<d@t>', 4],
        ['<other@t>', 1],
      ]);
      expect(store.thread(rows[0]!.latest.threadKey).map((m) => m.messageId)).toEqual(['<a@t>', '<b@t>', '<c@t>', '<d@t>']);
    }
  });

  it('re-keys a cache filled before migration 006', () => {
    const db = openDatabase(':memory:');
    migrate(db, accountMigrations.filter((m) => m.version < 6));
    db.prepare(`INSERT INTO mail_folders (id, path, name) VALUES (1, 'INBOX', 'INBOX'), (2, 'Archive', 'Archive')`).run();
    const put = db.prepare(`INSERT INTO mail_messages (folder_id, uid, skey, message_id, thread_key, date) VALUES (?, ?, ?, ?, ?, ?)`);
    // The keys the old rule gave: each answer keyed by the message it names; c is in two folders.
    const old: [number, number, string, string][] = [
      [1, 1, '<a@t>', '<a@t>'],
      [1, 2, '<b@t>', '<a@t>'],
      [1, 3, '<c@t>', '<b@t>'],
      [2, 1, '<c@t>', '<b@t>'],
      [1, 4, '<d@t>', '<c@t>'],
      [1, 5, '<other@t>', '<other@t>'],
      // References that loop end somewhere, and do not stop the migration.
      [1, 6, '<x@t>', '<y@t>'],
      [1, 7, '<y@t>', '<x@t>'],
    ];
    old.forEach(([folder, uid, id, key], i) => put.run(folder, uid, i + 1, id, key, T0 + i));
    migrate(db, accountMigrations);
    const keys = db.prepare(`SELECT message_id, thread_key FROM mail_messages WHERE message_id NOT IN ('<x@t>', '<y@t>') ORDER BY folder_id, uid`).all();
    expect(keys).toEqual([
      { message_id: '<a@t>', thread_key: '<a@t>' },
      { message_id: '<b@t>', thread_key: '<a@t>' },
      { message_id: '<c@t>', thread_key: '<a@t>' },
      { message_id: '<d@t>', thread_key: '<a@t>' },
      { message_id: '<other@t>', thread_key: '<other@t>' },
      { message_id: '<c@t>', thread_key: '<a@t>' },
    ]);
    const store = new MailStore(db, () => T0);
    expect(store.threadPage(1, null, 10).items.find((r) => r.latest.messageId === '<d@t>')?.count).toBe(4);
  });
});
