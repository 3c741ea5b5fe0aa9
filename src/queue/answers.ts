/**
 * The BullMQ queue of admins' answers to customers: a chat process (the bots) adds a job, and the worker that holds
 * the WhatsApp account sends it (src/campaigns/replies.ts, deliverAnswer), paced like a campaign message.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import type { Actor, Locale, Surface } from '../campaigns/types.js';
import type { Logger } from '../logging/logger.js';
import { connectRedis } from './redis.js';

export const ANSWER_QUEUE = 'answers';

/** An admin's answer waiting to go out on WhatsApp. */
export interface AnswerJobData {
  campaignId: string;
  /** E.164 of the customer. */
  phone: string;
  name: string | null;
  text: string;
  /** Where the admin wrote it (for the ✓ and the audit). */
  surface: Surface;
  chatId: string;
  messageId: string;
  actor: Actor;
  locale: Locale;
  /** The sender account of the campaign: the answer goes out from the number the customer was written from. */
  account?: string;
}

/** The answer queue of an account: `answers` for `default` (as before accounts), `answers-<name>` for the others. */
export function answerQueueOf(account: string | undefined): string {
  return !account || account === 'default' ? ANSWER_QUEUE : `${ANSWER_QUEUE}-${account}`;
}

/** The job id of an answer: one job per admin message, whoever adds it and however often. */
export function answerJobId(data: Pick<AnswerJobData, 'surface' | 'chatId' | 'messageId'>): string {
  // BullMQ refuses ':' in custom ids.
  return `answer-${data.surface}-${data.chatId}-${data.messageId}`.replace(/:/g, '_');
}

export class AnswerQueue {
  private readonly queues = new Map<string, Queue<AnswerJobData>>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  /** The queue answers from this account go to (made on first use). */
  forAccount(account: string | undefined): Queue<AnswerJobData> {
    const name = answerQueueOf(account);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<AnswerJobData>(name, {
        connection: this.connection,
        prefix: this.prefix,
        // A send refused for now (disconnected, the daily cap) is tried again for about a day.
        defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 12, backoff: { type: 'exponential', delay: 30_000 } },
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds the answer to its account's queue (a second add of the same admin message is a no-op). */
  async add(data: AnswerJobData): Promise<void> {
    await this.forAccount(data.account).add('answer', data, { jobId: answerJobId(data) });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}

/** Runs answer jobs with `deliver`, one at a time (pacing spaces them anyway); stop with `close()`. */
export function startAnswerWorker(
  redis: RedisOptions & { url: string },
  prefix: string,
  name: string,
  deliver: (data: AnswerJobData) => Promise<void>,
  logger: Logger,
  account?: string,
): { worker: Worker<AnswerJobData>; close(): Promise<void> } {
  // BullMQ never closes a connection it was given: close() quits it.
  const connection = connectRedis(redis, `${name}-answers`);
  const worker = new Worker<AnswerJobData>(answerQueueOf(account), async (job: Job<AnswerJobData>) => deliver(job.data), {
    connection,
    prefix,
    concurrency: 1,
    autorun: true,
  });
  worker.on('failed', (job, error) => logger.warn({ err: error, jobId: job?.id }, 'answer to a customer failed; BullMQ retries it'));
  worker.on('error', (error) => logger.error({ err: error }, 'answer worker error'));
  return {
    worker,
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
