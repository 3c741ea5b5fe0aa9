/**
 * The kill storm: two worker processes share a campaign and are killed with SIGKILL at random, each restarted at
 * once. Nobody may be sent twice or lost, and `unknown` is only ever a send that had started: at most one per lane
 * running in a killed process, and never a recipient the sender did not get.
 * Short here (3,000 recipients, 3 kills); `npm run test:faults` runs 20,000 recipients and 20 kills.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exited } from '../helpers/child.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { killAll, LONG, outcome, spawnWorker, waitUntil } from './harness.js';

const children: ChildProcess[] = [];
let t: TestApp | null = null;
afterEach(async () => {
  await killAll(children);
  await t?.close();
  t = null;
});

const TOTAL = LONG ? 20_000 : 3_000;
const KILLS = LONG ? 20 : 3;
const LANES = 2;

describe('fault: SIGKILL storm of two workers', () => {
  it(`${KILLS} random kills over ${TOTAL} recipients: no duplicate, none lost, unknown only for started sends`, async () => {
    // A 0 ms dry-run sender writes its outbox line in the same synchronous step as the handover, so a recipient
    // missing from the outbox was (almost surely, see below) never handed to the sender.
    t = await startTestApp(
      { DRY_RUN_LATENCY_MS: '0', WORKER_LOCK_MS: '2000', CAMPAIGN_LANES: String(LANES), WORKER_CONCURRENCY: String(LANES) },
      { withWorker: false },
    );
    await seedCustomers(t.app, TOTAL);
    const workers = await Promise.all([spawnWorker(t, children), spawnWorker(t, children)]);
    const started = Date.now();
    const campaign = await t.app.campaigns.create({ title: 'storm', template: 'x {{name}}', audience: { kind: 'all' } }, CLI_ACTOR);
    const done = async () => {
      const c = await t!.app.campaigns.get(campaign.id);
      return c.counts.sent + c.counts.unknown;
    };
    let kills = 0;
    for (let k = 0; k < KILLS; k++) {
      // Spread the kills over the run, each a little after a random point, so every one lands mid-sending.
      const target = Math.floor((TOTAL * (k + Math.random())) / (KILLS + 1));
      await waitUntil(`progress ${target}`, async () => (await done()) >= target, 180_000, 10);
      const victim = Math.floor(Math.random() * workers.length);
      const child = workers[victim]!;
      child.kill('SIGKILL');
      await exited(child);
      kills++;
      workers[victim] = await spawnWorker(t, children);
    }
    await t.waitForCampaign(campaign.id, ['completed', 'failed'], LONG ? 600_000 : 180_000);
    const elapsedS = (Date.now() - started) / 1000;
    const result = await outcome(t, campaign.id);
    console.log(`kill storm: ${JSON.stringify({ recipients: TOTAL, kills, lanesPerProcess: LANES, elapsedS, ...result })}`);
    expect(result.total).toBe(TOTAL);
    expect(result.duplicates).toBe(0);
    expect(result.pending).toBe(0);
    expect(result.sentMissingFromOutbox).toBe(0);
    expect(result.sent + result.unknown).toBe(TOTAL);
    expect(result.unknown).toBeLessThanOrEqual(kills * LANES);
    // The journal line is written right before the call to the sender; a kill in the few microseconds between the
    // two leaves an `unknown` the sender never got. That is the lane's one send in doubt, inside the bound above;
    // the recipients merely marked in flight (25 at a time) never end `unknown`, or this count would be far higher.
    expect(result.unknownNeverHanded).toBeLessThanOrEqual(kills);
    const final = await t.app.campaigns.get(campaign.id);
    expect(final.status).toBe('completed');
    expect(final.counts).toMatchObject({ sent: result.sent, unknown: result.unknown });
  }, LONG ? 900_000 : 300_000);
});
