/**
 * The Telegram Bot API down for a while mid-campaign, two ways: answering 502, and refusing connections (the
 * socket destroyed unanswered, getUpdates included). Either way sending goes on, the progress message catches
 * up once the API is back, and the completion summary is delivered exactly once. Each outage lasts 3 s here
 * and 60 s under `npm run test:faults`. The Slack Web API's outages are in chat-api-slack.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../helpers/seed.js';
import { ADMIN, ADMIN_CHAT, press, progressCounts, sendNow, startBotHarness, wizardToPreview, type BotHarness } from '../bots/telegram/harness.js';
import { LONG, waitUntil } from './harness.js';
import { sleep } from '../helpers/wait.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const OUTAGE_MS = LONG ? 60_000 : 3_000;
const TOTAL = LONG ? 1500 : 80;

interface Outage {
  /** The API is down for every call the bot makes. */
  start(harness: BotHarness): void;
  /** Edits work again; sendMessage (the summary's call) is still down. */
  editsBack(harness: BotHarness): void;
  /** The API is back. */
  end(harness: BotHarness): void;
  /** What a call that met the outage recorded: the HTTP status, or 0 for a destroyed connection. */
  code: number;
}

/**
 * Runs a campaign that finishes during the outage. Edits come back first, so the final edit succeeds and the
 * summary meets the outage on its own for another while; then the API is back.
 */
async function campaignThrough(outage: Outage): Promise<void> {
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

  outage.start(harness);
  const sentBefore = harness.test.outbox().length;
  const outageEnds = Date.now() + OUTAGE_MS;
  await harness.test.waitForCampaign(campaign.id, ['completed'], 120_000);
  await sleep(Math.max(1000, outageEnds - Date.now()));
  expect(harness.test.outbox().length).toBeGreaterThan(sentBefore);
  const met = (method: string) => harness.fake.callsOf(method).some((c) => !c.ok && c.errorCode === outage.code);
  expect(met('editMessageText')).toBe(true);

  outage.editsBack(harness);
  await waitUntil(
    'the progress message at 100 %',
    () => progressCounts(harness.fake.message(ADMIN_CHAT.id, progress.messageId)!).at(-1)?.done === TOTAL,
    60_000,
  );
  await waitUntil('the summary meeting the outage', () => met('sendMessage'), 60_000);
  await sleep(OUTAGE_MS);
  outage.end(harness);

  const summaries = () => harness.fake.botMessages(ADMIN_CHAT.id).filter((m) => /WhatsApp Broadcast Finished/.test(m.text ?? ''));
  await waitUntil('the summary', () => summaries().length > 0, 120_000);
  // Give a duplicate every chance to show up.
  await sleep(2000);
  expect(summaries()).toHaveLength(1);
  expect(harness.test.outbox()).toHaveLength(TOTAL);
}

describe('fault: the chat API is down for a while', () => {
  it(`Bot API 502 for ${OUTAGE_MS / 1000} s mid-campaign: sending continues, progress catches up, one summary`, async () => {
    let down: (method: string) => boolean = () => true;
    await campaignThrough({
      start: (harness) => {
        const error = { error_code: 502, description: 'Bad Gateway' };
        for (const method of ['editMessageText', 'sendMessage']) harness.fake.failNext(method, error, 1_000_000, () => down(method));
      },
      editsBack: () => {
        down = (method) => method === 'sendMessage';
      },
      end: () => {
        down = () => false;
      },
      code: 502,
    });
  }, LONG ? 400_000 : 120_000);

  it(`Bot API refusing connections for ${OUTAGE_MS / 1000} s mid-campaign: sending continues, progress catches up, one summary`, async () => {
    await campaignThrough({
      start: (harness) => harness.fake.refuseConnections(),
      editsBack: (harness) => harness.fake.refuseConnections((method) => method === 'sendMessage'),
      end: (harness) => harness.fake.acceptConnections(),
      code: 0,
    });
  }, LONG ? 400_000 : 120_000);
});
