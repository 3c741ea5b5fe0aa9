import { afterEach, describe, expect, it } from 'vitest';
import type { DryRunSender } from '../../../src/whatsapp/dry-run.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { ADMIN, ADMIN_CHAT, buttonLabels, startBotHarness, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A finished campaign with two failed recipients. */
async function campaignWithFailures(harness: BotHarness) {
  await seedCustomers(harness.test.app, 4);
  (harness.test.app.sender as DryRunSender).failNext(
    { kind: 'permanent', code: 'blocked' },
    { kind: 'permanent', code: 'blocked' },
  );
  const original = await harness.test.app.campaigns.create(
    { title: 'Flash Sale 12.12', template: 'Halo', audience: { kind: 'all' } },
    CLI_ACTOR,
  );
  await harness.test.waitForCampaign(original.id, ['completed']);
  return harness.test.app.campaigns.get(original.id);
}

describe('actions are idempotent (issue 11, defect 2)', () => {
  it('/retry typed twice makes one retry campaign; the second answer names the running retry', async () => {
    // Each message takes a while, so the retry is still running when the second /retry arrives.
    h = await startBotHarness({ DRY_RUN_LATENCY_MS: '1500', CAMPAIGN_LANES: '4', MAX_SEND_ATTEMPTS: '1' });
    const original = await campaignWithFailures(h);
    expect(original.counts.failed).toBe(2);

    const mark = h.fake.mark();
    h.fake.sendText(ADMIN, ADMIN_CHAT, `/retry ${original.id}`);
    h.fake.sendText(ADMIN, ADMIN_CHAT, `/retry ${original.id}`);
    const first = await h.fake.waitForMessage(ADMIN_CHAT.id, /Retry campaign/, mark);
    const second = await h.fake.waitForMessage(ADMIN_CHAT.id, /is already running/, mark);

    const retries = (await h.test.app.campaigns.list()).filter((c) => c.retryOf === original.id);
    expect(retries).toHaveLength(1);
    const retry = retries[0]!;
    expect(retry.title).toBe('Flash Sale 12.12 — retry 1');
    expect(first.text).toContain(`(${retry.id})`);
    expect(second.text).toContain(`(${retry.id})`);
    // One progress message only, for the one retry.
    await h.test.waitForCampaign(retry.id, ['completed']);
    expect(h.fake.botMessages(ADMIN_CHAT.id).filter((m) => /Broadcast In Progress/.test(m.history[0] ?? ''))).toHaveLength(1);
    const resent = h.test.outbox().filter((l) => l.campaignId === retry.id);
    expect(resent).toHaveLength(2);
  });

  it('a Retry button pressed twice makes one retry, and the used button disappears', async () => {
    h = await startBotHarness({ DRY_RUN_LATENCY_MS: '0', MAX_SEND_ATTEMPTS: '1' });
    const original = await campaignWithFailures(h);
    // /campaign ID shows the Retry button of a finished campaign with failures.
    const mark = h.fake.mark();
    h.fake.sendText(ADMIN, ADMIN_CHAT, `/campaign ${original.id}`);
    const card = await h.fake.waitForMessage(ADMIN_CHAT.id, /Flash Sale 12\.12/, mark);
    expect(buttonLabels(card)).toContain('🔁 Retry failed');
    const data = `cmp:retry:${original.id}`;
    h.fake.pressButton(ADMIN, ADMIN_CHAT, card.messageId, data);
    h.fake.pressButton(ADMIN, ADMIN_CHAT, card.messageId, data);
    await h.fake.waitUntil(
      () => h!.fake.callsOf('answerCallbackQuery').filter((c) => /retry/i.test(String(c.params.text ?? ''))).length >= 2,
      'both presses answered',
    );
    const retries = (await h.test.app.campaigns.list()).filter((c) => c.retryOf === original.id);
    expect(retries).toHaveLength(1);
    await h.fake.waitUntil(
      () => !buttonLabels(h!.fake.message(ADMIN_CHAT.id, card.messageId)!).includes('🔁 Retry failed'),
      'the used Retry button gone',
    );
    // Later presses of that old message still answer with the first retry.
    await h.test.waitForCampaign(retries[0]!.id, ['completed']);
    h.fake.pressButton(ADMIN, ADMIN_CHAT, card.messageId, data);
    await h.fake.waitUntil(
      () => h!.fake.callsOf('answerCallbackQuery').filter((c) => /retry/i.test(String(c.params.text ?? ''))).length >= 3,
      'the third press answered',
    );
    expect((await h.test.app.campaigns.list()).filter((c) => c.retryOf === original.id)).toHaveLength(1);
  });
});
