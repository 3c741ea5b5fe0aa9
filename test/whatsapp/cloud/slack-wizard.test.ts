import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import { FakeGraphApi } from '../../fakes/graph-api.js';
import { ADMIN, startSlackHarness } from '../../bots/slack/harness.js';
import { composeValues } from '../../bots/slack/slack-client.js';
import { cloudEnv } from './harness.js';

let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await graph?.stop();
  graph = undefined;
});

const picked = (value: string) => ({ wa_template: { value: { type: 'static_select', selected_option: { value } } } });

describe('the Slack /broadcast modal on a Cloud API number (fake Slack API + fake Graph API)', () => {
  it('lists the approved templates, checks the parameter mapping inline, and sends the template per recipient', async () => {
    graph = await new FakeGraphApi().start();
    const h = await startSlackHarness({ ...cloudEnv(graph), BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 3, 'vip');

    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    const open = await h.fake.waitForCall('views.open');
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain('promo_desember (id)');
    expect(blocks).toContain('order_update (en)');
    expect(blocks).toContain('Halo {{1}}, ada {{2}} untuk Anda!');
    expect(blocks).toContain('Template parameters');

    // One parameter missing: an inline error on the parameters field, nothing created.
    const short = await h.slack.submit(view, { ...composeValues({ title: 'Promo', kind: 'all', message: '1={{name|Pelanggan}}' }), ...picked('promo_desember|id') }, ADMIN);
    expect(short?.response_action).toBe('errors');
    // Worded, not a raw "1/2".
    expect(short?.errors).toEqual({ message: 'This template needs 2 parameters ({{1}} to {{2}}); filled in: 1. Fill each one, e.g. 1={{name|Pelanggan}}.' });

    const pushed = await h.slack.submit(
      view,
      { ...composeValues({ title: 'Promo', kind: 'all', message: '1={{name|Pelanggan}}\n2=Promo Desember' }), ...picked('promo_desember|id') },
      ADMIN,
    );
    expect(pushed?.response_action, JSON.stringify(pushed)).toBe('push');
    const preview = pushed?.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(JSON.stringify(preview.blocks)).toContain('Halo Customer 0, ada Promo Desember untuk Anda!');
    expect(await h.slack.submit(preview, {}, ADMIN)).toEqual({ response_action: 'clear' });

    await waitUntil(async () => (await h.test.app.campaigns.list()).length === 1, { what: 'the campaign' });
    const [campaign] = await h.test.app.campaigns.list();
    expect(campaign?.whatsappTemplate).toEqual({ name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'Promo Desember' } });
    await h.test.waitForCampaign(campaign!.id, ['completed']);
    expect(graph.accepted.map((m) => m.template?.params).sort()).toEqual([
      ['Customer 0', 'Promo Desember'],
      ['Customer 1', 'Promo Desember'],
      ['Customer 2', 'Promo Desember'],
    ]);
  }, 60_000);
});
