/**
 * node-cron's run coordinator backed by Redis: the first scheduler instance to `SET key NX PX ttl` for a
 * (schedule, firing time) runs it; the others are told "not elected". node-cron builds the key from the
 * task name and the slot's ISO time, so one key is one firing.
 */
import type { Redis } from 'ioredis';
import type { RunCoordinator } from 'node-cron';

export class RedisRunCoordinator implements RunCoordinator {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** True for exactly one caller per key while the key lives (ttlMs). */
  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const result = await this.redis.set(`${this.keyPrefix}${key}`, String(process.pid), 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
    return result === 'OK';
  }

  // No onComplete: the key must outlive the run, so an instance whose timer fires a little later
  // (clock skew, a busy event loop) still finds the slot taken. It expires on its own.
}
