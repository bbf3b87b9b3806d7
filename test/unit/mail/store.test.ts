import { describe, expect, it } from 'vitest';
import { MailSearch, MailIndexer } from '../../../electron/core/mail/search';
import { header, storeWithInbox } from './helpers';

describe('MailStore paging', () => {
  it('pages by (date, uid) key, newest first, with no gap or repeat', () => {
    const { store, inbox } = storeWithInbox();
    // Same date for several messages: the uid breaks the tie.
    const batch = Array.from({ length: 250 }, (_, i) => header({ uid: i + 1, date: 1_700_000_000_000 + Math.floor(i / 3) * 1000 }));
    store.upsertHeaders(inbox, batch);
    const seen: number[] = [];
    let after = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = store.page(inbox, after, 40);
      seen.push(...page.items.map((m) => m.uid));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen.length).toBe(250);
    expect(new Set(seen).size).toBe(250);
    const keys = seen.map((uid) => batch[uid - 1]!);
    for (let i = 1; i < keys.length; i++) {
      const a = keys[i - 1]!;
      const b = keys[i]!;
      expect(a.date > b.date || (a.date === b.date && a.uid > b.uid)).toBe(true);
    }
  });

  it('gives two messages of the same second whose keys clash distinct search keys', () => {
    const { store, inbox, db } = storeWithInbox();
    const date = 1_700_000_000_000;
    store.upsertHeaders(inbox, [header({ uid: 5, date }), header({ uid: 5 + 2 ** 20, date })]);
    const keys = db.prepare(`SELECT skey FROM mail_messages ORDER BY uid`).pluck().all() as number[];
    expect(keys.length).toBe(2);
    expect(keys[1]).toBe(keys[0]! + 1);
  });

  it('uses the page index rather than sorting the folder', () => {
    const { db } = storeWithInbox();
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM mail_messages INDEXED BY mail_messages_page
         WHERE folder_id = 1 AND (date, uid) < (5, 5) AND deleted = 0 ORDER BY date DESC, uid DESC LIMIT 10`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
  });

  it('counts unread per folder and follows flag changes', () => {
    const { store, inbox, sent } = storeWithInbox();
    store.upsertHeaders(inbox, [header({ uid: 1 }), header({ uid: 2, flags: ['\\Seen'] }), header({ uid: 3 })]);
    store.upsertHeaders(sent, [header({ uid: 1, flags: ['\\Seen'] })]);
    expect(store.unreadCounts().get(inbox)).toBe(2);
    expect(store.unreadCounts().get(sent)).toBeUndefined();
    store.updateFlags(inbox, [{ uid: 1, flags: ['\\Seen'], modseq: '7' }]);
    expect(store.folders().find((f) => f.id === inbox)?.unread).toBe(1);
  });

  it('keeps a pending local flag change when the server reports the old flags', () => {
    const { store, inbox } = storeWithInbox();
    store.upsertHeaders(inbox, [header({ uid: 1 })]);
    const id = store.idByUid(inbox, 1)!;
    store.applyFlags([id], ['\\Seen'], []);
    store.upsertHeaders(inbox, [header({ uid: 1, flags: [] })]);
    expect(store.summary(id)?.seen).toBe(true);
    store.settle(id);
    store.updateFlags(inbox, [{ uid: 1, flags: [], modseq: null }]);
    expect(store.summary(id)?.seen).toBe(false);
  });

  it('resets a folder whose UIDVALIDITY changed', () => {
    const { store, inbox } = storeWithInbox();
    store.upsertHeaders(inbox, [header({ uid: 1 }), header({ uid: 2 })]);
    store.resetFolder(inbox, 99);
    expect(store.page(inbox, null, 10).items).toEqual([]);
    expect(store.folderById(inbox)?.uidvalidity).toBe(99);
  });

  it('lets a moved placeholder be claimed by the real uid from the server', () => {
    const { store, inbox, trash } = storeWithInbox();
    store.upsertHeaders(inbox, [header({ uid: 5, messageId: '<x@t>' })]);
    const id = store.idByUid(inbox, 5)!;
    store.applyMove(id, trash);
    expect(store.summary(id)?.uid).toBe(-id);
    store.upsertHeaders(trash, [header({ uid: 77, messageId: '<x@t>' })]);
    expect(store.summary(id)?.uid).toBe(77);
    expect(store.page(trash, null, 10).items.length).toBe(1);
  });
});

describe('threads', () => {
  it('groups by References root, then In-Reply-To, across folders', () => {
    const { store, inbox, sent } = storeWithInbox();
    store.upsertHeaders(inbox, [
      header({ uid: 1, messageId: '<root@t>', subject: 'Kế hoạch' }),
      header({ uid: 2, messageId: '<r2@t>', inReplyTo: '<r1@t>', references: ['<root@t>', '<r1@t>'], subject: 'Re: Kế hoạch' }),
      header({ uid: 3, messageId: '<other@t>' }),
    ]);
    store.upsertHeaders(sent, [header({ uid: 1, messageId: '<r1@t>', inReplyTo: '<root@t>', references: ['<root@t>'] })]);
    const root = store.summary(store.idByUid(inbox, 1)!)!;
    const thread = store.thread(root.threadKey);
    expect(thread.map((m) => m.messageId)).toEqual(['<root@t>', '<r1@t>', '<r2@t>']);
  });

  it('shows a message found in two folders once', () => {
    const { store, inbox, sent } = storeWithInbox();
    store.upsertHeaders(inbox, [header({ uid: 1, messageId: '<self@t>' })]);
    store.upsertHeaders(sent, [header({ uid: 9, messageId: '<self@t>' })]);
    expect(store.thread('<self@t>').length).toBe(1);
  });
});

describe('search', () => {
  function seeded() {
    const ctx = storeWithInbox();
    const { store, inbox } = ctx;
    store.upsertHeaders(inbox, [
      header({ uid: 1, subject: 'Lịch họp tại Hà Nội', date: 1_700_000_000_000 }),
      header({ uid: 2, subject: 'Công tác Đà Nẵng tháng 5', date: 1_700_000_100_000 }),
      header({ uid: 3, subject: 'Báo cáo tuần', from: [{ name: 'Đặng Văn Hùng', address: 'hung.dv@so-demo.invalid' }], date: 1_700_000_200_000 }),
      header({ uid: 4, subject: 'Không liên quan', date: 1_700_000_300_000 }),
    ]);
    const id4 = store.idByUid(inbox, 4)!;
    store.saveBody(id4, {
      text: 'Kính gửi anh chị, đề nghị gửi báo cáo kế hoạch năm.',
      html: null,
      warning: null,
      raw: null,
      attachments: [{ filename: 'Công văn 123.pdf', contentType: 'application/pdf', size: 10, contentId: null, inline: false }],
    });
    while (store.indexPending(100) > 0);
    return { ...ctx, search: new MailSearch(store) };
  }

  it('finds Vietnamese text typed without diacritics, and đ both ways', () => {
    const { search } = seeded();
    const subjects = (q: string) => search.search(q, { limit: 10 }).hits.map((h) => h.message.subject);
    expect(subjects('ha noi')).toEqual(['Lịch họp tại Hà Nội']);
    expect(subjects('da nang')).toEqual(['Công tác Đà Nẵng tháng 5']);
    expect(subjects('đà nẵng')).toEqual(['Công tác Đà Nẵng tháng 5']);
    expect(subjects('Đà Nẵng')).toEqual(['Công tác Đà Nẵng tháng 5']);
  });

  it('searches people, body text and attachment names', () => {
    const { search } = seeded();
    expect(search.search('dang van hung', { limit: 10 }).hits.map((h) => h.message.uid)).toEqual([3]);
    const body = search.search('ke hoach nam', { limit: 10 }).hits;
    expect(body.map((h) => h.message.uid)).toEqual([4]);
    expect(body[0]!.snippet.filter((s) => s.hit).map((s) => s.text)).toEqual(['kế', 'hoạch', 'năm']);
    expect(search.search('cong van 123', { limit: 10 }).hits.map((h) => h.message.uid)).toEqual([4]);
  });

  it('ranks a subject match above a body mention and highlights the subject', () => {
    const { search } = seeded();
    const hits = search.search('bao cao', { limit: 10 }).hits;
    expect(hits.map((h) => h.message.uid)).toEqual([3, 4]);
    expect(hits[0]!.subject.filter((s) => s.hit).map((s) => s.text)).toEqual(['Báo', 'cáo']);
  });

  it('re-indexes a message whose body arrives later and forgets removed ones', () => {
    const { store, inbox, search } = seeded();
    const id1 = store.idByUid(inbox, 1)!;
    store.saveBody(id1, { text: 'Nội dung về quy hoạch đô thị', html: null, warning: null, raw: null, attachments: [] });
    while (store.indexPending(100) > 0);
    expect(search.search('quy hoach', { limit: 10 }).hits.map((h) => h.message.uid)).toEqual([1]);
    expect(search.search('ha noi', { limit: 10 }).hits.map((h) => h.message.uid)).toEqual([1]);
    store.removeUids(inbox, [1]);
    expect(search.search('quy hoach', { limit: 10 }).hits).toEqual([]);
  });

  it('matches whole words and phrases through the index: "da nang" finds Đà Nẵng, not danh sách nor nâng cấp', () => {
    const { store, inbox } = storeWithInbox();
    const texts = ['Họp tại Đà Nẵng', 'Gửi danh sách cán bộ', 'Hệ thống nâng cấp xong', 'Em đã gửi. Lớp kỹ năng mềm', 'Việc đã năng nổ', 'Van phong Da Nang'];
    store.upsertHeaders(inbox, texts.map((subject, i) => header({ uid: 100 + i, subject, date: 1_700_000_000_000 + i * 60_000 })));
    while (store.indexPending(100) > 0);
    const search = new MailSearch(store);
    const subjects = (q: string) => search.search(q, { limit: 10 }).hits.map((h) => h.message.subject);
    // Typed without diacritics: every spelling, as a phrase, newest first.
    expect(subjects('da nang')).toEqual(['Van phong Da Nang', 'Việc đã năng nổ', 'Họp tại Đà Nẵng']);
    // Typed with diacritics: exactly those or none; the user's own spelling first.
    expect(subjects('Đà Nẵng')).toEqual(['Họp tại Đà Nẵng', 'Van phong Da Nang']);
    // Only the last word is a prefix.
    expect(subjects('dan')).toEqual(['Gửi danh sách cán bộ']);
    expect(subjects('da sach')).toEqual([]);
    expect(subjects('danh sa')).toEqual(['Gửi danh sách cán bộ']);
    // Two phrases, anywhere.
    expect(subjects('em da gui, ky nang')).toEqual(['Em đã gửi. Lớp kỹ năng mềm']);
  });

  it('checks diacritics in the body and in file names too', () => {
    const { store, inbox } = storeWithInbox();
    store.upsertHeaders(inbox, [header({ uid: 200, subject: 'Một' }), header({ uid: 201, subject: 'Hai' })]);
    store.saveBody(store.idByUid(inbox, 200)!, { text: 'Đoàn công tác tới Đà Nẵng', html: null, warning: null, raw: null, attachments: [] });
    store.saveBody(store.idByUid(inbox, 201)!, { text: 'Việc đã năng động', html: null, warning: null, raw: null, attachments: [{ filename: 'Kế hoạch Đà Nẵng.pdf', contentType: 'application/pdf', size: 1, contentId: null, inline: false }] });
    while (store.indexPending(100) > 0);
    const search = new MailSearch(store);
    expect(search.search('Đà Nẵng', { limit: 10 }).hits.map((h) => h.message.uid).sort()).toEqual([200, 201]);
    expect(search.search('đã năng', { limit: 10 }).hits.map((h) => h.message.uid)).toEqual([201]);
  });

  it('indexes in the background until caught up', async () => {
    const { store, inbox } = storeWithInbox();
    store.upsertHeaders(inbox, Array.from({ length: 1200 }, (_, i) => header({ uid: i + 1, subject: 'Công văn' })));
    const errors: unknown[] = [];
    const indexer = new MailIndexer(store, (e) => errors.push(e), { batch: 100, sliceMs: 1 });
    indexer.kick();
    await indexer.idle();
    expect(errors).toEqual([]);
    expect(store.pendingIndexCount()).toBe(0);
    const r = new MailSearch(store).search('cong van', { limit: 20 });
    expect(r.hits.length).toBe(20);
    expect(r.truncated).toBe(true);
    // Newest first among equals.
    expect(r.hits[0]!.message.uid).toBe(1200);
  });
});
