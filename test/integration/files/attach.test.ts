// Attach from Files (issue 16, item 5) against the stack: a file in the
// user's home, never downloaded by hand, is attached by the core (fetched from
// the WebDAV server because no copy is on this device) and the message in the
// recipient's mailbox, read by another IMAP client, carries its bytes. A file
// larger than a mail carries is refused before anything is queued.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilesClient } from '../../../electron/core/files/client';
import { AppError } from '../../../electron/core/errors';
import { calls } from '../../../shared/api';
import { MAIL_ATTACHMENT_MAX_BYTES } from '../../../shared/mail';
import { accountOf } from '../../stack/stack-json';
import { otherClient, startMail, uniqueSubject, type TestMail } from '../mail/helpers';
import { filesDevice, rawFiles, runId, stack, type FilesDevice } from './helpers';

const USER = 'anh.ntm';
const TO = 'bao.tq';
const base = `home/${USER}/attach-${runId()}`;

let raw: FilesClient;
let d: FilesDevice;
let a: TestMail;
let tmp: string;

async function put(path: string, bytes: Buffer): Promise<void> {
  const src = join(tmp, `src-${Math.random().toString(36).slice(2)}`);
  writeFileSync(src, bytes);
  await raw.upload(path, src, {});
  rmSync(src);
}

async function send(subject: string, paths: string[], toEmail: string) {
  const params = calls['mail.send'].params.parse({ to: [{ name: 'Trần Quốc Bảo', address: toEmail }], subject, text: 'Gửi anh tệp trong thư mục của em.', fromFiles: paths.map((path) => ({ path })) });
  return await a.feature.handlers['mail.send'](params as never);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'govdesk-attach-'));
  raw = await rawFiles(USER);
  await raw.mkdir(base);
  d = await filesDevice(USER);
  a = startMail(USER, { files: () => d.feature.attachmentSource });
});

afterAll(async () => {
  await a?.close();
  d?.close();
  await raw?.delete(base, null).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

describe('attach from Files', () => {
  it('the core attaches a file that was never on this device, and the recipient receives its bytes', async () => {
    const bytes = randomBytes(700_000);
    const path = `${base}/Báo cáo tháng 12.pdf`;
    await put(path, bytes);
    await d.call('files.refresh', { path: base });
    expect(d.feature.store.entry(path)?.cache_file).toBeNull();
    const subject = uniqueSubject('Tệp từ Tệp tin');
    await send(subject, [path], accountOf(stack(), TO).email);
    await a.feature.flushOutbox();
    expect(await a.feature.handlers['mail.outbox']({} as never)).toEqual([]);
    // Fetched into the files cache on the way (a draft saved again reads it from there).
    expect(d.feature.store.entry(path)?.cache_file).not.toBeNull();

    const imap = await otherClient(TO);
    try {
      const lock = await imap.getMailboxLock('INBOX');
      try {
        let uid: number | undefined;
        // Delivered through Postfix and LMTP: there once the search finds it.
        await expect
          .poll(async () => {
            await imap.noop();
            uid = ((await imap.search({ subject }, { uid: true })) || [])[0];
            return uid;
          }, { timeout: 20_000 })
          .toBeDefined();
        const msg = await imap.fetchOne(String(uid), { source: true }, { uid: true });
        const parsed = await simpleParser(msg && msg.source ? msg.source : Buffer.alloc(0));
        expect(parsed.attachments).toHaveLength(1);
        expect(parsed.attachments[0]?.filename).toBe('Báo cáo tháng 12.pdf');
        expect(parsed.attachments[0]?.content.equals(bytes)).toBe(true);
      } finally {
        lock.release();
      }
    } finally {
      await imap.logout();
    }
  });

  it('a file larger than a mail carries is refused with its own code before anything is fetched or queued', async () => {
    const path = `${base}/Video hội nghị.bin`;
    await put(path, Buffer.alloc(MAIL_ATTACHMENT_MAX_BYTES + 1, 7));
    await d.call('files.refresh', { path: base });
    const before = await a.feature.handlers['mail.outbox']({} as never);
    const err = await send(uniqueSubject('Quá lớn'), [path], accountOf(stack(), TO).email).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('mail.attachment_too_large');
    expect(await a.feature.handlers['mail.outbox']({} as never)).toEqual(before);
    expect(d.feature.store.entry(path)?.cache_file).toBeNull();
  });
});
