/**
 * SIGTERM while a lane waits for retries: the lane must hand its work on (a continuation job), not report the
 * campaign done, or the campaign stays `processing` with nothing queued.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exited } from '../helpers/child.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { killAll, outcome, spawnWorker, waitUntil } from './harness.js';

const children: ChildProcess[] = [];
let t: TestApp | null = null;
afterEach(async () => {
  await killAll(children);
  await t?.close();
  t = null;
});

describe('fault: SIGTERM during a retry wait', () => {
  it('queues the lane again, and a restarted worker completes the campaign without duplicates', async () => {
    t = await startTestApp(
      { DRY_RUN_LATENCY_MS: '0', RETRY_BACKOFF_MS: '6000', MAX_SEND_ATTEMPTS: '3', CONSECUTIVE_FAILURE_LIMIT: '10000', CAMPAIGN_LANES: '1' },
      { withWorker: false },
    );
    await seedCustomers(t.app, 20);
    // Every first attempt fails transiently, so the lane ends up waiting for the retries.
    const failing = await spawnWorker(t, children, { DRY_RUN_FAIL_RATE: '1' });
    const campaign = await t.app.campaigns.create({ title: 'retry wait', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
    await waitUntil('every recipient waiting for a retry', async () => {
      const list = await t!.app.store.recipients.list(campaign.id);
      return list.length === 20 && list.every((r) => r.status === 'pending' && r.attempts === 1 && r.nextAttemptAt !== null);
    });
    const counts = await t.app.store.recipients.countByStatus(campaign.id);
    expect(counts).toMatchObject({ pending: 20, claimed: 0 });
    failing.kill('SIGTERM');
    expect(await exited(failing)).toBe(0);
    expect((await t.app.campaigns.get(campaign.id)).status).toBe('processing');
    // The continuation is what lets the next worker carry on.
    const waiting = await t.app.engine.campaignQueue.queue.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(waiting.filter((j) => j?.data.campaignId === campaign.id).length).toBeGreaterThan(0);
    await spawnWorker(t, children);
    await t.waitForCampaign(campaign.id, ['completed'], 60_000);
    const result = await outcome(t, campaign.id);
    expect(result).toMatchObject({ total: 20, sent: 20, duplicates: 0, unknown: 0 });
    // One failed attempt and one successful one each: the retry wait added nothing.
    expect((await t.app.store.recipients.list(campaign.id)).every((r) => r.attempts === 2)).toBe(true);
  }, 120_000);
});
