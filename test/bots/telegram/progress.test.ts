import { afterEach, describe, expect, it } from 'vitest';
import type { FakeChat } from '../../fakes/telegram-api.js';
import { seedCustomers } from '../../helpers/seed.js';
import {
  ADMIN,
  ADMIN_CHAT,
  GROUP,
  buttonData,
  buttonLabels,
  expectNoEditErrors,
  press,
  progressCounts,
  sendNow,
  startBotHarness,
  wizardToPreview,
  type BotHarness,
} from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function startCampaign(harness: BotHarness, chat: FakeChat, count: number, title = 'Kampanye') {
  await seedCustomers(harness.test.app, count);
  const preview = await wizardToPreview(
    harness,
    chat,
    title,
    async (step2) => void (await press(harness, ADMIN, chat, step2, /All customers/, /step 3\/4/i)),
    'Halo {{name}}',
  );
  return sendNow(harness, chat, preview);
}

/** Edits of one message, as the fake recorded them (successful or not). */
function editsOf(harness: BotHarness, chatId: number, messageId: number) {
  return harness.fake
    .callsOf('editMessageText')
    .filter((c) => Number(c.params.chat_id) === chatId && Number(c.params.message_id) === messageId);
}

describe('the progress message', () => {
  it('Pause, Resume and Cancel buttons control the campaign, and the message follows', async () => {
    h = await startBotHarness({ DRY_RUN_LATENCY_MS: '150', CAMPAIGN_LANES: '1' });
    const { progress, campaign } = await startCampaign(h, ADMIN_CHAT, 60);
    await h.fake.waitUntil(
      () => (h!.fake.message(ADMIN_CHAT.id, progress.messageId)?.history.length ?? 0) >= 2,
      'a first edit',
    );

    let mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, progress.messageId, `cmp:pause:${campaign.id}`);
    const paused = await h.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery',
      'the pause answer',
      10_000,
      mark,
    );
    expect(paused.params.text).toBe("⏸ Campaign 'Kampanye' paused.");
    await h.test.waitForCampaign(campaign.id, ['paused']);
    await h.fake.waitUntil(
      () => /Status: paused/.test(h!.fake.message(ADMIN_CHAT.id, progress.messageId)?.text ?? ''),
      'the paused status',
    );
    // The buttons follow allowedActions: paused → Resume and Cancel, no Pause.
    await h.fake.waitUntil(
      () => buttonLabels(h!.fake.message(ADMIN_CHAT.id, progress.messageId)!).join() === '▶ Resume,✖ Cancel',
      'the paused buttons',
    );
    const sentWhilePaused = h.test.outbox().length;
    expect(sentWhilePaused).toBeLessThan(60);

    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, progress.messageId, `cmp:resume:${campaign.id}`);
    await h.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.params.text === "▶ Campaign 'Kampanye' resumed.",
      'resume',
      10_000,
      mark,
    );
    await h.fake.waitUntil(() => h!.test.outbox().length > sentWhilePaused + 2, 'sending again');

    // Cancel asks first; "No" keeps sending, "Yes" cancels.
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, progress.messageId, `cmp:cancel:${campaign.id}`);
    const ask = await h.fake.waitForMessage(ADMIN_CHAT.id, /Cancel campaign 'Kampanye'\?/, mark);
    expect(buttonLabels(ask)).toEqual(['✖ Yes, cancel', '↩ No, keep sending']);
    await press(h, ADMIN, ADMIN_CHAT, ask, /No, keep sending/, /Campaign 'Kampanye' carries on\./);
    expect((await h.test.app.campaigns.get(campaign.id)).status).toBe('processing');
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, progress.messageId, `cmp:cancel:${campaign.id}`);
    const again = await h.fake.waitForMessage(ADMIN_CHAT.id, /Cancel campaign 'Kampanye'\?/, mark);
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, again.messageId, buttonData(again, /Yes, cancel/));
    await h.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.params.text === "✖ Campaign 'Kampanye' cancelled.",
      'cancel',
      10_000,
      mark,
    );
    // The answered question loses its buttons.
    await h.fake.waitUntil(() => h!.fake.message(ADMIN_CHAT.id, again.messageId)?.replyMarkup === undefined, 'confirm buttons gone');
    await h.test.waitForCampaign(campaign.id, ['cancelled']);
    const summary = await h.fake.waitForMessage(ADMIN_CHAT.id, /dibatalkan|was cancelled/);
    const final = await h.test.app.campaigns.get(campaign.id);
    expect(final.counts.sent).toBe(h.test.outbox().length);
    expect(summary.text).toContain(`Sent: ${final.counts.sent}, Failed: 0, Not sent: ${60 - final.counts.sent}`);
    await h.fake.waitUntil(
      () => h!.fake.message(ADMIN_CHAT.id, progress.messageId)?.replyMarkup === undefined,
      'the final edit',
    );
    expect(h.fake.message(ADMIN_CHAT.id, progress.messageId)?.text).toContain('Status: cancelled');

    // A button on a finished campaign says why nothing happened.
    mark = h.fake.mark();
    h.fake.pressButton(ADMIN, ADMIN_CHAT, progress.messageId, `cmp:resume:${campaign.id}`);
    const refused = await h.fake.waitForCall((c) => c.method === 'answerCallbackQuery', 'the refusal', 10_000, mark);
    expect(refused.params.text).toMatch(new RegExp(`Campaign ${campaign.id} was cancelled; it cannot be resumed`));
    expectNoEditErrors(h);
  });

  it('a 429 on an edit holds later edits back for retry_after, and the last edit still shows the final counts', async () => {
    h = await startBotHarness(
      { DRY_RUN_LATENCY_MS: '80', CAMPAIGN_LANES: '1' },
      { notifier: { limits: { privateMinIntervalMs: 0 } } },
    );
    h.fake.failNext('editMessageText', {
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      retry_after: 2,
    });
    const { progress, campaign } = await startCampaign(h, ADMIN_CHAT, 40);
    await h.test.waitForCampaign(campaign.id, ['completed']);
    await h.fake.waitUntil(
      () => h!.fake.message(ADMIN_CHAT.id, progress.messageId)?.replyMarkup === undefined,
      'the final edit',
    );

    const edits = editsOf(h, ADMIN_CHAT.id, progress.messageId);
    const limited = edits.findIndex((c) => c.errorCode === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    const after = edits[limited + 1];
    expect(after).toBeDefined();
    // Nothing was sent to that chat before retry_after had passed.
    expect(after!.at - edits[limited]!.at).toBeGreaterThanOrEqual(1950);
    // Nothing is lost: the message ends on the final counts.
    const final = await h.test.app.campaigns.get(campaign.id);
    const counts = progressCounts(h.fake.message(ADMIN_CHAT.id, progress.messageId)!);
    expect(counts[counts.length - 1]).toEqual({
      percent: 100,
      done: final.counts.sent + final.counts.failed,
      total: 40,
    });
    expect(final.counts.sent).toBe(40);
    expectNoEditErrors(h, [429]);
  });

  it('in a group, edits stay under the per-minute limit (scaled down here) and the final edit still arrives', async () => {
    // 3 edits per 2 s stands in for Telegram's 20 a minute, so the test sees the limit bite.
    h = await startBotHarness(
      { DRY_RUN_LATENCY_MS: '100', CAMPAIGN_LANES: '1', TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id) },
      { notifier: { limits: { groupPerWindow: 3, groupWindowMs: 2000 } } },
    );
    const { progress, campaign } = await startCampaign(h, GROUP, 40, 'Grup');
    await h.test.waitForCampaign(campaign.id, ['completed']);
    await h.fake.waitUntil(
      () => h!.fake.message(GROUP.id, progress.messageId)?.replyMarkup === undefined,
      'the final edit',
      20_000,
    );
    const edits = editsOf(h, GROUP.id, progress.messageId).filter((c) => c.ok);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < edits.length; i++) {
      const inWindow = edits.filter((e) => e.at >= edits[i]!.at && e.at < edits[i]!.at + 2000);
      expect(inWindow.length).toBeLessThanOrEqual(3);
    }
    const final = await h.test.app.campaigns.get(campaign.id);
    expect(progressCounts(h.fake.message(GROUP.id, progress.messageId)!).pop()).toEqual({
      percent: 100,
      done: final.counts.sent + final.counts.failed,
      total: 40,
    });
    // Started in the admin group by an English-speaking admin: the summary follows the starter's language.
    await h.fake.waitForMessage(GROUP.id, /WhatsApp Broadcast Finished — Campaign 'Grup' has been sent\. Sent: 40/);
    expectNoEditErrors(h);
  });

  it('"message is not modified" from Telegram counts as delivered: no retry, no error for the user', async () => {
    h = await startBotHarness(
      { DRY_RUN_LATENCY_MS: '40', CAMPAIGN_LANES: '1' },
      { notifier: { limits: { privateMinIntervalMs: 0 } } },
    );
    h.fake.failNext('editMessageText', {
      error_code: 400,
      description:
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same',
    });
    const { progress, campaign } = await startCampaign(h, ADMIN_CHAT, 20);
    await h.test.waitForCampaign(campaign.id, ['completed']);
    await h.fake.waitUntil(
      () => h!.fake.message(ADMIN_CHAT.id, progress.messageId)?.replyMarkup === undefined,
      'the final edit',
    );
    const edits = editsOf(h, ADMIN_CHAT.id, progress.messageId);
    expect(edits.filter((c) => !c.ok)).toHaveLength(1);
    // The content that met "not modified" was taken as shown, so it was not sent again.
    const rejected = edits.find((c) => !c.ok)!;
    expect(edits.filter((c) => c.ok && c.params.text === rejected.params.text)).toHaveLength(0);
    expect(h.fake.message(ADMIN_CHAT.id, progress.messageId)?.text).toContain('Status: completed');
  });
});
