/**
 * Issue 16, end to end on a Cloud number against the fake Graph API: the messaging limit tier (here TIER_50) caps the
 * unique customers of a moving 24 hours. A campaign to more customers than that pauses at the limit with the Cloud
 * reason and an alert that promises no "00:00"; a second campaign to customers already messaged is not held by it;
 * a new calendar day frees nothing, 24 hours after the sends do, and the sweep continues the campaign by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { capReached, resumeAnswer, TIER_CAP_WAIT } from '../../../src/campaigns/daily-cap.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import { startCloud, type CloudHarness } from './harness.js';

let running: CloudHarness[] = [];
afterEach(async () => {
  for (const h of running) await h.close();
  running = [];
});

const TEMPLATE = { name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'Promo Desember' } };

function draft(title: string) {
  return { title, template: 'Halo {{name|Pelanggan}}', whatsappTemplate: TEMPLATE, audience: { kind: 'all' as const } };
}

/** The sweep's question for the Cloud number (as the worker asks it every minute): is its limit still used up? */
function limitUsedUp(h: CloudHarness): () => Promise<boolean> {
  const { pacer } = h.t.app.engine;
  return async () => capReached(pacer.dailyCap, await pacer.usedToday(h.t.app.sender.state().account ?? 'default'));
}

describe('a Cloud number at its messaging limit tier', () => {
  it('pauses at 50 unique customers, waits out the 24 hours (not midnight), then continues by itself', async () => {
    // 16:00 UTC is 23:00 in Jakarta: the calendar day there ends an hour later.
    let now = new Date('2026-03-02T16:00:00Z');
    const h = await startCloud({
      env: { SCHEDULE_TIMEZONE: 'Asia/Jakarta', BOT_LOCALE: 'en' },
      setup: (fake) => (fake.phone = { ...fake.phone, tier: 'TIER_50' }),
      clock: () => now,
    });
    running.push(h);
    const { app } = h.t;
    await seedCustomers(app, 60);
    // The preview warns with the 24-hour wording: the limit frees up as the window moves, not "tomorrow".
    expect(await app.campaigns.preview(draft('Over the tier'))).toMatchObject({ dailyCap: 50, overDailyCap: true, dailyCapRolling: true });
    const campaign = await app.campaigns.create(draft('Over the tier'), CLI_ACTOR);
    await h.t.waitForCampaign(campaign.id, ['paused']);
    expect((await app.campaigns.get(campaign.id)).statusReason).toBe('tier_cap');
    // The limit counts a customer when their slot is taken: at most 50 went out (a lane that held a slot when
    // another paused may still send), and none went out twice.
    await expect.poll(() => app.engine.pacer.usedToday(app.sender.state().account ?? 'default')).toBe(50);
    expect(h.fake.accepted.length).toBeLessThanOrEqual(50);
    expect(h.fake.accepted.length).toBeGreaterThanOrEqual(45);
    expect(new Set(h.fake.accepted.map((m) => m.to)).size).toBe(h.fake.accepted.length);
    await waitUntil(() => h.recorder.alerts.some((a) => a.reason === 'tier_cap'), { what: 'the alert' });
    const [alert] = await app.store.notifications.list({ campaignId: campaign.id });
    expect(alert?.text).toContain("as soon as Meta's 24-hour limit frees up");
    expect(alert?.text).not.toContain('00:00');

    // An admin's resume waits for the window, and says so without a time of day.
    const answered = await app.campaigns.resume(campaign.id, CLI_ACTOR);
    expect(answered).toMatchObject({ status: 'paused', statusReason: TIER_CAP_WAIT });
    expect(resumeAnswer(answered, 'en', 'Asia/Jakarta')).toBe(
      "Meta's 24-hour messaging limit is reached; sending continues automatically as soon as the limit frees up.",
    );
    expect(resumeAnswer(answered, 'id', 'Asia/Jakarta')).toBe(
      'Batas 24 jam dari Meta tercapai; pengiriman berlanjut otomatis begitu batasnya longgar lagi.',
    );

    // A new day in Jakarta frees nothing: the 50 were messaged less than 24 hours ago.
    now = new Date('2026-03-02T18:00:00Z');
    expect(await app.engine.control.resumeAfterCapReset(limitUsedUp(h))).toBe(0);
    expect((await app.campaigns.get(campaign.id)).status).toBe('paused');
    // 24 hours after the sends the window lets them go: the sweep continues the campaign.
    now = new Date('2026-03-03T16:00:01Z');
    expect(await app.engine.control.resumeAfterCapReset(limitUsedUp(h))).toBe(1);
    await h.t.waitForCampaign(campaign.id, ['completed']);
    expect(h.fake.accepted).toHaveLength(60);
    const audit = await app.store.audit.list({ action: 'campaign.autoresume' });
    expect(audit.map((a) => a.detail)).toEqual(['tier_cap_room']);
  });

  it('counts customers, not messages: a second campaign to the same customers is not held by the limit', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const h = await startCloud({ setup: (fake) => (fake.phone = { ...fake.phone, tier: 'TIER_50' }), clock: () => now });
    running.push(h);
    const { app } = h.t;
    await seedCustomers(app, 30);
    const first = await app.campaigns.create(draft('First'), CLI_ACTOR);
    await h.t.waitForCampaign(first.id, ['completed']);
    const second = await app.campaigns.create(draft('Second'), CLI_ACTOR);
    await h.t.waitForCampaign(second.id, ['completed']);
    expect(h.fake.accepted).toHaveLength(60);
    expect(await app.engine.pacer.usedToday(app.sender.state().account ?? 'default')).toBe(30);
  });
});
