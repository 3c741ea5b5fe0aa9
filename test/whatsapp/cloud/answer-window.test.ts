/**
 * WhatsApp's customer service window for the admins' answers (issue 16), on the real bot against the fake Bot API
 * and the fake Graph API: from a Cloud API number an answer is free text, which Meta allows only within 24 hours of
 * the customer's last message. Outside that window the answer is refused before it is queued, with the reason in
 * the admins' chat, and nothing reaches the Graph API; inside it the answer goes out as text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { summaryMessage } from '../../../src/campaigns/replies.js';
import { closedWindowText } from '../../../src/campaigns/service-window.js';
import { createInboundHandler } from '../../../src/whatsapp/listeners.js';
import { FakeGraphApi } from '../../fakes/graph-api.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import { ADMIN, GROUP, startBotHarness, type BotHarness } from '../../bots/telegram/harness.js';
import { cloudEnv } from './harness.js';

let h: BotHarness | undefined;
let graph: FakeGraphApi | undefined;
afterEach(async () => {
  await h?.close();
  await graph?.stop();
  h = undefined;
  graph = undefined;
});

const HOUR_MS = 3600_000;

describe('answers from a Cloud API number', () => {
  it('are refused outside the 24-hour customer service window (nothing queued or sent) and sent as text inside it', async () => {
    graph = await new FakeGraphApi().start();
    h = await startBotHarness(cloudEnv(graph, { TELEGRAM_ADMIN_CHAT_ID: String(GROUP.id), BOT_LOCALE: 'en' }));
    const { app } = h.test;
    const [customer] = await seedCustomers(app, 1);
    const campaign = await app.campaigns.create(
      {
        title: 'Promo Cloud',
        template: 'Halo {{name}}',
        whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } },
        audience: { kind: 'all' },
      },
      CLI_ACTOR,
    );
    await h.test.waitForCampaign(campaign.id, ['completed']);
    await waitUntil(async () => (await summaryMessage(app.store.kv, 'telegram', campaign.id)) !== null, { what: 'the summary noted' });
    const inbound = createInboundHandler(app);

    // The customer's message is 49 hours old (a webhook delivered late, or the admins answering two days on).
    await inbound({ from: customer!, text: 'Masih ada?', at: new Date(Date.now() - 49 * HOUR_MS) });
    const old = await h.fake.waitForMessage(GROUP.id, /Masih ada\?/);
    const mark = h.fake.mark();
    h.fake.sendText(ADMIN, GROUP, 'Masih, Kak!', { replyTo: old.messageId });
    const refusal = await h.fake.waitForMessage(GROUP.id, /Answer not sent/, mark);
    expect(refusal.text).toBe(
      `Answer not sent: Customer 0 (${customer}) last wrote 2 days ago; WhatsApp only lets a business send free text within 24 hours of the customer’s last message. Send a template campaign instead.`,
    );
    const counts = await app.engine.answers.forAccount('default').getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(graph.accepted.filter((m) => m.type === 'text')).toHaveLength(0);
    expect(graph.attempts).toHaveLength(1);

    // The customer writes again: the window is open, and the answer goes out as text.
    await inbound({ from: customer!, text: 'Halo?', at: new Date() });
    const fresh = await h.fake.waitForMessage(GROUP.id, /Halo\?/, mark);
    h.fake.sendText(ADMIN, GROUP, 'Masih ada, Kak!', { replyTo: fresh.messageId });
    await waitUntil(() => graph!.accepted.some((m) => m.text === 'Masih ada, Kak!'), { what: 'the answer at the Graph API' });
    expect(graph.accepted.filter((m) => m.type === 'text').map((m) => m.to.replace(/\D/g, ''))).toEqual([customer!.replace(/\D/g, '')]);
    await h.fake.waitForMessage(GROUP.id, /✓/, mark);
  }, 60_000);

  it('say why in Indonesian too, also for a customer who never wrote to that number', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const customer = { phone: '+6281200000001', name: 'Ani' };
    expect(closedWindowText('id', { account: 'toko-cloud', lastAt: new Date('2026-11-29T10:00:00Z') }, customer, now)).toBe(
      'Jawaban tidak dikirim: Ani (+6281200000001) terakhir menulis 2 hari yang lalu; WhatsApp hanya mengizinkan bisnis mengirim teks bebas dalam 24 jam sejak pesan terakhir pelanggan. Kirim campaign dengan template sebagai gantinya.',
    );
    expect(closedWindowText('id', { account: 'toko-cloud', lastAt: new Date('2026-11-30T11:00:00Z') }, customer, now)).toContain('terakhir menulis 25 jam yang lalu');
    expect(closedWindowText('en', { account: 'toko-cloud', lastAt: null }, customer, now)).toBe(
      'Answer not sent: Ani (+6281200000001) has not written to number toko-cloud; WhatsApp only lets a business send free text within 24 hours of the customer’s last message. Send a template campaign instead.',
    );
  });
});
