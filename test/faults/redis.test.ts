/**
 * Redis faults mid-campaign, on a redis-server of the test's own: killed and restarted with its AOF, restarted
 * empty (every queue key gone: the reconciler queues the lanes again from the store), and unreachable for a while
 * (the worker keeps running, /readyz says not ready, the campaign resumes by itself). The outage lasts 5 s here and
 * 60 s under `npm run test:faults`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exited } from '../helpers/child.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { createReadinessProbe } from '../../src/ops/readiness.js';
import { QueueUnavailableError } from '../../src/campaigns/errors.js';
import { t as translate } from '../../src/i18n/index.js';
import { killAll, LONG, outcome, PrivateRedis, spawnWorker, waitUntil } from './harness.js';
import { sleep } from '../helpers/wait.js';

const children: ChildProcess[] = [];
let t: TestApp | null = null;
let redis: PrivateRedis | null = null;
afterEach(async () => {
  await killAll(children);
  await t?.close();
  t = null;
  await redis?.kill();
  redis = null;
});

const TOTAL = LONG ? 20_000 : 2000;
const OUTAGE_MS = LONG ? 60_000 : 5_000;

async function setUp(): Promise<{ t: TestApp; campaignId: string; worker: ChildProcess }> {
  const dataDir = makeTempDir();
  redis = await PrivateRedis.start(join(dataDir, 'redis'));
  t = await startTestApp(
    { REDIS_URL: redis.url, DRY_RUN_LATENCY_MS: '2', WORKER_LOCK_MS: '3000', RECONCILE_INTERVAL_MS: '2000' },
    { withWorker: false, dataDir },
  );
  await seedCustomers(t.app, TOTAL);
  const worker = await spawnWorker(t, children);
  const campaign = await t.app.campaigns.create({ title: 'redis', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
  const app = t;
  await waitUntil('some progress', async () => (await app.app.campaigns.get(campaign.id)).counts.sent >= TOTAL / 5);
  return { t: app, campaignId: campaign.id, worker };
}

async function expectCompletedOnce(app: TestApp, campaignId: string, worker: ChildProcess): Promise<void> {
  await app.waitForCampaign(campaignId, ['completed'], LONG ? 300_000 : 120_000);
  expect(worker.exitCode).toBeNull();
  const result = await outcome(app, campaignId);
  expect(result).toMatchObject({ total: TOTAL, duplicates: 0, pending: 0, sentMissingFromOutbox: 0 });
  expect(result.sent + result.unknown).toBe(TOTAL);
  // At most one worker dies here: at most its two lanes' started sends are in doubt (the 2 ms dry-run sender
  // writes its outbox line after its delay, so a send cut short there is `unknown` and not in the outbox).
  expect(result.unknown).toBeLessThanOrEqual(2);
}

describe('fault: Redis', () => {
  it('killed with SIGKILL and restarted with its AOF: the campaign completes with no duplicate', async () => {
    const { t: app, campaignId, worker } = await setUp();
    await redis!.kill();
    await sleep(1000);
    await redis!.launch(true);
    await expectCompletedOnce(app, campaignId, worker);
  }, 240_000);

  it('restarted empty: the reconciler queues the lanes again and the campaign completes with no duplicate', async () => {
    const { t: app, campaignId, worker } = await setUp();
    // The worker dies too, so no running lane can carry on: only the store knows what is left.
    worker.kill('SIGKILL');
    await exited(worker);
    await redis!.kill();
    await redis!.launch(false);
    expect(await app.app.engine.campaignQueue.depth()).toBe(0);
    const restarted = await spawnWorker(app, children);
    await expectCompletedOnce(app, campaignId, restarted);
  }, 240_000);

  it(`unreachable for ${OUTAGE_MS / 1000} s: the worker keeps running, readiness says not ready, the campaign resumes by itself`, async () => {
    const { t: app, campaignId, worker } = await setUp();
    const probe = createReadinessProbe(app.app, { requireWhatsApp: false });
    try {
      await redis!.kill();
      const before = (await app.app.campaigns.get(campaignId)).counts.sent;
      const report = await probe.check();
      expect(report.ready).toBe(false);
      expect(report.redis.ok).toBe(false);
      // A chat command that needs the queue says so in the user's language instead of hanging (every surface
      // shows a DomainError through its message key).
      const refused = await app.app.campaigns
        .create({ title: 'during outage', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR)
        .then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(QueueUnavailableError);
      const key = (refused as QueueUnavailableError).messageKey;
      expect(translate('en', key)).toMatch(/^The queue is unavailable, try again shortly/);
      expect(translate('id', key)).toMatch(/^Antrean sedang tidak tersedia, coba lagi sebentar lagi/);
      await sleep(OUTAGE_MS);
      expect(worker.exitCode).toBeNull();
      expect(worker.signalCode).toBeNull();
      // Unpaced lanes need no Redis until their slice ends, so sending may even go on during the outage.
      expect((await app.app.campaigns.get(campaignId)).counts.sent).toBeGreaterThanOrEqual(before);
      await redis!.launch(true);
      await waitUntil('ready again', async () => (await probe.check()).ready, 30_000, 200);
      await expectCompletedOnce(app, campaignId, worker);
    } finally {
      await probe.close();
    }
  }, LONG ? 600_000 : 240_000);
});
