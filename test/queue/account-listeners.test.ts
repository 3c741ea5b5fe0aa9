/**
 * A named account's sender in the worker (issue 16) goes through the same listeners as the app sender: a
 * customer's STOP to that number opts them out (and is confirmed), and its delivery receipts
 * update its campaign. Stopping the runner detaches them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWorker } from '../../src/queue/worker.js';
import { runningSender } from '../../src/whatsapp/running-senders.js';
import { addAccount } from '../../src/whatsapp/accounts.js';
import type { DryRunSender } from '../../src/whatsapp/dry-run.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';
import { waitUntil } from '../helpers/wait.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('listeners of a named account\'s sender', () => {
  it('take its customers\' STOP and its receipts like the default number\'s', async () => {
    t = await startTestApp({}, { withWorker: false });
    const app = t.app;
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run' });
    const worker = await startWorker(app);
    app.onClose(() => worker.stop());
    const sender = runningSender(app.prefix, 'toko-b') as DryRunSender | null;
    expect(sender).not.toBeNull();
    expect(sender).not.toBe(app.sender);
    const [first, second] = await seedCustomers(app, 2);

    const campaign = await app.campaigns.create({ title: 'B', template: 'Halo {{name}}', audience: { kind: 'all' }, account: 'toko-b' }, CLI_ACTOR);
    await t.waitForCampaign(campaign.id, ['completed']);
    const line = t.outbox().find((l) => l.campaignId === campaign.id && l.to === second);
    sender!.emitReceipt(line!.messageId, second!, 'delivered');
    await waitUntil(async () => (await app.campaigns.get(campaign.id)).counts.delivered === 1, { what: 'the receipt' });

    sender!.emitInbound(first!, 'STOP');
    await waitUntil(async () => (await app.store.customers.findByPhone(first!))?.optedOut === true, { what: 'the opt-out' });
    await waitUntil(() => t!.outbox().some((l) => l.campaignId === null && l.to === first), { what: 'the confirmation' });
  });
});
