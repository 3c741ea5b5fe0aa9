/**
 * The lane yields to the event loop (issue 14): with the dry-run sender at 0 ms latency every await resolves at
 * once, so without its own yields a lane would starve timers, chat commands and BullMQ lock renewals in the same
 * process. Counted, not timed: a 10 ms interval timer must fire at least 50 times while 10,000 recipients are sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('lane yielding', () => {
  it('lets a 10 ms interval timer fire at least 50 times while a 10,000-recipient campaign sends at 0 ms latency', async () => {
    t = await startTestApp({ DRY_RUN_LATENCY_MS: '0', CAMPAIGN_LANES: '2' });
    await seedCustomers(t.app, 10_000);
    let ticks = 0;
    let elapsedMs = 0;
    let counting = false;
    const timer = setInterval(() => {
      if (counting) ticks++;
    }, 10);
    try {
      const campaign = await t.app.campaigns.create({ title: 'yield', template: 'x', audience: { kind: 'all' } }, CLI_ACTOR);
      counting = true;
      const started = performance.now();
      // Polled by the count of sends, not by a timer, so the poll itself cannot give the timer its turns.
      let sent = 0;
      while (sent < 10_000) {
        await new Promise((r) => setImmediate(r));
        sent = (await t.app.store.recipients.countByStatus(campaign.id)).sent;
      }
      counting = false;
      elapsedMs = performance.now() - started;
      await t.waitForCampaign(campaign.id, ['completed'], 60_000);
    } finally {
      clearInterval(timer);
    }
    // The figure is 50 turns; on a quiet machine 10,000 sends can finish in under half a second, when 50
    // turns of a 10 ms timer cannot fit. So: 50, or half of the turns that fit in the time the send took, whichever
    // is smaller. A lane that never yields gives the timer one turn in all, and fails either way.
    expect(ticks).toBeGreaterThanOrEqual(Math.min(50, Math.floor(elapsedMs / 10 / 2)));
    expect(ticks).toBeGreaterThan(1);
  }, 120_000);
});
