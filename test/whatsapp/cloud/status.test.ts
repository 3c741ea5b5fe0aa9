import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsAppAdmin, describeStatus } from '../../../src/whatsapp/admin.js';
import { seedCustomers } from '../../helpers/seed.js';
import { FAKE_TOKEN } from '../../fakes/graph-api.js';
import { startCloud, type CloudHarness } from './harness.js';

let running: CloudHarness[] = [];
afterEach(async () => {
  for (const h of running) await h.close();
  running = [];
});

describe('a Cloud API number\'s tier and quality', () => {
  it('are shown by /whatsapp status, in the preview, and the tier is the daily cap', async () => {
    const h = await startCloud({ setup: (fake) => (fake.phone = { ...fake.phone, tier: 'TIER_1K', quality: 'YELLOW' }) });
    running.push(h);
    const admin = createWhatsAppAdmin(h.t.app);
    const view = await admin.status();
    expect(view.driver).toBe('cloud');
    expect(view.cloud).toMatchObject({ tier: 'TIER_1K', dailyLimit: 1000, qualityRating: 'YELLOW', verifiedName: 'Toko Contoh' });
    expect(describeStatus(view, 'en')).toBe('✅ WhatsApp Cloud API: +62 811-0000-0001 (Toko Contoh). Messaging limit: 1,000 unique customers per 24 hours. Quality: 🟡 medium.');
    expect(describeStatus(view, 'id')).toBe('✅ WhatsApp Cloud API: +62 811-0000-0001 (Toko Contoh). Batas pesan: 1.000 pelanggan unik per 24 jam. Kualitas: 🟡 sedang.');

    // The tier is the account's daily cap, paced per second.
    expect(h.t.app.engine.pacer.dailyCap).toBe(1000);
    // 80/s exactly: slots are kept in microseconds, so 12.5 ms is not rounded up to 13 (which gave 76.9/s).
    expect(h.t.app.engine.pacer.effectiveRatePerMinute).toBe(80 * 60);
    await seedCustomers(h.t.app, 5);
    // A Cloud number previews template campaigns only (the template rule).
    const preview = await h.t.app.campaigns.preview({
      title: 'P',
      template: 'Halo {{name}}',
      whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } },
      audience: { kind: 'all' },
    });
    expect(preview.newChatQuota).toMatchObject({ total: 1000, used: 0, remaining: 1000 });
    expect(preview.dailyCap).toBe(1000);

    // A token Meta no longer takes: the status says so in words, not codes.
    h.fake.token = `${FAKE_TOKEN}-revoked`;
    const broken = await admin.status();
    expect(broken.cloud).toBeNull();
    expect(describeStatus(broken, 'en')).toContain('the access token expired or was revoked');
    expect(describeStatus(broken, 'id')).toContain('token akses Cloud API kedaluwarsa');
  });

  it("says a tier not known yet (TIER_NOT_SET) is capped at Meta's starting 250, and caps at it", async () => {
    const h = await startCloud({ setup: (fake) => (fake.phone = { ...fake.phone, tier: 'TIER_NOT_SET' }) });
    running.push(h);
    const view = await createWhatsAppAdmin(h.t.app).status();
    expect(describeStatus(view, 'en')).toContain('Messaging limit: not known yet: capped at 250 unique customers per 24 hours until Meta answers.');
    expect(describeStatus(view, 'id')).toContain('Batas pesan: belum diketahui: dibatasi 250 pelanggan unik per 24 jam sampai Meta menjawab.');
    expect(h.t.app.engine.pacer.dailyCap).toBe(250);
    await seedCustomers(h.t.app, 5);
    const preview = await h.t.app.campaigns.preview({
      title: 'P',
      template: 'Halo {{name}}',
      whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } },
      audience: { kind: 'all' },
    });
    expect(preview.newChatQuota).toMatchObject({ total: 250, used: 0, remaining: 250 });
    expect(preview.dailyCap).toBe(250);
  });
});
