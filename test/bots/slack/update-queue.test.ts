import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { webApi } from '@slack/bolt';
import { TokenBucket, WorkspaceBudgets } from '../../../src/bots/slack/budget.js';
import { UpdateQueue, type MessageUpdate } from '../../../src/bots/slack/update-queue.js';
import { silentLogger } from '../../../src/logging/logger.js';

const update = (campaignId: string, text: string, final = false, ts = `ts-${campaignId}`): MessageUpdate => ({
  campaignId,
  channel: 'C1',
  ts,
  text,
  blocks: [],
  final,
});

describe('TokenBucket', () => {
  it('allows a burst, then one call per 60000/perMinute ms, and blocks for Retry-After', () => {
    let now = 0;
    const bucket = new TokenBucket({ perMinute: 60, burst: 2 }, () => now);
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(1000);
    now = 500;
    expect(bucket.take()).toBe(500);
    now = 1000;
    expect(bucket.take()).toBe(0);
    bucket.block(5000);
    now = 2000;
    expect(bucket.take()).toBe(4000);
    now = 6000;
    expect(bucket.take()).toBe(1000); // empty after the block, refilling from its end
    now = 7000;
    expect(bucket.take()).toBe(0);
  });

  it('gives each workspace its own bucket', () => {
    const budgets = new WorkspaceBudgets(() => new TokenBucket({ perMinute: 60, burst: 1 }, () => 0));
    expect(budgets.of('T1').take()).toBe(0);
    expect(budgets.of('T1').take()).toBeGreaterThan(0);
    expect(budgets.of('T2').take()).toBe(0);
  });

  it('rejects a budget that allows nothing', () => {
    expect(() => new TokenBucket({ perMinute: 0, burst: 1 })).toThrow(/at least 1 call/);
  });
});

describe('UpdateQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function queue(options: { perMinute?: number; burst?: number; fail?: (u: MessageUpdate) => Error | null } = {}) {
    const sent: { at: number; update: MessageUpdate }[] = [];
    const bucket = new TokenBucket({ perMinute: options.perMinute ?? 60, burst: options.burst ?? 1 });
    const q = new UpdateQueue({
      bucket,
      logger: silentLogger(),
      send: async (u) => {
        const error = options.fail?.(u) ?? null;
        if (error) throw error;
        sent.push({ at: Date.now(), update: u });
      },
    });
    return { q, sent, bucket };
  }

  it('sends only the latest content when the budget skips ticks, and the final one even later', async () => {
    const { q, sent } = queue();
    await q.push(update('a', '1'));
    await q.push(update('a', '2'));
    await q.push(update('a', '3'));
    const final = q.push(update('a', 'done', true));
    let finished = false;
    void final.then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.update.text)).toEqual(['1']);
    expect(finished).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    await final;
    expect(sent.map((s) => s.update.text)).toEqual(['1', 'done']);
    // '1' went out at once; '2' and '3' were replaced before their turn.
    expect(q.stats()).toMatchObject({ sent: 2, coalesced: 2 });
  });

  it('does not edit a message again with the text it already shows', async () => {
    const { q, sent } = queue({ burst: 5 });
    q.seen('C1', 'ts-a', 'posted');
    await q.push(update('a', 'posted'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(0);
    await q.push(update('a', 'changed'));
    await vi.advanceTimersByTimeAsync(0);
    await q.push(update('a', 'changed'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.update.text)).toEqual(['changed']);
  });

  it('lets campaigns take turns: the message edited longest ago goes next', async () => {
    const { q, sent } = queue({ burst: 1 });
    await q.push(update('a', 'a1'));
    await vi.advanceTimersByTimeAsync(0);
    await q.push(update('a', 'a2'));
    await q.push(update('b', 'b1'));
    await vi.advanceTimersByTimeAsync(1000);
    await q.push(update('a', 'a3'));
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((s) => s.update.text)).toEqual(['a1', 'b1', 'a3']);
  });

  it('holds every edit back for Retry-After on a 429, then sends the latest', async () => {
    let limited = true;
    const { q, sent } = queue({
      burst: 3,
      fail: () => (limited ? ((limited = false), new webApi.WebAPIRateLimitedError(2)) : null),
    });
    await q.push(update('a', 'a1'));
    await vi.advanceTimersByTimeAsync(0);
    await q.push(update('b', 'b1'));
    await vi.advanceTimersByTimeAsync(1900);
    expect(sent).toHaveLength(0);
    const final = q.push(update('a', 'a-final', true));
    await vi.advanceTimersByTimeAsync(3000);
    await final;
    // After the block the bucket starts empty: the final edit first, the other message a token later.
    expect(sent[0]?.at).toBeGreaterThanOrEqual(1_002_000);
    expect(sent[0]?.update.text).toBe('a-final');
    expect(sent.map((s) => s.update.text).sort()).toEqual(['a-final', 'b1']);
    expect(q.stats().rateLimited).toBe(1);
  });

  it('gives up on a message Slack says is gone, releasing whoever waits for it', async () => {
    const gone = Object.assign(new Error('message_not_found'), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error: 'message_not_found' } });
    const errors: string[] = [];
    const bucket = new TokenBucket({ perMinute: 60, burst: 5 });
    const q = new UpdateQueue({ bucket, logger: silentLogger(), send: async () => Promise.reject(gone), onError: (c) => errors.push(c) });
    await q.push(update('a', 'final', true));
    expect(errors).toEqual(['message_not_found']);
    expect(q.stats()).toMatchObject({ sent: 0, dropped: 1 });
  });

  it('retries a final edit after a network error', async () => {
    let failures = 2;
    const { q, sent } = queue({
      burst: 5,
      fail: () => (failures-- > 0 ? Object.assign(new Error('socket hang up'), { code: webApi.ErrorCode.RequestError }) : null),
    });
    const final = q.push(update('a', 'final', true));
    await vi.advanceTimersByTimeAsync(5000);
    await final;
    expect(sent.map((s) => s.update.text)).toEqual(['final']);
  });

  it('retries a failed edit even when the clock ticks over its retry time while the queue looks (no stall)', async () => {
    // The queue's clock, scripted: on the retry timer's firing it reads one millisecond short of the retry time
    // (timers may fire that early by the wall clock), then the retry time itself (a busy machine).
    let clock = 1_000_000;
    const readings: number[] = [];
    const sent: string[] = [];
    let failures = 1;
    const q = new UpdateQueue({
      bucket: new TokenBucket({ perMinute: 60, burst: 5 }),
      logger: silentLogger(),
      now: () => readings.shift() ?? clock,
      send: async (u) => {
        if (failures-- > 0) throw Object.assign(new Error('socket hang up'), { code: webApi.ErrorCode.RequestError });
        sent.push(u.text);
      },
    });
    let done = false;
    void q.push(update('a', 'final', true)).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([]);
    // The first retry waits 1000 ms (500 ms × 2^1).
    readings.push(clock + 999, clock + 1000);
    clock += 1000;
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['final']);
    expect(done).toBe(true);
  });

  it('flush waits for the queued edits of one campaign', async () => {
    const { q, sent } = queue({ burst: 1 });
    await q.push(update('a', 'a1'));
    await q.push(update('a', 'a2'));
    const flushed = q.flush('a');
    await vi.advanceTimersByTimeAsync(1000);
    await flushed;
    expect(sent.map((s) => s.update.text)).toEqual(['a1', 'a2']);
  });
});
