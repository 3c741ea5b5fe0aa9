/**
 * An admin's full walk of the /broadcast wizard on a Cloud API number (issue 16), in Indonesian and in English,
 * with the usual mistakes: a sticker at a text step, an old button pressed after the draft moved on, Send pressed
 * twice, a second /broadcast in the middle of a wizard. Every text the bot shows is read for the other language's
 * words and for raw codes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../src/whatsapp/accounts.js';
import { seedCustomers } from '../helpers/seed.js';
import { sleep } from '../helpers/wait.js';
import { FakeGraphApi } from '../fakes/graph-api.js';
import type { FakeChat, FakeUser } from '../fakes/telegram-api.js';
import { ADMIN, ADMIN_ID, buttonData, press, say, startBotHarness, type BotHarness } from '../bots/telegram/harness.js';
import { cloudEnv } from '../whatsapp/cloud/harness.js';

let h: BotHarness | undefined;
let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await h?.close();
  await graph?.stop();
  h = undefined;
  graph = undefined;
});

/** Every text the bot sent, edited in or answered to a button press, oldest first. */
function shownTexts(h: BotHarness): string[] {
  return h.fake.calls
    .filter((c) => ['sendMessage', 'editMessageText', 'answerCallbackQuery', 'sendPhoto', 'editMessageCaption'].includes(c.method))
    .map((c) => String(c.params.text ?? c.params.caption ?? ''))
    .filter((text) => text !== '');
}

const RAW = /undefined|\bnull\b|\[object Object\]|NaN|daily_cap|tier_cap|cloud_\w+|WHATSAPP_\w+|[^\d.,]0 ?[sd]\b/;
const ENGLISH_IN_ID = /\b(the|and|sent|failed|number|choose|send|value|step|waiting|recipients?|preview|template:|wizard)\b/i;

const WALKS = [
  { locale: 'id' as const, user: ADMIN_ID },
  { locale: 'en' as const, user: ADMIN },
];

describe.each(WALKS)('the Cloud API wizard walked by an admin ($locale)', ({ locale, user }) => {
  it('reads right from /broadcast to the summary, mistakes included', async () => {
    const chat: FakeChat = { id: user.id, type: 'private' };
    graph = await new FakeGraphApi().start();
    h = await startBotHarness(cloudEnv(graph, { BOT_LOCALE: locale, WORKER_LOCK_MS: '3000' }));
    await seedCustomers(h.test.app, 3, 'vip');
    await addAccount(h.test.app.store, { name: 'toko-b', driver: 'dry-run' });
    const u: FakeUser = user;

    await say(h, u, chat, '/broadcast', /1\/4/);
    const ask = await say(h, u, chat, 'Promo Desember', /Dari nomor mana|Which number/);
    const staleNumber = buttonData(ask, /toko-b/);
    const pickNumber = h.fake.mark();
    await press(h, u, chat, ask, /^default/, /Dikirim dari nomor default|Sent from number default/);
    const step2 = await h.fake.waitForMessage(chat.id, /2\/4/, pickNumber);
    const picker = await press(h, u, chat, step2, /Semua pelanggan|All customers/, /3\/4/);
    await press(h, u, chat, picker, /promo_desember/, /\{\{1\}\}/);

    // A sticker where a text is expected.
    const beforeSticker = h.fake.mark();
    h.fake.sendSticker(u, chat);
    await h.fake.waitForMessage(chat.id, /\{\{1\}\}/, beforeSticker);
    const afterSticker = shownTexts(h).length;

    await say(h, u, chat, '{{name|Pelanggan}}', /\{\{2\}\}/);
    const preview = await say(h, u, chat, 'Promo Desember', /4\/4/);

    // An old button: the number question, pressed again now that the draft is at its preview.
    h.fake.pressButton(u, chat, ask.messageId, staleNumber);
    await sleep(300);

    // Send pressed twice.
    const send = buttonData(preview, /Kirim sekarang|Send now/);
    const beforeSend = h.fake.mark();
    h.fake.pressButton(u, chat, preview.messageId, send);
    h.fake.pressButton(u, chat, preview.messageId, send);
    await h.fake.waitForMessage(chat.id, /Broadcast (Sedang Diproses|Menunggu|In Progress|Waiting)/, beforeSend);
    const [campaign] = await h.test.app.campaigns.list({ limit: 5 });
    await h.test.waitForCampaign(campaign!.id, ['completed'], 30_000);
    await sleep(1500);

    // A second /broadcast in the middle of a wizard.
    await say(h, u, chat, '/broadcast', /1\/4/);
    await say(h, u, chat, 'Promo kedua', /Dari nomor mana|Which number/);
    const second = h.fake.mark();
    h.fake.sendText(u, chat, '/broadcast');
    await sleep(800);

    const texts = shownTexts(h);
    // WALK_PRINT=1 prints the whole walk to read it.
    if (process.env.WALK_PRINT) console.log(`---- ${locale} walk ----\n${texts.map((text, i) => `[${i}] ${text}`).join('\n')}\n---- sticker answered by text ${afterSticker - 1}, second /broadcast from call ${second}`);
    // One campaign, sent once; the second press of Send says where the sent one is.
    expect(graph.accepted).toHaveLength(3);
    expect(texts).toContain(
      locale === 'id'
        ? 'Tombol ini tidak berlaku lagi: broadcast itu sudah dikirim, dibatalkan atau ditutup. /campaigns menampilkan yang sudah dikirim; /broadcast memulai yang baru.'
        : 'This button no longer works: that broadcast was already sent, cancelled or closed. /campaigns shows what was sent; /broadcast starts a new one.',
    );
    for (const text of texts) {
      expect(text, text).not.toMatch(RAW);
      if (locale === 'id') expect(text, text).not.toMatch(ENGLISH_IN_ID);
    }
  }, 90_000);
});
