import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { MailStore, type HeaderRecord } from '../../../electron/core/mail/store';

export function accountDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db, accountMigrations);
  return db;
}

export function storeWithInbox(now = () => 1_700_000_000_000): { db: Db; store: MailStore; inbox: number; trash: number; sent: number } {
  const db = accountDb();
  const store = new MailStore(db, now);
  store.syncFolders([
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
    { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: 'sent', subscribed: true },
    { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: 'trash', subscribed: true },
  ]);
  const id = (p: string): number => store.folderState(p)!.id;
  return { db, store, inbox: id('INBOX'), sent: id('Sent'), trash: id('Trash') };
}

let nextUid = 1;
export function header(over: Partial<HeaderRecord> = {}): HeaderRecord {
  const uid = over.uid ?? nextUid++;
  return {
    uid,
    messageId: `<m${uid}@test.invalid>`,
    inReplyTo: null,
    references: [],
    subject: `Message ${uid}`,
    from: [{ name: 'Nguyễn Văn A', address: 'a@so-demo.invalid' }],
    to: [{ name: 'Trần Thị B', address: 'b@so-demo.invalid' }],
    cc: [],
    date: 1_700_000_000_000 + uid * 60_000,
    flags: [],
    size: 1000,
    hasAttachments: false,
    modseq: null,
    ...over,
  };
}
