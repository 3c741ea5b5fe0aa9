/**
 * The pre-send risk report of a Cloud API number: its rules about numbers never messaged or not checked on
 * WhatsApp protect a linked (Baileys) number from a ban and do not apply on Meta's official route, where
 * approved templates to customers who never wrote are how business messaging starts. Before, every Cloud
 * campaign to new customers was 🔴 high risk (and needed approval under APPROVAL_ON_HIGH_RISK).
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

const MESSAGE = 'Halo {{name|Pelanggan}}, promo di toko.id/promo. Balas STOP untuk berhenti.';
const TEMPLATE = { name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'toko.id/promo' } };

describe('the risk report of a Cloud API number', () => {
  it('leaves out the cold and unchecked rules, which still make a linked number high risk', async () => {
    const h = await startCloud({ env: { BOT_LOCALE: 'en', APPROVAL_ON_HIGH_RISK: 'true' }, setup: (fake) => (fake.phone = { ...fake.phone, tier: 'TIER_1K' }) });
    running = h;
    const { app } = h.t;
    await seedCustomers(app, 30);
    await addAccount(app.store, { name: 'toko-b', driver: 'dry-run' });
    const draft = { title: 'Promo', template: MESSAGE, audience: { kind: 'all' as const } };

    const linked = (await app.campaigns.preview({ ...draft, account: 'toko-b' })).risk;
    expect(linked.level).toBe('high');
    expect(linked.reasons.map((r) => r.code)).toEqual(['mostly_cold', 'link_to_cold', 'mostly_unchecked']);

    const cloudDraft = { ...draft, account: 'default', whatsappTemplate: TEMPLATE };
    const cloud = (await app.campaigns.preview(cloudDraft)).risk;
    expect(cloud).toMatchObject({ cloudApi: true, cold: 30, unchecked: 30, level: 'low', reasons: [] });

    // Under APPROVAL_ON_HIGH_RISK the Cloud campaign starts at once; the linked one waits for a second admin.
    const actor = { surface: 'cli' as const, userId: 'ani' };
    expect((await app.campaigns.create(cloudDraft, actor)).status).not.toBe('awaiting_approval');
    expect((await app.campaigns.create({ ...draft, account: 'toko-b' }, actor)).status).toBe('awaiting_approval');
  }, 60_000);
});
