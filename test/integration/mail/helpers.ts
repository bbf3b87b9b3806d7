// What the mail integration tests share: a mail feature for a demo account on
// a fresh cache, signed in through the stack's real provider (no browser), and
// a second, independent IMAP client standing for "another mail program".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { AccountContext } from '../../../electron/core/account';
import type { TokenSource } from '../../../electron/core/auth/token-source';
import { organizationSchema } from '../../../electron/core/config/organization';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { EventBus } from '../../../electron/core/events';
import { silentLogger } from '../../../electron/core/log';
import { createMailFeature, type MailFeature, type MailFeatureOptions } from '../../../electron/core/mail/service';
import { nodePlatform, type Notice } from '../../../electron/core/platform';
import { signIn } from '../../stack/login';
import { accountOf, readStackJson, type StackJson } from '../../stack/stack-json';
import { standaloneScheduler, type SyncRegistry } from '../../../electron/core/sync/scheduler';

let cached: StackJson | null = null;
export function stack(): StackJson {
  cached ??= readStackJson();
  return cached;
}

/** Tokens from the real provider; a renewal signs in again. */
export function stackTokens(username: string): TokenSource & { signIns: number } {
  let current: Promise<string> | null = null;
  const src = {
    signIns: 0,
    accessToken: () => {
      current ??= signIn(stack(), username).then((t) => {
        src.signIns++;
        return t.accessToken;
      });
      return current;
    },
    renew: () => {
      current = null;
      return src.accessToken();
    },
  };
  return src;
}

export interface TestMail {
  feature: MailFeature;
  ctx: AccountContext;
  db: Db;
  email: string;
  notices: Notice[];
  /** Every count the feature put on the icon's badge, in order. */
  badges: number[];
  /** Resolves when `cond` holds, checked on every `changed` event; rejects after the deadline. */
  until(cond: () => boolean, what: string, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export interface TestMailOptions extends MailFeatureOptions {
  /** Same cache as an earlier TestMail (a restart). */
  dataDir?: string;
  /** The sync scheduler the feature registers with (default: one of its own). */
  sync?: SyncRegistry;
  /** Replace the servers, e.g. with closed ports to be offline. */
  mail?: { imap: { host: string; port: number; secure: boolean }; smtp: { host: string; port: number; secure: boolean } };
}

export function startMail(username: string, opts: TestMailOptions = {}): TestMail {
  const s = stack();
  const account = accountOf(s, username);
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'govdesk-mail-it-'));
  const db = openDatabase(join(dataDir, 'account.db'));
  migrate(db, accountMigrations);
  const notices: Notice[] = [];
  const badges: number[] = [];
  const bus = new EventBus();
  // A badge is set on a timer after the cache changed: waiters look again then too.
  const wakers = new Set<() => void>();
  const platform = nodePlatform({
    userData: dataDir,
    notify: (n) => notices.push(n),
    setBadge: (n) => {
      badges.push(n);
      for (const w of [...wakers]) w();
    },
  });
  const organization = organizationSchema.parse({ ...s.organization, ...(opts.mail ? { mail: opts.mail } : {}) });
  const ctx: AccountContext = {
    id: `${s.organization.id}:${username}`,
    email: account.email,
    name: account.name,
    organization,
    db,
    tokens: stackTokens(username),
    bus,
    platform,
    sync: opts.sync ?? standaloneScheduler(platform.clock, silentLogger),
    log: silentLogger,
  };
  const feature = createMailFeature(ctx, opts);
  return {
    feature,
    ctx,
    db,
    email: account.email,
    notices,
    badges,
    until(cond, what, ms = 20_000) {
      if (cond()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`timed out after ${ms} ms waiting for: ${what}`));
        }, ms);
        const check = () => {
          if (!cond()) return;
          clearTimeout(timer);
          off();
          resolve();
        };
        const unsubscribe = bus.subscribe(check);
        wakers.add(check);
        const off = () => {
          unsubscribe();
          wakers.delete(check);
        };
      });
    },
    async close() {
      await feature.stop();
      db.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Another mail program signed in as `username`: changes made behind our back. */
export async function otherClient(username: string): Promise<ImapFlow> {
  const s = stack();
  const token = (await signIn(s, username)).accessToken;
  const c = new ImapFlow({ ...s.services.imap, auth: { user: accountOf(s, username).email, accessToken: token }, logger: false });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

export function uniqueSubject(what: string): string {
  return `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
