import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../src/app-types.js';
import { createApp, randomPrefix } from '../src/app.js';
import { loadConfig, type Config } from '../src/config/env.js';
import { silentLogger } from '../src/logging/logger.js';

/**
 * The MALLOC_ARENA_MAX that `npm start` and the Docker image run the product with; the campaign children run
 * with it too (test/house/runtime-env.test.ts keeps the three in step).
 */
export const PRODUCT_MALLOC_ARENA_MAX = '2';

/** A benchmark app: temp DATA_DIR (unless `env` names one), dry-run at zero latency, pacing off, on the given Redis. */
export async function benchApp(redisUrl: string, env: Record<string, string> = {}): Promise<{ app: App; config: Config }> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'bb-bench-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    WHATSAPP_DRIVER: 'dry-run',
    SEND_RATE_PER_MINUTE: '0',
    SEND_JITTER_MS: '0',
    DAILY_CAP: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp(config, { logger: silentLogger(), prefix: randomPrefix('bench') });
  return { app, config };
}

/** Inserts `count` customers in batches of 1000. */
export async function seed(app: App, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      batch.push({ phone: `+62812${String(10_000_000 + i).slice(-8)}`, name: `Customer ${i}`, tags: ['bench'], attributes: {} });
    }
    await app.store.customers.upsertMany(batch);
  }
}

/**
 * Samples this process's RSS every 20 ms; `stop()` returns the peak in MB. `detail()` (after stop) says what
 * the RSS was made of at that peak: V8 heap (total / used), external memory and array buffers, in MB.
 */
export function rssSampler(): { stop(): number; detail(): Record<string, number> } {
  let peakUsage = process.memoryUsage();
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peakUsage.rss) peakUsage = usage;
  };
  const timer = setInterval(sample, 20);
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    stop() {
      clearInterval(timer);
      sample();
      return mb(peakUsage.rss);
    },
    detail() {
      return { heapTotal: mb(peakUsage.heapTotal), heapUsed: mb(peakUsage.heapUsed), external: mb(peakUsage.external), arrayBuffers: mb(peakUsage.arrayBuffers) };
    },
  };
}
