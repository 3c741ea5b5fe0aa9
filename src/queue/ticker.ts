/**
 * The progress ticker: one per active campaign across all processes (a Redis lock decides which process
 * ticks), rendering the progress view every PROGRESS_INTERVAL_MS and editing the progress messages only
 * when the counts or the status changed — never one edit per send.
 */
import type { Redis } from 'ioredis';
import type { Announcer } from '../campaigns/announcer.js';
import type { Store } from '../campaigns/ports.js';
import { buildProgressView, overallRatePerMinute } from '../campaigns/progress-view.js';
import type { Campaign } from '../campaigns/types.js';
import type { Logger } from '../logging/logger.js';

interface Tracked {
  refs: number;
  samples: { at: number; done: number }[];
  busy: boolean;
}

const RATE_WINDOW_MS = 60_000;

export class ProgressTicker {
  private readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      store: Store;
      announcer: Announcer;
      redis: Redis;
      prefix: string;
      intervalMs: number;
      /**
       * The pacer's average rate (0 = unpaced): the progress message never shows a faster one. Per sender account
       * when a function (each number has its own pace).
       */
      pacePerMinute?: number | ((account: string) => number);
      instanceId: string;
      logger: Logger;
    },
  ) {}

  private paceOf(account: string): number {
    const pace = this.deps.pacePerMinute;
    return typeof pace === 'function' ? pace(account) : (pace ?? 0);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tickAll(), this.deps.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.tracked.keys()].map((id) => this.releaseLock(id)));
    this.tracked.clear();
  }

  /** A lane of this campaign started in this process. */
  track(campaignId: string): void {
    const entry = this.tracked.get(campaignId);
    if (entry) entry.refs++;
    else this.tracked.set(campaignId, { refs: 1, samples: [], busy: false });
  }

  /** A lane of this campaign ended here; the last one renders once more (e.g. "paused") and lets go. */
  async untrack(campaignId: string): Promise<void> {
    const entry = this.tracked.get(campaignId);
    if (!entry) return;
    entry.refs--;
    if (entry.refs > 0) return;
    await this.tick(campaignId, entry);
    if (entry.refs <= 0) {
      this.tracked.delete(campaignId);
      await this.releaseLock(campaignId);
    }
  }

  /** Messages per minute over the last minute, from this ticker's samples. */
  rate(campaignId: string): number {
    const samples = this.tracked.get(campaignId)?.samples ?? [];
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || last.at === first.at) return 0;
    return ((last.done - first.done) / (last.at - first.at)) * 60_000;
  }

  private async tickAll(): Promise<void> {
    await Promise.all([...this.tracked.entries()].map(([id, entry]) => this.tick(id, entry)));
  }

  private async tick(campaignId: string, entry: Tracked): Promise<void> {
    if (entry.busy) return;
    entry.busy = true;
    try {
      if (!(await this.holdLock(campaignId))) return;
      const campaign = await this.deps.store.campaigns.get(campaignId);
      if (!campaign) return;
      this.sample(entry, campaign);
      // Unchanged views are dropped by the announcer (shared across processes), so no edit without a change.
      if (campaign.status === 'completed' || campaign.status === 'failed') return; // the finisher makes the final edit
      await this.deps.announcer.progress(
        campaign,
        buildProgressView(campaign, this.rate(campaignId), {
          pacePerMinute: this.paceOf(campaign.account),
          overallPerMinute: overallRatePerMinute(campaign),
          sinceProgressMs: sinceProgress(entry.samples),
        }),
      );
    } catch (error) {
      this.deps.logger.warn({ err: error, campaignId }, 'progress tick failed');
    } finally {
      entry.busy = false;
    }
  }

  private sample(entry: Tracked, campaign: Campaign): void {
    const c = campaign.counts;
    const now = Date.now();
    entry.samples.push({ at: now, done: c.sent + c.failed + c.skipped + c.unknown });
    while (entry.samples.length > 2 && (entry.samples[0]?.at ?? now) < now - RATE_WINDOW_MS) entry.samples.shift();
  }

  private lockKey(campaignId: string): string {
    return `${this.deps.prefix}:ticker:${campaignId}`;
  }

  private async holdLock(campaignId: string): Promise<boolean> {
    const key = this.lockKey(campaignId);
    const ttl = this.deps.intervalMs * 3;
    const { redis, instanceId } = this.deps;
    if ((await redis.set(key, instanceId, 'PX', ttl, 'NX')) === 'OK') return true;
    if ((await redis.get(key)) !== instanceId) return false;
    await redis.pexpire(key, ttl);
    return true;
  }

  private async releaseLock(campaignId: string): Promise<void> {
    const key = this.lockKey(campaignId);
    if ((await this.deps.redis.get(key)) === this.deps.instanceId) await this.deps.redis.del(key);
  }
}

/** Milliseconds since the counts last moved, as far as the samples tell (null with fewer than two). */
function sinceProgress(samples: { at: number; done: number }[]): number | null {
  const last = samples[samples.length - 1];
  if (!last || samples.length < 2) return null;
  let firstSame = last;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i];
    if (!s || s.done !== last.done) break;
    firstSame = s;
  }
  return last.at - firstSame.at;
}
