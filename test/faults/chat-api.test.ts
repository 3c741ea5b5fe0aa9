/**
 * The Telegram Bot API answering 5xx for a while mid-campaign: sending goes on, the progress message catches up
 * once the API is back, and the completion summary is delivered exactly once. The outage lasts 3 s here and 60 s
 * under `npm run test:faults`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../helpers/seed.js';
import { ADMIN, ADMIN_CHAT, press, progressCounts, sendNow, startBotHarness, wizardToPreview, type BotHarness } from '../bots/telegram/harness.js';
import { LONG, waitUntil } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const OUTAGE_MS = LONG ? 60_000 : 3_000;
const TOTAL = LONG ? 1500 : 80;

describe('fault: the chat API is down for a while', () => {
  it(`Bot API 502 for ${OUTAGE_MS / 1000} s mid-campaign: sending continues, progress catches up, one summary`, async () => {
    h = await startBotHarness({ DRY_RUN_LATENCY_MS: '25', CAMPAIGN_LANES: '1', PROGRESS_INTERVAL_MS: '300' });
    const harness = h;
    await seedCustomers(harness.test.app, TOTAL);
    const preview = await wizardToPreview(
      harness,
      ADMIN_CHAT,
      'Outage',
      async (step2) => void (await press(harness, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i)),
      'Halo {{name}}',
    );
    const { progress, campaign } = await sendNow(harness, ADMIN_CHAT, preview);
    await harness.fake.waitUntil(() => (harness.fake.message(ADMIN_CHAT.id, progress.messageId)?.history.length ?? 0) >= 2, 'a first edit');

    let outage = true;
    const down = { error_code: 502, description: 'Bad Gateway' };
    for (const method of ['editMessageText', 'sendMessage']) harness.fake.failNext(method, down, 1_000_000, () => outage);
    const sentBefore = harness.test.outbox().length;
    const outageEnds = Date.now() + OUTAGE_MS;
    // The campaign finishes during the outage, so its summary must wait for the API too.
    await harness.test.waitForCampaign(campaign.id, ['completed'], 120_000);
    await new Promise((r) => setTimeout(r, Math.max(1000, outageEnds - Date.now())));
    expect(harness.test.outbox().length).toBeGreaterThan(sentBefore);
    expect(harness.fake.callsOf('editMessageText').some((c) => !c.ok && c.errorCode === 502)).toBe(true);
    outage = false;

    await waitUntil(
      'the progress message at 100 %',
      () => progressCounts(harness.fake.message(ADMIN_CHAT.id, progress.messageId)!).at(-1)?.done === TOTAL,
      60_000,
    );
    const summaries = () => harness.fake.botMessages(ADMIN_CHAT.id).filter((m) => /WhatsApp Broadcast Finished/.test(m.text ?? ''));
    await waitUntil('the summary', () => summaries().length > 0, 60_000);
    // Give a duplicate every chance to show up.
    await new Promise((r) => setTimeout(r, 2000));
    expect(summaries()).toHaveLength(1);
  }, LONG ? 300_000 : 120_000);
});
