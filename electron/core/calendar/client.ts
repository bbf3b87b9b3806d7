// CalDAV through tsdav, with the organization's SSO token (ARCHITECTURE rule
// 5): every request asks the TokenSource, and a 401 refreshes once and retries
// once (withToken). The rest of the calendar feature sees plain results and
// AppErrors, never tsdav's or xml-js's shapes.
import type { createDAVClient, DAVResponse } from 'tsdav';
import { withToken, type TokenSource } from '../auth/token-source';
import { AppError } from '../errors';
import type { Logger } from '../log';

export interface RemoteCalendar {
  url: string;
  displayName: string;
  color: string | null;
  components: string[];
  writable: boolean;
  ctag: string | null;
  syncToken: string | null;
  isCalendar: boolean;
}

export interface RemoteObject {
  href: string;
  etag: string | null;
  data: string;
}

export interface SyncDelta {
  changed: Array<{ href: string; etag: string | null }>;
  deleted: string[];
  syncToken: string | null;
}

/** The server cannot use our sync token (expired, or sync-collection unsupported): fall back to ETags. */
export class SyncTokenRejected extends Error {}

class Unauthorized extends Error {}

type DavClient = Awaited<ReturnType<typeof createDAVClient>>;

// tsdav (with its XML converter and fetch polyfill) loads on the first request
// to the server, not at start: a start from the cache makes none (`npm run bench today`).
let tsdavLoading: Promise<typeof import('tsdav')> | null = null;

export interface CalDavClientOptions {
  serverUrl: string;
  tokens: TokenSource;
  log: Logger;
  /** For tests and the benchmark; the global fetch otherwise. */
  fetch?: typeof fetch;
}

const CALENDAR_PROPS = {
  'd:displayname': {},
  'd:resourcetype': {},
  'd:current-user-privilege-set': {},
  'd:sync-token': {},
  'cs:getctag': {},
  'c:supported-calendar-component-set': {},
  'ca:calendar-color': {},
};

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && '_text' in v) return str((v as { _text: unknown })._text);
  if (typeof v === 'object' && '_cdata' in v) return str((v as { _cdata: unknown })._cdata);
  return null;
}

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function keysDeep(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysDeep(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('_')) continue;
      out.add(k);
      keysDeep(x, out);
    }
  }
  return out;
}

function resolveHref(base: string, href: string): string {
  return new URL(href, base).toString();
}

/** The path part only: how objects are keyed in the cache whatever host name the server answers with. */
export function hrefPath(url: string): string {
  return decodeURIComponent(new URL(url, 'http://x').pathname);
}

export class CalDavClient {
  private cached: { token: string; client: DavClient } | null = null;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: CalDavClientOptions) {
    const base = opts.fetch ?? fetch;
    // tsdav folds HTTP failures into its results; a 401 is thrown here so
    // withToken can renew the token and retry.
    this.fetchImpl = async (input, init) => {
      const res = await base(input, init);
      if (res.status === 401) throw new Unauthorized(`401 from ${String(input)}`);
      return res;
    };
  }

  private async run<T>(fn: (c: DavClient, token: string) => Promise<T>): Promise<T> {
    try {
      return await withToken(
        this.opts.tokens,
        'calendar',
        async (token) => {
          if (!this.cached || this.cached.token !== token) {
            // No network here: without defaultAccountType, createDAVClient only builds headers.
            tsdavLoading ??= import('tsdav');
            const client = await (await tsdavLoading).createDAVClient({
              serverUrl: this.opts.serverUrl,
              credentials: { accessToken: token },
              authMethod: 'Bearer',
              defaultAccountType: undefined,
              fetch: this.fetchImpl,
            });
            this.cached = { token, client };
          }
          return fn(this.cached.client, token);
        },
        (err) => err instanceof Unauthorized,
      );
    } catch (err) {
      if (err instanceof Unauthorized) throw new AppError('calendar.unauthorized', err.message);
      if (err instanceof AppError || err instanceof SyncTokenRejected) throw err;
      throw new AppError('calendar.unreachable', err instanceof Error ? err.message : String(err));
    }
  }

  private check(responses: DAVResponse[], what: string): DAVResponse[] {
    const first = responses[0];
    if (responses.length === 1 && first && !first.props && !first.ok) {
      if (first.status === 403) throw new AppError('calendar.forbidden', `${what}: 403`);
      if (first.status === 404) throw new AppError('calendar.not_found', `${what}: 404`);
      throw new AppError('calendar.server_error', `${what}: ${first.status} ${first.statusText}`);
    }
    return responses;
  }

  private toCalendar(r: DAVResponse, base: string): RemoteCalendar {
    const p = (r.props ?? {}) as Record<string, unknown>;
    const types = keysDeep(p.resourcetype);
    const privileges = keysDeep(p.currentUserPrivilegeSet);
    const comps = list((p.supportedCalendarComponentSet as { comp?: unknown } | undefined)?.comp)
      .map((c) => str((c as { _attributes?: { name?: unknown } })._attributes?.name))
      .filter((c): c is string => Boolean(c));
    return {
      url: resolveHref(base, String(r.href ?? '')),
      displayName: str(p.displayname) ?? '',
      color: str(p.calendarColor),
      components: comps.length ? comps : ['VEVENT', 'VTODO'],
      // Without the property the server did not say no: try, and let a 403 tell.
      writable: privileges.size === 0 || privileges.has('all') || privileges.has('write') || privileges.has('writeContent'),
      ctag: str(p.getctag),
      syncToken: str(p.syncToken),
      isCalendar: types.has('calendar'),
    };
  }

  /**
   * The user's calendars and task lists: principal, then calendar home, then
   * its collections. With the home already known, only its collections: one
   * PROPFIND, which also carries every collection's sync token.
   */
  async discover(knownHome?: string): Promise<{ homeUrl: string; calendars: RemoteCalendar[] }> {
    return this.run(async (c) => {
      const homeUrl = knownHome ?? (await c.createAccount({ account: { serverUrl: this.opts.serverUrl, accountType: 'caldav' }, loadCollections: false })).homeUrl;
      if (!homeUrl) throw new AppError('calendar.not_found', 'no calendar-home-set');
      const responses = this.check(await c.propfind({ url: homeUrl, props: CALENDAR_PROPS, depth: '1' }), 'PROPFIND home');
      const calendars = responses.filter((r) => r.href && r.ok).map((r) => this.toCalendar(r, homeUrl)).filter((x) => x.isCalendar);
      return { homeUrl, calendars };
    });
  }

  /** One collection by URL (the agency schedule is not discoverable: its URL comes from config). */
  async probe(url: string): Promise<RemoteCalendar> {
    return this.run(async (c) => {
      const responses = this.check(await c.propfind({ url, props: CALENDAR_PROPS, depth: '0' }), 'PROPFIND');
      const r = responses.find((x) => x.href && x.ok);
      if (!r) throw new AppError('calendar.not_found', url);
      return this.toCalendar(r, url);
    });
  }

  async makeCalendar(url: string, displayName: string, components: string[]): Promise<void> {
    await this.run(async (c) => {
      const res = await c.makeCalendar({
        url,
        props: {
          'd:displayname': displayName,
          'c:supported-calendar-component-set': { 'c:comp': components.map((name) => ({ _attributes: { name } })) },
        },
      });
      const bad = res.find((r) => !r.ok && r.status !== 405);
      if (bad) throw new AppError('calendar.server_error', `MKCALENDAR ${bad.status}`);
    });
  }

  /** RFC 6578 sync-collection from `syncToken` ('' for an initial sync). */
  async syncCollection(url: string, syncToken: string): Promise<SyncDelta> {
    return this.run(async (c) => {
      const responses = await c.syncCollection({ url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken });
      const first = responses[0];
      if (responses.length === 1 && first && !first.props && !first.ok) {
        // A server failure is not a refused token: falling back would only ask again.
        if (first.status >= 500 && first.status !== 501) throw new AppError('calendar.server_error', `sync-collection: ${first.status} ${first.statusText}`);
        // 403/409 with valid-sync-token (RFC 6578 3.2), or 501/405 for no support.
        throw new SyncTokenRejected(`sync-collection ${first.status}`);
      }
      const root = (first?.raw as { multistatus?: { syncToken?: unknown } } | undefined)?.multistatus;
      const delta: SyncDelta = { changed: [], deleted: [], syncToken: str(root?.syncToken) };
      for (const r of responses) {
        if (!r.href) continue;
        const href = hrefPath(resolveHref(url, String(r.href)));
        if (href === hrefPath(url)) continue;
        if (r.status === 404) delta.deleted.push(href);
        else if (r.ok) delta.changed.push({ href, etag: str((r.props as Record<string, unknown> | undefined)?.getetag) });
      }
      return delta;
    });
  }

  /** href -> etag of every object: the fallback when sync-collection is not possible. */
  async listEtags(url: string): Promise<Map<string, string | null>> {
    return this.run(async (c) => {
      const responses = this.check(await c.propfind({ url, props: { 'd:getetag': {}, 'd:resourcetype': {} }, depth: '1' }), 'PROPFIND etags');
      const out = new Map<string, string | null>();
      for (const r of responses) {
        if (!r.href || !r.ok) continue;
        const href = hrefPath(resolveHref(url, String(r.href)));
        if (href === hrefPath(url) || keysDeep((r.props as Record<string, unknown> | undefined)?.resourcetype).has('collection')) continue;
        out.set(href, str((r.props as Record<string, unknown> | undefined)?.getetag));
      }
      return out;
    });
  }

  /** calendar-multiget of the given object paths. Objects the server no longer has are left out. */
  async multiget(url: string, hrefs: readonly string[]): Promise<RemoteObject[]> {
    if (hrefs.length === 0) return [];
    return this.run(async (c) => {
      const responses = await c.calendarMultiGet({
        url,
        props: { 'd:getetag': {}, 'c:calendar-data': {} },
        objectUrls: [...hrefs],
        depth: '1',
      });
      const out: RemoteObject[] = [];
      for (const r of responses) {
        if (!r.href || !r.ok) continue;
        const p = (r.props ?? {}) as Record<string, unknown>;
        const data = str(p.calendarData);
        if (data === null) continue;
        out.push({ href: hrefPath(resolveHref(url, String(r.href))), etag: str(p.getetag), data });
      }
      return out;
    });
  }

  /** GET one object: null when it is gone. */
  async get(href: string): Promise<RemoteObject | null> {
    return this.run(async (_c, token) => {
      const res = await this.fetchImpl(resolveHref(this.opts.serverUrl, href), { headers: { authorization: `Bearer ${token}` } });
      if (res.status === 404 || res.status === 410) return null;
      if (!res.ok) throw new AppError('calendar.server_error', `GET ${res.status}`);
      return { href: hrefPath(href), etag: res.headers.get('etag'), data: await res.text() };
    });
  }

  /**
   * PUT with If-Match (an edit) or If-None-Match: * (a create), so a stale
   * write fails with 412 instead of overwriting (ARCHITECTURE rule 4).
   */
  async put(href: string, data: string, ifMatch: string | null): Promise<{ status: 'ok'; etag: string | null } | { status: 'precondition_failed' }> {
    return this.run(async (c) => {
      const url = resolveHref(this.opts.serverUrl, href);
      const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
      const res = ifMatch ? await c.updateObject({ url, data, etag: ifMatch, headers }) : await c.createObject({ url, data, headers: { ...headers, 'If-None-Match': '*' } });
      if (res.status === 412) return { status: 'precondition_failed' as const };
      if (res.status === 403) throw new AppError('calendar.forbidden', `PUT ${href}: 403`);
      if (!res.ok) throw new AppError('calendar.server_error', `PUT ${href}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      return { status: 'ok' as const, etag: res.headers.get('etag') };
    });
  }

  async delete(href: string, ifMatch: string | null): Promise<'ok' | 'gone' | 'precondition_failed'> {
    return this.run(async (c) => {
      const url = resolveHref(this.opts.serverUrl, href);
      const res = await c.deleteObject({ url, etag: ifMatch ?? undefined });
      if (res.status === 404 || res.status === 410) return 'gone';
      if (res.status === 412) return 'precondition_failed';
      if (res.status === 403) throw new AppError('calendar.forbidden', `DELETE ${href}: 403`);
      if (!res.ok) throw new AppError('calendar.server_error', `DELETE ${href}: ${res.status}`);
      return 'ok';
    });
  }
}
