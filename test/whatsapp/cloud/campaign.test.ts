import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAlert } from '../../../src/campaigns/alerts.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { createCloudSender } from '../../../src/whatsapp/cloud/sender.js';
import { CLI_ACTOR, phoneAt, seedCustomers } from '../../helpers/seed.js';
import { sleep, waitUntil } from '../../helpers/wait.js';
import { FAKE_APP_SECRET, FAKE_PHONE_NUMBER_ID, FAKE_TOKEN, FAKE_WABA_ID } from '../../fakes/graph-api.js';
import { startCloud, type CloudHarness } from './harness.js';

let running: CloudHarness[] = [];
afterEach(async () => {
  for (const h of running) await h.close();
  running = [];
});

async function start(options: Parameters<typeof startCloud>[0] = {}): Promise<CloudHarness> {
  const h = await startCloud(options);
  running.push(h);
  return h;
}

const PROMO = {
  name: 'promo_desember',
  language: 'id',
  params: { '1': '{{name|Pelanggan}}', '2': 'Promo Desember' },
};

function draft(title: string, whatsappTemplate: typeof PROMO = PROMO) {
  return {
    title,
    template: 'Halo {{name|Pelanggan}}, ada Promo Desember untuk Anda!',
    whatsappTemplate,
    audience: { kind: 'all' as const },
  };
}

describe('Cloud API campaigns against the fake Graph API', () => {
  it('sends a 1,000-recipient template campaign: 2 % failures, statuses by webhook, counts equal to the fake', async () => {
    const codes = [131026, 131049, 131050, 131047];
    const failing = Array.from({ length: 20 }, (_, k) => ({ phone: phoneAt(k * 50 + 7), code: codes[k % codes.length]! }));
    const h = await start({ setup: (fake) => failing.forEach((f) => fake.failSendsTo(f.phone, f.code)) });
    await seedCustomers(h.t.app, 1000);
    const campaign = await h.t.app.campaigns.create(draft('Promo Desember'), CLI_ACTOR);
    expect(campaign.counts.total).toBe(1000);
    await h.t.waitForCampaign(campaign.id, ['completed'], 120_000);

    // What "Meta" saw: every recipient once, templates rendered per recipient.
    const { fake } = h;
    expect(fake.attempts).toHaveLength(1000);
    expect(new Set(fake.attempts.map((a) => a.to)).size).toBe(1000);
    expect(fake.accepted).toHaveLength(980);
    const first = fake.accepted.find((m) => m.to === phoneAt(1));
    expect(first?.template).toEqual({ name: 'promo_desember', language: 'id', params: ['Customer 1', 'Promo Desember'], headerMediaId: null });

    // The summary at completion equals the fake's records.
    await waitUntil(() => h.recorder.summaries.length === 1, { what: 'the summary' });
    const summary = h.recorder.summaries[0]!.summary;
    const refused = fake.attempts.filter((a) => !a.outcome.startsWith('wamid.'));
    expect(summary.campaign.counts).toMatchObject({ total: 1000, sent: fake.accepted.length, failed: refused.length, skipped: 0, unknown: 0 });
    const failures = await h.t.app.store.recipients.list(campaign.id, { status: ['failed'] });
    expect(failures.map((r) => r.errorCode).sort()).toEqual(
      failing.map((f) => ({ 131026: 'cloud_undeliverable', 131049: 'cloud_ecosystem_limit', 131050: 'cloud_marketing_stopped', 131047: 'cloud_window_closed' })[f.code as 131026]).sort(),
    );
    // 131050: the customer stopped marketing messages, so they are opted out too.
    for (const f of failing.filter((x) => x.code === 131050)) {
      expect((await h.t.app.store.customers.findByPhone(f.phone))?.optedOut).toBe(true);
    }

    // Statuses arrive after the campaign ended, batched, some read receipts before their delivery receipts.
    const [late1, late2, ...rest] = fake.accepted;
    const readOnes = rest.slice(0, 490);
    for (let i = 0; i < 50; i += 25) {
      expect(await fake.sendStatuses(readOnes.slice(i, i + 25).map((m) => ({ id: m.id, status: 'read' as const, to: m.to })))).toBe(200);
    }
    for (let i = 0; i < rest.length; i += 100) {
      const batch = rest.slice(i, i + 100).map((m) => ({ id: m.id, status: 'delivered' as const, to: m.to }));
      expect(await fake.sendStatuses(batch)).toBe(200);
    }
    for (let i = 50; i < readOnes.length; i += 110) {
      expect(await fake.sendStatuses(readOnes.slice(i, i + 110).map((m) => ({ id: m.id, status: 'read' as const, to: m.to })))).toBe(200);
    }
    expect(
      await fake.sendStatuses([
        { id: late1!.id, status: 'failed', to: late1!.to, code: 131026 },
        { id: late2!.id, status: 'failed', to: late2!.to, code: 131026 },
      ]),
    ).toBe(200);
    const expected = { total: 1000, sent: 978, failed: 22, delivered: 978, read: 490 };
    await waitUntil(async () => {
      const c = (await h.t.app.campaigns.get(campaign.id)).counts;
      return c.delivered === expected.delivered && c.read === expected.read && c.failed === expected.failed;
    }, { what: 'the webhook statuses to be counted', timeoutMs: 60_000 });
    const stored = await h.t.app.campaigns.get(campaign.id);
    expect(stored.counts).toMatchObject(expected);
    // The counters agree with the recipients, and with the fake (accepted − failed later; refused + failed later).
    expect((await h.t.app.store.campaigns.recomputeCounts(campaign.id))?.counts).toMatchObject(expected);
    expect(stored.counts.sent).toBe(fake.accepted.length - 2);
    expect(stored.counts.failed).toBe(refused.length + 2);
    expect(stored.status).toBe('completed');
  }, 180_000);

  it('pauses at 131048 (spam rate limit) before the next send, alerts, and resumes without losing anyone', async () => {
    const h = await start({ env: { CAMPAIGN_LANES: '1' }, setup: (fake) => fake.failFromAttempt(10, 131048) });
    await seedCustomers(h.t.app, 30);
    const campaign = await h.t.app.campaigns.create(draft('Spam limit'), CLI_ACTOR);
    await h.t.waitForCampaign(campaign.id, ['paused']);
    // Let any lane that could still send do so: none may.
    await sleep(500);
    expect(h.fake.attempts).toHaveLength(10);
    const paused = await h.t.app.campaigns.get(campaign.id);
    expect(paused.statusReason).toBe('cloud_spam_rate_limit');
    expect(paused.counts).toMatchObject({ sent: 9, failed: 0 });
    expect((await h.t.app.store.recipients.countByStatus(campaign.id)).pending).toBe(21);

    await waitUntil(() => h.recorder.alerts.some((a) => a.kind === 'campaign_paused'), { what: 'the pause alert' });
    const alert = h.recorder.alerts.find((a) => a.kind === 'campaign_paused')!;
    expect(alert.reason).toBe('cloud_spam_rate_limit');
    expect(renderAlert(alert, paused, 'en', 'cli')).toContain('spam reports');
    expect(renderAlert(alert, paused, 'id', 'cli')).toContain('laporan spam');

    h.fake.failFromAttempt(Number.MAX_SAFE_INTEGER, 131048);
    await h.t.app.campaigns.resume(campaign.id, CLI_ACTOR);
    await h.t.waitForCampaign(campaign.id, ['completed']);
    expect(h.fake.accepted).toHaveLength(30);
    expect(new Set(h.fake.accepted.map((m) => m.to)).size).toBe(30);
    expect((await h.t.app.campaigns.get(campaign.id)).counts).toMatchObject({ sent: 30, failed: 0 });
  }, 60_000);

  it('slows down at 130429 (throughput) and sends every message once: nothing is lost', async () => {
    const h = await start({
      setup: (fake) => fake.failNext(130429, 130429, 130429),
      sender: (fake) =>
        createCloudSender({
          phoneNumberId: FAKE_PHONE_NUMBER_ID,
          wabaId: FAKE_WABA_ID,
          token: FAKE_TOKEN,
          appSecret: FAKE_APP_SECRET,
          graphApiUrl: fake.url,
          perSecond: 80,
          logger: silentLogger(),
          throttleBackoffMs: 20,
        }),
    });
    await seedCustomers(h.t.app, 40);
    const campaign = await h.t.app.campaigns.create(draft('Throughput'), CLI_ACTOR);
    await h.t.waitForCampaign(campaign.id, ['completed']);
    expect(h.sender.throttled).toBe(3);
    expect(h.fake.attempts.filter((a) => a.outcome === '130429')).toHaveLength(3);
    expect(h.fake.accepted).toHaveLength(40);
    expect(new Set(h.fake.accepted.map((m) => m.to)).size).toBe(40);
    const stored = await h.t.app.campaigns.get(campaign.id);
    expect(stored.counts).toMatchObject({ sent: 40, failed: 0, unknown: 0 });
    // Slowed down inside the sender: no recipient needed a second attempt from the engine.
    const recipients = await h.t.app.store.recipients.list(campaign.id);
    expect(recipients.every((r) => r.attempts === 1)).toBe(true);
  }, 60_000);

  it('pauses with "the access token expired" at 190 and when every send fails with the same template problem', async () => {
    const h = await start({ env: { CAMPAIGN_LANES: '1' } });
    await seedCustomers(h.t.app, 10);
    h.fake.token = 'EAArotatedtoken000000000000000';
    const expired = await h.t.app.campaigns.create(draft('Token'), CLI_ACTOR);
    await h.t.waitForCampaign(expired.id, ['paused']);
    const paused = await h.t.app.campaigns.get(expired.id);
    expect(paused.statusReason).toBe('cloud_token_expired');
    await waitUntil(() => h.recorder.alerts.some((a) => a.campaignId === expired.id), { what: 'the token alert' });
    const alert = h.recorder.alerts.find((a) => a.campaignId === expired.id)!;
    expect(renderAlert(alert, paused, 'en', 'cli')).toContain('the access token expired');
    expect(renderAlert(alert, paused, 'id', 'cli')).toContain('token akses Cloud API kedaluwarsa');
    await h.t.app.campaigns.cancel(expired.id, CLI_ACTOR);

    h.fake.token = FAKE_TOKEN;
    const broken = await h.t.app.campaigns.create(draft('Broken template', { ...PROMO, name: 'no_such_template' }), CLI_ACTOR);
    await h.t.waitForCampaign(broken.id, ['paused']);
    const stopped = await h.t.app.campaigns.get(broken.id);
    expect(stopped.statusReason).toBe('cloud_template_missing');
    // Two recorded as failed, the third pauses (back to pending), the rest never tried.
    expect(stopped.counts).toMatchObject({ sent: 0, failed: 2 });
    expect((await h.t.app.store.recipients.countByStatus(broken.id)).pending).toBe(8);
  }, 60_000);

  it('uploads a media header once per campaign and sends it with every template', async () => {
    const h = await start();
    await seedCustomers(h.t.app, 12);
    const path = join(h.t.dataDir, 'banner.png');
    writeFileSync(path, Buffer.alloc(2048, 7));
    const campaign = await h.t.app.campaigns.create(
      { ...draft('Banner'), media: { kind: 'image', path, fileName: 'banner.png', mimeType: 'image/png' } },
      CLI_ACTOR,
    );
    await h.t.waitForCampaign(campaign.id, ['completed']);
    expect(h.fake.uploads).toHaveLength(1);
    expect(h.fake.uploads[0]?.type).toBe('image/png');
    expect(h.fake.accepted).toHaveLength(12);
    expect(h.fake.accepted.every((m) => m.template?.headerMediaId === h.fake.uploads[0]?.id)).toBe(true);
  }, 60_000);
});
