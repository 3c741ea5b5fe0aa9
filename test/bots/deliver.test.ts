import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { deliverPatiently, type FailureKind } from '../../src/bots/deliver.js';
import { waitUntil } from '../faults/harness.js';
import { sleep } from '../helpers/wait.js';

const logger = pino({ level: 'silent' });
const fast = { giveUpAfterMs: 2_000, firstDelayMs: 10, maxDelayMs: 50 };
const classify = (error: unknown): FailureKind => ((error as Error).message === 'down' ? { kind: 'transient' } : { kind: 'permanent' });

describe('deliverPatiently', () => {
  it('sends once when the API answers', async () => {
    let calls = 0;
    await deliverPatiently(async () => void calls++, classify, logger, {}, fast);
    expect(calls).toBe(1);
  });

  it('resolves at once on an outage and delivers exactly once when the API is back', async () => {
    let calls = 0;
    let delivered = 0;
    await deliverPatiently(
      async () => {
        calls++;
        if (calls <= 3) throw new Error('down');
        delivered++;
      },
      classify,
      logger,
      {},
      fast,
    );
    expect(delivered).toBe(0);
    await waitUntil('the retried delivery', () => delivered === 1, 10_000);
    await sleep(200);
    expect(calls).toBe(4);
    expect(delivered).toBe(1);
  });

  it('throws a permanent error at once and stops retrying on one', async () => {
    await expect(deliverPatiently(() => Promise.reject(new Error('chat not found')), classify, logger, {}, fast)).rejects.toThrow('chat not found');
    let calls = 0;
    await deliverPatiently(
      async () => {
        calls++;
        throw new Error(calls === 1 ? 'down' : 'chat not found');
      },
      classify,
      logger,
      {},
      fast,
    );
    await waitUntil('the retry', () => calls === 2, 10_000);
    await sleep(200);
    expect(calls).toBe(2);
  });
});
