import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { noSyncReport } from '../../../electron/core/sync/status';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calls } from '../../../shared/api';
import type { AccountContext } from '../../../electron/core/account';
import { AppError } from '../../../electron/core/errors';
import { EventBus } from '../../../electron/core/events';
import { silentLogger } from '../../../electron/core/log';
import { createMailFeature, mailHandlers } from '../../../electron/core/mail/service';
import { nodePlatform } from '../../../electron/core/platform';
import { accountDb, header } from './helpers';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function offlineFeature() {
  const dir = mkdtempSync(join(tmpdir(), 'govdesk-mail-unit-'));
  dirs.push(dir);
  const bus = new EventBus();
  const events: string[][] = [];
  bus.subscribe((m) => {
    if (m.event === 'changed' && m.payload.topic === 'mail') events.push(m.payload.ids);
  });
  const ctx: AccountContext = {
    id: 'org:anh',
    email: 'anh.ntm@so-demo.invalid',
    name: 'Nguyễn Thị Minh Anh',
    organization: { id: 'org', name: 'Org', oidc: { issuer: 'http://127.0.0.1:1', clientId: 'x', scopes: ['openid'] } },
    db: accountDb(),
    sync: noSyncReport,
    tokens: { accessToken: async () => 't', renew: async () => 't' },
    bus,
    platform: nodePlatform({ userData: dir }),
    log: silentLogger,
  };
  return { feature: createMailFeature(ctx), events };
}

describe('mail service', () => {
  it('answers from the cache, and says mail.not_configured where a server is needed', async () => {
    const { feature, events } = offlineFeature();
    const { store } = feature.parts;
    store.syncFolders([{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
    const inbox = store.folderState('INBOX')!.id;
    store.upsertHeaders(inbox, [header({ uid: 1, subject: 'Giấy mời họp' })]);
    const id = store.idByUid(inbox, 1)!;
    const page = await feature.handlers['mail.list'](calls['mail.list'].params.parse({ folderId: inbox }));
    expect(page.items.map((m) => m.subject)).toEqual(['Giấy mời họp']);
    expect((await feature.handlers['mail.status']({})).connection).toBe('not_configured');
    await expect(feature.handlers['mail.open']({ id })).rejects.toMatchObject({ code: 'mail.not_configured' });
    await expect(Promise.resolve().then(() => feature.handlers['mail.list'](calls['mail.list'].params.parse({ folderId: 999 })))).rejects.toMatchObject({
      code: 'mail.folder_not_found',
    });
    // An action is applied and announced at once, and waits in the outbox.
    await feature.handlers['mail.setFlags'](calls['mail.setFlags'].params.parse({ ids: [id], add: ['\\Seen'] }));
    expect(store.summary(id)?.seen).toBe(true);
    expect(events).toContainEqual([String(id)]);
    expect(await feature.handlers['mail.outbox']({})).toMatchObject([{ kind: 'flags', state: 'pending' }]);
    await feature.stop();
  });

  it('refuses mail calls with auth.required when nobody is signed in', () => {
    const handlers = mailHandlers(() => null);
    expect(() => handlers['mail.folders']({})).toThrow(AppError);
    expect(() => handlers['mail.folders']({})).toThrow(/auth.required/);
  });

  it('validates params at the contract: flags are IMAP atoms, a send needs a recipient', () => {
    expect(calls['mail.setFlags'].params.safeParse({ ids: [1], add: ['\\Seen)(BAD'] }).success).toBe(false);
    expect(calls['mail.send'].params.safeParse({ subject: 'x' }).success).toBe(false);
    expect(calls['mail.send'].params.safeParse({ to: [{ address: 'a@b.invalid' }] }).success).toBe(true);
    expect(calls['mail.list'].params.safeParse({ folderId: 1, after: { date: 1, uid: 2 }, limit: 5000 }).success).toBe(false);
  });
});
