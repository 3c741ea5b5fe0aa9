/**
 * Two Cloud API numbers side by side (issue 16): each account's campaign goes out from its own phone number id;
 * each number's webhooks (statuses, customer messages) reach that account; a STOP sent to either number opts the
 * customer out of every number (opt-out belongs to the customer, not to a number); and once an account is removed
 * its number's webhooks are answered 200 and dropped. A customer's answer counts for the campaign of the number they
 * wrote to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import { createMetrics } from '../../../src/ops/metrics.js';
import { startHttpServer, type HttpService } from '../../../src/ops/http.js';
import { accountAdmin } from '../../../src/whatsapp/account-admin.js';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { createCloudWebhookSinks } from '../../../src/whatsapp/cloud/webhook-sinks.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { captureStream } from '../../helpers/streams.js';
import { waitUntil } from '../../helpers/wait.js';
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FAKE_WABA_ID, FakeGraphApi } from '../../fakes/graph-api.js';

const NUMBER_A = FAKE_PHONE_NUMBER_ID;
const NUMBER_B = '109876543299';
const WABA_B = '201234567899';

let fake: FakeGraphApi | null = null;
let t: TestApp | null = null;
let http: HttpService | null = null;
afterEach(async () => {
  await http?.stop();
  await t?.close();
  await fake?.stop();
  http = null;
  t = null;
  fake = null;
});

/** A dry-run default, Cloud accounts `cloud-a` and `cloud-b` on two numbers of the fake, their worker, the HTTP role. */
async function start(): Promise<{ t: TestApp; fake: FakeGraphApi }> {
  fake = await new FakeGraphApi().start();
  fake.phone = { ...fake.phone, tier: 'TIER_2K' };
  fake.addNumber({ phoneNumberId: NUMBER_B, wabaId: WABA_B, display: '+62 811-0000-0002', name: 'Toko Cabang', tier: 'TIER_250', quality: 'YELLOW' });
  t = await startTestApp(
    { WHATSAPP_CLOUD_TOKEN: FAKE_TOKEN, WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET, GRAPH_API_URL: fake.url, CLOUD_SEND_PER_SECOND: '80', BOT_LOCALE: 'en' },
    { withWorker: false },
  );
  await addAccount(t.app.store, { name: 'cloud-a', driver: 'cloud', phoneNumberId: NUMBER_A, wabaId: FAKE_WABA_ID });
  await addAccount(t.app.store, { name: 'cloud-b', driver: 'cloud', phoneNumberId: NUMBER_B, wabaId: WABA_B });
  const { startWorker } = await import('../../../src/queue/worker.js');
  const worker = await startWorker(t.app);
  t.app.onClose(() => worker.stop());
  expect(worker.owned()).toEqual(expect.arrayContaining(['cloud-a', 'cloud-b']));
  http = await startHttpServer(t.app, {
    metrics: createMetrics({ processMetrics: false }),
    port: 0,
    requireWhatsApp: false,
    cloudSinks: createCloudWebhookSinks(t.app),
  });
  fake.webhookUrl = `${http.url}/webhooks/whatsapp`;
  return { t, fake };
}

/** A template campaign to everyone from `account`, its parameter marked with the account so sends can be told apart. */
async function campaignFrom(t: TestApp, account: string) {
  return t.app.campaigns.create(
    {
      title: `From ${account}`,
      template: 'Halo {{name}}',
      whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': `${account}:{{name|there}}` } },
      audience: { kind: 'all' },
      account,
    },
    CLI_ACTOR,
  );
}

describe('two Cloud numbers', () => {
  it('send each campaign from its own number, route each number\'s webhooks to it, and a STOP to one number opts out of both', async () => {
    const { t, fake } = await start();
    const app = t.app;
    const phones = await seedCustomers(app, 3);

    // Each number has its own tier and quality, read from its own phone number id.
    const b = await accountAdmin(app, 'cloud-b');
    expect((await b.admin.status()).cloud).toMatchObject({ tier: 'TIER_250', dailyLimit: 250, qualityRating: 'YELLOW', verifiedName: 'Toko Cabang' });
    await b.close();
    const a = await accountAdmin(app, 'cloud-a');
    expect((await a.admin.status()).cloud).toMatchObject({ tier: 'TIER_2K', dailyLimit: 2000, verifiedName: 'Toko Contoh' });
    await a.close();

    // A first, then B: B's is every customer's latest campaign.
    const campaignA = await campaignFrom(t, 'cloud-a');
    await t.waitForCampaign(campaignA.id, ['completed']);
    const campaignB = await campaignFrom(t, 'cloud-b');
    await t.waitForCampaign(campaignB.id, ['completed']);
    const fromA = fake.acceptedFrom(NUMBER_A);
    const fromB = fake.acceptedFrom(NUMBER_B);
    expect(fromA.map((m) => m.template?.params[0]).sort()).toEqual(['cloud-a:Customer 0', 'cloud-a:Customer 1', 'cloud-a:Customer 2']);
    expect(fromB.map((m) => m.template?.params[0]).sort()).toEqual(['cloud-b:Customer 0', 'cloud-b:Customer 1', 'cloud-b:Customer 2']);
    expect(fake.accepted).toHaveLength(6);
    expect(t.outbox()).toHaveLength(0);

    // Statuses come in per number: A's are read, B's delivered (and one failed).
    expect(await fake.sendStatuses(fromA.map((m) => ({ id: m.id, status: 'read' as const, to: m.to })), NUMBER_A)).toBe(200);
    const [b0, b1, b2] = fromB;
    expect(await fake.sendStatuses([
      { id: b0!.id, status: 'delivered', to: b0!.to },
      { id: b1!.id, status: 'delivered', to: b1!.to },
      { id: b2!.id, status: 'failed', to: b2!.to, code: 131026 },
    ], NUMBER_B)).toBe(200);
    await waitUntil(async () => (await app.campaigns.get(campaignA.id)).counts.read === 3, { what: "number A's statuses" });
    await waitUntil(async () => (await app.campaigns.get(campaignB.id)).counts.failed === 1, { what: "number B's statuses" });
    await waitUntil(async () => (await app.campaigns.get(campaignB.id)).counts.delivered === 2, { what: "number B's deliveries" });
    expect((await app.campaigns.get(campaignA.id)).counts).toMatchObject({ sent: 3, failed: 0, delivered: 3, read: 3 });
    expect((await app.campaigns.get(campaignB.id)).counts).toMatchObject({ sent: 2, failed: 1, delivered: 2, read: 0 });

    // A customer's answer belongs to the campaign of the number they wrote to, not to their latest campaign.
    expect(await fake.sendInbound(phones[1] as string, 'Terima kasih, promo A menarik', 'wamid.reply-a', NUMBER_A)).toBe(200);
    expect(await fake.sendInbound(phones[2] as string, 'Promo B kapan berakhir?', 'wamid.reply-b', NUMBER_B)).toBe(200);
    await waitUntil(async () => (await app.campaigns.get(campaignA.id)).counts.replied === 1, { what: "the reply to A's campaign" });
    await waitUntil(async () => (await app.campaigns.get(campaignB.id)).counts.replied === 1, { what: "the reply to B's campaign" });
    expect((await app.campaigns.get(campaignA.id)).counts.replied).toBe(1);
    expect((await app.campaigns.get(campaignB.id)).counts.replied).toBe(1);

    // A STOP to number B: the confirmation goes out from B, and the customer is out of every number's audiences.
    const stopper = phones[0] as string;
    expect(await fake.sendInbound(stopper, 'STOP', 'wamid.stop-b', NUMBER_B)).toBe(200);
    await waitUntil(async () => (await app.store.customers.findByPhone(stopper))?.optedOut === true, { what: 'the opt-out' });
    await waitUntil(() => fake.acceptedFrom(NUMBER_B).some((m) => m.to === stopper && m.type === 'text'), { what: 'the confirmation from B' });
    expect(fake.acceptedFrom(NUMBER_A).filter((m) => m.type === 'text')).toEqual([]);
    const again = await campaignFrom(t, 'cloud-a');
    await t.waitForCampaign(again.id, ['completed']);
    expect(fake.acceptedFrom(NUMBER_A).filter((m) => m.template).map((m) => m.to).sort()).toEqual([...phones, phones[1], phones[2]].sort());
  });

  it('drops the webhooks of a number whose account was removed (200, so Meta stops retrying) and keeps the other number\'s', async () => {
    const { t, fake } = await start();
    const app = t.app;
    const phones = await seedCustomers(app, 2);
    // B's sink is made by a first delivery, while the account exists.
    expect(await fake.sendInbound(phones[0] as string, 'STOP', 'wamid.stop-1', NUMBER_B)).toBe(200);
    await waitUntil(async () => (await app.store.customers.findByPhone(phones[0] as string))?.optedOut === true, { what: 'the first opt-out' });

    const stdout = captureStream();
    const stderr = captureStream();
    expect(await runCli(['whatsapp', 'accounts', 'remove', 'cloud-b'], t.env, { stdout: stdout.stream, stderr: stderr.stream })).toBe(0);
    expect(stdout.text()).toContain('cloud-b');

    expect(await fake.sendInbound(phones[1] as string, 'STOP', 'wamid.stop-2', NUMBER_B)).toBe(200);
    // Number A still works: its STOP is taken (and waiting for it gives B's delivery, sent before, time to act).
    const [, , third] = await seedCustomers(app, 3);
    expect(await fake.sendInbound(third as string, 'STOP', 'wamid.stop-3', NUMBER_A)).toBe(200);
    await waitUntil(async () => (await app.store.customers.findByPhone(third as string))?.optedOut === true, { what: 'the opt-out on A' });
    expect((await app.store.customers.findByPhone(phones[1] as string))?.optedOut).toBe(false);
    expect(fake.acceptedFrom(NUMBER_B).filter((m) => m.to === phones[1])).toEqual([]);
  });
});
