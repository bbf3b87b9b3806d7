// A signed-in calendar "device" against the demo stack: its own cache, the
// stack's organization config, and a token source from a real sign-in at the
// stack's identity provider (no browser: test/stack/login.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountContext } from '../../../electron/core/account';
import type { TokenSource } from '../../../electron/core/auth/token-source';
import { CalDavClient } from '../../../electron/core/calendar/client';
import { createCalendarFeature, type CalendarFeature } from '../../../electron/core/calendar/service';
import { organizationSchema } from '../../../electron/core/config/organization';
import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase } from '../../../electron/core/db/open';
import { EventBus } from '../../../electron/core/events';
import { silentLogger } from '../../../electron/core/log';
import { nodePlatform } from '../../../electron/core/platform';
import type { Handlers } from '../../../electron/core/rpc';
import type { CallName, CallResult, ParsedParams } from '../../../shared/api';
import { calls } from '../../../shared/api';
import { refresh, signIn } from '../../stack/login';
import { accountOf, readStackJson, type StackJson } from '../../stack/stack-json';
import { standaloneScheduler, type SyncRegistry } from '../../../electron/core/sync/scheduler';

let cachedStack: StackJson | null = null;
export function stack(): StackJson {
  cachedStack ??= readStackJson();
  return cachedStack;
}

export async function tokenSource(username: string): Promise<TokenSource> {
  let t = await signIn(stack(), username);
  return {
    accessToken: async () => t.accessToken,
    async renew() {
      t = await refresh(stack(), t.refreshToken);
      return t.accessToken;
    },
  };
}

export interface Device {
  feature: CalendarFeature;
  ctx: AccountContext;
  /** Calls a handler the way the rpc gate does: params through the contract's schema first. */
  call<K extends CallName & `calendar.${string}`>(name: K, params: unknown): Promise<CallResult<K>>;
  close(): void;
}

/** fetch that fails like a dropped network while `offline.on` is true: to test replay after an outage. */
export function switchableFetch(): { fetch: typeof fetch; offline: { on: boolean } } {
  const offline = { on: false };
  return {
    offline,
    fetch: (input, init) => (offline.on ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
  };
}

export async function device(username: string, opts: { fetch?: typeof fetch; sync?: SyncRegistry } = {}): Promise<Device> {
  const s = stack();
  const account = accountOf(s, username);
  const dir = mkdtempSync(join(tmpdir(), 'govdesk-cal-it-'));
  const db = openDatabase(join(dir, 'account.db'));
  migrate(db, accountMigrations);
  const platform = nodePlatform({ userData: dir });
  const ctx: AccountContext = {
    id: `${s.organization.id}:${username}`,
    email: account.email,
    name: account.name,
    organization: organizationSchema.parse(s.organization),
    db,
    tokens: await tokenSource(username),
    bus: new EventBus(),
    platform,
    sync: opts.sync ?? standaloneScheduler(platform.clock, silentLogger),
    log: silentLogger,
  };
  const feature = createCalendarFeature(ctx, opts.fetch ? { fetch: opts.fetch } : {});
  return {
    feature,
    ctx,
    async call(name, params) {
      const parsed = calls[name].params.parse(params ?? {}) as ParsedParams<typeof name>;
      const handler = feature.handlers[name as keyof typeof feature.handlers] as Handlers[typeof name];
      return (await handler(parsed as never)) as CallResult<typeof name>;
    },
    close() {
      feature.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A raw CalDAV client for a user, to look at the server without our cache in between. */
export async function rawClient(username: string): Promise<CalDavClient> {
  return new CalDavClient({ serverUrl: stack().organization.calendar.caldavUrl, tokens: await tokenSource(username), log: silentLogger });
}

/** Local 'YYYY-MM-DD' in Hanoi, days from now. */
export function hanoiDate(daysFromNow: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + daysFromNow * 86_400_000).toISOString().slice(0, 10);
}

export function runId(): string {
  return Math.random().toString(36).slice(2, 8);
}

/**
 * Removes what a test run wrote to the shared demo stack (objects whose
 * iCalendar mentions the run id), so the seeded demo week stays as seeded.
 */
export async function cleanUp(run: string, usernames: readonly string[]): Promise<number> {
  let removed = 0;
  for (const username of usernames) {
    const client = await rawClient(username);
    const urls = (await client.discover()).calendars.map((c) => c.url);
    const agency = await client.probe(stack().organization.calendar.agencyCalendarUrl).catch(() => null);
    if (agency?.writable) urls.push(agency.url);
    for (const url of urls) {
      const hrefs = [...(await client.listEtags(url)).keys()];
      for (let i = 0; i < hrefs.length; i += 200) {
        for (const o of await client.multiget(url, hrefs.slice(i, i + 200))) {
          if (o.data.includes(run) && (await client.delete(o.href, o.etag)) !== 'precondition_failed') removed++;
        }
      }
    }
  }
  return removed;
}

/**
 * The devices of one test file: each signed in and synced once when asked
 * for; after the file, all closed and the run's objects removed from the
 * server for these users.
 */
export function devicesFor(run: string, usernames: readonly string[]): (username: string, fetchImpl?: typeof fetch) => Promise<Device> {
  const open: Device[] = [];
  afterAll(async () => {
    open.splice(0).forEach((d) => d.close());
    await cleanUp(run, usernames);
  });
  return async (username, fetchImpl) => {
    const d = await device(username, fetchImpl ? { fetch: fetchImpl } : {});
    open.push(d);
    await d.feature.syncNow();
    return d;
  };
}
