/**
 * The campaign worker: owns up to WORKER_MAX_ACCOUNTS sender accounts (one lease per account in Redis) and runs
 * each one's lane jobs (account-runner.ts), keeps the progress ticker going for the campaigns it works on, and
 * stands by for the accounts other workers own, taking them over when their owner goes away. Several worker
 * processes can run at once. Shutdown (SIGTERM): stop taking jobs, let each lane finish its in-flight send, queue
 * its continuation, give the leases back and close — another worker (or a restarted one) carries on.
 */
import { postPendingScheduleRequests } from '../schedules/approval.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { App, Service } from '../app-types.js';
import type { Account } from '../campaigns/types.js';
import { accountControlOf } from '../whatsapp/account.js';
import { DEFAULT_ACCOUNT, listAccounts } from '../whatsapp/accounts.js';
import { capReached } from '../campaigns/daily-cap.js';
import { AccountLease } from './account-lease.js';
import { AccountRunner } from './account-runner.js';
import type { LaneSettings } from './lane.js';
import { reconcile } from './reconciler.js';
import { FileSendJournal } from './send-journal.js';
import { ProgressTicker } from './ticker.js';

export { HELD_ELSEWHERE } from './account-runner.js';

/** How long a campaign may stay "preparing" (storing its recipients) before it counts as interrupted. */
export const INTERRUPTED_CREATION_MS = 10 * 60_000;

/** How long a worker waits before trying again to start an account whose sender could not be made. */
const START_RETRY_MS = 60_000;

export interface WorkerService extends Service {
  readonly instanceId: string;
  /** The accounts this worker sends for now. */
  owned(): string[];
}

/** Lane settings from the configuration. */
export function laneSettings(app: App): LaneSettings {
  const c = app.config;
  return {
    batchSize: 200,
    sliceMs: 20_000,
    maxAttempts: c.MAX_SEND_ATTEMPTS,
    retryBackoffMs: c.RETRY_BACKOFF_MS,
    consecutiveFailureLimit: c.CONSECUTIVE_FAILURE_LIMIT,
    inFlightPolicy: c.IN_FLIGHT_POLICY,
    statusCheckMs: 250,
  };
}

/** Starts a worker in this process; it has taken the accounts it can when this resolves. */
export async function startWorker(app: App): Promise<WorkerService> {
  const instanceId = `w-${process.pid}-${randomBytes(3).toString('hex')}`;
  const logger = app.logger.child({ role: 'worker', instanceId });
  const { engine } = app;
  const runners = new Map<string, AccountRunner>();
  const ticker = new ProgressTicker({
    store: app.store,
    announcer: engine.announcer,
    redis: engine.redis,
    prefix: app.prefix,
    intervalMs: app.config.PROGRESS_INTERVAL_MS,
    // The progress of a campaign on a named number is capped by that number's pace, not default's.
    pacePerMinute: (account) => (runners.get(account)?.pacer ?? engine.pacer).effectiveRatePerMinute,
    instanceId,
    logger,
  });
  const shutdown = new AbortController();
  const settings = laneSettings(app);
  const journal = new FileSendJournal(join(app.config.DATA_DIR, 'lanes'));
  const ctx = { app, instanceId, logger, ticker, settings, journal, shutdown: shutdown.signal };

  const leases = new Map<string, AccountLease>();
  const failedAt = new Map<string, number>();
  const leaseMs = app.config.WORKER_LOCK_MS;
  // A Baileys `default` is the app's own sender, made before this worker: its socket lock (taken by every worker
  // process, as before accounts) decides who sends, and the others stand by on it. Every other account is leased.
  const socketLocked = (name: string) => name === DEFAULT_ACCOUNT && accountControlOf(app.sender) !== null;

  const drop = async (name: string, release: boolean) => {
    const runner = runners.get(name);
    runners.delete(name);
    const lease = leases.get(name);
    leases.delete(name);
    try {
      await runner?.stop();
    } finally {
      if (release) await lease?.release().catch((error: unknown) => logger.warn({ err: error, account: name }, 'could not release the account lease'));
    }
  };

  const take = async (account: Account) => {
    const name = account.name;
    if ((failedAt.get(name) ?? 0) > Date.now() - START_RETRY_MS) return;
    let lease: AccountLease | null = null;
    if (!socketLocked(name)) {
      lease = new AccountLease(engine.redis, app.prefix, name, instanceId, leaseMs);
      if (!(await lease.acquire())) return;
      leases.set(name, lease);
    }
    try {
      runners.set(name, await AccountRunner.start(ctx, account));
      failedAt.delete(name);
    } catch (error) {
      failedAt.set(name, Date.now());
      logger.error({ err: error, account: name }, 'could not start sending for the account; another worker may try');
      leases.delete(name);
      await lease?.release().catch(() => undefined);
    }
  };

  // One pass: keep the leases held, let go of removed accounts, take free ones up to WORKER_MAX_ACCOUNTS.
  const managePass = async () => {
    for (const [name, lease] of [...leases]) {
      let kept: boolean;
      try {
        kept = await lease.renew();
      } catch (error) {
        // Redis unreachable: BullMQ cannot hand out jobs either, and no other worker can take the lease meanwhile.
        logger.warn({ err: error, account: name }, 'could not renew the account lease; will retry');
        continue;
      }
      if (!kept) {
        logger.error({ account: name }, 'another worker took the account over; this worker stops sending for it');
        await drop(name, false);
      }
    }
    if (shutdown.signal.aborted) return;
    const accounts = (await listAccounts(app.store, app.config)).filter((a) => a.status === 'active');
    const names = new Set(accounts.map((a) => a.name));
    for (const name of [...runners.keys()]) if (!names.has(name)) await drop(name, true);
    for (const account of accounts) {
      if (shutdown.signal.aborted || runners.size >= app.config.WORKER_MAX_ACCOUNTS) break;
      if (!runners.has(account.name)) await take(account);
    }
  };
  let managing: Promise<void> | null = null;
  const manage = () => {
    if (managing || shutdown.signal.aborted) return managing ?? Promise.resolve();
    managing = managePass()
      .catch((error: unknown) => logger.error({ err: error }, 'account ownership pass failed; the next one tries again'))
      .finally(() => {
        managing = null;
      });
    return managing;
  };
  const manager = setInterval(() => void manage(), Math.max(200, Math.floor(leaseMs / 3)));
  manager.unref();

  ticker.start();
  // A campaign still "preparing" after this long was being created by a process that died.
  const sweep = () =>
    engine.control
      .failInterruptedCreations(INTERRUPTED_CREATION_MS)
      .then((n) => n > 0 && logger.warn({ failed: n }, 'failed campaigns whose creation was interrupted'))
      .catch((error: unknown) => logger.error({ err: error }, 'sweep of interrupted creations failed'));
  // Campaigns paused at their account's cap continue once it has room: within a minute of midnight for DAILY_CAP,
  // within a minute of the 24-hour window freeing up for a Cloud number's messaging limit.
  const capReset = () => {
    for (const runner of runners.values()) {
      engine.control
        .resumeAfterCapReset(async () => capReached(await runner.freshDailyCap(), await runner.usedToday()), runner.name)
        .then((n) => n > 0 && logger.info({ resumed: n, account: runner.name }, 'resumed campaigns paused at the cap: it has room again'))
        .catch((error: unknown) => logger.error({ err: error }, 'resuming campaigns paused at the cap failed'));
    }
  };
  void sweep();
  const sweeper = setInterval(() => {
    void sweep();
    capReset();
  }, 60_000);
  sweeper.unref();
  // The store is the record: a processing campaign with work left and no lane job gets its lanes back, per account.
  let reconciling: Promise<void> | null = null;
  const reconcilePass = async () => {
    try {
      for (const runner of [...runners.values()]) {
        const requeued = await reconcile({
          store: app.store,
          queue: runner.queue,
          account: runner.name,
          journal,
          inFlightPolicy: settings.inFlightPolicy,
          finishIfDone: (id) => engine.control.finishIfDone(id),
          logger,
        });
        if (requeued.length > 0) logger.warn({ requeued, account: runner.name }, 'reconciler queued lanes again');
      }
      // Two-person approval: expire requests past APPROVAL_TTL_HOURS, post the ones no chat has shown yet.
      const expired = await app.campaigns.sweepApprovals();
      if (expired > 0) logger.info({ expired }, 'approval requests expired');
      await postPendingScheduleRequests(app);
    } catch (error) {
      logger.error({ err: error }, 'reconciler pass failed; the next one tries again');
    } finally {
      reconciling = null;
    }
  };
  const runReconciler = () => {
    if (reconciling || shutdown.signal.aborted) return;
    reconciling = reconcilePass();
  };
  const reconciler = setInterval(runReconciler, app.config.RECONCILE_INTERVAL_MS);
  reconciler.unref();
  await manage();
  runReconciler();
  logger.info({ concurrency: app.config.WORKER_CONCURRENCY, accounts: [...runners.keys()] }, 'worker started');

  return {
    name: 'worker',
    instanceId,
    owned: () => [...runners.keys()],
    async stop() {
      clearInterval(manager);
      clearInterval(sweeper);
      clearInterval(reconciler);
      shutdown.abort();
      // A pass under way finishes before the store it uses is closed.
      await managing;
      await reconciling;
      await Promise.all([...runners.keys()].map((name) => drop(name, true)));
      await ticker.stop();
      logger.info('worker stopped');
    },
  };
}
