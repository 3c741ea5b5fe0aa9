import { describe, expect, it } from 'vitest';
import type { DryRunSender } from '../../../src/whatsapp/dry-run.js';
import { seedCustomers } from '../../helpers/seed.js';
import { composeValues } from './slack-client.js';
import { ADMIN, ADMIN_CHANNEL, buttonsOf, headerOf, sendViaModal, startSlackHarness } from './harness.js';
import { waitUntil } from '../../helpers/wait.js';

describe('Slack actions are idempotent (issue 11, defect 2)', () => {
  it('Retry pressed twice on the summary makes one retry campaign, and the button leaves the summary', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en', MAX_SEND_ATTEMPTS: '1' });
    await seedCustomers(h.test.app, 6, 'vip');
    (h.test.app.sender as DryRunSender).failNext(
      { kind: 'permanent', code: 'blocked' },
      { kind: 'permanent', code: 'blocked' },
    );
    const sent = await sendViaModal(h, { title: 'Twice', kind: 'all', message: 'Halo' });
    await h.test.waitForCampaign(sent.campaignId, ['completed']);
    const summary = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === ADMIN_CHANNEL);
    expect(buttonsOf(summary)).toEqual(['campaign_details', 'campaign_retry']);
    const ts = String(summary.result?.ts);
    const press = () =>
      h.slack.interact({
        type: 'block_actions',
        team: { id: 'T0FAKE', domain: 'fake' },
        user: { id: ADMIN, username: 'uadmin', name: 'uadmin', team_id: 'T0FAKE' },
        api_app_id: 'AFAKE',
        token: 'legacy',
        trigger_id: `trigger-${Date.now()}`,
        channel: { id: ADMIN_CHANNEL, name: 'admins' },
        container: { type: 'message', message_ts: ts, channel_id: ADMIN_CHANNEL, is_ephemeral: false },
        message: { type: 'message', ts, text: String(summary.args.text), blocks: summary.args.blocks },
        response_url: 'https://hooks.slack.test/r',
        actions: [
          {
            type: 'button',
            action_id: 'campaign_retry',
            block_id: `summary:${sent.campaignId}`,
            value: sent.campaignId,
            text: { type: 'plain_text', text: 'Retry' },
            action_ts: '1',
          },
        ],
      });
    await Promise.all([press(), press()]);
    await waitUntil(async () => (await h.test.app.campaigns.list()).some((c) => c.retryOf === sent.campaignId));
    const retries = async () => (await h.test.app.campaigns.list()).filter((c) => c.retryOf === sent.campaignId);
    const [retry] = await retries();
    await h.test.waitForCampaign(retry!.id, ['completed']);
    // A third, late press of the same message still answers with the first retry.
    await h.fake.waitForCall('chat.postMessage', (c) => headerOf(c) === '📢 Twice — retry 1');
    await h.fake.waitForCall('chat.postEphemeral');
    const answered = h.fake.callsOf('chat.postEphemeral').length;
    await press();
    await waitUntil(() => h.fake.callsOf('chat.postEphemeral').length > answered);
    expect(await retries()).toHaveLength(1);
    expect(retry!.title).toBe('Twice — retry 1');
    const progressPosts = h.fake
      .callsOf('chat.postMessage')
      .filter((c) => headerOf(c) === '📢 Twice — retry 1');
    expect(progressPosts).toHaveLength(1);
    // The used Retry button is gone from the summary.
    const update = await h.fake.waitForCall('chat.update', (c) => c.args.ts === ts);
    expect(buttonsOf(update)).toEqual(['campaign_details']);
  });

  it('the preview submitted twice makes one campaign and one progress message', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 4, 'vip');
    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    await h.fake.waitForCall('views.open');
    const compose = h.fake.callsOf('views.open')[0]?.args.view as { callback_id: string; private_metadata: string };
    const pushed = await h.slack.submit(compose, composeValues({ kind: 'all', title: 'Double', message: 'Halo' }), ADMIN);
    const preview = pushed?.view as { callback_id: string; private_metadata: string };
    const answers = await Promise.all([h.slack.submit(preview, {}, ADMIN), h.slack.submit(preview, {}, ADMIN)]);
    expect(answers.some((a) => a?.response_action === 'clear')).toBe(true);
    await waitUntil(async () => (await h.test.app.campaigns.list()).length > 0);
    const [campaign] = await h.test.app.campaigns.list();
    await h.test.waitForCampaign(campaign!.id, ['completed']);
    expect(await h.test.app.campaigns.list()).toHaveLength(1);
    await h.fake.waitForCall('chat.postMessage', (c) => headerOf(c) === '📢 Double');
    expect(h.fake.callsOf('chat.postMessage').filter((c) => headerOf(c) === '📢 Double')).toHaveLength(1);
    expect(h.test.outbox()).toHaveLength(4);
  });
});
