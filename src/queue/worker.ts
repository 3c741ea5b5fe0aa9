/**
 * The campaign worker: runs lane jobs from BullMQ, keeps the progress ticker going for the campaigns it
 * works on, and resumes campaigns when WhatsApp reconnects. Several worker processes can run at once.
 * Shutdown (SIGTERM): stop taking jobs, let each lane finish its in-flight send, queue its continuation,
 * and close — a restarted worker carries on where this one stopped.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import type { App, Service } from '../app-types.js';
import type { SenderState } from '../campaigns/ports.js';
import { CAMPAIGN_QUEUE, type LaneJobData } from './campaign-queue.js';
import { LaneRun, type LaneSettings } from './lane.js';
import { connectRedis } from './redis.js';
import { reconcile, recoverDeadLanes } from './reconciler.js';
import { FileSendJournal } from './send-journal.js';
import { isStoreUnavailable, STORE_UNAVAILABLE } from './store-fault.js';
import { ProgressTicker } from './ticker.js';
import { capReached } from '../campaigns/daily-cap.js';
import { deliverAnswer } from '../campaigns/replies.js';
import { startAnswerWorker } from './answers.js';

/** The sender state reason of a process that does not hold the WhatsApp account (another process does). */
export const HELD_ELSEWHERE = 'locked_by_other_process';

/** How long a campaign may stay "preparing" (storing its recipients) before it counts as interrupted. */
export const INTERRUPTED_CREATION_MS = 10 * 60_000;

export interface WorkerService extends Service {
  readonly instanceId: string;
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

/** Starts a worker in this process. */
export async function startWorker(app: App): Promise<WorkerService> {
  const instanceId = `w-${process.pid}-${randomBytes(3).toString('hex')}`;
  const logger = app.logger.child({ role: 'worker', instanceId });
  const { engine } = app;
  const ticker = new ProgressTicker({
    store: app.store,
    announcer: engine.announcer,
    redis: engine.redis,
    prefix: app.prefix,
    intervalMs: app.config.PROGRESS_INTERVAL_MS,
    pacePerMinute: engine.pacer.effectiveRatePerMinute,
    instanceId,
    logger,
  });
  const shutdown = new AbortController();
  const settings = laneSettings(app);
  const journal = new FileSendJournal(join(app.config.DATA_DIR, 'lanes'));

  const processLane = async (job: Job<LaneJobData>): Promise<string> => {
    const { campaignId } = job.data;
    const jobLogger = logger.child({ campaignId, jobId: job.id });
    ticker.track(campaignId);
    try {
      const lane = new LaneRun(
        {
          store: app.store,
          sender: app.sender,
          pacer: engine.pacer,
          observer: app.observer,
          logger: jobLogger,
          settings,
          control: engine.control,
          journal,
        },
        campaignId,
        job.id ?? `${campaignId}-${job.data.lane}`,
        shutdown.signal,
      );
      let outcome;
      try {
        // A fresh start or resume first takes back what lanes that died on this machine still hold (e.g. a lane
        // stopped by a store fault): their journals prove them dead, so this is safe beside running lanes.
        if (job.data.slice === 0) {
          await recoverDeadLanes({ store: app.store, journal, inFlightPolicy: settings.inFlightPolicy, logger: jobLogger }, campaignId, true);
        }
        outcome = await lane.run();
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        // The store cannot take writes (disk full, locked): pause with the reason and tell the admins, rather than
        // failing the job over and over. If even the pause cannot be written, the job fails and BullMQ retries it.
        // The lane's journal keeps its unwritten results; recovery (the reconciler, or this job's re-run) writes them.
        jobLogger.error({ err: error }, 'the store cannot be written: pausing the campaign');
        await engine.control.autoPause(campaignId, STORE_UNAVAILABLE, (error as Error).message);
        return 'stopped';
      }
      // A lane stopped by shutdown is not finished: its continuation lets the next worker carry on.
      if (outcome === 'continue' || (outcome === 'stopped' && shutdown.signal.aborted)) {
        await engine.campaignQueue.continueLane(job.data);
      }
      return outcome;
    } finally {
      await ticker.untrack(campaignId);
    }
  };

  // BullMQ never closes a connection it was given: this worker quits it in stop().
  const connection = connectRedis(app.redis, `${instanceId}-bullmq`);
  const worker = new Worker<LaneJobData>(CAMPAIGN_QUEUE, processLane, {
    connection,
    prefix: app.prefix,
    concurrency: app.config.WORKER_CONCURRENCY,
    lockDuration: app.config.WORKER_LOCK_MS,
    stalledInterval: Math.max(1000, Math.floor(app.config.WORKER_LOCK_MS / 2)),
    // A worker killed mid-lane leaves a stalled job; it must be picked up again however often that happens.
    maxStalledCount: 1_000_000,
    autorun: true,
  });
  worker.on('failed', (job, error) => logger.error({ err: error, jobId: job?.id }, 'lane job failed'));
  // Admins' answers to customers go out from here too: this process holds the WhatsApp account.
  const answers = startAnswerWorker(app.redis, app.prefix, instanceId, (data) => deliverAnswer(app, data), logger);
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));

  // Only the process that holds the WhatsApp account sends; the others stand by and take over if it goes away.
  let standingBy = false;
  const standBy = (state: SenderState) => {
    const elsewhere = state.reason === HELD_ELSEWHERE;
    if (elsewhere && !standingBy) {
      standingBy = true;
      logger.info('the WhatsApp account is held by another process: this worker stands by');
      worker.pause(true).catch((error: unknown) => logger.error({ err: error }, 'could not pause the worker'));
      answers.worker.pause(true).catch((error: unknown) => logger.error({ err: error }, 'could not pause the answer worker'));
    } else if (!elsewhere && standingBy) {
      standingBy = false;
      logger.info('this process now holds the WhatsApp account: the worker takes jobs again');
      void Promise.resolve(worker.resume()).catch((error: unknown) => logger.error({ err: error }, 'could not resume the worker'));
      void Promise.resolve(answers.worker.resume()).catch((error: unknown) => logger.error({ err: error }, 'could not resume the answer worker'));
    }
  };
  const onState = (state: SenderState) => {
    standBy(state);
    if (state.status !== 'connected') return;
    engine.control
      .resumeAfterReconnect()
      .then((n) => n > 0 && logger.info({ resumed: n }, 'resumed campaigns after WhatsApp reconnected'))
      .catch((error: unknown) => logger.error({ err: error }, 'resume after reconnect failed'));
  };
  app.sender.on('state', onState);
  ticker.start();
  // A campaign still "preparing" after this long was being created by a process that died.
  const sweep = () =>
    engine.control
      .failInterruptedCreations(INTERRUPTED_CREATION_MS)
      .then((n) => n > 0 && logger.warn({ failed: n }, 'failed campaigns whose creation was interrupted'))
      .catch((error: unknown) => logger.error({ err: error }, 'sweep of interrupted creations failed'));
  // Campaigns whose resume waited for the daily cap continue once the cap resets (within a minute of midnight).
  const capReset = () =>
    engine.control
      .resumeAfterCapReset(async () => capReached(engine.pacer.dailyCap, await engine.pacer.usedToday(app.sender.state().account ?? 'default')))
      .then((n) => n > 0 && logger.info({ resumed: n }, 'resumed campaigns after the daily cap reset'))
      .catch((error: unknown) => logger.error({ err: error }, 'resume after the daily cap reset failed'));
  void sweep();
  const sweeper = setInterval(() => {
    void sweep();
    void capReset();
  }, 60_000);
  sweeper.unref();
  // The store is the record: a processing campaign with work left and no lane job gets its lanes back.
  let reconciling: Promise<void> | null = null;
  const reconcilePass = async () => {
    try {
      const requeued = await reconcile({
        store: app.store,
        queue: engine.campaignQueue,
        journal,
        inFlightPolicy: settings.inFlightPolicy,
        finishIfDone: (id) => engine.control.finishIfDone(id),
        logger,
      });
      if (requeued.length > 0) logger.warn({ requeued }, 'reconciler queued lanes again');
      // Two-person approval: expire requests past APPROVAL_TTL_HOURS, post the ones no chat has shown yet.
      const expired = await app.campaigns.sweepApprovals();
      if (expired > 0) logger.info({ expired }, 'approval requests expired');
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
  await worker.waitUntilReady();
  runReconciler();
  standBy(app.sender.state());
  logger.info({ concurrency: app.config.WORKER_CONCURRENCY }, 'worker started');

  return {
    name: 'worker',
    instanceId,
    async stop() {
      app.sender.off('state', onState);
      clearInterval(sweeper);
      clearInterval(reconciler);
      shutdown.abort();
      // A pass under way finishes before the store it uses is closed.
      await reconciling;
      await worker.close();
      await answers.close();
      await ticker.stop();
      await connection.quit().catch(() => connection.disconnect());
      logger.info('worker stopped');
    },
  };
}
