// The one sync engine of the core. Every feature that talks to a server
// registers a job here (its pull, its outbox, where its service listens) and
// never runs a timer of its own for syncing. The scheduler:
//
// - runs each job's pull on its interval, and soon after a push signal
//   (an IDLE wake-up, a `changed` hint) or a local write (outbox first);
// - knows each service's reachability from the real outcomes of those runs:
//   a refusal or time-out (offline), a server error (error), a refused
//   sign-in (signed_out), a success (online);
// - while a service does not answer at all, opens a bare TCP connection to it
//   now and then (no request) and runs its jobs the moment one succeeds;
//   after a server error it backs off with jitter; after a refused sign-in it
//   waits for the user to sign in again;
// - runs everything at once when the network comes back, the machine wakes,
//   the user signs in again or a token is renewed, and nothing while the
//   machine sleeps;
// - tells the status bar each service's state, since when, and what waits.
//
// All waiting is on the injected clock, so tests and the benchmark drive it.
import type { ServiceId, ServiceStatus } from '../../../shared/status';
import type { Logger } from '../log';
import type { Clock } from '../platform';
import { backoffDelay, LONG_OUTAGE_MS, LONG_OUTAGE_PROBE_BACKOFF, PROBE_BACKOFF, RETRY_BACKOFF, type BackoffPolicy } from './backoff';
import { classifyFailure } from './outcome';
import { tcpProbe, type Endpoint, type Prober } from './probe';
import { EventBus } from '../events';
import { StatusHolder } from './status';

/** A feature's server: the identity provider ('signin') is watched by the auth session, not by jobs. */
export type JobService = Exclude<ServiceId, 'signin'>;

export interface SyncJob {
  /** Unique among registered jobs: 'mail', 'calendar', later 'documents', 'files', 'reminders'. */
  id: string;
  service: JobService;
  /** Pull this often while the service answers and nothing else asks (ms). */
  intervalMs: number;
  /** Brings the server's changes into the cache. Resolves on success; throws what went wrong. */
  pull(): Promise<void>;
  /**
   * Local writes waiting for the server. flush() sends them in order and
   * throws when a passing failure (network, token) stopped it; an entry the
   * server refused for good is the feature's to record, not a failure here.
   */
  outbox?: { pending(): number; flush(): Promise<void> };
  /** Where the service listens: probed with a bare connection while it does not answer. */
  endpoints?: () => Endpoint[];
}

export interface SyncJobHandle {
  /** A push signal (IDLE, a `changed` hint): pull soon. */
  pushed(): void;
  /** A local write was queued: send it soon, or say it waits when the service does not answer. */
  queued(): void;
  /** An outcome seen outside a run of this job (a pass of its own, a connection that dropped): null is a success. */
  report(failure: unknown | null): void;
  /** Outbox and pull now, waiting for the end; rejects with the failure. ("refresh", tests) */
  runNow(): Promise<void>;
  /** The service's state as the scheduler sees it. */
  service(): ServiceStatus;
  unregister(): void;
}

/** What a feature sees of the scheduler. */
export type SyncRegistry = Pick<SyncScheduler, 'register'>;

export type ResumeReason = 'network' | 'wake' | 'signed_in' | 'token_renewed';

export interface SyncSchedulerOptions {
  clock: Clock;
  status: StatusHolder;
  log: Logger;
  /** [0, 1): the jitter. Injected in tests. */
  random?: () => number;
  probe?: Prober;
  /** Delay that folds a burst of signals into one run (ms). */
  soonMs?: number;
}

interface ServiceRec {
  id: JobService;
  status: ServiceStatus;
  /** Failures in a row: the back-off's step. */
  attempt: number;
  cancelRetry: (() => void) | null;
}

interface JobRec {
  spec: SyncJob;
  running: Promise<void> | null;
  next: Promise<void> | null;
  pullWanted: boolean;
  cancelInterval: (() => void) | null;
  cancelSoon: (() => void) | null;
}

const SOON_MS = 200;
const PROBE_TIMEOUT_MS = 3_000;

export class SyncScheduler {
  private readonly jobs = new Map<string, JobRec>();
  private readonly services = new Map<JobService, ServiceRec>();
  private asleep = false;
  private readonly random: () => number;
  private readonly probe: Prober;

  constructor(private readonly o: SyncSchedulerOptions) {
    this.random = o.random ?? Math.random;
    this.probe = o.probe ?? tcpProbe;
  }

  register(spec: SyncJob): SyncJobHandle {
    if (this.jobs.has(spec.id)) throw new Error(`sync job ${spec.id} is already registered`);
    const job: JobRec = { spec, running: null, next: null, pullWanted: true, cancelInterval: null, cancelSoon: null };
    this.jobs.set(spec.id, job);
    this.serviceRec(spec.service);
    this.refreshWaiting(spec.service);
    // The first pull waits a tick: a feature registers while its account is announced,
    // before the session is ready to hand out tokens.
    this.soon(job, 0);
    return {
      pushed: () => {
        job.pullWanted = true;
        if (this.mayRun(spec.service)) this.soon(job);
      },
      queued: () => {
        this.refreshWaiting(spec.service);
        if (this.mayRun(spec.service)) this.soon(job);
      },
      report: (failure) => {
        if (!this.jobs.has(spec.id)) return;
        if (failure !== null) return this.failed(spec.service, failure);
        // A pass of its own went well, but work still waits after a failure (the SMTP half
        // down while IMAP answers): the outbox decides, in a run of its own, not this pass.
        if (this.serviceRec(spec.service).status.state !== 'online' && this.waitingOf(job) > 0) return this.soon(job, 0);
        this.succeeded(spec.service, job);
      },
      runNow: () => {
        job.pullWanted = true;
        return this.run(job, true);
      },
      service: () => this.serviceRec(spec.service).status,
      unregister: () => this.unregister(job),
    };
  }

  /** Runs every job of a service (or of every service that is not online) now: "try now". */
  async tryNow(service?: ServiceId): Promise<void> {
    const targets = [...this.services.values()].filter((s) => (service ? s.id === service : s.status.state !== 'online'));
    const runs: Promise<void>[] = [];
    for (const s of targets) {
      this.resetBackoff(s);
      for (const job of this.jobsOf(s.id)) {
        job.pullWanted = true;
        runs.push(this.run(job, true).catch(() => undefined));
      }
    }
    await Promise.all(runs);
  }

  /**
   * A reason to believe servers may answer again. The network and a wake-up
   * concern everything (connections held through them may be dead); a new
   * sign-in or a renewed token concern what did not answer.
   */
  resume(reason: ResumeReason): void {
    if (reason === 'wake' || reason === 'network') this.asleep = false;
    if (this.asleep) return;
    this.o.log.log('info', 'sync resumes', { reason });
    for (const s of this.services.values()) {
      if (reason !== 'wake' && reason !== 'network' && s.status.state === 'online') continue;
      this.resetBackoff(s);
      for (const job of this.jobsOf(s.id)) {
        // A run under way (often the very one whose token request renewed the session) decides by its own outcome.
        if (job.running && reason !== 'wake' && reason !== 'network') continue;
        job.pullWanted = true;
        this.soon(job, 0);
      }
    }
  }

  /** The machine goes to sleep: no timer, no request until it wakes. */
  suspend(): void {
    this.asleep = true;
    for (const job of this.jobs.values()) this.cancelTimers(job);
    for (const s of this.services.values()) this.cancelRetry(s);
    this.o.log.log('info', 'sync suspended');
  }

  /** Resolves when no job runs (tests and the benchmark). */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.jobs.values()].flatMap((j) => [j.running, j.next]).filter((p): p is Promise<void> => p !== null);
      if (busy.length === 0) return;
      await Promise.all(busy.map((p) => p.catch(() => undefined)));
    }
  }

  /** The state of each service some job uses. */
  statuses(): ServiceStatus[] {
    return [...this.services.values()].map((s) => s.status);
  }

  close(): void {
    for (const job of [...this.jobs.values()]) this.unregister(job);
  }

  // ---- running -----------------------------------------------------------

  private mayRun(service: JobService): boolean {
    if (this.asleep) return false;
    const s = this.serviceRec(service);
    // A service that failed has its own retry planned (or waits for a sign-in).
    return s.status.state === 'online' || s.status.state === 'unknown';
  }

  private soon(job: JobRec, ms = this.o.soonMs ?? SOON_MS): void {
    if (this.asleep || job.cancelSoon) return;
    job.cancelSoon = this.o.clock.setTimer(ms, () => {
      job.cancelSoon = null;
      this.run(job, false).catch(() => undefined);
    });
  }

  /** One run: the outbox first (in order), then the pull when one is wanted. A run asked for during one follows it. */
  private run(job: JobRec, force: boolean): Promise<void> {
    if (!this.jobs.has(job.spec.id) || (this.asleep && !force)) return Promise.resolve();
    if (job.running) {
      job.next ??= job.running
        .catch(() => undefined)
        .then(() => {
          job.next = null;
          return this.run(job, force);
        });
      return job.next;
    }
    job.running = this.runOnce(job).finally(() => {
      job.running = null;
    });
    return job.running;
  }

  private async runOnce(job: JobRec): Promise<void> {
    const { spec } = job;
    const pull = job.pullWanted;
    job.pullWanted = false;
    job.cancelSoon?.();
    job.cancelSoon = null;
    if (pull) {
      job.cancelInterval?.();
      job.cancelInterval = null;
    }
    const done = pull ? this.o.status.reporter.begin() : null;
    let pulled = false;
    try {
      // What waits goes first, in order. If it cannot go, the pull is still tried: one half of
      // a service may answer while the other does not (mail's IMAP without its SMTP).
      let blocked: { err: unknown } | null = null;
      if (spec.outbox && spec.outbox.pending() > 0) {
        this.setSending(spec.service, true);
        try {
          await spec.outbox.flush();
        } catch (err) {
          blocked = { err };
        } finally {
          this.setSending(spec.service, false);
        }
      }
      if (pull) await spec.pull();
      pulled = pull;
      done?.(true);
      if (blocked) throw blocked.err;
      if (this.jobs.has(spec.id)) this.succeeded(spec.service, job);
    } catch (err) {
      done?.(false);
      // A pull that failed is still wanted once the service answers.
      if (pull && !pulled) job.pullWanted = true;
      if (this.jobs.has(spec.id)) this.failed(spec.service, err);
      throw err;
    } finally {
      if (this.jobs.has(spec.id)) {
        this.refreshWaiting(spec.service);
        if (pull && this.serviceRec(spec.service).status.state === 'online') this.scheduleInterval(job);
      }
    }
  }

  private scheduleInterval(job: JobRec): void {
    job.cancelInterval?.();
    job.cancelInterval = null;
    if (this.asleep) return;
    job.cancelInterval = this.o.clock.setTimer(job.spec.intervalMs, () => {
      job.cancelInterval = null;
      job.pullWanted = true;
      this.run(job, false).catch(() => undefined);
    });
  }

  // ---- reachability --------------------------------------------------------

  private succeeded(service: JobService, from: JobRec): void {
    const s = this.serviceRec(service);
    const now = this.o.clock.now();
    const wasDown = s.status.state !== 'online';
    this.cancelRetry(s);
    s.attempt = 0;
    this.publish(s, { state: 'online', since: wasDown ? now : s.status.since, lastOkAt: now, error: null, nextRetryAt: null });
    if (!wasDown) return;
    this.o.log.log('info', 'service answers again', { service });
    // The others of this service stopped with it: their outboxes and pulls now.
    for (const job of this.jobsOf(service)) {
      if (job === from) continue;
      job.pullWanted = true;
      this.soon(job, 0);
    }
    if (!from.running && !from.cancelInterval) this.scheduleInterval(from);
  }

  private failed(service: JobService, err: unknown): void {
    const s = this.serviceRec(service);
    const outcome = classifyFailure(err);
    const state = outcome.kind === 'auth' ? 'signed_out' : outcome.kind === 'unreachable' ? 'offline' : 'error';
    const now = this.o.clock.now();
    for (const job of this.jobsOf(service)) {
      job.cancelInterval?.();
      job.cancelInterval = null;
    }
    if (s.status.state !== state) this.o.log.log('warn', 'service does not answer', { service, state, code: outcome.code, detail: outcome.detail });
    this.publish(s, { state, since: s.status.state === state ? s.status.since : now, error: { code: outcome.code, detail: outcome.detail } });
    // One retry plan per service, whichever job failed; a refused sign-in waits for the user.
    if (s.cancelRetry || outcome.kind === 'auth' || this.asleep) return;
    const endpoints = outcome.kind === 'unreachable' && outcome.probe ? this.jobsOf(service).flatMap((j) => j.spec.endpoints?.() ?? []) : [];
    if (endpoints.length > 0) this.planProbe(s, endpoints);
    else this.planRetry(s, RETRY_BACKOFF);
  }

  private planRetry(s: ServiceRec, policy: BackoffPolicy): void {
    const wait = backoffDelay(policy, s.attempt++, this.random);
    this.publish(s, { nextRetryAt: this.o.clock.now() + wait });
    s.cancelRetry = this.o.clock.setTimer(wait, () => {
      s.cancelRetry = null;
      this.retryService(s);
    });
  }

  /** Bare connections until every endpoint accepts one; then the jobs run at once. */
  private planProbe(s: ServiceRec, endpoints: Endpoint[]): void {
    const now = this.o.clock.now();
    const long = s.status.since !== null && now - s.status.since >= LONG_OUTAGE_MS;
    const wait = backoffDelay(long ? LONG_OUTAGE_PROBE_BACKOFF : PROBE_BACKOFF, s.attempt++, this.random);
    this.publish(s, { nextRetryAt: this.o.clock.now() + wait });
    s.cancelRetry = this.o.clock.setTimer(wait, () => {
      const token = (s.cancelRetry = () => undefined);
      void Promise.all(endpoints.map((e) => this.probe(e, PROBE_TIMEOUT_MS))).then((answers) => {
        // Cancelled meanwhile (resumed, suspended, unregistered): someone else decides now.
        if (s.cancelRetry !== token) return;
        s.cancelRetry = null;
        if (answers.every(Boolean)) this.retryService(s);
        else this.planProbe(s, endpoints);
      });
    });
  }

  private retryService(s: ServiceRec): void {
    this.publish(s, { nextRetryAt: null });
    for (const job of this.jobsOf(s.id)) {
      job.pullWanted = true;
      this.run(job, false).catch(() => undefined);
    }
  }

  private resetBackoff(s: ServiceRec): void {
    this.cancelRetry(s);
    s.attempt = 0;
    this.publish(s, { nextRetryAt: null });
  }

  private cancelRetry(s: ServiceRec): void {
    s.cancelRetry?.();
    s.cancelRetry = null;
  }

  private cancelTimers(job: JobRec): void {
    job.cancelInterval?.();
    job.cancelInterval = null;
    job.cancelSoon?.();
    job.cancelSoon = null;
  }

  // ---- bookkeeping ---------------------------------------------------------

  private jobsOf(service: JobService): JobRec[] {
    return [...this.jobs.values()].filter((j) => j.spec.service === service);
  }

  private serviceRec(id: JobService): ServiceRec {
    let s = this.services.get(id);
    if (!s) {
      s = {
        id,
        attempt: 0,
        cancelRetry: null,
        status: { service: id, state: 'unknown', since: null, lastOkAt: null, error: null, nextRetryAt: null, waiting: 0, sending: false },
      };
      this.services.set(id, s);
      this.o.status.setService(s.status);
    }
    return s;
  }

  private publish(s: ServiceRec, change: Partial<ServiceStatus>): void {
    s.status = { ...s.status, ...change };
    this.o.status.setService(s.status);
  }

  private setSending(service: JobService, sending: boolean): void {
    this.publish(this.serviceRec(service), { sending });
  }

  private waitingOf(job: JobRec): number {
    try {
      return job.spec.outbox?.pending() ?? 0;
    } catch {
      return 0;
    }
  }

  private refreshWaiting(service: JobService): void {
    let waiting = 0;
    for (const job of this.jobsOf(service)) {
      try {
        waiting += job.spec.outbox?.pending() ?? 0;
      } catch (err) {
        // The account's cache may be closing under us: the count is not worth a crash.
        this.o.log.log('warn', 'outbox count failed', { job: job.spec.id, err: String(err) });
      }
    }
    this.publish(this.serviceRec(service), { waiting });
  }

  private unregister(job: JobRec): void {
    if (this.jobs.get(job.spec.id) !== job) return;
    this.cancelTimers(job);
    this.jobs.delete(job.spec.id);
    const service = job.spec.service;
    if (this.jobsOf(service).length > 0) return this.refreshWaiting(service);
    const s = this.services.get(service);
    if (s) this.cancelRetry(s);
    this.services.delete(service);
    this.o.status.removeService(service);
  }
}

/** A scheduler of its own, with a status nobody shows: a feature run alone (tests, the benchmark). */
export function standaloneScheduler(clock: Clock, log: Logger): SyncScheduler {
  return new SyncScheduler({ clock, log, status: new StatusHolder(new EventBus(), clock.now) });
}
