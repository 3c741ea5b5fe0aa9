import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { RedisBudget } from '../../../src/bots/slack/budget-redis.js';
import { silentLogger } from '../../../src/logging/logger.js';

const clients: Redis[] = [];
const keys: string[] = [];
afterEach(async () => {
  const [first] = clients;
  if (first && keys.length > 0) await first.del(...keys.splice(0));
  for (const client of clients.splice(0)) await client.quit();
});

function connect(): Redis {
  const client = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
}

describe('RedisBudget', () => {
  it('is one budget for every process of the workspace, and a 429 holds them all back', async () => {
    const key = `test-slack-budget-${randomUUID()}`;
    keys.push(key);
    const options = { perMinute: 60, burst: 2 };
    // Two processes: two connections, one bucket.
    const a = new RedisBudget(connect(), key, options, silentLogger());
    const b = new RedisBudget(connect(), key, options, silentLogger());
    expect(await a.take()).toBe(0);
    expect(await b.take()).toBe(0);
    const wait = await a.take();
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1000);
    await b.block(5000);
    expect(await a.take()).toBeGreaterThan(4000);
  });

  it('falls back to the process’s own bucket when Redis does not answer', async () => {
    const dead = new Redis({ port: 1, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true, enableOfflineQueue: false });
    dead.on('error', () => undefined);
    const budget = new RedisBudget(dead, 'test-slack-budget-dead', { perMinute: 60, burst: 1 }, silentLogger());
    expect(await budget.take()).toBe(0);
    expect(await budget.take()).toBeGreaterThan(0);
    dead.disconnect();
  });
});
