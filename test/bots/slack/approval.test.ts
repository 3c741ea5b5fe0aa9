import { describe, expect, it } from 'vitest';
import { APPROVE_BUTTON, REJECT_BUTTON, REJECT_VIEW } from '../../../src/bots/slack/approval.js';
import { RISK_ENV, RISK_MESSAGE, seedRiskStore } from '../../campaigns/fixtures/risk-seed.js';
import { seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import type { SlackCall } from '../../fakes/slack-api.js';
import { composeValues } from './slack-client.js';
import { ADMIN, ADMIN_CHANNEL, buttonsOf, sendViaModal, startSlackHarness, type SlackHarness } from './harness.js';

const OTHER = 'UOTHER';

/** The approval request posted to the admin channel for `id`. */
async function requestFor(h: SlackHarness, id: string): Promise<SlackCall> {
  return h.fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.channel === ADMIN_CHANNEL && buttonsOf(c).includes(APPROVE_BUTTON) && String(c.args.text).includes(`(${id})`),
  );
}

describe('two-person approval on Slack (issue 15)', () => {
  it("refuses the author's Approve; another admin's Approve sends; the author's thread is told", async () => {
    const h = await startSlackHarness({ APPROVAL_MIN_RECIPIENTS: '3', BOT_LOCALE: 'en', SLACK_ALLOWED_USERS: `${ADMIN},${OTHER}` });
    await seedCustomers(h.test.app, 3, 'vip');
    const sent = await sendViaModal(h, { title: 'Promo', message: 'Halo {{name}}, balas STOP untuk berhenti' });
    expect((await h.test.app.campaigns.get(sent.campaignId)).status).toBe('awaiting_approval');
    expect(JSON.stringify(sent.post.args.blocks)).toContain('Waiting for approval by another admin; nothing is sent yet.');
    const request = await requestFor(h, sent.campaignId);
    const ts = String((request.result as { ts?: string } | undefined)?.ts ?? '');

    await h.slack.press(APPROVE_BUTTON, sent.campaignId, ADMIN, ADMIN_CHANNEL, ts);
    const refusal = await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === ADMIN && /another admin must approve/.test(String(c.args.text)));
    expect(refusal.args.text).toBe(`You created campaign ${sent.campaignId}; another admin must approve it.`);
    expect((await h.test.app.campaigns.get(sent.campaignId)).status).toBe('awaiting_approval');

    await h.slack.press(APPROVE_BUTTON, sent.campaignId, OTHER, ADMIN_CHANNEL, ts);
    await h.test.waitForCampaign(sent.campaignId, ['completed']);
    expect(h.test.outbox()).toHaveLength(3);
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === sent.ts && /was approved by uother; sending starts/.test(String(c.args.text)));
    // The request lost its buttons and names who approved.
    await waitUntil(() =>
      h.fake.callsOf('chat.update').some((c) => c.args.channel === ADMIN_CHANNEL && /Approved by uother/.test(String(c.args.text)) && buttonsOf(c).length === 0),
    );
  });

  it('Reject opens a modal for the reason, cancels and tells the author why', async () => {
    const h = await startSlackHarness({ APPROVAL_MIN_RECIPIENTS: '3', BOT_LOCALE: 'en', SLACK_ALLOWED_USERS: `${ADMIN},${OTHER}` });
    await seedCustomers(h.test.app, 3, 'vip');
    const sent = await sendViaModal(h, { title: 'Promo', message: 'Halo {{name}}' });
    const request = await requestFor(h, sent.campaignId);
    const ts = String((request.result as { ts?: string } | undefined)?.ts ?? '');
    const opened = h.fake.callsOf('views.open').length;
    await h.slack.press(REJECT_BUTTON, sent.campaignId, OTHER, ADMIN_CHANNEL, ts);
    await h.fake.waitForCall('views.open', () => h.fake.callsOf('views.open').length > opened);
    const modal = h.fake.callsOf('views.open')[opened]?.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(REJECT_VIEW);
    const empty = await h.slack.submit(modal, { reason: { value: { type: 'plain_text_input', value: ' ' } } }, OTHER);
    expect(empty?.response_action).toBe('errors');
    await h.slack.submit(modal, { reason: { value: { type: 'plain_text_input', value: 'the price is wrong' } } }, OTHER);
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === sent.ts && /was rejected by uother: the price is wrong/.test(String(c.args.text)));
    const after = await h.test.app.campaigns.get(sent.campaignId);
    expect([after.status, after.statusReason]).toEqual(['cancelled', 'approval_rejected']);
    expect(h.test.outbox()).toHaveLength(0);
  });

  it('shows the risk report of a seeded store in the preview modal', async () => {
    const h = await startSlackHarness({ ...RISK_ENV, BOT_LOCALE: 'en' });
    await seedRiskStore(h.test.app);
    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    await h.fake.waitForCall('views.open');
    const view = h.fake.callsOf('views.open')[0]?.args.view as { callback_id: string; private_metadata: string };
    const pushed = await h.slack.submit(view, composeValues({ kind: 'all', title: 'Promo', message: RISK_MESSAGE }), ADMIN);
    const text = JSON.stringify(pushed?.view);
    expect(text).toContain('10 selected − 1 opted out = 9 recipients');
    expect(text).toContain('🔴 High risk');
    expect(text).toContain('never messaged: 4 · not checked on WhatsApp: 7 · messaged in the last 24 h: 1');
    expect(text).toContain('• the message has a link and goes to 4 recipients never messaged before');
  });
});
