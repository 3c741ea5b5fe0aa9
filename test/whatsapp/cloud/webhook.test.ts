import { afterEach, describe, expect, it } from 'vitest';
import { SendError } from '../../../src/campaigns/ports.js';
import { GraphError } from '../../../src/whatsapp/cloud/client.js';
import { toSendError } from '../../../src/whatsapp/cloud/errors.js';
import { parseWebhook, signatureOf, validSignature } from '../../../src/whatsapp/cloud/webhook.js';
import { CLI_ACTOR, phoneAt, seedCustomers } from '../../helpers/seed.js';
import { waitUntil } from '../../helpers/wait.js';
import { FAKE_APP_SECRET, FAKE_VERIFY_TOKEN } from '../../fakes/graph-api.js';
import { startCloud, type CloudHarness } from './harness.js';

let running: CloudHarness[] = [];
afterEach(async () => {
  for (const h of running) await h.close();
  running = [];
});

/** A Cloud app that sent a 3-recipient template campaign (completed). */
async function sentCampaign(): Promise<{ h: CloudHarness; campaignId: string }> {
  const h = await startCloud();
  running.push(h);
  await seedCustomers(h.t.app, 3);
  const campaign = await h.t.app.campaigns.create(
    {
      title: 'Webhook',
      template: 'Halo {{name}}',
      whatsappTemplate: { name: 'order_update', language: 'en', params: { '1': '{{name|there}}' } },
      audience: { kind: 'all' },
    },
    CLI_ACTOR,
  );
  await h.t.waitForCampaign(campaign.id, ['completed']);
  expect(h.fake.accepted).toHaveLength(3);
  return { h, campaignId: campaign.id };
}

describe('the Cloud API webhook', () => {
  it('answers Meta\'s verification with the challenge only for the right verify token', async () => {
    const h = await startCloud();
    running.push(h);
    const url = `${h.http.url}/webhooks/whatsapp`;
    const ok = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=nope-nope-nope&hub.challenge=1`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1');
  });

  it('refuses a bad or missing signature with 401 and changes nothing; a duplicate changes nothing', async () => {
    const { h, campaignId } = await sentCampaign();
    const [m0, m1] = h.fake.accepted;
    const body = h.fake.payload({
      statuses: [{ id: m0!.id, status: 'read', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: m0!.to.slice(1) }],
    });
    expect(await h.fake.postWebhook(body, { secret: 'not-the-app-secret' })).toBe(401);
    expect(await h.fake.postWebhook(body, { signature: null })).toBe(401);
    expect(await h.fake.postWebhook(body, { signature: 'sha256=' + '0'.repeat(64) })).toBe(401);
    // Signed over other bytes (the body re-serialised): refused as well.
    expect(await h.fake.postWebhook(`${body} `, { signature: signatureOf(body, FAKE_APP_SECRET) })).toBe(401);

    // A later, valid delivery for another message is counted: by then the refused ones would have been too.
    expect(await h.fake.sendStatuses([{ id: m1!.id, status: 'delivered', to: m1!.to }])).toBe(200);
    await waitUntil(async () => (await h.t.app.campaigns.get(campaignId)).counts.delivered === 1, { what: 'the valid receipt' });
    let counts = (await h.t.app.campaigns.get(campaignId)).counts;
    expect(counts).toMatchObject({ sent: 3, delivered: 1, read: 0 });
    const r0 = (await h.t.app.store.recipients.list(campaignId)).find((r) => r.messageId === m0!.id);
    expect(r0).toMatchObject({ deliveredAt: null, readAt: null });

    // The same read twice (Meta retries), then a late delivered: counted once, never backwards.
    expect(await h.fake.postWebhook(body)).toBe(200);
    expect(await h.fake.postWebhook(body)).toBe(200);
    expect(await h.fake.sendStatuses([{ id: m0!.id, status: 'delivered', to: m0!.to }])).toBe(200);
    // A marker: the third message's delivery; once it counts, everything before it was handled.
    const m2 = h.fake.accepted[2]!;
    expect(await h.fake.sendStatuses([{ id: m2.id, status: 'delivered', to: m2.to }])).toBe(200);
    await waitUntil(async () => (await h.t.app.campaigns.get(campaignId)).counts.delivered === 3, { what: 'the marker receipt' });
    counts = (await h.t.app.campaigns.get(campaignId)).counts;
    expect(counts).toMatchObject({ sent: 3, delivered: 3, read: 1 });
    // The same late failure twice moves one recipient from sent to failed once.
    const failed = [{ id: m1!.id, status: 'failed' as const, to: m1!.to, code: 131026 }];
    expect(await h.fake.sendStatuses(failed)).toBe(200);
    expect(await h.fake.sendStatuses(failed)).toBe(200);
    await waitUntil(async () => (await h.t.app.campaigns.get(campaignId)).counts.failed === 1, { what: 'the late failure' });
    expect(await h.fake.sendStatuses([{ id: m2.id, status: 'read', to: m2.to }])).toBe(200);
    await waitUntil(async () => (await h.t.app.campaigns.get(campaignId)).counts.read === 2, { what: 'the second marker' });
    expect((await h.t.app.campaigns.get(campaignId)).counts).toMatchObject({ sent: 2, failed: 1, delivered: 3, read: 2 });
    expect((await h.t.app.store.campaigns.recomputeCounts(campaignId))?.counts).toMatchObject({ sent: 2, failed: 1 });
  }, 60_000);

  it('takes a customer\'s STOP through the opt-out path once, even when Meta delivers it twice', async () => {
    const { h } = await sentCampaign();
    const customer = phoneAt(1);
    expect(await h.fake.sendInbound(customer, ' stop! ', 'wamid.in-stop-1')).toBe(200);
    expect(await h.fake.sendInbound(customer, ' stop! ', 'wamid.in-stop-1')).toBe(200);
    await waitUntil(async () => (await h.t.app.store.customers.findByPhone(customer))?.optedOut === true, { what: 'the opt-out' });
    await waitUntil(() => h.fake.accepted.some((m) => m.type === 'text' && m.to === customer), { what: 'the confirmation' });
    // A marker: another customer's STOP, handled after the duplicate.
    expect(await h.fake.sendInbound(phoneAt(2), 'STOP', 'wamid.in-stop-2')).toBe(200);
    await waitUntil(() => h.fake.accepted.some((m) => m.type === 'text' && m.to === phoneAt(2)), { what: 'the marker' });
    expect(h.fake.accepted.filter((m) => m.type === 'text' && m.to === customer)).toHaveLength(1);
  }, 60_000);
});

describe('Cloud API pieces', () => {
  it('checks X-Hub-Signature-256 in constant time over the raw bytes', () => {
    const body = Buffer.from('{"a":1}');
    expect(validSignature(body, signatureOf(body, 's3cret-s3cret'), 's3cret-s3cret')).toBe(true);
    expect(validSignature(body, signatureOf(body, 'other'), 's3cret-s3cret')).toBe(false);
    expect(validSignature(body, 'sha256=short', 's3cret-s3cret')).toBe(false);
    expect(validSignature(body, undefined, 's3cret-s3cret')).toBe(false);
  });

  it('maps Meta\'s error codes onto the engine\'s failure kinds', () => {
    const kind = (code: number, status = 400, type: string | null = 'OAuthException') => {
      const e = toSendError(new GraphError(status, code, type, `(#${code})`));
      return [e.kind, e.code, e.pauseReason ?? null];
    };
    expect(kind(131026)).toEqual(['permanent', 'cloud_undeliverable', null]);
    expect(kind(131049)).toEqual(['permanent', 'cloud_ecosystem_limit', null]);
    expect(kind(131050)).toEqual(['permanent', 'cloud_marketing_stopped', null]);
    expect(kind(131047)).toEqual(['permanent', 'cloud_window_closed', null]);
    expect(kind(132000)).toEqual(['permanent', 'cloud_template_params', null]);
    expect(kind(132001)).toEqual(['permanent', 'cloud_template_missing', null]);
    expect(kind(132012)).toEqual(['permanent', 'cloud_template_format', null]);
    expect(kind(130429, 429)).toEqual(['transient', 'cloud_throughput', null]);
    expect(kind(131056)).toEqual(['transient', 'cloud_pair_rate', null]);
    expect(kind(131048)).toEqual(['rate_limited', 'cloud_spam_rate_limit', 'cloud_spam_rate_limit']);
    expect(kind(368)).toEqual(['restricted', 'cloud_policy_block', 'cloud_policy_block']);
    expect(kind(131031)).toEqual(['restricted', 'cloud_account_locked', 'cloud_account_locked']);
    expect(kind(190, 401)).toEqual(['restricted', 'cloud_token_expired', 'cloud_token_expired']);
    // Another OAuth refusal (a revoked permission) stops sending the same way.
    expect(kind(10, 403)).toEqual(['restricted', 'cloud_token_expired', 'cloud_token_expired']);
    expect(toSendError(new GraphError(0, null, null, 'no answer')).kind).toBe('transient');
    expect(toSendError(new GraphError(503, null, null, 'down')).kind).toBe('transient');
    expect(toSendError(new SendError('permanent', 'x', 'y')).code).toBe('x');
  });

  it('parses statuses and messages per phone number id and skips shapes it does not know', () => {
    const events = parseWebhook({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '111' },
                statuses: [
                  { id: 'w1', status: 'sent', recipient_id: '628120001' },
                  { id: 'w1', status: 'read', timestamp: '1700000000', recipient_id: '628120001' },
                  { id: 'w2', status: 'failed', recipient_id: '628120002', errors: [{ code: 131049, title: 'ecosystem' }] },
                  { status: 'delivered' },
                ],
                messages: [{ id: 'in1', from: '628120003', type: 'text', text: { body: 'STOP' } }, { id: 'in2', from: '6281', type: 'image' }],
              },
            },
            { field: 'account_update', value: { metadata: { phone_number_id: '111' } } },
          ],
        },
      ],
    });
    const one = events.get('111');
    expect(one?.receipts).toEqual([
      { messageId: 'w1', kind: 'read', at: new Date(1_700_000_000_000), phone: '+628120001' },
      { messageId: 'w2', kind: 'failed', at: expect.any(Date), phone: '+628120002', error: { code: 'cloud_ecosystem_limit', text: expect.any(String) } },
    ]);
    expect(one?.inbound).toEqual([{ id: 'in1', from: '+628120003', text: 'STOP', at: expect.any(Date) }]);
    expect(parseWebhook({ object: 'page' }).size).toBe(0);
    expect(parseWebhook(null).size).toBe(0);
  });
});
