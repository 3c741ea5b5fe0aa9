import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../helpers/seed.js';
import { FakeGraphApi } from '../../fakes/graph-api.js';
import { ADMIN, ADMIN_CHAT, buttonLabels, press, say, sendNow, startBotHarness, type BotHarness } from '../../bots/telegram/harness.js';
import { cloudEnv } from './harness.js';

let h: BotHarness | undefined;
let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await h?.close();
  await graph?.stop();
  h = undefined;
  graph = undefined;
});

describe('the /broadcast wizard on a Cloud API number (fake Bot API + fake Graph API)', () => {
  it('picks an approved template, maps its parameters (re-asking after a bad one) and sends it per recipient', async () => {
    graph = await new FakeGraphApi().start();
    h = await startBotHarness(cloudEnv(graph));
    await seedCustomers(h.test.app, 3, 'vip');

    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Promo Desember', /step 2\/4/i);
    const picker = await press(h, ADMIN, ADMIN_CHAT, step2, /All customers/, /Step 3\/4 — Choose an approved template/);
    expect(buttonLabels(picker)).toEqual(['order_update (en)', 'promo_desember (id)', '✖ Cancel']);

    const mark = h.fake.mark();
    await press(h, ADMIN, ADMIN_CHAT, picker, /promo_desember/, /Value for \{\{1\}\}/);
    const chosen = await h.fake.waitForMessage(ADMIN_CHAT.id, /^Template: promo_desember \(id\)/, mark);
    expect(chosen.text).toBe('Template: promo_desember (id)\nHalo {{1}}, ada {{2}} untuk Anda!');

    // A malformed parameter: the shared rule refuses it and every parameter is asked again.
    await say(h, ADMIN, ADMIN_CHAT, '{{name', /Value for \{\{2\}\}/);
    const again = h.fake.mark();
    await say(h, ADMIN, ADMIN_CHAT, 'Promo Desember', /Value for \{\{1\}\}/);
    await h.fake.waitForMessage(ADMIN_CHAT.id, /Invalid template/, again);

    await say(h, ADMIN, ADMIN_CHAT, '{{name|Pelanggan}}', /Value for \{\{2\}\}/);
    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Promo Desember', /Preview of/);
    expect(preview.text).toContain('Halo Customer 0, ada Promo Desember untuk Anda!');
    expect(preview.text).toContain('To send: 3 recipients');

    const { campaign } = await sendNow(h, ADMIN_CHAT, preview);
    expect(campaign.whatsappTemplate).toEqual({ name: 'promo_desember', language: 'id', params: { '1': '{{name|Pelanggan}}', '2': 'Promo Desember' } });
    await h.test.waitForCampaign(campaign.id, ['completed']);
    expect(graph.accepted.map((m) => m.template?.params).sort()).toEqual([
      ['Customer 0', 'Promo Desember'],
      ['Customer 1', 'Promo Desember'],
      ['Customer 2', 'Promo Desember'],
    ]);
    // The picker's buttons were taken off once used: the choice cannot be pressed twice.
    expect(buttonLabels(h.fake.message(ADMIN_CHAT.id, picker.messageId)!)).toEqual([]);
  }, 60_000);

  it('warns in the preview that the campaign is over the number\'s 24-hour limit, with no "tomorrow"', async () => {
    graph = await new FakeGraphApi().start();
    graph.phone = { ...graph.phone, tier: 'TIER_50' };
    h = await startBotHarness(cloudEnv(graph));
    await seedCustomers(h.test.app, 60);
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const step2 = await say(h, ADMIN, ADMIN_CHAT, 'Promo Desember', /step 2\/4/i);
    const picker = await press(h, ADMIN, ADMIN_CHAT, step2, /All customers/, /Step 3\/4 — Choose an approved template/);
    await press(h, ADMIN, ADMIN_CHAT, picker, /promo_desember/, /Value for \{\{1\}\}/);
    await say(h, ADMIN, ADMIN_CHAT, '{{name|Pelanggan}}', /Value for \{\{2\}\}/);
    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Promo Desember', /Preview of/);
    expect(preview.text).toContain("Over Meta's 24-hour limit of 50 unique customers (0 in the last 24 hours, 60 in this campaign)");
    expect(preview.text).toContain('continues automatically as soon as it frees up');
    expect(preview.text).not.toContain('tomorrow');
  }, 60_000);
});
