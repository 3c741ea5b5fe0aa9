/**
 * Issue 16: a Cloud API number paced at 80 messages a second must get 12.5 ms slots. Slots were whole milliseconds,
 * so 80/s became 13 ms slots (76.9/s, what `npm run bench -- --only cloud` measured on a quiet machine). The slot
 * arithmetic is read from Redis, not timed: the next free slot moves by exactly one interval per taken slot.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Pacer } from '../../src/queue/pacer.js';

let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis.quit();
});

describe('pacer slots', () => {
  it('spaces slots by the exact interval, below a millisecond too (80/s → 12,500 µs apart)', async () => {
    const prefix = `test-${randomUUID()}`;
    const pacer = new Pacer(redis, prefix, { ratePerMinute: 80 * 60, jitterMs: 0, dailyCap: 0, timeZone: 'UTC' });
    const [seconds, micros] = await redis.time();
    // The next free slot 5 s ahead: every slot below is taken in the future, so none starts at "now".
    const start = Number(seconds) * 1_000_000 + Number(micros) + 5_000_000;
    const key = `${prefix}:pace:acct:next-us`;
    await redis.set(key, String(start));
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const slot = await pacer.takeSlot('acct', { to: '+6281100000001' });
      expect(slot.ok).toBe(true);
      if (slot.ok) waits.push(slot.waitMs);
    }
    expect(Number(await redis.get(key))).toBe(start + 8 * 12_500);
    // Waits are whole ms until each slot, all about 5 s away (the slots are in the future).
    expect(waits.every((ms) => Number.isInteger(ms) && ms > 4_000 && ms <= 5_100)).toBe(true);
    expect(pacer.effectiveRatePerMinute).toBe(4_800);
  });
});
