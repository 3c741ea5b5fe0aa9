import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { createApp, randomPrefix, type CreateAppOptions } from '../../src/app.js';
import type { App } from '../../src/app-types.js';
import type { CampaignStatus } from '../../src/campaigns/types.js';
import type { WhatsAppSender } from '../../src/campaigns/ports.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { silentLogger } from '../../src/logging/logger.js';
import { startWorker, type WorkerService } from '../../src/queue/worker.js';
import type { OutboxLine } from '../../src/whatsapp/dry-run.js';
import { makeTempDir } from './temp-dir.js';
import { sleep } from './wait.js';

export interface TestApp {
  app: App;
  config: Config;
  dataDir: string;
  env: Record<string, string>;
  worker: WorkerService | null;
  /** Every line the dry-run sender wrote, in order. */
  outbox(): OutboxLine[];
  /** Waits until the campaign's status is one of `statuses`; throws with the last status on timeout. */
  waitForCampaign(id: string, statuses: CampaignStatus[], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The environment of an isolated test app: temp DATA_DIR, the test Redis, dry-run, pacing off. */
export function testEnv(dataDir: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    REDIS_URL: inject('redisUrl'),
    WHATSAPP_DRIVER: 'dry-run',
    SEND_RATE_PER_MINUTE: '0',
    SEND_JITTER_MS: '0',
    DAILY_CAP: '0',
    PROGRESS_INTERVAL_MS: '300',
    RETRY_BACKOFF_MS: '50',
    LOG_LEVEL: 'silent',
    ...env,
  };
}

/**
 * Starts a real app (SQLite in a temp DATA_DIR, the test Redis under a random prefix, the dry-run sender,
 * pacing off) with a running worker unless `withWorker` is false.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: CreateAppOptions & { withWorker?: boolean; dataDir?: string; makeSender?: (config: Config) => WhatsAppSender } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? makeTempDir();
  const fullEnv = testEnv(dataDir, env);
  const config = loadConfig(fullEnv);
  const { makeSender, withWorker: _w, dataDir: _d, ...appOptions } = options;
  const sender = makeSender ? makeSender(config) : appOptions.sender;
  const app = await createApp(config, {
    logger: silentLogger(),
    prefix: options.prefix ?? randomPrefix(),
    ...appOptions,
    ...(sender ? { sender } : {}),
  });
  const worker = options.withWorker === false ? null : await startWorker(app);
  const outbox = () =>
    existsSync(config.DRY_RUN_OUTBOX)
      ? readFileSync(config.DRY_RUN_OUTBOX, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as OutboxLine)
      : [];
  return {
    app,
    config,
    dataDir,
    env: fullEnv,
    worker,
    outbox,
    async waitForCampaign(id, statuses, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        const campaign = await app.store.campaigns.get(id);
        last = campaign?.status ?? 'missing';
        if (campaign && statuses.includes(campaign.status)) return;
        await sleep(25);
      }
      throw new Error(`campaign ${id} did not reach ${statuses.join('/')} within ${timeoutMs} ms (last: ${last})`);
    },
    async close() {
      await worker?.stop();
      await app.close();
    },
  };
}
