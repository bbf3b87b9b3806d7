// Composition root: builds every service with plain constructor arguments and
// hands the dispatcher the complete handler table. Runs under plain Node.
import { join } from 'node:path';
import type { EventMessage } from '../../shared/api';
import type { AccountContext } from './account';
import type { LoopbackListener, LoopbackOptions } from './auth/loopback';
import type { OidcClient } from './auth/oidc-client';
import { AuthService, type AccountListener } from './auth/service';
import { checkMeetingLink, linkMatcher } from './calendar/meeting-links';
import { calendarAlarmSource, taskDueSource } from './calendar/reminder-sources';
import { calendarHandlers, createCalendarFeature } from './calendar/service';
import { DEFAULT_ZONE, ianaZone, utcZone } from './calendar/zones';
import { agencyWeekPdfName } from './calendar/week-pdf';
import { documentsPdfName } from './documents/print';
import type { OrganizationConfig } from './config/organization';
import { EMPTY_POLICY, type Policy } from './config/policy';
import { appMigrations } from './db/migrations/app';
import { migrate } from './db/migrate';
import { openDatabase, type Db } from './db/open';
import { secureDataFolder } from './data-folder';
import { PdfExport } from './pdf-export';
import { AppError } from './errors';
import { EventBus } from './events';
import { externalUrlAllowed } from './links';
import { fileLogger, type Logger } from './log';
import { documentsReminderSource } from './documents/reminder-source';
import { mailFollowUpSource } from './mail/follow-up';
import { documentsTodaySource } from './documents/today-source';
import { createDocumentsFeature, documentsHandlers } from './documents/service';
import { createFilesFeature, filesHandlers } from './files/service';
import { createMailFeature, mailHandlers } from './mail/service';
import type { Platform } from './platform';
import { createDispatcher, type Dispatch, type Handlers } from './rpc';
import type { ReminderSource } from './reminders/source';
import { createRemindersFeature, reminderHandlers } from './reminders/service';
import { SettingsService } from './settings/service';
import { attentionNow, todayDay } from './today/attention';
import { todayView } from './today/service';
import type { TodaySource } from './today/source';
import { agendaSource, mailSource, outboxSource, remindersSource, tasksSource } from './today/sources';
import { SettingsStore } from './settings/store';
import { SyncScheduler } from './sync/scheduler';
import { StatusHolder } from './sync/status';

export interface CoreConfig {
  /** The organization's servers; null until one is configured. */
  organization: OrganizationConfig | null;
  policy?: Policy;
  logger?: Logger;
  /** Tests only: a fake identity provider, a short sign-in time-out, a stand-in loopback listener. */
  auth?: { oidc?: OidcClient; signInTimeoutMs?: number; startLoopback?: (opts: LoopbackOptions) => Promise<LoopbackListener> };
}

export interface Core {
  /** Validates and answers one call from a bridge. Never throws. */
  call: Dispatch;
  /** Contract events for the bridges; returns an unsubscribe. */
  subscribe(listener: (message: EventMessage) => void): () => void;
  /** The signed-in account (its cache and token source), or null. Open in reauth_required too. */
  account(): AccountContext | null;
  /** Told when an account opens (start its sync) and before it closes (stop it). */
  onAccount(listener: AccountListener): () => void;
  close(): void;
}

export const APP_DB_FILE = 'govdesk.db';
/** A burst of changes (a sync pass) recounts the badge once. */
const BADGE_DELAY_MS = 500;

/** The data folder is the owner's alone: checked and repaired at every start, said in the log. */
function checkDataFolder(userData: string, log: Logger): void {
  const check = secureDataFolder(userData);
  if (check.inProfile === false) log.log('warn', 'data folder is outside the user profile: other accounts of this computer may reach it', { userData });
  else if (check.inProfile === true) log.log('info', 'data folder is in the user profile', { userData });
  else if (check.repaired.length || check.failed.length) {
    log.log(check.failed.length ? 'error' : 'warn', 'data folder permissions were open to other users: narrowed to the owner (0700/0600)', {
      userData,
      repaired: check.repaired.slice(0, 20),
      repairedCount: check.repaired.length,
      failed: check.failed.slice(0, 20),
    });
  } else log.log('info', 'data folder permissions are private (0700/0600)', { userData });
}

export function createCore(platform: Platform, config: CoreConfig): Core {
  const policy = config.policy ?? EMPTY_POLICY;
  const organization = policy.organization ?? config.organization;
  const log = config.logger ?? fileLogger(platform.paths.logs, platform.clock.now);
  checkDataFolder(platform.paths.userData, log);
  const db: Db = openDatabase(join(platform.paths.userData, APP_DB_FILE));
  const migrated = migrate(db, appMigrations);
  log.log('info', 'core started', { shell: platform.shell, schema: migrated, keyring: platform.secrets.backend });

  const bus = new EventBus();
  const status = new StatusHolder(bus, platform.clock.now);
  // The one sync engine: every feature's pulls, outboxes and retries (sync/README.md).
  const scheduler = new SyncScheduler({ clock: platform.clock, status, log: log.child('sync') });
  const offSystem = platform.system.subscribe((event) => {
    if (event === 'suspend') scheduler.suspend();
    else if (event === 'resume') scheduler.resume('wake');
    else if (event === 'online') scheduler.resume('network');
  });
  const settings = new SettingsService(new SettingsStore(db), policy, platform.clock.now);
  // The icon's badge counts what needs the user, as Today's count does: one
  // definition (today/attention.ts). Recounted shortly after anything that may
  // change it (new or read mail, a reminder ringing or answered, a task, a
  // document, an outbox entry refused), once for a burst, set only when it differs.
  let badgeShown = -1;
  let cancelBadge: (() => void) | null = null;
  let closing = false;
  const recountBadge = () => {
    if (closing) return;
    cancelBadge ??= platform.clock.setTimer(BADGE_DELAY_MS, () => {
      cancelBadge = null;
      const n = auth.account() ? attentionNow(todaySources, todayDay(zone, platform.clock.now()), log.child('today')) : 0;
      if (n === badgeShown) return;
      badgeShown = n;
      platform.setBadge(n);
    });
  };
  const offBadge = bus.subscribe((m) => {
    if (m.event === 'changed') recountBadge();
  });
  // The mail feature says when its Inbox's unread count changed: a reason to recount.
  const accountPlatform: Platform = { ...platform, setBadge: () => recountBadge() };
  const auth = new AuthService({ platform: accountPlatform, organization, appDb: db, settings, status, scheduler, bus, log: log.child('auth'), ...config.auth });
  // A feature lives per signed-in account: created when its cache opens,
  // stopped before it closes. A stop may be async (IMAP logout): anything still
  // in flight when the cache closes fails quietly and is retried next session.
  function perAccount<F extends { start(): void; stop(): unknown }>(create: (account: AccountContext) => F): () => F | null {
    let current: F | null = null;
    auth.onAccount((e) => {
      void current?.stop();
      current = e.kind === 'opened' ? create(e.account) : null;
      current?.start();
    });
    return () => current;
  }
  // Signed in, the count is the account's; signed out, nothing.
  auth.onAccount(() => recountBadge());
  const calendar = perAccount((account) => createCalendarFeature(account, { selfApproval: policy.calendar?.selfApproval === true }));
  const files = perAccount((account) => createFilesFeature(account));
  const zone = ianaZone(DEFAULT_ZONE) ?? utcZone;
  const workDayStart = () => settings.get('workDayStart');
  const mail = perAccount((account) =>
    createMailFeature(account, {
      bodyWindowDays: () => settings.get('mailBodyWindowDays'),
      files: () => files()?.attachmentSource ?? null,
      workDayStart,
      zone,
    }),
  );
  const documents = perAccount((account) =>
    createDocumentsFeature(account, {
      keepLimitBytes: () => settings.get('documentsOfflineLimitMb') * 1024 * 1024,
      deadlines: { leadDays: () => settings.get('documentDeadlineLeadDays'), workDayStart, zone },
    }),
  );
  // Every feature with something to remind of hands the engine its source
  // here (reminders/README.md); the engine imports none of them.
  const reminderSources: ReminderSource[] = [
    calendarAlarmSource(calendar),
    taskDueSource(calendar, zone, workDayStart),
    documentsReminderSource(documents),
    mailFollowUpSource(() => mail()?.parts.store ?? null),
  ];
  const reminders = perAccount((account) =>
    createRemindersFeature(account, {
      sources: reminderSources,
      settings: {
        quietHours: () => ({ enabled: settings.get('quietHoursEnabled'), start: settings.get('quietHoursStart'), end: settings.get('quietHoursEnd') }),
        workDayStart,
        language: () => settings.get('language'),
      },
      onAttention: () => recountBadge(),
      onOpen: (open) => bus.emit('open', open),
    }),
  );
  // Today's sections, each from the feature that owns it (today/source.ts).
  const todaySources: TodaySource[] = [
    agendaSource(calendar, () => auth.account()?.email ?? null),
    tasksSource(calendar),
    documentsTodaySource(documents),
    remindersSource(reminders),
    mailSource(mail, () => (documents()?.cache.directory().people ?? []).map((p) => (typeof p.email === 'string' ? p.email : ''))),
    outboxSource(() => auth.account()?.db ?? null, calendar),
  ];
  // Neither needs a signed-in account: printing shows what the window shows,
  // and a link is checked against the organization's config only.
  const pdf = new PdfExport(platform);
  const meetingLinks = linkMatcher({ baseUrl: organization?.meetings?.baseUrl, linkPatterns: organization?.meetings?.linkPatterns });

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Govdesk',
      version: platform.appVersion,
      shell: platform.shell,
      secretStorage: { available: platform.secrets.available, backend: platform.secrets.backend },
    }),
    'organization.get': () => ({ id: organization?.id ?? '', name: organization?.name ?? '' }),
    'settings.get': () => settings.view(),
    'settings.set': (change) => {
      const view = settings.set(change);
      bus.emit('changed', { topic: 'settings', ids: Object.keys(change) });
      return view;
    },
    'status.get': () => status.get(),
    'sync.tryNow': async ({ service }) => {
      await scheduler.tryNow(service);
      return status.get();
    },
    'shell.openExternal': async ({ url }) => {
      if (!externalUrlAllowed(url, policy.externalSchemes)) {
        throw new AppError('shell.url_not_allowed', `refused to open ${url.slice(0, 200)}`);
      }
      await platform.openExternal(url);
      return { opened: true as const };
    },
    'shell.showInFolder': ({ path }) => pdf.showInFolder(path),
    'calendar.exportWeekPdf': ({ date }) => pdf.save(agencyWeekPdfName(date)),
    'documents.exportPrintPdf': ({ kind, from, to }) => pdf.save(documentsPdfName(kind, from, to)),
    'calendar.checkMeetingLink': ({ url }) => checkMeetingLink(url, meetingLinks),
    ...auth.handlers(),
    ...mailHandlers(mail),
    ...calendarHandlers(calendar),
    ...documentsHandlers(documents),
    ...filesHandlers(files),
    ...reminderHandlers(reminders),
    'today.get': () => {
      if (!auth.account()) throw new AppError('auth.required', 'today needs a signed-in account');
      return todayView(todaySources, zone, platform.clock.now(), log.child('today'));
    },
  };
  auth.start();

  return {
    call: createDispatcher(handlers, log.child('rpc')),
    subscribe: (listener) => bus.subscribe(listener),
    account: () => auth.account(),
    onAccount: (listener) => auth.onAccount(listener),
    close() {
      offSystem();
      closing = true;
      offBadge();
      cancelBadge?.();
      reminders()?.stop();
      void mail()?.stop();
      calendar()?.stop();
      documents()?.stop();
      files()?.stop();
      scheduler.close();
      auth.close();
      db.close();
      log.log('info', 'core closed');
    },
  };
}
