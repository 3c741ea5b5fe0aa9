import { afterEach, describe, expect, it } from 'vitest';
import { EXPECTED_RISK, RISK_ENV, RISK_MESSAGE, seedRiskStore } from '../../campaigns/fixtures/risk-seed.js';
import { seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import type { ChatMessage } from '../../fakes/telegram-api.js';
import { ADMIN, ADMIN_CHAT, ADMIN_ID, GROUP, buttonData, press, startBotHarness, wizardToPreview, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Ayu runs the wizard to all customers and presses Send now; returns her progress message and the campaign id. */
async function ayuSends(harness: BotHarness, text = 'Halo {{name}}, balas STOP untuk berhenti'): Promise<{ progress: ChatMessage; id: string }> {
  const preview = await wizardToPreview(harness, ADMIN_CHAT, 'Promo', async (step2) => {
    await press(harness, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
  }, text);
  const progress = await press(harness, ADMIN, ADMIN_CHAT, preview, /Send now/, /Awaiting Approval/);
  const id = (buttonData(progress, /Cancel/).split(':')[2] ?? '').trim();
  return { progress, id };
}

/** The text of the last answer to a pressed button. */
function lastToast(harness: BotHarness): string {
  return String(harness.fake.callsOf('answerCallbackQuery').at(-1)?.params.text ?? '');
}

describe('two-person approval on Telegram (issue 15)', () => {
  it("refuses the author's Approve; another admin's Approve sends and the author's message turns into live progress", async () => {
    h = await startBotHarness({ APPROVAL_MIN_RECIPIENTS: '3', TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id), BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 3, 'vip');
    const mark = h.fake.mark();
    const { progress, id } = await ayuSends(h);
    expect(progress.text).toContain('waiting for approval by another admin');
    const request = await h.fake.waitForMessage(GROUP.id, /Approval needed/, mark);
    expect(request.text).toContain(`'Promo' (${id}) from @ayu_admin, 3 recipients`);
    expect(request.text).toMatch(/(Low|Medium|High) risk/);

    h.fake.pressButton(ADMIN, GROUP, request.messageId, buttonData(request, /Approve/));
    await waitUntil(() => lastToast(h!) !== '');
    expect(lastToast(h)).toBe(`You created campaign ${id}; another admin must approve it.`);
    expect((await h.test.app.campaigns.get(id)).status).toBe('awaiting_approval');
    expect(h.test.outbox()).toHaveLength(0);

    const noticeMark = h.fake.mark();
    h.fake.pressButton(ADMIN_ID, GROUP, request.messageId, buttonData(request, /Approve/));
    await h.test.waitForCampaign(id, ['completed']);
    expect(h.test.outbox().map((l) => l.to).sort()).toHaveLength(3);
    await h.fake.waitForMessage(ADMIN_CHAT.id, /was approved by Budi; sending starts/, noticeMark);
    await waitUntil(() => /Broadcast Finished/.test(h!.fake.message(ADMIN_CHAT.id, progress.messageId)?.text ?? ''));
    // The request lost its buttons and says who approved it; a stale press changes nothing.
    await waitUntil(() => /Approved by Budi/.test(h!.fake.message(GROUP.id, request.messageId)?.text ?? ''));
    expect((await h.test.app.campaigns.approval(id))?.decidedBy?.userId).toBe(String(ADMIN_ID.id));
  });

  it('Reject asks for a reason, cancels, and tells the author the reason; expiry tells the author too', async () => {
    h = await startBotHarness({ APPROVAL_MIN_RECIPIENTS: '3', TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id), BOT_LOCALE: 'en' });
    await seedCustomers(h.test.app, 3, 'vip');
    const mark = h.fake.mark();
    const { id } = await ayuSends(h);
    const request = await h.fake.waitForMessage(GROUP.id, /Approval needed/, mark);
    // Budi's Telegram is Indonesian: the prompt is in his language.
    const prompt = await press(h, ADMIN_ID, GROUP, request, /Reject/, /Kenapa 'Promo'/);
    const noticeMark = h.fake.mark();
    h.fake.sendText(ADMIN_ID, GROUP, 'harga salah', prompt.messageId);
    await h.fake.waitForMessage(ADMIN_CHAT.id, /was rejected by Budi: harga salah\. Nothing was sent\./, noticeMark);
    const rejected = await h.test.app.campaigns.get(id);
    expect([rejected.status, rejected.statusReason]).toEqual(['cancelled', 'approval_rejected']);
    // A second reply to the same prompt changes nothing.
    h.fake.sendText(ADMIN_ID, GROUP, 'lagi', prompt.messageId);

    const second = await ayuSends(h);
    const expiryMark = h.fake.mark();
    expect(await h.test.app.campaigns.sweepApprovals(new Date(Date.now() + 25 * 3600_000))).toBe(1);
    await h.fake.waitForMessage(ADMIN_CHAT.id, /no other admin approved it within 24 hours/, expiryMark);
    expect((await h.test.app.campaigns.get(second.id)).statusReason).toBe('approval_expired');
    expect(h.test.outbox()).toHaveLength(0);
  });

  it('shows the risk report of a seeded store in the preview', async () => {
    h = await startBotHarness({ ...RISK_ENV, BOT_LOCALE: 'en' });
    await seedRiskStore(h.test.app);
    const preview = await wizardToPreview(h, ADMIN_CHAT, 'Promo', async (step2) => {
      await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
    }, RISK_MESSAGE);
    expect(preview.text).toContain('10 selected − 1 opted out = 9 recipients');
    expect(preview.text).toContain('🔴 High risk');
    expect(preview.text).toContain(
      `never messaged: ${EXPECTED_RISK.cold} · not checked on WhatsApp: ${EXPECTED_RISK.unchecked} · messaged in the last 24 h: ${EXPECTED_RISK.recentlyMessaged}`,
    );
    expect(preview.text).toContain('needs 3 days at the daily cap');
    expect(preview.text).toContain('• the message has a link and goes to 4 recipients never messaged before');
    expect(preview.text).toContain('• 3 recipients have an empty variable');
  });
});
