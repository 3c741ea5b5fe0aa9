import { describe, expect, it } from 'vitest';
import { ChatEditLimiter, DEFAULT_EDIT_LIMITS } from '../../../src/bots/telegram/edit-limiter.js';

function clock(start = 1_000_000) {
  const c = { now: start, tick: (ms: number) => void (c.now += ms) };
  return c;
}

describe('ChatEditLimiter', () => {
  it('allows 20 edits a minute in a group, then the next one only when the oldest has left the window', () => {
    const c = clock();
    const limiter = new ChatEditLimiter(DEFAULT_EDIT_LIMITS, () => c.now);
    for (let i = 0; i < 20; i++) {
      expect(limiter.nextAllowedAt('-100123')).toBe(c.now);
      limiter.record('-100123');
      c.tick(1000);
    }
    // 20 edits at t0 … t0+19 s: the 21st waits until t0 + 60 s (plus the arrival margin).
    expect(limiter.nextAllowedAt('-100123')).toBe(1_000_000 + 60_000 + 1000);
    // At t0+61 s the edits of t0 and t0+1 s have left the window: two more fit, then t0+2 s must leave.
    c.now = 1_000_000 + 61_000;
    expect(limiter.nextAllowedAt('-100123')).toBe(c.now);
    limiter.record('-100123');
    expect(limiter.nextAllowedAt('-100123')).toBe(c.now);
    limiter.record('-100123');
    expect(limiter.nextAllowedAt('-100123')).toBe(1_000_000 + 2000 + 61_000);
  });

  it('spaces edits in a private chat by the minimum interval, and each chat has its own budget', () => {
    const c = clock();
    const limiter = new ChatEditLimiter(DEFAULT_EDIT_LIMITS, () => c.now);
    limiter.record('42');
    expect(limiter.nextAllowedAt('42')).toBe(c.now + 1000);
    expect(limiter.nextAllowedAt('43')).toBe(c.now);
    c.tick(1000);
    expect(limiter.nextAllowedAt('42')).toBe(c.now);
  });

  it('blocks a chat for retry_after after a 429, longer than its usual pace', () => {
    const c = clock();
    const limiter = new ChatEditLimiter(DEFAULT_EDIT_LIMITS, () => c.now);
    limiter.backOff('-100123', 7000);
    expect(limiter.nextAllowedAt('-100123')).toBe(c.now + 7000);
    limiter.backOff('-100123', 2000);
    expect(limiter.nextAllowedAt('-100123')).toBe(c.now + 7000);
    c.tick(7000);
    expect(limiter.nextAllowedAt('-100123')).toBe(c.now);
  });
});
