/**
 * One-off schedules as delayed BullMQ jobs: the job lives in Redis, so it survives restarts of every
 * process, and its id is derived from (schedule id, time), so adding it again is a no-op.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Schedule } from '../campaigns/types.js';

export const ONCE_QUEUE = 'schedule-once';

export interface OnceJobData {
  scheduleId: string;
  /** The firing time as ISO. */
  at: string;
}

/** The job id of a once schedule at a time (BullMQ ids may not contain ':'). */
export function onceJobId(scheduleId: string, at: Date): string {
  return `once-${scheduleId}-${at.getTime()}`;
}

export class OnceJobs {
  readonly queue: Queue<OnceJobData>;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue<OnceJobData>(ONCE_QUEUE, {
      connection,
      prefix,
      // Finished jobs are kept a week so a re-add of the same id during that time stays a no-op. A firing
      // that failed on a store or Redis error is retried: its campaign key makes a retry safe.
      defaultJobOptions: {
        removeOnComplete: { age: 7 * 86_400 },
        removeOnFail: { age: 7 * 86_400 },
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
      },
    });
  }

  /** Queues the schedule's firing (idempotent); late or past times fire as soon as a scheduler runs. */
  async add(schedule: Pick<Schedule, 'id' | 'at'>, now = new Date()): Promise<void> {
    if (!schedule.at) return;
    const data: OnceJobData = { scheduleId: schedule.id, at: schedule.at.toISOString() };
    await this.queue.add('fire', data, {
      jobId: onceJobId(schedule.id, schedule.at),
      delay: Math.max(0, schedule.at.getTime() - now.getTime()),
    });
  }

  /** Removes a waiting firing (edit, pause, delete); a no-op when it already ran or never existed. */
  async remove(scheduleId: string, at: Date | null): Promise<void> {
    if (!at) return;
    const job = await this.queue.getJob(onceJobId(scheduleId, at));
    if (job && ((await job.isDelayed()) || (await job.isWaiting()))) await job.remove();
  }

  /** Waiting firings, for the scheduler's reconciliation. */
  async pending(): Promise<OnceJobData[]> {
    const jobs = await this.queue.getJobs(['delayed', 'waiting']);
    return jobs.filter((j) => j !== undefined && j !== null).map((j) => j.data);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
