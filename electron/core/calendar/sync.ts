// Pull and push for calendars: discovery (the user's calendars, plus the
// agency schedule from config), then per calendar an RFC 6578 sync-collection
// from the stored token, falling back to comparing ETags when the server
// refuses the token or has no sync-collection. Objects with local changes
// waiting are never overwritten by a pull: the server's version is kept
// beside them, and the outbox's If-Match turns the difference into a conflict.
import { AppError } from '../errors';
import type { Logger } from '../log';
import { SyncTokenRejected, type CalDavClient, type RemoteCalendar, type RemoteObject } from './client';
import { parseObject } from './ical';
import type { CalendarOutbox } from './outbox';
import type { CalendarRow, CalendarStore } from './store';

const MULTIGET_BATCH = 200;

export interface SyncOptions {
  agencyCalendarUrl?: string;
  defaultZone: string;
  log: Logger;
  /** The name a new personal calendar gets when the user has none. */
  defaultCalendarName?: string;
}

export interface SyncReport {
  calendars: number;
  fetched: number;
  deleted: number;
  fellBack: number;
  /** Object ids that changed, for `changed` events. */
  changedIds: number[];
  /** Calendars whose pull failed this time: their cached copy stays, with the error beside it. */
  failed: number[];
  /** A calendar's sync error came or went. */
  errorsChanged: boolean;
}

/**
 * Failures that are the session's or the network's, not one collection's:
 * they end the whole pass, as before (sign in again, wait for the network).
 */
const PASS_ENDING = new Set(['calendar.unauthorized', 'calendar.unreachable', 'auth.reauth_required', 'auth.required']);

export class CalendarSync {
  /** Found once per session: later passes ask the home for its collections only. */
  private homeUrl: string | null = null;
  /** What the last discovery said of each collection: an unchanged token means nothing to pull. */
  private remoteTokens = new Map<string, { syncToken: string | null; ctag: string | null }>();

  constructor(
    private readonly store: CalendarStore,
    private readonly client: Pick<CalDavClient, 'discover' | 'probe' | 'syncCollection' | 'listEtags' | 'multiget' | 'makeCalendar' | 'put' | 'delete' | 'get'>,
    private readonly outbox: CalendarOutbox,
    private readonly opts: SyncOptions,
  ) {}

  /** Finds the calendars and records them; returns the rows to sync. */
  async discover(): Promise<CalendarRow[]> {
    let discovered: Awaited<ReturnType<typeof this.client.discover>>;
    try {
      discovered = await this.client.discover(this.homeUrl ?? undefined);
    } catch (err) {
      // Radicale answers 500 for the whole home when one collection holds a
      // broken object: sync the calendars already known one by one instead,
      // so the broken one is the only one that fails, with its own error.
      const known = this.store.calendars().filter((c) => c.kind !== 'agency');
      if (!(err instanceof AppError) || err.code !== 'calendar.server_error' || known.length === 0) throw err;
      this.opts.log.log('warn', 'calendar discovery failed; syncing the calendars already known', { code: err.code, detail: err.detail });
      this.remoteTokens.clear();
      return this.store.calendars();
    }
    const { homeUrl, calendars } = discovered;
    this.homeUrl = homeUrl;
    this.remoteTokens.clear();
    let found = calendars;
    if (!found.some((c) => c.components.includes('VEVENT'))) {
      // A new account has no calendar yet: make the personal one, as other clients do.
      const url = new URL(`${crypto.randomUUID()}/`, homeUrl).toString();
      await this.client.makeCalendar(url, this.opts.defaultCalendarName ?? 'Lịch cá nhân', ['VEVENT', 'VTODO']);
      found = [...found, await this.client.probe(url)];
    }
    const urls: string[] = [];
    for (const c of found) {
      this.remoteTokens.set(c.url, { syncToken: c.syncToken, ctag: c.ctag });
      if (this.opts.agencyCalendarUrl && sameCollection(c.url, this.opts.agencyCalendarUrl)) continue;
      this.store.upsertCalendar(toInput(c, c.components.includes('VEVENT') ? 'event' : 'task'));
      urls.push(c.url);
    }
    if (this.opts.agencyCalendarUrl) {
      try {
        const agency = await this.client.probe(this.opts.agencyCalendarUrl);
        this.remoteTokens.set(agency.url, { syncToken: agency.syncToken, ctag: agency.ctag });
        this.store.upsertCalendar(toInput(agency, 'agency'));
        urls.push(agency.url);
      } catch (err) {
        // The rest of the calendars still sync; the agency schedule shows its last copy.
        this.opts.log.log('warn', 'agency calendar unavailable', { url: this.opts.agencyCalendarUrl, err: String(err) });
        const known = this.store.calendarByUrl(this.opts.agencyCalendarUrl);
        if (known) urls.push(known.url);
      }
    }
    this.store.markGoneExcept(urls);
    return this.store.calendars();
  }

  /** Push the outbox, then pull every calendar; `stopped` ends it between steps (sign-out). */
  async syncAll(stopped: () => boolean = () => false): Promise<SyncReport> {
    const pushed = await this.outbox.replay(this.client);
    const report = await this.pull(stopped);
    report.changedIds.unshift(...pushed.touched);
    return report;
  }

  /** Sends the outbox in order; rejects with the passing failure (network, token) that stopped it. */
  async push(): Promise<number[]> {
    const pushed = await this.outbox.replay(this.client);
    if (pushed.blocked) throw pushed.blocked;
    return pushed.touched;
  }

  /**
   * Pulls every calendar whose collection changed since the last pull. With
   * nothing changed this costs one PROPFIND of the home (plus one of the
   * agency schedule): the sync tokens it carries say so.
   */
  async pull(stopped: () => boolean = () => false): Promise<SyncReport> {
    this.store.ensureWindow();
    const report: SyncReport = { calendars: 0, fetched: 0, deleted: 0, fellBack: 0, changedIds: [], failed: [], errorsChanged: false };
    for (const cal of await this.discover()) {
      if (stopped()) break;
      try {
        if (!this.unchanged(cal)) await this.syncCalendar(cal, report);
        if (this.store.setSyncError(cal.id, null)) report.errorsChanged = true;
      } catch (err) {
        // One collection the server cannot serve (Radicale answers 500 for all
        // of it when one stored object is broken) is that calendar's error: its
        // cache stays as it was, and the other calendars still sync.
        if (!(err instanceof AppError) || PASS_ENDING.has(err.code)) throw err;
        this.opts.log.log('warn', 'calendar sync failed; its cached copy is kept', { calendar: cal.url, code: err.code, detail: err.detail });
        this.store.setSyncError(cal.id, { code: err.code, detail: err.detail ?? '' });
        report.failed.push(cal.id);
        report.errorsChanged = true;
      }
      report.calendars++;
    }
    return report;
  }

  private remoteOf(cal: CalendarRow): { syncToken: string | null; ctag: string | null } | undefined {
    return [...this.remoteTokens].find(([url]) => sameCollection(url, cal.url))?.[1];
  }

  private unchanged(cal: CalendarRow): boolean {
    const remote = this.remoteOf(cal);
    if (!remote) return false;
    if (remote.syncToken !== null) return cal.sync_token === remote.syncToken;
    return remote.ctag !== null && cal.ctag === remote.ctag;
  }

  async syncCalendar(cal: CalendarRow, report: SyncReport): Promise<void> {
    try {
      const delta = await this.client.syncCollection(cal.url, cal.sync_token ?? '');
      const local = this.store.etags(cal.id);
      const wanted = delta.changed.filter((c) => c.etag === null || local.get(c.href)?.etag !== c.etag).map((c) => c.href);
      await this.fetchInto(cal, wanted, report);
      for (const href of delta.deleted) this.removeRemote(cal, href, report);
      this.store.setSyncState(cal.id, { ctag: this.remoteOf(cal)?.ctag ?? cal.ctag, syncToken: delta.syncToken });
    } catch (err) {
      if (!(err instanceof SyncTokenRejected)) throw err;
      this.opts.log.log('info', 'sync-collection refused, comparing ETags', { calendar: cal.url, reason: err.message });
      report.fellBack++;
      await this.syncByEtags(cal, report);
    }
  }

  /** The fallback: every href and ETag on the server against the cache. */
  private async syncByEtags(cal: CalendarRow, report: SyncReport): Promise<void> {
    // The token first: a change after it is seen again next time, never missed.
    const remoteInfo = await this.client.probe(cal.url);
    const remote = await this.client.listEtags(cal.url);
    const local = this.store.etags(cal.id);
    const wanted = [...remote].filter(([href, etag]) => etag === null || local.get(href)?.etag !== etag).map(([href]) => href);
    await this.fetchInto(cal, wanted, report);
    for (const [href, l] of local) {
      // Created here and not yet sent: absent from the server by design.
      if (!remote.has(href) && l.etag !== null) this.removeRemote(cal, href, report);
    }
    this.store.setSyncState(cal.id, { ctag: remoteInfo.ctag, syncToken: remoteInfo.syncToken });
  }

  private async fetchInto(cal: CalendarRow, hrefs: string[], report: SyncReport): Promise<void> {
    for (let i = 0; i < hrefs.length; i += MULTIGET_BATCH) {
      const batch = await this.client.multiget(cal.url, hrefs.slice(i, i + MULTIGET_BATCH));
      this.outbox.transaction(() => {
        for (const obj of batch) this.storeRemote(cal, obj, report);
      });
    }
  }

  private storeRemote(cal: CalendarRow, obj: RemoteObject, report: SyncReport): void {
    const existing = this.store.objectByHref(cal.id, obj.href);
    if (existing && existing.local_state !== 'synced') {
      // Ours waits in the outbox: keep it, remember theirs.
      this.store.setServerVersion(existing.id, obj.data, obj.etag, existing.local_state);
      return;
    }
    // Parsing never throws; a broken object is stored with its warnings.
    const parsed = parseObject(obj.data, { defaultZone: this.opts.defaultZone });
    if (parsed.warnings.length) this.opts.log.log('warn', 'calendar object read with warnings', { href: obj.href, warnings: parsed.warnings.slice(0, 5) });
    const id = this.store.putObject({ calendarId: cal.id, href: obj.href, etag: obj.etag, raw: obj.data }, parsed);
    report.fetched++;
    report.changedIds.push(id);
  }

  private removeRemote(cal: CalendarRow, href: string, report: SyncReport): void {
    const existing = this.store.objectByHref(cal.id, href);
    if (!existing) return;
    if (existing.local_state === 'pending' || existing.local_state === 'conflict') {
      // Edited here, deleted there: ours stays, and the conflict says the server's is gone.
      this.store.setServerVersion(existing.id, null, null, existing.local_state);
      return;
    }
    this.store.deleteObject(existing.id);
    report.deleted++;
    report.changedIds.push(existing.id);
  }
}

function toInput(c: RemoteCalendar, kind: 'event' | 'task' | 'agency') {
  return { url: c.url, kind, displayName: c.displayName, color: c.color, writable: c.writable, components: c.components };
}

function sameCollection(a: string, b: string): boolean {
  const norm = (u: string) => new URL(u).pathname.replace(/\/+$/, '');
  return norm(a) === norm(b);
}
