/** Issue 13, finding 5 (part): link codes never go to a group chat. */
import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsAppAdmin } from '../../src/whatsapp/admin.js';
import { FakeWhatsApp } from '../fakes/baileys-socket.js';
import { ADMIN, ADMIN_CHAT, GROUP, press, say, startBotHarness, wizardToPreview, type BotHarness } from '../bots/telegram/harness.js';
import { seedCustomers } from '../helpers/seed.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('private by default', () => {
  it('/whatsapp link in a Telegram group answers "use a private chat" and posts no QR code there', async () => {
    const wa = new FakeWhatsApp();
    h = await startBotHarness({ WHATSAPP_DRIVER: 'auto' }, (app) => ({ whatsapp: createWhatsAppAdmin(app, { makeSocket: wa.makeSocket }) }));
    const mark = h.fake.mark();
    await say(h, ADMIN, GROUP, '/whatsapp link', /use a private chat with the bot/);
    await say(h, ADMIN, GROUP, '/whatsapp link +6281234567890', /use a private chat with the bot/);
    const sentSince = h.fake.calls.slice(mark);
    expect(sentSince.filter((c) => c.method === 'sendPhoto')).toEqual([]);
    expect(sentSince.some((c) => /Preparing the WhatsApp link/.test(String(c.params.text ?? '')))).toBe(false);
  });
});

describe('private by default: customer data stays out of groups', () => {
  it('the wizard preview in a group shows the message as written, with no customer name or number', async () => {
    h = await startBotHarness();
    const phones = await seedCustomers(h.test.app, 3, 'vip');
    const preview = await wizardToPreview(
      h,
      GROUP,
      'Promo grup',
      async (step2) => void (await press(h!, ADMIN, GROUP, step2, /All customers/, /step 3\/4/i)),
      'Halo {{name|Kak}}, promo!',
    );
    const text = preview.text ?? '';
    expect(text).toContain('Halo {{name|Kak}}, promo!');
    for (const phone of phones) expect(text).not.toContain(phone);
    expect(text).not.toMatch(/Customer \d/);
    expect(text).toMatch(/private chat/);
  });

  it('/campaign ID in a group lists no failed numbers; in a private chat it does', async () => {
    h = await startBotHarness({ DRY_RUN_FAIL_RATE: '1' });
    const phones = await seedCustomers(h.test.app, 3, 'vip');
    const campaign = await h.test.app.campaigns.create({ title: 'Gagal', template: 'x', audience: { kind: 'all' } }, {
      surface: 'cli',
      userId: 'tester',
    });
    await h.test.waitForCampaign(campaign.id, ['completed', 'failed']);
    const inGroup = await say(h, ADMIN, GROUP, `/campaign ${campaign.id}`, new RegExp(campaign.id));
    for (const phone of phones) expect(inGroup.text).not.toContain(phone);
    expect(inGroup.text).toMatch(/private chat/);
    const inPrivate = await say(h, ADMIN, ADMIN_CHAT, `/campaign ${campaign.id}`, new RegExp(campaign.id));
    expect(phones.some((phone) => (inPrivate.text ?? '').includes(phone))).toBe(true);
  });
});
