/** The wizard step "from which number?" in Telegram (issue 16): asked only with several sender numbers. */
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../../src/whatsapp/accounts.js';
import { seedCustomers } from '../../helpers/seed.js';
import { sleep } from '../../helpers/wait.js';
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FAKE_WABA_ID, FakeGraphApi } from '../../fakes/graph-api.js';
import { ADMIN, ADMIN_CHAT, buttonLabels, press, say, sendNow, startBotHarness, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await h?.close();
  await graph?.stop();
  h = undefined;
  graph = undefined;
});

describe('the /broadcast wizard with several numbers', () => {
  it('asks which number after the title, binds the buttons to the draft, and sends the campaign from the chosen one', async () => {
    h = await startBotHarness({ BOT_LOCALE: 'en', WORKER_LOCK_MS: '3000' });
    await seedCustomers(h.test.app, 5, 'vip');
    await addAccount(h.test.app.store, { name: 'toko-b', driver: 'dry-run' });

    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const ask = await say(h, ADMIN, ADMIN_CHAT, 'Promo cabang B', /Which number should this campaign be sent from\?/);
    expect(buttonLabels(ask)).toEqual(['default · dry run, to the outbox', 'toko-b · dry run, to the outbox', '✖ Cancel']);
    const data = (ask.replyMarkup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat().map((b) => b.callback_data);
    // Bound to this wizard run: wz:<draft id>:acc:use.<name>.
    expect(data[1]).toMatch(/^wz:[0-9a-f]{10}:acc:use\.toko-b$/);

    const mark = h.fake.mark();
    await press(h, ADMIN, ADMIN_CHAT, ask, /toko-b/, /Sent from number toko-b\./);
    const step2 = await h.fake.waitForMessage(ADMIN_CHAT.id, /step 2\/4/i, mark);
    // The used buttons are gone, and a second press of the stale button does nothing.
    const afterPress = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, ask.messageId, data[0] as string);
    await sleep(300);
    const texts = h.fake.calls.slice(afterPress).filter((c) => c.method === 'sendMessage').map((c) => String(c.params.text));
    expect(texts.filter((text) => /Sent from number/.test(text))).toEqual([]);

    await press(h, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
    const preview = await say(h, ADMIN, ADMIN_CHAT, 'Halo {{name}}', /Preview of/);
    const { campaign } = await sendNow(h, ADMIN_CHAT, preview);
    expect(campaign.account).toBe('toko-b');
    await h.test.waitForCampaign(campaign.id, ['completed'], 30_000);
    expect(h.test.outbox().filter((line) => line.campaignId === campaign.id)).toHaveLength(5);
  });

  it('after choosing a Cloud number, picks among that number\'s approved templates and sends from it', async () => {
    graph = await new FakeGraphApi().start();
    h = await startBotHarness({
      BOT_LOCALE: 'en',
      WORKER_LOCK_MS: '3000',
      WHATSAPP_CLOUD_TOKEN: FAKE_TOKEN,
      WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
      GRAPH_API_URL: graph.url,
      CLOUD_SEND_PER_SECOND: '80',
    });
    await seedCustomers(h.test.app, 3, 'vip');
    await addAccount(h.test.app.store, { name: 'toko-cloud', driver: 'cloud', phoneNumberId: FAKE_PHONE_NUMBER_ID, wabaId: FAKE_WABA_ID });

    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const ask = await say(h, ADMIN, ADMIN_CHAT, 'Promo Cloud', /Which number should this campaign be sent from\?/);
    const mark = h.fake.mark();
    await press(h, ADMIN, ADMIN_CHAT, ask, /toko-cloud/, /Sent from number toko-cloud\./);
    const step2 = await h.fake.waitForMessage(ADMIN_CHAT.id, /step 2\/4/i, mark);
    // The default number is dry-run (free text); the chosen Cloud number's templates replace the message step.
    const picker = await press(h, ADMIN, ADMIN_CHAT, step2, /All customers/, /Step 3\/4 — Choose an approved template/);
    expect(buttonLabels(picker)).toEqual(['order_update (en)', 'promo_desember (id)', '✖ Cancel']);
    await press(h, ADMIN, ADMIN_CHAT, picker, /order_update/, /Value for \{\{1\}\}/);
    const preview = await say(h, ADMIN, ADMIN_CHAT, '{{name|there}}', /Preview of/);
    const { campaign } = await sendNow(h, ADMIN_CHAT, preview);
    expect(campaign.account).toBe('toko-cloud');
    expect(campaign.whatsappTemplate).toEqual({ name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } });
    await h.test.waitForCampaign(campaign.id, ['completed'], 30_000);
    expect(graph.accepted.map((m) => m.template?.name)).toEqual(['order_update', 'order_update', 'order_update']);
    expect(h.test.outbox().filter((line) => line.campaignId === campaign.id)).toHaveLength(0);
  }, 60_000);

  it('does not ask with only the default number', async () => {
    h = await startBotHarness({ BOT_LOCALE: 'en' });
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    await say(h, ADMIN, ADMIN_CHAT, 'Promo', /step 2\/4/i);
    const texts = h.fake.calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.params.text));
    expect(texts.some((text) => /Which number/.test(text))).toBe(false);
  });
});
