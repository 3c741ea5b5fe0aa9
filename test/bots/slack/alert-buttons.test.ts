import { describe, expect, it } from 'vitest';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { ADMIN, ADMIN_CHANNEL, buttonsOf, startSlackHarness, type SlackHarness } from './harness.js';
import type { SlackCall } from '../../fakes/slack-api.js';
import { sleep } from '../../helpers/wait.js';

/** The app on fake Slack with a daily cap of 5 and 9 customers: the campaign pauses at the cap and alerts. */
async function pausedAtCap(): Promise<{ h: SlackHarness; id: string; alert: SlackCall; ts: string }> {
  const h = await startSlackHarness({ DAILY_CAP: '5', SCHEDULE_TIMEZONE: 'Asia/Jakarta' });
  await seedCustomers(h.test.app, 9);
  const campaign = await h.test.app.campaigns.create({ title: 'Batas', template: 'Halo', audience: { kind: 'all' } }, CLI_ACTOR);
  await h.test.waitForCampaign(campaign.id, ['paused']);
  const alert = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === ADMIN_CHANNEL && /dijeda otomatis/.test(String(c.args.text)));
  const ts = String(alert.result?.ts ?? '');
  expect(ts).not.toBe('');
  return { h, id: campaign.id, alert, ts };
}

function alertUpdates(h: SlackHarness, ts: string): SlackCall[] {
  return h.fake.callsOf('chat.update').filter((c) => c.args.channel === ADMIN_CHANNEL && c.args.ts === ts);
}

describe('Slack alert buttons follow the campaign status', () => {
  it('a pause at the cap says when sending continues and offers Cancel only; the alert loses it once the campaign is resumed', async () => {
    const { h, id, alert, ts } = await pausedAtCap();
    // It continues by itself at the reset: no Resume button and no "resume with …".
    expect(buttonsOf(alert)).toEqual(['campaign_cancel']);
    expect(String(alert.args.text)).toContain('Pengiriman berlanjut otomatis pukul 00:00 (Asia/Jakarta)');
    expect(String(alert.args.text)).not.toContain('/broadcast resume');
    h.test.app.engine.pacer.setDailyCap(50);
    await h.test.app.campaigns.resume(id, CLI_ACTOR);
    await expect.poll(() => alertUpdates(h, ts).length, { timeout: 10_000 }).toBe(1);
    const update = alertUpdates(h, ts)[0]!;
    expect(buttonsOf(update)).toEqual([]);
    expect(String(update.args.text)).toContain('dijeda otomatis');
    expect(String(update.args.text)).not.toContain('/broadcast resume');
    expect(String(update.args.text)).not.toContain('berlanjut otomatis');
    await h.test.waitForCampaign(id, ['completed']);
    // Settled once: later progress views do not touch the alert again.
    await sleep(300);
    expect(alertUpdates(h, ts)).toHaveLength(1);
  });

  it('updates the alert without buttons when the paused campaign is cancelled', async () => {
    const { h, id, ts } = await pausedAtCap();
    await h.test.app.campaigns.cancel(id, CLI_ACTOR);
    await expect.poll(() => alertUpdates(h, ts).length, { timeout: 10_000 }).toBe(1);
    expect(buttonsOf(alertUpdates(h, ts)[0]!)).toEqual([]);
  });

  it('answers a Resume press at the cap (a button on an older message) with when sending continues; the alert is left as it is', async () => {
    const { h, id, ts } = await pausedAtCap();
    expect((await h.slack.press('campaign_resume', id, ADMIN, ADMIN_CHANNEL, ts)).status).toBe(200);
    const answer = await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === ADMIN);
    // The presser's Slack locale is English (the fake's default), so the answer is too.
    expect(answer.args.text).toBe('The daily cap is reached; sending continues automatically tomorrow at 00:00 (Asia/Jakarta).');
    expect((await h.test.app.campaigns.get(id)).status).toBe('paused');
    await sleep(500);
    expect(alertUpdates(h, ts)).toHaveLength(0);
    expect(h.fake.callsOf('chat.postMessage').filter((c) => /dijeda otomatis/.test(String(c.args.text)))).toHaveLength(1);
  });
});
