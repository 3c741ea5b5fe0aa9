/**
 * Customers' replies come back to the admins (issue 15 §3), on the real bot against the fake Bot API: a reply is
 * forwarded under the campaign's summary in the admin chat, an admin's reply to it goes to the customer through the
 * dry-run outbox with a ✓, STOP still opts out without a forward, and nobody else can answer through the bot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderProgressText } from '../../../src/campaigns/progress-view.js';
import { answerReply, summaryMessage } from '../../../src/campaigns/replies.js';
import type { DryRunSender } from '../../../src/whatsapp/dry-run.js';
import { attachSenderListeners, createInboundHandler } from '../../../src/whatsapp/listeners.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import { ADMIN, GROUP, STRANGER, startBotHarness, type BotHarness } from './harness.js';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The bot with GROUP as the admin chat, three customers and one finished campaign whose summary was posted there. */
async function finishedCampaign() {
  h = await startBotHarness({ TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id), BOT_LOCALE: 'en' });
  const { app } = h.test;
  const phones = await seedCustomers(app, 3);
  const campaign = await app.campaigns.create({ title: 'Promo Lebaran', template: 'Halo {{name}}', audience: { kind: 'all' } }, CLI_ACTOR);
  await h.test.waitForCampaign(campaign.id, ['completed']);
  const summary = await h.fake.waitForMessage(GROUP.id, /Promo Lebaran/);
  // The notifier notes where the summary is right after Telegram answered.
  await waitUntil(async () => (await summaryMessage(app.store.kv, 'telegram', campaign.id)) !== null, { what: 'the summary noted' });
  return { h, app, phones, campaign, summary, inbound: createInboundHandler(app) };
}

/** The sendMessage calls whose text matches `pattern`. */
const sentMessages = (harness: BotHarness, pattern: RegExp) =>
  harness.fake.callsOf('sendMessage').filter((c) => pattern.test(String(c.params.text ?? '')));

describe('customer replies on Telegram', () => {
  it('forwards a reply under the summary, and the admin’s reply reaches the customer once, with a ✓', async () => {
    const { h, app, phones, campaign, summary } = await finishedCampaign();
    const customer = phones[0]!;
    // Through the sender's own event, as a WhatsApp message arrives in the worker.
    attachSenderListeners(app);
    (app.sender as DryRunSender).emitInbound(customer, 'Masih berlaku sampai kapan?');
    const forwarded = await h.fake.waitForMessage(GROUP.id, /Reply from Customer 0/);
    expect(forwarded.text).toContain(customer);
    expect(forwarded.text).toContain('"Promo Lebaran"');
    expect(forwarded.text).toContain('Masih berlaku sampai kapan?');
    const call = sentMessages(h, /Reply from Customer 0/)[0];
    expect(call?.params.reply_parameters).toMatchObject({ message_id: summary.messageId });

    const mark = h.fake.mark();
    const answerId = h.fake.sendText(ADMIN, GROUP, 'Sampai hari Minggu, Kak!', { replyTo: forwarded.messageId });
    await waitUntil(() => h.test.outbox().some((l) => l.text === 'Sampai hari Minggu, Kak!'), { what: 'the answer in the outbox' });
    const answer = h.test.outbox().filter((l) => l.text === 'Sampai hari Minggu, Kak!');
    expect(answer).toHaveLength(1);
    expect(answer[0]?.to).toBe(customer);
    const tick = await h.fake.waitForMessage(GROUP.id, /✓/, mark);
    expect(tick.text).toContain(customer);
    expect(sentMessages(h, /✓/).at(-1)?.params.reply_parameters).toMatchObject({ message_id: answerId });

    // The same admin message handled again (a redelivered update) never sends twice.
    const again = await answerReply(app, {
      surface: 'telegram',
      thread: { chatId: String(GROUP.id), messageId: String(forwarded.messageId) },
      messageId: String(answerId),
      text: 'Sampai hari Minggu, Kak!',
      actor: { surface: 'telegram', userId: String(ADMIN.id) },
      locale: 'en',
    });
    expect(again).toEqual({ kind: 'duplicate' });

    const audit = await app.store.audit.list({ action: 'whatsapp.answer' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: customer, outcome: 'ok', actor: { surface: 'telegram', userId: String(ADMIN.id) } });
    expect((await app.campaigns.get(campaign.id)).counts.replied).toBe(1);
  });

  it('counts a customer once however often they write, says what media is without downloading it, and ignores replies outside the window', async () => {
    const { h, app, phones, campaign, inbound } = await finishedCampaign();
    const first = await inbound({ from: phones[1]!, text: 'Halo', at: new Date() });
    expect(first).toMatchObject({ kind: 'forwarded', first: true });
    const photo = await inbound({ from: phones[1]!, text: 'ini buktinya', at: new Date(), media: 'image' });
    expect(photo).toMatchObject({ kind: 'forwarded', first: false });
    const media = sentMessages(h, /\[Image: not downloaded/);
    expect(media).toHaveLength(1);
    expect(String(media[0]?.params.text)).toContain('ini buktinya');
    expect(h.fake.callsOf('getFile')).toHaveLength(0);
    const stored = await app.campaigns.get(campaign.id);
    expect(stored.counts.replied).toBe(1);
    // The finished campaign's view carries the count (progress message, Details, `campaigns show`).
    const view = await app.campaigns.view(stored);
    expect(view.replied).toBe(1);
    expect(renderProgressText(view, 'en')).toContain('💬 Replied: 1 customers');

    // Eight days after the campaign's message (window: 7 days), and from a number that never got a campaign.
    const late = new Date(Date.now() + 8 * 86_400_000);
    expect(await inbound({ from: phones[2]!, text: 'Masih ada?', at: late })).toEqual({ kind: 'no_campaign' });
    expect(await inbound({ from: '+6281399999999', text: 'Siapa ini?', at: new Date() })).toEqual({ kind: 'no_campaign' });
    expect(sentMessages(h, /Masih ada\?|Siapa ini\?/)).toHaveLength(0);
  });

  it('STOP still opts the customer out and is not forwarded', async () => {
    const { h, app, phones, inbound } = await finishedCampaign();
    const before = h.fake.callsOf('sendMessage').length;
    expect(await inbound({ from: phones[2]!, text: ' stop! ', at: new Date() })).toEqual({ kind: 'opted_out' });
    expect((await app.store.customers.findByPhone(phones[2]!))?.optedOut).toBe(true);
    expect(h.test.outbox().some((l) => l.to === phones[2] && l.campaignId === null)).toBe(true);
    expect(h.fake.callsOf('sendMessage').slice(before).filter((c) => /Reply from/.test(String(c.params.text)))).toHaveLength(0);
  });

  it('a non-admin’s reply to the forwarded message sends nothing', async () => {
    const { h, phones, inbound } = await finishedCampaign();
    await inbound({ from: phones[0]!, text: 'Boleh tanya?', at: new Date() });
    const forwarded = await h.fake.waitForMessage(GROUP.id, /Boleh tanya\?/);
    h.fake.sendText(STRANGER, GROUP, 'Saya bukan admin', { replyTo: forwarded.messageId });
    // Updates of one chat are handled in order: once the admin's later answer is out, the stranger's was handled.
    h.fake.sendText(ADMIN, GROUP, 'Silakan, Kak', { replyTo: forwarded.messageId });
    await waitUntil(() => h.test.outbox().some((l) => l.text === 'Silakan, Kak'), { what: 'the admin answer in the outbox' });
    expect(h.test.outbox().some((l) => l.text === 'Saya bukan admin')).toBe(false);
    expect(h.fake.callsOf('sendMessage').filter((c) => c.params.chat_id === STRANGER.id)).toHaveLength(0);
  });
});
