/**
 * The scheduler role: fires schedules. Recurring ones are node-cron tasks in `distributed` mode with a
 * Redis run coordinator (one instance per firing); one-off ones are delayed BullMQ jobs (in Redis, so
 * they survive restarts). Every firing goes through fireSchedule(), whose campaign key makes two firings
 * of one slot one campaign.
 *
 * Reloading: the use cases publish changes on a Redis channel (see changes.ts) and the scheduler also
 * polls the store every `pollMs` (default 5 s), since pub/sub loses what is sent while nobody listens.
 */
import { Worker, type Job } from 'bullmq';
import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { App, Service } from '../app-types.js';
import type { Schedule } from '../campaigns/types.js';
import type { Logger } from '../logging/logger.js';
import { connectRedis } from '../queue/redis.js';
import { subscribeChanges } from './changes.js';
import { RedisRunCoordinator } from './coordinator.js';
import { firingKey, fireSchedule, reportMissed } from './fire.js';
import { ONCE_QUEUE, OnceJobs, type OnceJobData } from './once-jobs.js';
import { latestCronMatch } from './time.js';

export interface SchedulerOptions {
  /** How often the store is polled for changes (ms). */
  pollMs?: number;
  /** How long a firing's run key lives in Redis (ms); also node-cron's `distributedLease`. */
  runKeyTtlMs?: number;
}

/** node-cron's logger interface, writing to pino (its warnings and errors end up in our logs). */
export function cronLogger(logger: Logger): CronLogger {
  const log = logger.child({ module: 'node-cron' });
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message, err) => (message instanceof Error ? log.error({ err: message }, message.message) : log.error({ err }, message)),
    debug: (message, err) => (message instanceof Error ? log.debug({ err: message }, message.message) : log.debug({ err }, message)),
  };
}

/** What makes a cron task out of date: a changed expression or zone. */
function signature(schedule: Schedule): string {
  return `${schedule.cron ?? ''}|${schedule.timezone}`;
}

/** Starts firing the deployment's schedules; stop() ends it and waits for firings in progress. */
export async function startScheduler(app: App, options: SchedulerOptions = {}): Promise<Service> {
  const pollMs = options.pollMs ?? 5000;
  const runKeyTtlMs = options.runKeyTtlMs ?? 10 * 60_000;
  const tolerance = app.config.SCHEDULE_MISSED_TOLERANCE_MS;
  const logger = app.logger.child({ role: 'scheduler' });
  const nodeCronLogger = cronLogger(logger);
  cron.setLogger(nodeCronLogger);

  const redis = connectRedis(app.redis, 'scheduler');
  const subscriber = connectRedis(app.redis, 'scheduler-changes');
  const coordinator = new RedisRunCoordinator(redis, `${app.prefix}:schedule-run:`);
  const jobs = new OnceJobs(redis, app.prefix);
  const tasks = new Map<string, { task: ScheduledTask; signature: string }>();
  /** Schedules this instance has looked at for firings missed before it started. */
  const seen = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  const track = (work: Promise<unknown>, what: string): void => {
    const tracked = work
      .catch((error: unknown) => logger.error({ err: error }, `${what} failed`))
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  /** A firing missed while no scheduler ran: the latest slot within the tolerance runs once, older ones are reported. */
  async function catchUp(schedule: Schedule): Promise<void> {
    const due = schedule.nextRunAt;
    const now = new Date();
    if (!schedule.cron || !due || due.getTime() >= now.getTime()) return;
    const from = new Date(Math.max(due.getTime(), now.getTime() - tolerance));
    const slot = latestCronMatch(schedule.cron, schedule.timezone, from, now);
    // Claiming the slot's run key first means a firing another instance did make is never reported as missed.
    if ((!slot || slot.getTime() > due.getTime()) && (await coordinator.shouldRun(firingKey(schedule.id, due), runKeyTtlMs))) {
      await reportMissed(app, schedule, due);
    }
    if (slot && (await coordinator.shouldRun(firingKey(schedule.id, slot), runKeyTtlMs))) {
      logger.info({ scheduleId: schedule.id, slot: slot.toISOString() }, 'running a firing missed during downtime');
      await fireSchedule(app, schedule.id, slot);
    }
  }

  function startTask(schedule: Schedule): void {
    const expression = schedule.cron ?? '';
    const task = cron.createTask(expression, (context) => track(fireSchedule(app, schedule.id, context.date), 'schedule firing'), {
      // The name is the first half of node-cron's coordination key: `schedule:<id>:<slot ISO>`.
      name: `schedule:${schedule.id}`,
      timezone: schedule.timezone,
      distributed: true,
      runCoordinator: coordinator,
      distributedLease: runKeyTtlMs,
      // A tick delayed by a busy process still runs within the tolerance (never two slots at once).
      missedExecutionTolerance: tolerance,
      logger: nodeCronLogger,
    });
    task.on('execution:missed', (context) => {
      track(
        (async () => {
          const current = await app.store.schedules.get(schedule.id);
          if (current?.enabled && (await coordinator.shouldRun(firingKey(schedule.id, context.date), runKeyTtlMs))) {
            await reportMissed(app, current, context.date);
          }
        })(),
        'missed firing report',
      );
    });
    void task.start();
    tasks.set(schedule.id, { task, signature: signature(schedule) });
  }

  function stopTask(id: string): void {
    const entry = tasks.get(id);
    tasks.delete(id);
    if (entry) void entry.task.destroy();
  }

  async function reconcile(): Promise<void> {
    const all = await app.store.schedules.list();
    const byId = new Map(all.map((s) => [s.id, s]));
    const recurring = all.filter((s) => s.enabled && s.kind === 'cron' && s.cron);
    for (const [id, entry] of tasks) {
      const schedule = byId.get(id);
      if (!schedule || !schedule.enabled || schedule.kind !== 'cron' || signature(schedule) !== entry.signature) stopTask(id);
    }
    for (const schedule of recurring) {
      if (stopped) return;
      if (!seen.has(schedule.id)) {
        seen.add(schedule.id);
        track(catchUp(schedule), 'catch-up after downtime');
      }
      if (!tasks.has(schedule.id)) startTask(schedule);
    }
    // One-off firings: queue missing ones (idempotent), drop ones whose schedule is gone, paused or moved.
    for (const schedule of all) {
      if (schedule.kind === 'once' && schedule.enabled && !schedule.lastRunAt) await jobs.add(schedule);
    }
    for (const pending of await jobs.pending()) {
      const schedule = byId.get(pending.scheduleId);
      if (!schedule || !schedule.enabled || schedule.at?.toISOString() !== pending.at) await jobs.remove(pending.scheduleId, new Date(pending.at));
    }
  }

  // Reloads never overlap: a change during a reload asks for one more afterwards.
  let reloading: Promise<void> | null = null;
  let again = false;
  const reload = (): void => {
    if (stopped) return;
    if (reloading) {
      again = true;
      return;
    }
    reloading = reconcile()
      .catch((error: unknown) => logger.error({ err: error }, 'schedule reload failed; retrying at the next poll'))
      .finally(() => {
        reloading = null;
        if (again) {
          again = false;
          reload();
        }
      });
  };

  async function processOnce(job: Job<OnceJobData>): Promise<string> {
    const slot = new Date(job.data.at);
    const schedule = await app.store.schedules.get(job.data.scheduleId);
    if (!schedule || !schedule.enabled || schedule.kind !== 'once' || schedule.at?.getTime() !== slot.getTime()) return 'inactive';
    if (Date.now() - slot.getTime() > tolerance) {
      await reportMissed(app, schedule, slot);
      return 'missed';
    }
    return (await fireSchedule(app, schedule.id, slot)).outcome;
  }

  const workerConnection = connectRedis(app.redis, 'scheduler-once');
  const worker = new Worker<OnceJobData>(ONCE_QUEUE, processOnce, { connection: workerConnection, prefix: app.prefix, concurrency: 4 });
  worker.on('error', (error) => logger.error({ err: error }, 'one-off schedule worker error'));
  worker.on('failed', (job, error) => logger.error({ err: error, scheduleId: job?.data.scheduleId }, 'one-off schedule firing failed'));

  async function release(): Promise<void> {
    for (const id of [...tasks.keys()]) stopTask(id);
    await worker.close();
    await Promise.allSettled([...inFlight]);
    await jobs.close();
    await Promise.all([redis.quit(), subscriber.quit(), workerConnection.quit()]);
  }

  try {
    await reconcile();
  } catch (error) {
    stopped = true;
    await release();
    throw error;
  }
  // Subscribed after the first load: a change made in between is picked up by the poll.
  const unsubscribe = await subscribeChanges(subscriber, app.prefix, () => reload());
  const poll = setInterval(reload, pollMs);
  poll.unref();
  logger.info({ schedules: tasks.size, pollMs }, 'scheduler started');

  return {
    name: 'scheduler',
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      await unsubscribe().catch((error: unknown) => logger.warn({ err: error }, 'unsubscribe failed'));
      if (reloading) await reloading;
      await release();
      logger.info('scheduler stopped');
    },
  };
}
