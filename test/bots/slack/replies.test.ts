/**
 * Customers' replies come back to the admins (issue 15 §3), on the real Slack app against the fake Web API: a reply
 * is posted in the thread of the campaign's summary in SLACK_ADMIN_CHANNEL, an admin's thread reply goes to the
 * customer through the dry-run outbox with a ✓ reaction (once per Slack message), and nobody else can answer.
 */
import { describe, expect, it } from 'vitest';
import { summaryMessage } from '../../../src/campaigns/replies.js';
import { createInboundHandler } from '../../../src/whatsapp/listeners.js';
import { CLI_ACTOR, seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import { ADMIN, ADMIN_CHANNEL, startSlackHarness, type SlackHarness } from './harness.js';

let events = 0;
/** A plain message in a thread, as the Events API delivers it. */
const threadMessage = (h: SlackHarness, user: string, thread: string, text: string) => {
  const ts = `${1_800_000_000 + ++events}.000200`;
  return { ts, response: h.slack.event({ type: 'message', channel: ADMIN_CHANNEL, channel_type: 'channel', user, text, ts, thread_ts: thread, event_ts: ts }, `EvR${events}`) };
};

async function finishedCampaign() {
  const h = await startSlackHarness({ BOT_LOCALE: 'en' });
  const { app } = h.test;
  const phones = await seedCustomers(app, 3);
  const campaign = await app.campaigns.create({ title: 'Promo Lebaran', template: 'Halo {{name}}', audience: { kind: 'all' } }, CLI_ACTOR);
  await h.test.waitForCampaign(campaign.id, ['completed']);
  await waitUntil(async () => (await summaryMessage(app.store.kv, 'slack', campaign.id)) !== null, { what: 'the Slack summary posted' });
  const summary = (await summaryMessage(app.store.kv, 'slack', campaign.id))!;
  return { h, app, phones, campaign, summary, inbound: createInboundHandler(app) };
}

describe('customer replies on Slack', () => {
  it('posts a reply in the summary’s thread; an admin’s thread reply reaches the customer once, with a ✓ reaction', async () => {
    const { h, app, phones, summary, inbound } = await finishedCampaign();
    expect(summary.chatId).toBe(ADMIN_CHANNEL);
    expect(await inbound({ from: phones[0]!, text: 'Apakah <b>gratis</b> ongkir?', at: new Date() })).toMatchObject({ kind: 'forwarded' });
    const forward = await h.fake.waitForCall('chat.postMessage', (c) => /Reply from Customer 0/.test(String(c.args.text)));
    expect(forward.args).toMatchObject({ channel: ADMIN_CHANNEL, thread_ts: summary.messageId });
    // Customer words cannot inject Slack markup.
    expect(String(forward.args.text)).toContain('&lt;b&gt;gratis&lt;/b&gt;');

    const answer = threadMessage(h, ADMIN, summary.messageId, 'Gratis ongkir, Kak');
    expect((await answer.response).status).toBe(200);
    await waitUntil(() => h.test.outbox().some((l) => l.text === 'Gratis ongkir, Kak'), { what: 'the answer in the outbox' });
    const reaction = await h.fake.waitForCall('reactions.add');
    expect(reaction.args).toMatchObject({ channel: ADMIN_CHANNEL, timestamp: answer.ts, name: 'white_check_mark' });
    // Slack retries an event it thinks was missed: the same message never sends twice.
    const retried = h.slack.event(
      { type: 'message', channel: ADMIN_CHANNEL, channel_type: 'channel', user: ADMIN, text: 'Gratis ongkir, Kak', ts: answer.ts, thread_ts: summary.messageId, event_ts: answer.ts },
      `EvRetry${events}`,
    );
    expect((await retried).status).toBe(200);
    const marker = threadMessage(h, ADMIN, summary.messageId, 'Ada lagi?');
    await marker.response;
    await waitUntil(() => h.test.outbox().some((l) => l.text === 'Ada lagi?'), { what: 'the later answer in the outbox' });
    expect(h.test.outbox().filter((l) => l.text === 'Gratis ongkir, Kak')).toHaveLength(1);
    expect(h.test.outbox().find((l) => l.text === 'Gratis ongkir, Kak')?.to).toBe(phones[0]);
    expect(await app.store.audit.list({ action: 'whatsapp.answer' })).toHaveLength(2);
  });

  it('a non-admin’s thread reply sends nothing; with several customers in a thread the answer must name one', async () => {
    const { h, phones, summary, inbound } = await finishedCampaign();
    await inbound({ from: phones[0]!, text: 'Halo', at: new Date() });
    const stranger = threadMessage(h, 'USTRANGER', summary.messageId, 'Saya bukan admin');
    expect((await stranger.response).status).toBe(200);
    const refusal = await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === 'USTRANGER');
    expect(refusal.args.channel).toBe(ADMIN_CHANNEL);

    await inbound({ from: phones[1]!, text: 'Saya juga', at: new Date() });
    await h.fake.waitForCall('chat.postMessage', (c) => /Reply from Customer 1/.test(String(c.args.text)));
    const unnamed = threadMessage(h, ADMIN, summary.messageId, 'Terima kasih');
    await unnamed.response;
    await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === ADMIN && /several customers/.test(String(c.args.text)));
    const named = threadMessage(h, ADMIN, summary.messageId, `${phones[1]} Terima kasih, Kak`);
    await named.response;
    await waitUntil(() => h.test.outbox().some((l) => l.text === 'Terima kasih, Kak'), { what: 'the named answer' });
    expect(h.test.outbox().find((l) => l.text === 'Terima kasih, Kak')?.to).toBe(phones[1]);
    expect(h.test.outbox().some((l) => l.text === 'Saya bukan admin' || l.text === 'Terima kasih')).toBe(false);
  });
});
