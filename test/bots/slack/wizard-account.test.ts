/** The /broadcast modal's "from which number?" select in Slack (issue 16): shown only with several numbers. */
import { describe, expect, it } from 'vitest';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { seedCustomers } from '../../helpers/seed.js';
import { ADMIN, startSlackHarness } from './harness.js';
import { composeValues } from './slack-client.js';

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
});
