/**
 * A sender account's own pace and daily cap (issue 16): the preview and risk report show the chosen account's
 * figures (its cap, its use today from its own counter, its pace), not `default`'s; the worker sends at the
 * account's own cap, and picks up a changed cap when the account's lanes next start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Pacer, type PacingSettings } from '../../src/queue/pacer.js';
import { paceKeyOf, publishPaceFacts } from '../../src/queue/account-pace.js';
import { startWorker } from '../../src/queue/worker.js';
import { addAccount, setAccountPace } from '../../src/whatsapp/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { RecordingNotifier } from '../helpers/recording-notifier.js';
import { CLI_ACTOR, seedCustomers } from '../helpers/seed.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/**
 * Counts `n` sends (to `n` different customers) against `key`'s cap, as a worker's pacer would: the daily counter, or a
 * Cloud number's window of unique customers.
 */
async function useToday(test: TestApp, key: string, n: number, capMode?: PacingSettings['capMode']): Promise<void> {
  const settings = { ratePerMinute: 0, jitterMs: 0, dailyCap: 100_000, timeZone: test.config.SCHEDULE_TIMEZONE, ...(capMode ? { capMode } : {}) };
  const pacer = new Pacer(test.app.engine.redis, test.app.prefix, settings);
  for (let i = 0; i < n; i++) await pacer.takeSlot(key, { to: `+6281200000${i}` });
}

describe("a sender account's own pace and cap", () => {
  it("the preview for a named account shows that account's cap, use today and pace, not default's", async () => {
    t = await startTestApp({ SEND_RATE_PER_MINUTE: '20', DAILY_CAP: '200' }, { withWorker: false });
    const { app } = t;
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run', pace: { dailyCap: 30, ratePerMinute: 6 } });
    await seedCustomers(app, 10);
    await useToday(t, app.sender.state().account ?? 'default', 150);
    await useToday(t, paceKeyOf('toko-b'), 25);

    const onDefault = await app.campaigns.preview({ title: 'A', template: 'Halo', audience: { kind: 'all' } });
    expect(onDefault).toMatchObject({ dailyCap: 200, sentToday: 150, overDailyCap: false, ratePerMinute: 20 });

    const onB = await app.campaigns.preview({ title: 'B', template: 'Halo', audience: { kind: 'all' }, account: 'toko-b' });
    expect(onB).toMatchObject({ dailyCap: 30, sentToday: 25, overDailyCap: true, ratePerMinute: 6 });
    expect(onB.risk.daysAtCap).toBeGreaterThan(1);
    expect(onB.estimatedDurationMs).toBe(100_000);

    // A campaign's view (campaigns show, the buttons) estimates with its own number's pace too.
    const campaign = await app.campaigns.create({ title: 'B', template: 'Halo', audience: { kind: 'all' }, account: 'toko-b' }, CLI_ACTOR);
    expect((await app.campaigns.details(campaign.id)).view.ratePerMinute).toBe(6);
  });

  it("a Cloud account's preview quota is its own tier as its worker published it", async () => {
    t = await startTestApp({}, { withWorker: false });
    const { app } = t;
    await addAccount(app.store, { name: 'cloud-a', driver: 'cloud', phoneNumberId: '1055', wabaId: '2077' });
    await seedCustomers(app, 5);
    await publishPaceFacts(app.engine.redis, app.prefix, 'cloud-a', { tierLimit: 250, isNew: false });
    await useToday(t, paceKeyOf('cloud-a'), 248, 'unique_recipients_24h');
    const preview = await app.campaigns.preview({
      title: 'C',
      template: 'Halo',
      whatsappTemplate: { name: 'promo', language: 'id', params: {} },
      audience: { kind: 'all' },
      account: 'cloud-a',
    });
    expect(preview).toMatchObject({ dailyCap: 250, sentToday: 248, overNewChatQuota: true, ratePerMinute: 20 * 60 });
    expect(preview.newChatQuota).toMatchObject({ total: 250, used: 248, remaining: 2 });
    expect(preview.risk.newChatsRemaining).toBe(2);
  });

  it("the worker stops a named account at its own cap, and a raised cap applies when its lanes next start", async () => {
    t = await startTestApp({ DAILY_CAP: '0' }, { withWorker: false });
    const { app } = t;
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run', pace: { dailyCap: 3 } });
    const worker = await startWorker(app);
    app.onClose(() => worker.stop());
    await seedCustomers(app, 5);

    const campaign = await app.campaigns.create({ title: 'B', template: 'Halo', audience: { kind: 'all' }, account: 'toko-b' }, CLI_ACTOR);
    await t.waitForCampaign(campaign.id, ['paused']);
    expect(t.outbox().filter((l) => l.campaignId === campaign.id)).toHaveLength(3);

    await setAccountPace(app.store, 'toko-b', { dailyCap: null });
    await app.campaigns.resume(campaign.id, CLI_ACTOR);
    await t.waitForCampaign(campaign.id, ['completed']);
    expect(t.outbox().filter((l) => l.campaignId === campaign.id)).toHaveLength(5);
  });

  it("a named account's progress shows its own rate, not capped at default's pace", async () => {
    t = await startTestApp({ SEND_RATE_PER_MINUTE: '30', PROGRESS_INTERVAL_MS: '250' }, { withWorker: false });
    const { app } = t;
    const recorder = new RecordingNotifier();
    app.notifiers.register(recorder);
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run', pace: { ratePerMinute: 1200, jitterMs: 0 } });
    const worker = await startWorker(app);
    app.onClose(() => worker.stop());
    await seedCustomers(app, 40);
    const campaign = await app.campaigns.create({ title: 'B', template: 'Halo', audience: { kind: 'all' }, account: 'toko-b' }, CLI_ACTOR);
    await app.campaigns.attachProgressMessage(campaign.id, { surface: 'cli', chatId: 'term', messageId: '1' });
    await t.waitForCampaign(campaign.id, ['completed']);
    const rates = recorder.progressFor(campaign.id).map((v) => v.ratePerMinute);
    expect(Math.max(...rates)).toBeGreaterThan(30);
  });
});
