import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramNotifier } from '../../../src/bots/telegram/index.js';
import { FakeTelegramApi } from '../../fakes/telegram-api.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { ADMIN_ID, GROUP, say, startBotHarness } from './harness.js';
import { sleep } from '../../helpers/wait.js';

const ADMIN_ID_CHAT = { id: ADMIN_ID.id, type: 'private' as const };

let fake: FakeTelegramApi | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await fake?.close();
  test = fake = undefined;
});

/** A worker process with the Telegram notifier, a daily cap of 5 and 9 customers: the campaign pauses at the cap. */
async function pausedAtCap() {
  fake = await FakeTelegramApi.start();
  test = await startTestApp({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id),
    DAILY_CAP: '5',
  });
  const notifier = createTelegramNotifier(test.app);
  test.app.notifiers.register(notifier);
  test.app.onClose(() => notifier.close());
  await seedCustomers(test.app, 9);
  const campaign = await test.app.campaigns.create({ title: 'Batas', template: 'Halo', audience: { kind: 'all' } }, CLI_ACTOR);
  await test.waitForCampaign(campaign.id, ['paused']);
  const alert = await fake.waitForMessage(GROUP.id, /dijeda otomatis/);
  return { fake, test, campaign, alert };
}

function buttonData(markup: unknown): string[] {
  const rows = (markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((b) => b.callback_data ?? '');
}

describe('Telegram alert buttons follow the campaign status', () => {
  it('a pause at the cap says when sending continues and offers Cancel only; the button goes once the campaign is resumed', async () => {
    const { fake, test, campaign, alert } = await pausedAtCap();
    // It continues by itself at the reset: no "resume with …", no Resume button.
    expect(alert.text).toContain('Pengiriman berlanjut otomatis pukul 00:00');
    expect(alert.text).not.toMatch(/resume/i);
    expect(buttonData(alert.replyMarkup)).toEqual([`cmp:cancel:${campaign.id}`]);
    const text = alert.text;
    test.app.engine.pacer.setDailyCap(50);
    await test.app.campaigns.resume(campaign.id, CLI_ACTOR);
    await expect.poll(() => buttonData(fake.message(GROUP.id, alert.messageId)?.replyMarkup), { timeout: 10_000 }).toEqual([]);
    // Only the keyboard changed: the words of the alert stay as they were posted.
    expect(fake.message(GROUP.id, alert.messageId)?.text).toBe(text);
    await test.waitForCampaign(campaign.id, ['completed']);
    await expect.poll(() => fake.callsOf('sendMessage').filter((c) => /Selesai|selesai/.test(String(c.params.text))).length).toBeGreaterThan(0);
    // One edit of the alert in all: it is not touched again on every later progress view.
    const alertEdits = fake.callsOf('editMessageReplyMarkup').filter((c) => Number(c.params.message_id) === alert.messageId);
    expect(alertEdits).toHaveLength(1);
  });

  it('takes the buttons off when the paused campaign is cancelled', async () => {
    const { fake, test, campaign, alert } = await pausedAtCap();
    expect(buttonData(alert.replyMarkup)).toHaveLength(1);
    await test.app.campaigns.cancel(campaign.id, CLI_ACTOR);
    await expect.poll(() => buttonData(fake.message(GROUP.id, alert.messageId)?.replyMarkup), { timeout: 10_000 }).toEqual([]);
  });

  it('keeps Cancel (and offers no Resume) while a resume at the cap waits for the reset (the campaign is still paused)', async () => {
    const { fake, test, campaign, alert } = await pausedAtCap();
    await test.app.campaigns.resume(campaign.id, CLI_ACTOR);
    await sleep(500);
    expect(buttonData(fake.message(GROUP.id, alert.messageId)?.replyMarkup)).toEqual([`cmp:cancel:${campaign.id}`]);
  });
});

describe('Telegram /resume at the daily cap', () => {
  it('answers when sending continues, in the admin language, and posts no second alert', async () => {
    const h = await startBotHarness({ DAILY_CAP: '5', SCHEDULE_TIMEZONE: 'Asia/Jakarta', TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id) });
    try {
      await seedCustomers(h.test.app, 9);
      const campaign = await h.test.app.campaigns.create({ title: 'Batas', template: 'Halo', audience: { kind: 'all' } }, CLI_ACTOR);
      await h.test.waitForCampaign(campaign.id, ['paused']);
      await h.fake.waitForMessage(GROUP.id, /dijeda otomatis/);
      const answer = await say(h, ADMIN_ID, ADMIN_ID_CHAT, `/resume ${campaign.id}`, /Batas harian|dilanjutkan/);
      expect(answer.text).toBe('Batas harian tercapai; pengiriman berlanjut otomatis besok 00:00 (Asia/Jakarta).');
      await sleep(1000);
      expect((await h.test.app.campaigns.get(campaign.id)).status).toBe('paused');
      expect(h.fake.botMessages(GROUP.id).filter((m) => /dijeda otomatis/.test(m.text ?? ''))).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
