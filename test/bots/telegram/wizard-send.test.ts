import { afterEach, describe, expect, it } from 'vitest';
import { phoneAt, seedCustomers } from '../../helpers/seed.js';
import {
  ADMIN,
  ADMIN_CHAT,
  GROUP,
  buttonLabels,
  expectNoEditErrors,
  press,
  progressCounts,
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

describe('the /broadcast wizard, end to end', () => {
  it('sends a campaign to all customers: live progress edits with rising counts, a final edit, and the summary in the admin chat', async () => {
    h = await startBotHarness({
      TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id),
      DRY_RUN_LATENCY_MS: '60',
      DRY_RUN_FAIL_RATE: '0.15',
      MAX_SEND_ATTEMPTS: '1',
      CAMPAIGN_LANES: '1',
      DRY_RUN_NOT_ON_WHATSAPP: `${phoneAt(3)},${phoneAt(7)}`,
    });
    await seedCustomers(h.test.app, 40, 'vip');

    const preview = await wizardToPreview(
      h,
      ADMIN_CHAT,
      'Promo Ramadan',
      async (step2) => {
        expect(buttonLabels(step2)).toContain('👥 All customers (40)');
        await press(h!, ADMIN, ADMIN_CHAT, step2, /All customers/, /step 3\/4/i);
      },
      'Halo {{name}}, promo Ramadan untuk {{kota}}!',
    );
    expect(preview.text).toContain('Halo Customer 0, promo Ramadan untuk Bandung!');
    expect(preview.text).toContain('To send: 40 recipients');
    expect(buttonLabels(preview)).toEqual(['🚀 Send now', '🗓 Schedule…', '✏ Edit message', '✖ Cancel']);

    const { progress, campaign } = await sendNow(h, ADMIN_CHAT, preview);
    // Posted while the campaign waits for a worker, or already sending; the header says which.
    expect(progress.text).toMatch(
      /^(🕒 Broadcast Waiting — Campaign 'Promo Ramadan' is waiting to be sent|📢 Broadcast In Progress — Campaign 'Promo Ramadan' is being sent) to 40 recipients\./,
    );
    expect(buttonLabels(progress)).toEqual(['⏸ Pause', '✖ Cancel']);
    expect(campaign.origin).toMatchObject({
      surface: 'telegram',
      userId: String(ADMIN.id),
      chatId: String(ADMIN_CHAT.id),
    });

    await h.test.waitForCampaign(campaign.id, ['completed']);
    // The admin group gets the summary in its author's language (Ayu speaks English), not BOT_LOCALE.
    const summary = await h.fake.waitForMessage(GROUP.id, /WhatsApp Broadcast Finished/);
    const finished = await h.test.app.campaigns.get(campaign.id);

    // The summary's counts are what the dry-run sender really sent.
    const sent = h.test.outbox().filter((line) => line.campaignId === campaign.id);
    expect(finished.counts.sent).toBe(sent.length);
    expect(finished.counts.skipped).toBe(2);
    expect(finished.counts.sent + finished.counts.failed).toBe(38);
    expect(summary.text).toContain(
      `Campaign 'Promo Ramadan' has been sent. Sent: ${sent.length}, Failed: ${finished.counts.failed}`,
    );
    expect(summary.text).toContain('Skipped: 2');
    expect(new Set(sent.map((line) => line.to)).size).toBe(sent.length);
    // Something failed: the summary offers Retry failed, like Slack's (issue 11, defect 6).
    expect(buttonLabels(summary)).toEqual(['📄 Details', '🔁 Retry failed']);

    // One message, edited in place: counts only ever rise, and the last edit shows the end.
    const shown = h.fake.message(ADMIN_CHAT.id, progress.messageId);
    const counts = progressCounts(shown!);
    expect(counts.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]!.done).toBeGreaterThanOrEqual(counts[i - 1]!.done);
      expect(counts[i]!.percent).toBeGreaterThanOrEqual(counts[i - 1]!.percent);
    }
    expect(counts.some((c) => c.done > 0 && c.percent < 100)).toBe(true);
    expect(counts[counts.length - 1]).toEqual({ percent: 100, done: 38, total: 40 });
    expect(shown!.text).toContain("✅ Broadcast Finished — Campaign 'Promo Ramadan' was sent to 40 recipients.");
    expect(buttonLabels(shown!)).toEqual(['🔁 Retry failed']);
    expect(
      h.fake.botMessages(ADMIN_CHAT.id).filter((m) => /Broadcast (In Progress|Waiting)/.test(m.history[0] ?? '')),
    ).toHaveLength(1);
    expectNoEditErrors(h);

    // Details: the failures with their reasons, then every recipient's status as CSV, in the admin's private chat.
    const mark = h.fake.mark();
    h.fake.pressButton(ADMIN, GROUP, summary.messageId, `cmp:details:${campaign.id}`);
    const details = await h.fake.waitForMessage(ADMIN.id, /Details of campaign 'Promo Ramadan'/, mark);
    await h.fake.waitForMessage(GROUP.id, /sent to your private chat/, mark);
    const listed = details.text!.split('\n').filter((l) => l.startsWith('• +62'));
    expect(listed).toHaveLength(Math.min(finished.counts.failed + 2, 20));
    expect(listed.filter((l) => l.startsWith(`• ${phoneAt(3)} — `) || l.startsWith(`• ${phoneAt(7)} — `))).toHaveLength(
      2,
    );
    const doc = await h.fake.waitForCall((c) => c.method === 'sendDocument' && c.ok, 'the CSV document', 15_000, mark);
    expect(Number(doc.params.chat_id)).toBe(ADMIN.id);
    expect(h.fake.botMessages(GROUP.id).some((m) => /• \+62/.test(m.text ?? ''))).toBe(false);
    const csv = doc.files.document?.content.toString('utf8') ?? '';
    expect(csv.trim().split('\n')).toHaveLength(41);
    expect(doc.files.document?.fileName).toBe(`campaign-${campaign.id}.csv`);
  });

  it('answers in the admin\'s language: Indonesian for language_code "id"', async () => {
    h = await startBotHarness();
    const budi = { id: 1002, first_name: 'Budi', language_code: 'id' };
    const chat = { id: budi.id, type: 'private' as const };
    const step1 = await say(h, budi, chat, '/broadcast', /Broadcast baru — langkah 1\/4/);
    expect(buttonLabels(step1)).toEqual(['✖ Batal']);
    await say(h, budi, chat, '/help', /Bot ini mengirim broadcast WhatsApp/);
    const english = { id: 1001, first_name: 'Ayu', language_code: 'fr' };
    // Neither Indonesian nor English: BOT_LOCALE (default id) wins.
    await say(h, english, { id: english.id, type: 'private' }, '/help', /Bot ini mengirim broadcast WhatsApp/);
  });
});
