/**
 * Issue 16: a Cloud number's messaging limit counts unique customers in a moving 24 hours (Meta's messaging limits),
 * not messages per calendar day. A recipient already in the window passes without using more of the limit; an
 * answer to a customer who wrote in (inside the service window) never counts; room comes back 24 h after a send.
 * The window follows the pacer's clock, which the test moves.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Pacer } from '../../src/queue/pacer.js';
import { cloudPacing, type CloudPhoneInfo } from '../../src/whatsapp/cloud/limits.js';

let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis.quit();
});

const HOUR = 3600_000;
const A = '+6281100000001';
const B = '+6281100000002';
const C = '+6281100000003';
const D = '+6281100000004';

/** A Cloud pacer with a limit of `cap` unique customers, unpaced enough that no slot waits long. */
function cloudPacer(cap: number, clock: () => Date): Pacer {
  const settings = { ...cloudPacing(80, null, 'Asia/Jakarta'), dailyCap: cap };
  return new Pacer(redis, `test-${randomUUID()}`, settings, Math.random, clock);
}

describe('a Cloud pacer: unique recipients in a moving 24 hours', () => {
  it('refuses a 4th different recipient at a limit of 3, with the Cloud reason', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const pacer = cloudPacer(3, () => now);
    for (const to of [A, B, C]) expect(await pacer.takeSlot('acct', { to })).toMatchObject({ ok: true });
    expect(await pacer.takeSlot('acct', { to: D })).toEqual({ ok: false, reason: 'tier_cap', usedToday: 3 });
    expect(await pacer.usedToday('acct')).toBe(3);
  });

  it('lets a recipient already in the window through without counting them again', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const pacer = cloudPacer(3, () => now);
    for (let i = 0; i < 5; i++) expect(await pacer.takeSlot('acct', { to: A })).toMatchObject({ ok: true, usedToday: 1 });
    await pacer.takeSlot('acct', { to: B });
    await pacer.takeSlot('acct', { to: C });
    // At the limit: the three already messaged still pass, a new one does not.
    for (const to of [A, B, C]) expect(await pacer.takeSlot('acct', { to })).toMatchObject({ ok: true, usedToday: 3 });
    expect((await pacer.takeSlot('acct', { to: D })).ok).toBe(false);
    expect(await pacer.usedToday('acct')).toBe(3);
  });

  it('does not count answers to customers who wrote in, and sends them at the limit too', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const pacer = cloudPacer(2, () => now);
    expect(await pacer.takeSlot('acct', { to: A, answer: true })).toMatchObject({ ok: true, usedToday: 0 });
    await pacer.takeSlot('acct', { to: B });
    await pacer.takeSlot('acct', { to: C });
    expect(await pacer.takeSlot('acct', { to: D, answer: true })).toMatchObject({ ok: true, usedToday: 2 });
    expect((await pacer.takeSlot('acct', { to: A })).ok).toBe(false);
  });

  it('frees room 24 hours after a recipient\'s latest send, not at midnight', async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    const pacer = cloudPacer(3, () => now);
    await pacer.takeSlot('acct', { to: A });
    now = new Date(now.getTime() + 2 * HOUR);
    await pacer.takeSlot('acct', { to: B });
    await pacer.takeSlot('acct', { to: C });
    // Past midnight in Jakarta (17:00 UTC) nothing frees up: the window is 24 hours, not the calendar day.
    now = new Date('2026-03-02T18:00:00Z');
    expect((await pacer.takeSlot('acct', { to: D })).ok).toBe(false);
    // A was messaged again at 23:00 UTC: it stays in the window until 23:00 the next day.
    now = new Date('2026-03-02T23:00:00Z');
    expect(await pacer.takeSlot('acct', { to: A })).toMatchObject({ ok: true, usedToday: 3 });
    // 24 h after B and C (12:00 UTC): two places free; A still counts.
    now = new Date('2026-03-03T12:00:01Z');
    expect(await pacer.usedToday('acct')).toBe(1);
    expect(await pacer.takeSlot('acct', { to: D })).toMatchObject({ ok: true, usedToday: 2 });
    expect(await pacer.takeSlot('acct', { to: B })).toMatchObject({ ok: true, usedToday: 3 });
    expect((await pacer.takeSlot('acct', { to: C })).ok).toBe(false);
  });

  it('reads its limit from the number\'s tier', () => {
    const info: CloudPhoneInfo = { displayPhoneNumber: null, verifiedName: null, qualityRating: 'GREEN', tier: 'TIER_250', dailyLimit: 250 };
    expect(cloudPacing(20, info, 'UTC')).toMatchObject({ dailyCap: 250, capMode: 'unique_recipients_24h', ratePerMinute: 1200 });
  });
});
