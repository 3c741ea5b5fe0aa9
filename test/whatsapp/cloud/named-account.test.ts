/**
 * A named Cloud account beside a dry-run `default` (issue 16): its campaign is paced by CLOUD_SEND_PER_SECOND (not
 * by the Baileys SEND_RATE_PER_MINUTE), and its webhooks reach the HTTP role through the account's own sink:
 * statuses update its campaign's counts, a customer's STOP opts them out with the confirmation sent from that number.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { campaigns as campaignsCommand } from '../../../src/bots/console/commands/campaigns.js';
import type { CliContext } from '../../../src/bots/console/context.js';
import { ValidationError } from '../../../src/campaigns/errors.js';
import { createMetrics } from '../../../src/ops/metrics.js';
import { startHttpServer, type HttpService } from '../../../src/ops/http.js';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { createCloudWebhookSinks } from '../../../src/whatsapp/cloud/webhook-sinks.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { CLI_ACTOR, phoneAt, seedCustomers } from '../../helpers/seed.js';
import { captureStream } from '../../helpers/streams.js';
import { waitUntil } from '../../helpers/wait.js';
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FAKE_WABA_ID, FakeGraphApi } from '../../fakes/graph-api.js';

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

/** A dry-run default with a Cloud account `toko-cloud` on the fake, its worker, and the HTTP role with the sinks. */
async function start(): Promise<{ t: TestApp; fake: FakeGraphApi; http: HttpService }> {
  fake = await new FakeGraphApi().start();
  t = await startTestApp(
    {
      WHATSAPP_CLOUD_TOKEN: FAKE_TOKEN,
      WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
      GRAPH_API_URL: fake.url,
      // Baileys pacing would take minutes for three sends; the Cloud account must not be paced by it.
      SEND_RATE_PER_MINUTE: '1',
      CLOUD_SEND_PER_SECOND: '80',
    },
    { withWorker: false },
  );
  await addAccount(t.app.store, { name: 'toko-cloud', driver: 'cloud', phoneNumberId: FAKE_PHONE_NUMBER_ID, wabaId: FAKE_WABA_ID });
  const { startWorker } = await import('../../../src/queue/worker.js');
  const worker = await startWorker(t.app);
  t.app.onClose(() => worker.stop());
  expect(worker.owned()).toContain('toko-cloud');
  http = await startHttpServer(t.app, {
    metrics: createMetrics({ processMetrics: false }),
    port: 0,
    requireWhatsApp: false,
    cloudSinks: createCloudWebhookSinks(t.app),
  });
  fake.webhookUrl = `${http.url}/webhooks/whatsapp`;
  return { t, fake, http };
}

describe('a named Cloud account', () => {
  it('sends at the Cloud pace, and its webhook statuses update its campaign\'s counts', async () => {
    const { t, fake } = await start();
    const app = t.app;
    await seedCustomers(app, 3);
    const campaign = await app.campaigns.create(
      {
        title: 'From the Cloud number',
        template: 'Halo {{name}}',
        whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } },
        audience: { kind: 'all' },
        account: 'toko-cloud',
      },
      CLI_ACTOR,
    );
    await t.waitForCampaign(campaign.id, ['completed']);
    expect(fake.accepted).toHaveLength(3);
    expect(t.outbox()).toHaveLength(0);
    const [m0, m1, m2] = fake.accepted;

    expect(await fake.sendStatuses([
      { id: m0!.id, status: 'delivered', to: m0!.to },
      { id: m1!.id, status: 'read', to: m1!.to },
      { id: m2!.id, status: 'failed', to: m2!.to, code: 131026 },
    ])).toBe(200);
    await waitUntil(async () => (await app.campaigns.get(campaign.id)).counts.failed === 1, { what: 'the webhook statuses' });
    await waitUntil(async () => (await app.campaigns.get(campaign.id)).counts.read === 1, { what: 'the read status' });
    expect((await app.campaigns.get(campaign.id)).counts).toMatchObject({ sent: 2, failed: 1, delivered: 2, read: 1 });
  });

  it('takes a customer\'s STOP by webhook and confirms from the same number; unknown numbers change nothing', async () => {
    const { t, fake } = await start();
    const app = t.app;
    const [phone] = await seedCustomers(app, 1);
    expect(await fake.sendInbound(phone ?? phoneAt(0), 'stop')).toBe(200);
    await waitUntil(async () => (await app.store.customers.findByPhone(phone!))?.optedOut === true, { what: 'the opt-out' });
    await waitUntil(() => fake!.accepted.some((m) => m.to === phone && m.type === 'text'), { what: 'the confirmation from the Cloud number' });
    expect(t.outbox()).toHaveLength(0);

    // A delivery for a phone number id no account has: accepted (Meta must not retry it) and ignored.
    const other = fake.payload({ messages: [{ from: '6281299990000', id: 'wamid.x', timestamp: '1', type: 'text', text: { body: 'STOP' } }] })
      .replace(FAKE_PHONE_NUMBER_ID, '999999999999');
    expect(await fake.postWebhook(other)).toBe(200);
    expect(await app.store.customers.findByPhone('+6281299990000')).toBeNull();
  });

  it('campaigns create --account NAME --template checks the template against that number and sends from it', async () => {
    const { t, fake } = await start();
    await addAccount(t.app.store, { name: 'toko-b', driver: 'dry-run' });
    await seedCustomers(t.app, 2);
    const run = async (args: string[]) => {
      const stdout = captureStream();
      const ctx: CliContext = {
        args,
        env: { ...t.env },
        stdout: stdout.stream,
        stderr: captureStream().stream,
        actor: { surface: 'cli', userId: 'tester' },
        openApp: async () => t.app,
        openStore: async () => t.app,
      };
      return { code: await campaignsCommand(ctx), stdout: stdout.text() };
    };
    const template = ['--template', 'order_update', '--language', 'en', '--param', '1={{name|there}}', '--all'];
    // The default number and toko-b are dry-run: they have no approved templates.
    for (const account of [[], ['--account', 'toko-b']]) {
      const refused = await run(['create', '--title', 'Promo', ...account, ...template]).then(() => null, (e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).code).toBe('template_needs_cloud');
    }
    const created = await run(['create', '--title', 'Promo', '--account', 'toko-cloud', ...template]);
    expect(created.code).toBe(0);
    const id = /^campaign (\S+)\n$/.exec(created.stdout)?.[1] as string;
    const campaign = await t.app.campaigns.get(id);
    expect(campaign).toMatchObject({ account: 'toko-cloud', whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } } });
    await t.waitForCampaign(id, ['completed']);
    expect(fake.accepted.map((m) => m.template?.params).sort()).toEqual([['Customer 0'], ['Customer 1']]);
  });
});
