import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DryRunSender } from '../../../src/whatsapp/dry-run.js';
import { phoneAt, seedCustomers } from '../../helpers/seed.js';
import { composeValues } from './slack-client.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  buttonsOf,
  progressCounts,
  SECRET,
  sendViaModal,
  startSlackHarness,
  updatesOf,
} from './harness.js';
import { waitUntil } from '../../helpers/wait.js';

describe('Slack app over HTTP', () => {
  it('answers 401 to a bad signature and to a stale timestamp, and 200 to a good one', async () => {
    const h = await startSlackHarness();
    const body = new URLSearchParams({ command: '/broadcast', text: 'help', user_id: ADMIN, channel_id: 'C1' }).toString();
    const bad = await h.slack.post(body, { signature: `v0=${'0'.repeat(64)}` });
    expect(bad.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 10 * 60;
    const staleSignature = `v0=${createHmac('sha256', SECRET).update(`v0:${old}:${body}`).digest('hex')}`;
    const stale = await h.slack.post(body, { timestamp: old, signature: staleSignature });
    expect(stale.status).toBe(401);
    const good = await h.slack.command('help', ADMIN, 'C1', 'help-reply');
    expect(good.status).toBe(200);
    await waitUntil(() => h.fake.responses.some((r) => r.id === 'help-reply'));
    expect(String(h.fake.responses.find((r) => r.id === 'help-reply')?.body.text)).toContain('/broadcast list');
  });

  it('refuses a user outside the allowlist: no modal, an ephemeral refusal, an audit event; a group member is let in', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en' });
    h.fake.groups.set('SOPS', ['UOPS']);
    h.fake.locales.set('USTRANGER', 'id-ID');
    expect((await h.slack.command('', 'USTRANGER', 'CGENERAL')).status).toBe(200);
    const refusal = await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === 'USTRANGER');
    expect(refusal.args.channel).toBe('CGENERAL');
    expect(String(refusal.args.text)).toContain('tidak diizinkan');
    const audit = await h.test.app.store.audit.list({ outcome: 'refused' });
    expect(audit.some((e) => e.actor.userId === 'USTRANGER' && e.actor.surface === 'slack')).toBe(true);
    expect(h.fake.callsOf('views.open')).toHaveLength(0);

    expect((await h.slack.command('', 'UOPS', 'CGENERAL')).status).toBe(200);
    await h.fake.waitForCall('views.open');
    expect(h.fake.callsOf('usergroups.users.list')[0]?.args.usergroup).toBe('SOPS');
  });

  it('runs /broadcast → modal → inline errors → preview → Send → live progress → summary matching the outbox', async () => {
    const notOnWhatsApp = [phoneAt(3), phoneAt(7)];
    const h = await startSlackHarness({ DRY_RUN_LATENCY_MS: '40', DRY_RUN_NOT_ON_WHATSAPP: notOnWhatsApp.join(',') });
    await seedCustomers(h.test.app, 60, 'vip');
    await h.test.app.store.customers.upsertMany([{ phone: phoneAt(500), name: 'Gone', tags: ['gone'] }]);
    await h.test.app.store.customers.setOptOut(phoneAt(500), true);

    expect((await h.slack.command('', ADMIN, 'CGENERAL')).status).toBe(200);
    const open = await h.fake.waitForCall('views.open');
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(open.args.trigger_id).toMatch(/^trigger-/);
    const viewText = JSON.stringify(view.blocks);
    expect(viewText).toContain('All customers (60)');
    expect(viewText).toContain('vip (60)');

    // Inline errors: empty message and invalid pasted numbers, by line.
    const errors1 = await h.slack.submit(view, composeValues({ title: 'Promo', kind: 'phones', phones: '0812-3456-7890\nabc\n0812 9999 1234', message: '  ' }), ADMIN);
    expect(errors1?.response_action).toBe('errors');
    const e1 = errors1?.errors as Record<string, string>;
    expect(e1.message).toBe('The message is empty.');
    expect(e1.phones).toContain('Line 2: "abc"');
    // An unknown template variable.
    const errors2 = await h.slack.submit(view, composeValues({ title: 'Promo', kind: 'all', message: 'Halo {{nama_lengkap}}' }), ADMIN);
    expect((errors2?.errors as Record<string, string>).message).toContain('{{nama_lengkap}}');
    // No recipients: the only customer with this tag opted out.
    const errors3 = await h.slack.submit(view, composeValues({ title: 'Promo', kind: 'tags', tags: ['gone'], message: 'Halo' }), ADMIN);
    expect((errors3?.errors as Record<string, string>).tags).toBe('No recipients: every number is empty, invalid or opted out.');

    // A good draft: the preview is pushed as step 2.
    const pushed = await h.slack.submit(view, composeValues({ title: 'Promo Ramadan', kind: 'tags', tags: ['vip'], message: 'Halo {{name}} dari {{kota}}!' }), ADMIN);
    expect(pushed?.response_action).toBe('push');
    const preview = pushed?.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(preview.callback_id).toBe('broadcast_preview');
    const previewText = JSON.stringify(preview.blocks);
    expect(previewText).toContain('*Sending to:* 60 recipients');
    expect(previewText).toContain('Halo Customer 0 dari Bandung!');
    expect(await h.slack.submit(preview, {}, ADMIN)).toEqual({ response_action: 'clear' });

    const post = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'CGENERAL');
    expect(buttonsOf(post)).toEqual(['campaign_pause', 'campaign_cancel']);
    const campaigns = await h.test.app.campaigns.list();
    expect(campaigns).toHaveLength(1);
    const campaign = campaigns[0]!;
    expect(campaign.origin).toMatchObject({ surface: 'slack', userId: ADMIN, chatId: 'CGENERAL', locale: 'en' });
    await h.test.waitForCampaign(campaign.id, ['completed']);

    // The summary goes to the admin channel, in its author's language, after the final edit of the progress message.
    const summary = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === ADMIN_CHANNEL);
    const ref = (await h.test.app.store.campaigns.get(campaign.id))!.progressMessages[0]!;
    expect(ref).toMatchObject({ surface: 'slack', chatId: 'CGENERAL' });
    const updates = updatesOf(h, ref.chatId, ref.messageId);
    const counts = updates.map((u) => progressCounts(String(u.args.text))!);
    const sentSeries = counts.map((c) => c.sent);
    expect(sentSeries).toEqual([...sentSeries].sort((a, b) => a - b));
    expect(new Set(sentSeries).size).toBeGreaterThan(1);
    const last = updates.at(-1)!;
    expect(String(last.args.text)).toContain('Status: completed');
    expect(buttonsOf(last)).toEqual(['campaign_details']);
    expect(summary.at).toBeGreaterThanOrEqual(last.at);

    const outbox = h.test.outbox().filter((l) => l.campaignId === campaign.id);
    expect(outbox).toHaveLength(58);
    expect(counts.at(-1)).toEqual({ sent: outbox.length, failed: 0, total: 60 });
    expect(String(summary.args.text)).toContain(`Sent: ${outbox.length}, Failed: 0`);
    expect(String(summary.args.text)).toContain('Skipped: 2');
    expect(buttonsOf(summary)).toEqual(['campaign_details']);

    // Details: the failures with reasons in a modal, every recipient's status as a CSV in a DM to the admin.
    const summaryTs = String(summary.result?.ts);
    expect((await h.slack.press('campaign_details', campaign.id, ADMIN, ADMIN_CHANNEL, summaryTs)).status).toBe(200);
    const details = await h.fake.waitForCall('views.open', (c) => (c.args.view as { callback_id?: string }).callback_id === 'campaign_details');
    const detailsText = JSON.stringify(details.args.view);
    for (const phone of notOnWhatsApp) expect(detailsText).toContain(phone);
    const complete = await h.fake.waitForCall('files.completeUploadExternal');
    expect(complete.args).toMatchObject({ channel_id: `D${ADMIN.replace(/^U/, '')}` });
    expect(complete.args.channel_id).not.toBe(ADMIN_CHANNEL);
    expect(h.fake.uploads).toHaveLength(1);
    const csvLines = h.fake.uploads[0]!.content.trim().split('\n');
    expect(csvLines).toHaveLength(61);
    expect(csvLines.filter((l) => l.includes(',sent,')).length).toBe(58);
  });

  it('pauses, resumes and cancels from the buttons, and refuses a stranger pressing them', async () => {
    const h = await startSlackHarness({ DRY_RUN_LATENCY_MS: '150', BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 80, 'vip');
    const sent = await sendViaModal(h, { title: 'Controls', kind: 'all', message: 'Halo {{name}}' });
    await h.test.waitForCampaign(sent.campaignId, ['processing']);

    await h.slack.press('campaign_cancel', sent.campaignId, 'USTRANGER', sent.channel, sent.ts);
    await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === 'USTRANGER');
    expect((await h.test.app.campaigns.get(sent.campaignId)).status).toBe('processing');
    const refused = await h.test.app.store.audit.list({ outcome: 'refused' });
    expect(refused.find((e) => e.actor.userId === 'USTRANGER')?.target).toBe(sent.campaignId);

    await h.slack.press('campaign_pause', sent.campaignId, ADMIN, sent.channel, sent.ts);
    await h.test.waitForCampaign(sent.campaignId, ['paused']);
    const paused = await waitForUpdate(h, sent, (text) => text.includes('Status: paused'));
    expect(buttonsOf(paused)).toEqual(['campaign_resume', 'campaign_cancel']);
    const sentWhilePaused = h.test.outbox().length;

    await h.slack.press('campaign_resume', sent.campaignId, ADMIN, sent.channel, sent.ts);
    await h.test.waitForCampaign(sent.campaignId, ['processing']);
    await waitUntil(() => h.test.outbox().length > sentWhilePaused);

    await h.slack.press('campaign_cancel', sent.campaignId, ADMIN, sent.channel, sent.ts);
    await h.test.waitForCampaign(sent.campaignId, ['cancelled']);
    const final = await waitForUpdate(h, sent, (text) => text.includes('Status: cancelled'));
    expect(buttonsOf(final)).toEqual(['campaign_details']);
    const summary = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === ADMIN_CHANNEL);
    expect(String(summary.args.text)).toContain("Campaign 'Controls' was cancelled.");
    expect(h.test.outbox().length).toBeLessThan(80);
  });

  it('answers list, status, pause, resume and cancel subcommands privately', async () => {
    const h = await startSlackHarness({ DRY_RUN_LATENCY_MS: '150', BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 40, 'vip');
    const sent = await sendViaModal(h, { title: 'Subcommands', kind: 'all', message: 'Halo' });
    const reply = async (text: string, id: string) => {
      expect((await h.slack.command(text, ADMIN, 'CGENERAL', id)).status).toBe(200);
      await waitUntil(() => h.fake.responses.some((r) => r.id === id));
      const body = h.fake.responses.find((r) => r.id === id)!.body;
      expect(body.response_type).toBe('ephemeral');
      return String(body.text);
    };
    expect(await reply('list', 'r-list')).toContain(`*Subcommands*`);
    expect(await reply(`status ${sent.campaignId}`, 'r-status')).toMatch(/Progress: \d+%/);
    expect(await reply('pause', 'r-noid')).toContain('Give the campaign ID');
    expect(await reply(`pause ${sent.campaignId}`, 'r-pause')).toContain("Campaign 'Subcommands' is paused.");
    await h.test.waitForCampaign(sent.campaignId, ['paused']);
    expect(await reply(`pause ${sent.campaignId}`, 'r-pause2')).toContain('cannot');
    expect(await reply(`resume ${sent.campaignId}`, 'r-resume')).toContain('is resuming');
    expect(await reply(`cancel ${sent.campaignId}`, 'r-cancel')).toContain('is cancelled');
    await h.test.waitForCampaign(sent.campaignId, ['cancelled']);
    expect(await reply('status nope', 'r-missing')).toContain('Campaign nope was not found.');
    expect(await reply('frobnicate', 'r-unknown')).toContain('Unknown command');
  });

  it('retries the failed recipients from the summary button and from /broadcast retry', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 10, 'vip');
    (h.test.app.sender as DryRunSender).failNext(
      { kind: 'permanent', code: 'blocked' },
      { kind: 'permanent', code: 'blocked' },
    );
    const sent = await sendViaModal(h, { title: 'Retry me', kind: 'all', message: 'Halo' });
    await h.test.waitForCampaign(sent.campaignId, ['completed']);
    const summary = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === ADMIN_CHANNEL);
    expect(String(summary.args.text)).toContain('Sent: 8, Failed: 2');
    expect(buttonsOf(summary)).toEqual(['campaign_details', 'campaign_retry']);

    const before = h.fake.calls.length;
    await h.slack.press('campaign_retry', sent.campaignId, ADMIN, ADMIN_CHANNEL, String(summary.result?.ts));
    // The retry's progress message. Two recipients at 0 ms can be sent before it is first posted: then it is posted
    // in its final state, with Details instead of Pause (a finished campaign offers no Pause).
    const retryPost = await h.fake.waitForCall(
      'chat.postMessage',
      (c) => h.fake.calls.indexOf(c) >= before && c.args.channel === ADMIN_CHANNEL && String(c.args.text).includes('Retry me'),
    );
    expect(buttonsOf(retryPost).some((b) => b === 'campaign_pause' || b === 'campaign_details')).toBe(true);
    const retry = (await h.test.app.campaigns.list()).find((c) => c.retryOf === sent.campaignId)!;
    expect(retry.counts.total).toBe(2);
    expect(String(retryPost.args.text)).toContain('Retry me');
    await h.test.waitForCampaign(retry.id, ['completed']);
    const phones = new Set(h.test.outbox().map((l) => l.to));
    expect(phones.size).toBe(10);

    // Its retry already resent the failed ones and all went out: retrying the original again sends nobody twice.
    expect((await h.slack.command(`retry ${sent.campaignId}`, ADMIN, 'CGENERAL', 'r-retry')).status).toBe(200);
    await waitUntil(() => h.fake.responses.some((r) => r.id === 'r-retry'));
    expect(String(h.fake.responses.find((r) => r.id === 'r-retry')?.body.text)).toBe(`Campaign ${retry.id} has no failed recipients.`);
    expect((await h.slack.command(`retry ${retry.id}`, ADMIN, 'CGENERAL', 'r-nothing')).status).toBe(200);
    await waitUntil(() => h.fake.responses.some((r) => r.id === 'r-nothing'));
    expect(String(h.fake.responses.find((r) => r.id === 'r-nothing')?.body.text)).toBe(`Campaign ${retry.id} has no failed recipients.`);
  });

  it('posts the progress as a DM when the app is not in the channel', async () => {
    const h = await startSlackHarness({ BOT_LOCALE: 'en' });
    h.fake.notInChannel.add('CPRIVATE');
    await seedCustomers(h.test.app, 5, 'vip');
    const sent = await sendViaModal(h, { title: 'Private', kind: 'all', message: 'Halo' }, ADMIN, 'CPRIVATE');
    expect(sent.channel).toBe('DADMIN');
    expect(h.fake.callsOf('conversations.open')[0]?.args.users).toBe(ADMIN);
    await h.test.waitForCampaign(sent.campaignId, ['completed']);
    await waitForUpdate(h, sent, (text) => text.includes('Status: completed'));
  });
});

async function waitForUpdate(
  h: Awaited<ReturnType<typeof startSlackHarness>>,
  message: { channel: string; ts: string },
  match: (text: string) => boolean,
) {
  const call = await h.fake.waitForCall('chat.update', (c) => c.args.channel === message.channel && c.args.ts === message.ts && match(String(c.args.text)));
  return call;
}
