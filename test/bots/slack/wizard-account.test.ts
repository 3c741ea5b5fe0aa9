/** The /broadcast modal's "from which number?" select in Slack (issue 16): shown only with several numbers. */
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { seedCustomers } from '../../helpers/seed.js';
import { ADMIN, startSlackHarness } from './harness.js';
import { composeValues } from './slack-client.js';
import { waitUntil } from '../../helpers/wait.js';
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FAKE_WABA_ID, FakeGraphApi } from '../../fakes/graph-api.js';

let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await graph?.stop();
  graph = undefined;
});

describe('Slack /broadcast with several numbers', () => {
  it('asks which number in the form and sends the campaign from the chosen one', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en', WORKER_LOCK_MS: '3000' });
    await seedCustomers(h.test.app, 4, 'vip');
    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    const single = await h.fake.waitForCall('views.open');
    // One number: nothing to choose.
    expect(JSON.stringify((single.args.view as { blocks: unknown[] }).blocks)).not.toContain('Which number');

    await addAccount(h.test.app.store, { name: 'toko-b', driver: 'dry-run' });
    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    const open = await h.fake.waitForCall('views.open', (c) => JSON.stringify(c.args.view).includes('toko-b'));
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { type: string; options: { value: string }[] } }[] };
    const select = view.blocks.find((b) => b.block_id === 'account');
    expect(select?.element?.type).toBe('static_select');
    expect(select?.element?.options.map((o) => o.value)).toEqual(['default', 'toko-b']);
    expect(JSON.stringify(select)).toContain('Which number should this campaign be sent from?');

    const values = { ...composeValues({ title: 'Promo B', kind: 'all', message: 'Halo {{name}}' }), account: { value: { type: 'static_select', selected_option: { value: 'toko-b' } } } };
    const pushed = await h.slack.submit(view, values, ADMIN);
    expect(pushed?.response_action).toBe('push');
    const preview = pushed?.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(await h.slack.submit(preview, {}, ADMIN)).toEqual({ response_action: 'clear' });
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'CGENERAL');
    const [campaign] = await h.test.app.campaigns.list();
    expect(campaign?.account).toBe('toko-b');
    await h.test.waitForCampaign(campaign!.id, ['completed'], 30_000);
    expect(h.test.outbox().filter((line) => line.campaignId === campaign!.id)).toHaveLength(4);
  });

  it('lists the Cloud number\'s templates with the number, and checks the picked one against the chosen number', async () => {
    graph = await new FakeGraphApi().start();
    const h = await startSlackHarness({
      BOT_LOCALE: 'en',
      WORKER_LOCK_MS: '3000',
      WHATSAPP_CLOUD_TOKEN: FAKE_TOKEN,
      WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
      GRAPH_API_URL: graph.url,
      CLOUD_SEND_PER_SECOND: '80',
    });
    await seedCustomers(h.test.app, 3, 'vip');
    await addAccount(h.test.app.store, { name: 'toko-cloud', driver: 'cloud', phoneNumberId: FAKE_PHONE_NUMBER_ID, wabaId: FAKE_WABA_ID });
    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    const open = await h.fake.waitForCall('views.open');
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; optional?: boolean }[] };
    const picker = view.blocks.find((b) => b.block_id === 'wa_template');
    // The default number sends free text: the template is optional, and each option names the number that has it.
    expect(picker?.optional).toBe(true);
    expect(JSON.stringify(picker)).toContain('order_update (en) · toko-cloud');

    const form = (account: string) => ({
      ...composeValues({ title: 'Promo Cloud', kind: 'all', message: '1={{name|there}}' }),
      account: { value: { type: 'static_select', selected_option: { value: account } } },
      wa_template: { value: { type: 'static_select', selected_option: { value: 'order_update|en' } } },
    });
    // A template with the dry-run default chosen: refused on the picker, naming the numbers that can send it.
    const refused = await h.slack.submit(view, form('default'), ADMIN);
    expect(refused?.response_action).toBe('errors');
    expect(refused?.errors).toEqual({
      wa_template: 'Templates can only be sent from a WhatsApp Cloud API number, and default is not one. Numbers that can send templates: toko-cloud.',
    });
    // Free text from the Cloud number (no template picked): refused on the picker by the same rule, nothing created.
    const freeText = await h.slack.submit(
      view,
      {
        ...composeValues({ title: 'Promo Cloud', kind: 'all', message: 'Halo {{name}}' }),
        account: { value: { type: 'static_select', selected_option: { value: 'toko-cloud' } } },
        wa_template: { value: { type: 'static_select', selected_option: null } },
      },
      ADMIN,
    );
    expect(freeText?.response_action).toBe('errors');
    expect(freeText?.errors).toEqual({
      wa_template:
        'Number toko-cloud uses the WhatsApp Cloud API: campaigns from it must send an approved template (WhatsApp refuses free text to customers who have not written in the last 24 hours). Choose a template, or send free text from another number: default.',
    });
    expect(await h.test.app.campaigns.list()).toHaveLength(0);

    const pushed = await h.slack.submit(view, form('toko-cloud'), ADMIN);
    expect(pushed?.response_action, JSON.stringify(pushed)).toBe('push');
    const preview = pushed?.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(await h.slack.submit(preview, {}, ADMIN)).toEqual({ response_action: 'clear' });
    await waitUntil(async () => (await h.test.app.campaigns.list()).length === 1, { what: 'the campaign' });
    const [campaign] = await h.test.app.campaigns.list();
    expect(campaign).toMatchObject({ account: 'toko-cloud', whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } } });
    await h.test.waitForCampaign(campaign!.id, ['completed'], 30_000);
    expect(graph.accepted).toHaveLength(3);
  }, 60_000);
});
