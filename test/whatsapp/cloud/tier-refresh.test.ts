/**
 * Issue 16, the tier over time: Meta raises (or lowers) a number's messaging limit tier, and the worker reads it
 * again when a lane job starts and the last read is older than an hour. A number whose tier could not be read is
 * capped at Meta's starting limit for a new business portfolio (250), never sent unlimited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logging/logger.js';
import { UNKNOWN_TIER_CAP } from '../../../src/whatsapp/cloud/limits.js';
import { createCloudSender, PHONE_INFO_MAX_AGE_MS } from '../../../src/whatsapp/cloud/sender.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FAKE_WABA_ID } from '../../fakes/graph-api.js';
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

describe("a Cloud number's tier over time", () => {
  it('caps at 250 when the Graph API could not be read at start, instead of sending to everyone', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const h = await startCloud({ env: { BOT_LOCALE: 'en' }, setup: (fake) => (fake.phoneReadsFail = true), clock: () => now });
    running.push(h);
    const { app } = h.t;
    expect(h.sender.lastPhoneInfo()).toBeNull();
    await seedCustomers(app, UNKNOWN_TIER_CAP + 10);
    expect(await app.campaigns.preview(draft('Tier unknown'))).toMatchObject({ dailyCap: UNKNOWN_TIER_CAP, overDailyCap: true });
    const campaign = await app.campaigns.create(draft('Tier unknown'), CLI_ACTOR);
    await h.t.waitForCampaign(campaign.id, ['paused']);
    expect((await app.campaigns.get(campaign.id)).statusReason).toBe('tier_cap');
    await expect.poll(() => app.engine.pacer.usedToday(app.sender.state().account ?? 'default')).toBe(UNKNOWN_TIER_CAP);
    expect(h.fake.accepted.length).toBeLessThanOrEqual(UNKNOWN_TIER_CAP);
    // Each lane job asked Meta again (the read is still failing): the last value, none, holds and nothing throws.
    expect(h.fake.phoneReads.length).toBeGreaterThan(1);
  }, 60_000);

  it('takes a raised tier (TIER_50 → TIER_1K) once the last read is an hour old, without a restart', async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    const clock = () => now;
    const h = await startCloud({
      setup: (fake) => (fake.phone = { ...fake.phone, tier: 'TIER_50' }),
      clock,
      sender: (fake) =>
        createCloudSender({
          phoneNumberId: FAKE_PHONE_NUMBER_ID,
          wabaId: FAKE_WABA_ID,
          token: FAKE_TOKEN,
          appSecret: FAKE_APP_SECRET,
          graphApiUrl: fake.url,
          perSecond: 80,
          logger: silentLogger(),
          clock,
        }),
    });
    running.push(h);
    const { app } = h.t;
    expect(app.engine.pacer.dailyCap).toBe(50);
    h.fake.phone = { ...h.fake.phone, tier: 'TIER_1K' };
    // Within the hour the last read stands: Meta is not asked again.
    const reads = h.fake.phoneReads.length;
    expect((await h.sender.freshPhoneInfo())?.dailyLimit).toBe(50);
    expect(h.fake.phoneReads).toHaveLength(reads);

    now = new Date(now.getTime() + PHONE_INFO_MAX_AGE_MS + 1000);
    await seedCustomers(app, 60);
    const campaign = await app.campaigns.create(draft('After the raise'), CLI_ACTOR);
    await h.t.waitForCampaign(campaign.id, ['completed']);
    expect(h.fake.accepted).toHaveLength(60);
    expect(app.engine.pacer.dailyCap).toBe(1_000);
  }, 60_000);
});
