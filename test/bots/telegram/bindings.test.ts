import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../helpers/seed.js';
import {
  ADMIN,
  ADMIN_CHAT,
  buttonData,
  buttonLabels,
  press,
  say,
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

/** Presses raw callback data on a message and returns the text of the bot's answerCallbackQuery. */
async function pressStale(harness: BotHarness, messageId: number, data: string): Promise<string> {
  const mark = harness.fake.mark();
  harness.fake.pressButton(ADMIN, ADMIN_CHAT, messageId, data);
  const answer = await harness.fake.waitForCall((c) => c.method === 'answerCallbackQuery', 'the answer', 15_000, mark);
  return String(answer.params.text ?? '');
}

describe('wizard buttons are bound to the draft they were shown for (issue 11, defect 1)', () => {
  it("an old preview's Send now after a new wizard creates no campaign and says the preview is no longer current", async () => {
    h = await startBotHarness({ DRY_RUN_LATENCY_MS: '0' });
    await seedCustomers(h.test.app, 6);
    const first = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'First',
      async (step2) => void (await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i)),
      'Halo {{name}}',
    );
    const oldSend = buttonData(first, /Send now/);
    const { campaign } = await sendNow(h, ADMIN_CHAT, first);
    // The used preview lost its buttons.
    await h.fake.waitUntil(() => h!.fake.message(ADMIN_CHAT.id, first.messageId)?.replyMarkup === undefined, 'buttons gone');

    const second = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Second',
      async (step2) => {
        const paste = await press(h!, ADMIN, ADMIN_CHAT, step2, /Custom numbers/, /Paste the numbers/);
        expect(paste).toBeDefined();
        await say(h!, ADMIN, ADMIN_CHAT, '+6281234500001', /step 3\/4/i);
      },
      'Promo kedua',
    );
    expect(await pressStale(h, first.messageId, oldSend)).toMatch(/no longer current/);
    // The open wizard is untouched: its own preview still works, and nothing else was created.
    expect((await h.test.app.campaigns.list()).map((c) => c.id)).toEqual([campaign.id]);
    const sent = await sendNow(h, ADMIN_CHAT, second);
    expect(sent.campaign.title).toBe('Second');
    expect(await h.test.app.campaigns.list()).toHaveLength(2);
  });

  it("an old title step's Cancel does not cancel a fresh wizard", async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 3);
    const oldStep1 = await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    const oldCancel = buttonData(oldStep1, /Cancel/);
    await say(h, ADMIN, ADMIN_CHAT, '/cancel', /Broadcast cancelled/);
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);

    expect(await pressStale(h, oldStep1.messageId, oldCancel)).toMatch(/no longer current/);
    // The new wizard still takes its title.
    await say(h, ADMIN, ADMIN_CHAT, 'Still open', /step 2\/4/i);
  });

  it('an earlier preview of the same draft is stale after Edit message', async () => {
    h = await startBotHarness({ DRY_RUN_LATENCY_MS: '0' });
    await seedCustomers(h.test.app, 3);
    const first = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Edited',
      async (step2) => void (await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i)),
      'Versi satu',
    );
    const oldSend = buttonData(first, /Send now/);
    await press(h, ADMIN, ADMIN_CHAT, first, /Edit message/, /step 3\/4/i);
    const second = await say(h, ADMIN, ADMIN_CHAT, 'Versi dua', /Preview of/);
    expect(await pressStale(h, first.messageId, oldSend)).toMatch(/earlier step|no longer current/);
    expect(await h.test.app.campaigns.list()).toEqual([]);
    const { campaign } = await sendNow(h, ADMIN_CHAT, second);
    expect(campaign.template).toBe('Versi dua');
  });

  it('a second /broadcast with a draft open asks whether to continue it or start a new one', async () => {
    h = await startBotHarness();
    await seedCustomers(h.test.app, 3);
    await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /step 1\/4/i);
    await say(h, ADMIN, ADMIN_CHAT, 'Kept draft', /step 2\/4/i);

    const question = await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /Continue the open draft or start a new one\?/);
    expect(buttonLabels(question)).toEqual(['▶ Continue the draft', '🆕 Start a new one']);
    const step2 = await press(h, ADMIN, ADMIN_CHAT, question, /Continue/, /answer the last question above/);
    expect(step2).toBeDefined();
    // Continuing keeps the draft at step 2.
    const last = h.fake.botMessages(ADMIN_CHAT.id).find((m) => /step 2\/4/i.test(m.text ?? ''));
    await press(h, ADMIN, ADMIN_CHAT, last!, /All customers/, /step 3\/4/i);

    const again = await say(h, ADMIN, ADMIN_CHAT, '/broadcast', /Continue the open draft/);
    await press(h, ADMIN, ADMIN_CHAT, again, /Start a new one/, /step 1\/4/i);
    await say(h, ADMIN, ADMIN_CHAT, 'Fresh title', /step 2\/4/i);
  });
});
