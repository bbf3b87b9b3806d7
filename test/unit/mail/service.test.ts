import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { standaloneScheduler } from '../../../electron/core/sync/scheduler';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls } from '../../../shared/api';
import type { AccountContext } from '../../../electron/core/account';
import { AppError } from '../../../electron/core/errors';
import { EventBus } from '../../../electron/core/events';
import { silentLogger } from '../../../electron/core/log';
import { CATCH_UP_AFTER_MS, createMailFeature, mailHandlers } from '../../../electron/core/mail/service';
import { systemClock, nodePlatform } from '../../../electron/core/platform';
import { FakeClock } from '../auth/fakes';
import { parseBody } from '../../../electron/core/mail/parse';
import { accountDb, header } from './helpers';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function offlineFeature(platform: { clock?: FakeClock; setBadge?: (n: number) => void } = {}) {
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
    sync: standaloneScheduler(platform.clock ?? systemClock, silentLogger),
    tokens: { accessToken: async () => 't', renew: async () => 't' },
    bus,
    platform: nodePlatform({ userData: dir, ...platform }),
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

  it('remote content: a sender choice kept in the cache, and only images the message names, fetched by the core', async () => {
    const hits: string[] = [];
    const gif = Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64');
    const server: Server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url?.startsWith('/pixel.gif')) res.writeHead(200, { 'content-type': 'image/gif' }).end(gif);
      else if (req.url === '/evil.svg') res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg/>');
      else if (req.url === '/big.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(6 * 1024 * 1024));
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<p>page</p>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { feature } = offlineFeature();
      const { store } = feature.parts;
      store.syncFolders([{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
      const inbox = store.folderState('INBOX')!.id;
      store.upsertHeaders(inbox, [header({ uid: 1 })]);
      const id = store.idByUid(inbox, 1)!;
      const html = `<img src="${base}/pixel.gif?a=1&amp;b=2"><img src="${base}/evil.svg"><img src="${base}/big.png"><a href="${base}/page">x</a>`;
      store.saveBody(id, { text: '', html, warning: null, raw: null, attachments: [] });

      const h = feature.handlers;
      expect(await h['mail.remoteSender'](calls['mail.remoteSender'].params.parse({ address: 'Stranger@Elsewhere.invalid' }))).toEqual({ allowed: false });
      await h['mail.setRemoteSender'](calls['mail.setRemoteSender'].params.parse({ address: 'stranger@elsewhere.invalid', allowed: true }));
      expect(await h['mail.remoteSender'](calls['mail.remoteSender'].params.parse({ address: 'STRANGER@elsewhere.invalid' }))).toEqual({ allowed: true });
      await h['mail.setRemoteSender'](calls['mail.setRemoteSender'].params.parse({ address: 'stranger@elsewhere.invalid', allowed: false }));
      expect(await h['mail.remoteSender'](calls['mail.remoteSender'].params.parse({ address: 'stranger@elsewhere.invalid' }))).toEqual({ allowed: false });

      // The image the message names (written with &amp; in the HTML) comes back as bytes.
      const img = await h['mail.remoteContent'](calls['mail.remoteContent'].params.parse({ id, url: `${base}/pixel.gif?a=1&b=2` }));
      expect(img).toEqual({ contentType: 'image/gif', contentBase64: gif.toString('base64') });
      // A URL the message does not name is refused before any request.
      await expect(h['mail.remoteContent'](calls['mail.remoteContent'].params.parse({ id, url: `${base}/pixel.gif?other` }))).rejects.toMatchObject({ code: 'call.forbidden' });
      // SVG, oversized images and pages are not images the frame shows.
      for (const path of ['/evil.svg', '/big.png', '/page']) {
        await expect(h['mail.remoteContent'](calls['mail.remoteContent'].params.parse({ id, url: `${base}${path}` }))).rejects.toMatchObject({ code: 'mail.remote_failed' });
      }
      expect(hits).toEqual(['/pixel.gif?a=1&b=2', '/evil.svg', '/big.png', '/page']);
      // Only http(s) URLs pass the contract.
      expect(calls['mail.remoteContent'].params.safeParse({ id, url: 'file:///etc/passwd' }).success).toBe(false);
      expect(calls['mail.remoteSender'].params.safeParse({ address: 'not an address' }).success).toBe(false);
      await feature.stop();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('catches the search index up after the start is over, not during it; a stop before then cancels it', async () => {
    const clock = new FakeClock();
    const { feature } = offlineFeature({ clock });
    const kick = vi.spyOn(feature.parts.indexer, 'kick');
    feature.start();
    expect(kick).not.toHaveBeenCalled();
    await clock.advance(CATCH_UP_AFTER_MS - 1);
    expect(kick).not.toHaveBeenCalled();
    await clock.advance(1);
    expect(kick).toHaveBeenCalledTimes(1);

    const again = offlineFeature({ clock });
    const kickAgain = vi.spyOn(again.feature.parts.indexer, 'kick');
    again.feature.start();
    await again.feature.stop();
    await clock.advance(CATCH_UP_AFTER_MS);
    expect(kickAgain).not.toHaveBeenCalled();
    await feature.stop();
  });

  it('badge: the Inbox unread count, set once after a burst of changes and only when it differs, cleared at sign-out', async () => {
    const clock = new FakeClock();
    const badges: number[] = [];
    const { feature } = offlineFeature({ clock, setBadge: (n) => badges.push(n) });
    const { store } = feature.parts;
    store.syncFolders([
      { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
      { path: 'Archive', name: 'Archive', delimiter: '/', specialUse: 'archive', subscribed: true },
    ]);
    const inbox = store.folderState('INBOX')!.id;
    const archive = store.folderState('Archive')!.id;
    store.upsertHeaders(inbox, [header({ uid: 1 }), header({ uid: 2 }), header({ uid: 3, flags: ['\\Seen'] })]);
    store.upsertHeaders(archive, [header({ uid: 4 })]);
    feature.start();
    expect(badges).toEqual([2]);
    const [a, b] = [store.idByUid(inbox, 1)!, store.idByUid(inbox, 2)!];
    // Two reads in a row: one recount, after the delay on the injected clock.
    await feature.handlers['mail.setFlags'](calls['mail.setFlags'].params.parse({ ids: [a], add: ['\\Seen'] }));
    await feature.handlers['mail.setFlags'](calls['mail.setFlags'].params.parse({ ids: [b], add: ['\\Seen'] }));
    expect(badges).toEqual([2]);
    // One recount pending (and the search index's catch-up, which waits for the start to be over).
    expect(clock.pending()).toEqual([500, CATCH_UP_AFTER_MS]);
    await clock.advance(500);
    expect(badges).toEqual([2, 0]);
    // A change that leaves the count as it was sets nothing.
    await feature.handlers['mail.setFlags'](calls['mail.setFlags'].params.parse({ ids: [a], add: ['\\Flagged'] }));
    await clock.advance(500);
    expect(badges).toEqual([2, 0]);
    await feature.handlers['mail.setFlags'](calls['mail.setFlags'].params.parse({ ids: [a], remove: ['\\Seen'] }));
    await clock.advance(500);
    expect(badges).toEqual([2, 0, 1]);
    await feature.stop();
    expect(badges).toEqual([2, 0, 1, 0]);
    expect(clock.pending()).toEqual([]);

    // A change reported while the sync winds down, after stop(), arms no timer
    // that would touch the account's database once it is closed.
    await feature.handlers['mail.setFlags'](calls['mail.setFlags'].params.parse({ ids: [b], remove: ['\\Seen'] }));
    expect(clock.pending()).toEqual([]);
    expect(badges).toEqual([2, 0, 1, 0]);
  });

  it('inline cid: images: kept with the cached body and served from the cache only', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const raw = [
      'From: a@so-demo.invalid',
      'To: b@so-demo.invalid',
      'Subject: logo',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Logo: <img src="cid:logo@so-demo.invalid"> <img src="cid:evil@so-demo.invalid"></p>',
      '--b1',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <logo@so-demo.invalid>',
      'Content-Disposition: inline; filename="logo.png"',
      '',
      png.toString('base64'),
      '--b1',
      'Content-Type: image/svg+xml',
      'Content-ID: <evil@so-demo.invalid>',
      'Content-Disposition: inline; filename="evil.svg"',
      '',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '--b1--',
      '',
    ].join('\r\n');
    const { feature } = offlineFeature();
    const { store } = feature.parts;
    store.syncFolders([{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
    const inbox = store.folderState('INBOX')!.id;
    store.upsertHeaders(inbox, [header({ uid: 1 })]);
    const id = store.idByUid(inbox, 1)!;
    store.saveBody(id, await parseBody(Buffer.from(raw)));
    const part = await feature.handlers['mail.inlinePart'](calls['mail.inlinePart'].params.parse({ id, contentId: 'LOGO@so-demo.invalid' }));
    expect(part).toEqual({ contentType: 'image/png', contentBase64: png.toString('base64') });
    // SVG is not kept (it can carry script), nor is anything the message does not have.
    for (const contentId of ['evil@so-demo.invalid', 'other@so-demo.invalid']) {
      await expect(
        Promise.resolve().then(() => feature.handlers['mail.inlinePart'](calls['mail.inlinePart'].params.parse({ id, contentId }))),
      ).rejects.toMatchObject({ code: 'mail.not_found' });
    }
    await feature.stop();
  });
});
