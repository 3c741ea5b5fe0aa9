/**
 * The BullMQ queue of campaign lanes. A campaign is sent by CAMPAIGN_LANES lane jobs that claim recipients
 * from a shared pool, so several worker processes can share one campaign; each lane runs for a time slice
 * and then queues its continuation at the back, so campaigns take turns (a small campaign is never stuck
 * behind a large one).
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueUnavailableError } from '../campaigns/errors.js';
import type { CampaignQueue } from '../campaigns/ports.js';

export const CAMPAIGN_QUEUE = 'campaigns';

/**
 * How long a chat command waits for Redis to take a campaign's lanes. The connection retries forever (BullMQ needs
 * that), so without a limit a command would hang through a Redis outage instead of saying so.
 */
export const QUEUE_ANSWER_MS = 5_000;

export interface LaneJobData {
  campaignId: string;
  lane: number;
  generation: number;
  /** Continuation number within this generation. */
  slice: number;
}

/** The job id of a lane slice; deterministic so a re-added slice is a no-op. */
export function laneJobId(data: LaneJobData): string {
  return `${data.campaignId}-g${data.generation}-l${data.lane}-s${data.slice}`;
}

export class BullCampaignQueue implements CampaignQueue {
  readonly queue: Queue<LaneJobData>;

  constructor(
    connection: Redis,
    prefix: string,
    private readonly lanes: number,
    /** The queue of one sender account (`campaigns` for `default`, see account-queues.ts). */
    name: string = CAMPAIGN_QUEUE,
  ) {
    this.queue = new Queue<LaneJobData>(name, {
      connection,
      prefix,
      // A lane that throws (the store briefly unavailable, say) is retried with backoff; its re-run recovers
      // its own claims first, so a retry never resends.
      defaultJobOptions: {
        removeOnComplete: 1000,
        removeOnFail: 5000,
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
      },
    });
  }

  async start(campaignId: string, generation: number): Promise<void> {
    const jobs = Array.from({ length: this.lanes }, (_, lane) => {
      const data: LaneJobData = { campaignId, lane, generation, slice: 0 };
      return { name: 'lane', data, opts: { jobId: laneJobId(data) } };
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.addBulk(jobs),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new QueueUnavailableError(`Redis did not answer within ${QUEUE_ANSWER_MS} ms`)), QUEUE_ANSWER_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Queues the next slice of a lane (called by the lane itself when its time slice ends). */
  async continueLane(data: LaneJobData): Promise<void> {
    const next = { ...data, slice: data.slice + 1 };
    await this.queue.add('lane', next, { jobId: laneJobId(next) });
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
