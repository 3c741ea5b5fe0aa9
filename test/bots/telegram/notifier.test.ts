import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramNotifier, startTelegramBot } from '../../../src/bots/telegram/index.js';
import { FakeTelegramApi } from '../../fakes/telegram-api.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { GROUP } from './harness.js';

let fake: FakeTelegramApi | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await fake?.close();
  test = fake = undefined;
});

async function workerOnly(env: Record<string, string> = {}) {
  fake = await FakeTelegramApi.start();
  test = await startTestApp({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id),
    ...env,
  });
  // A worker process: the notifier alone, no polling.
  const notifier = createTelegramNotifier(test.app);
  test.app.notifiers.register(notifier);
  test.app.onClose(() => notifier.close());
  return { fake, test };
}

describe('starting the bot', () => {
  it('fails with a clear message, without echoing it, when Telegram rejects the token', async () => {
    fake = await FakeTelegramApi.start();
    const wrong = '987654321:AAWrongTokenWrongTokenWrongToken_xyz';
    test = await startTestApp({ TELEGRAM_BOT_TOKEN: wrong, TELEGRAM_API_ROOT: fake.apiRoot });
    const failure = await startTelegramBot(test.app).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toBe(
      'Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather',
    );
    expect(failure?.message).not.toContain(wrong);
  });
});

describe('the Telegram notifier without the bot (a worker process)', () => {
  it('edits a progress message the bot posted, and posts the summary of a CLI campaign in the admin chat', async () => {
    const { fake, test } = await workerOnly({ DRY_RUN_LATENCY_MS: '40', CAMPAIGN_LANES: '1' });
    await seedCustomers(test.app, 20);
    const campaign = await test.app.campaigns.create(
      { title: 'Dari CLI', template: 'Halo', audience: { kind: 'all' } },
      CLI_ACTOR,
    );
    // What the bot process would have done: post the message and register it.
    const posted = await new Api(fake.token, { apiRoot: fake.apiRoot }).sendMessage(GROUP.id, 'starting…');
    await test.app.campaigns.attachProgressMessage(campaign.id, {
      surface: 'telegram',
      chatId: String(GROUP.id),
      messageId: String(posted.message_id),
    });
    await test.waitForCampaign(campaign.id, ['completed']);
    const summary = await fake.waitForMessage(
      GROUP.id,
      /Broadcast WhatsApp Selesai — Campaign 'Dari CLI' selesai dikirim\. Berhasil: 20, Gagal: 0/,
    );
    expect(summary.replyMarkup).toEqual({
      inline_keyboard: [[{ text: '📄 Detail', callback_data: `cmp:details:${campaign.id}` }]],
    });
    await fake.waitUntil(
      () => /Status: selesai/.test(fake.message(GROUP.id, posted.message_id)?.text ?? ''),
      'the final edit',
    );
    expect(fake.message(GROUP.id, posted.message_id)?.text).toContain(
      "✅ Broadcast Selesai — Campaign 'Dari CLI' selesai dikirim ke 20 penerima.",
    );
    expect(fake.message(GROUP.id, posted.message_id)?.text).not.toContain('Sedang mengirim');
    expect(fake.polls).toBe(0);
  });

  it('relays an auto-pause to the admin chat, with the reason and how to continue', async () => {
    const { fake, test } = await workerOnly({
      DRY_RUN_FAIL_RATE: '1',
      MAX_SEND_ATTEMPTS: '1',
      CONSECUTIVE_FAILURE_LIMIT: '3',
    });
    await seedCustomers(test.app, 10);
    const campaign = await test.app.campaigns.create(
      { title: 'Gagal terus', template: 'Halo', audience: { kind: 'all' } },
      CLI_ACTOR,
    );
    await test.waitForCampaign(campaign.id, ['paused']);
    const alert = await fake.waitForMessage(GROUP.id, /dijeda otomatis/);
    expect(alert.text).toContain(
      `⏸ Campaign 'Gagal terus' dijeda otomatis: terlalu banyak kegagalan berturut-turut. Lanjutkan dengan /resume ${campaign.id}.`,
    );
  });
});
