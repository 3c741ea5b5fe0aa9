/**
 * Creating a campaign gives the event loop back while it stores the audience: other work (a chat command, a
 * BullMQ lock renewal) runs between slices. Counted, not timed: a chain of setImmediate callbacks runs only
 * when the loop is free, so it advances between the first and the last recipient insert only if create yields.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('campaign create', () => {
  it('lets the event loop run between slices while it stores 5,000 recipients', async () => {
    t = await startTestApp({}, { withWorker: false });
    const { app } = t;
    await seedCustomers(app, 5000);

    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    let ticksAtFirstInsert: number | null = null;
    let ticksAfterLastInsert = 0;
    let inserted = 0;
    const insertMany = app.store.recipients.insertMany.bind(app.store.recipients);
    app.store.recipients.insertMany = async (campaignId, recipients) => {
      ticksAtFirstInsert ??= ticks;
      await insertMany(campaignId, recipients);
      inserted += recipients.length;
      ticksAfterLastInsert = ticks;
    };

    setImmediate(tick);
    const campaign = await app.campaigns.create({ title: 'big', template: 'Halo {{name}}', audience: { kind: 'all' } }, CLI_ACTOR);
    running = false;

    expect(campaign.counts.total).toBe(5000);
    expect(inserted).toBe(5000);
    // Five pages of 1,000, each stored in slices: the loop turns at least once per page.
    expect(ticksAfterLastInsert - (ticksAtFirstInsert ?? ticksAfterLastInsert)).toBeGreaterThanOrEqual(5);
  }, 60_000);
});
