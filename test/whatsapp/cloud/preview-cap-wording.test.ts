/**
 * The preview's cap wording follows the number the campaign is sent from (issue 16): a dry-run or Baileys number's
 * daily cap resets at midnight, a Cloud number's limit frees up over a moving 24 hours, whatever `default` is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { seedCustomers } from '../../helpers/seed.js';
import { startCloud, type CloudHarness } from './harness.js';

let running: CloudHarness | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("the preview's cap of the chosen number", () => {
  it('is a calendar-day cap for a dry-run number beside a Cloud default, and the 24-hour limit for the Cloud one', async () => {
    const h = await startCloud({ env: { BOT_LOCALE: 'en' }, setup: (fake) => (fake.phone = { ...fake.phone, tier: 'TIER_50' }) });
    running = h;
    const { app } = h.t;
    await seedCustomers(app, 60);
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run', pace: { dailyCap: 10 } });
    const draft = (account: string) => ({ title: 'Promo', template: 'Halo {{name|Pelanggan}}', audience: { kind: 'all' as const }, account });

    expect(await app.campaigns.preview(draft('toko-b'))).toMatchObject({ dailyCap: 10, overDailyCap: true, dailyCapRolling: false });
    const cloudDraft = { ...draft('default'), whatsappTemplate: { name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'Promo' } } };
    expect(await app.campaigns.preview(cloudDraft)).toMatchObject({ dailyCap: 50, overDailyCap: true, dailyCapRolling: true });
  }, 60_000);
});
