/**
 * The Baileys sender inside the real app (SQLite, the test Redis, the BullMQ worker) against the fake
 * WhatsApp: number checks, receipts, opt-out keywords, 429 and logout during a campaign, admin alerts.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../src/app.js';
import type { AdminAlert, CampaignNotifier, Store } from '../../src/campaigns/ports.js';
import type { Audience } from '../../src/campaigns/types.js';
import { loadConfig } from '../../src/config/env.js';
import { t } from '../../src/i18n/index.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { createBaileysSender, type BaileysSender } from '../../src/whatsapp/baileys/driver.js';
import { attachSenderListeners } from '../../src/whatsapp/listeners.js';
import { boom, FakeWhatsApp, MessageStatus } from '../fakes/baileys-socket.js';
import { startTestApp, testEnv, type TestApp } from '../helpers/app.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FAST, sleep, storeLinkedSession, until, waitForState } from './helpers.js';

const ME = '6281200000000';
const ALICE = '+6281100000001';
const BOB = '+6281100000002';
const CAROL = '+6281100000003';
const NOBODY = '+6281100000009';
const ACTOR = { surface: 'cli' as const, userId: 'tester' };
/** Pacing on (one slot every 20 ms) like a real account; the other tests run unpaced. */
const PACED = { SEND_RATE_PER_MINUTE: '3000', SEND_JITTER_MS: '0' };

interface World {
  test: TestApp;
  sender: BaileysSender;
  fake: FakeWhatsApp;
  store: Store;
  alerts: AdminAlert[];
}

describe('Baileys sender in the running app', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function world(onWhatsApp: string[], env: Record<string, string> = {}): Promise<World> {
    const dataDir = makeTempDir('bb-wa-e2e-');
    const prefix = randomPrefix('wa-e2e');
    const config = loadConfig(testEnv(dataDir, { WHATSAPP_DRIVER: 'baileys', ...env }));
    // The sender gets its own connection to the same SQLite file, as it would in another process.
    const senderStore = await openStore(config, silentLogger());
    await storeLinkedSession(senderStore, ME);
    const fake = new FakeWhatsApp(onWhatsApp);
    const sender = createBaileysSender({
      store: senderStore,
      redis: redisOptionsFromUrl(inject('redisUrl')),
      prefix,
      logger: silentLogger(),
      config,
      makeSocket: fake.makeSocket,
      tuning: FAST,
    });
    await waitForState(sender, { status: 'connected' });
    const test = await startTestApp(env, { dataDir, prefix, sender });
    cleanups.push(async () => {
      await test.close();
      await senderStore.close();
      const redis = new Redis(inject('redisUrl'));
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    attachSenderListeners(test.app, { receiptRetryDelaysMs: [50, 200, 500] });
    const alerts: AdminAlert[] = [];
    const notifier: CampaignNotifier = {
      surface: 'telegram',
      updateProgress: async () => undefined,
      postSummary: async () => undefined,
      alert: async (alert) => void alerts.push(alert),
    };
    test.app.notifiers.register(notifier);
    await test.app.store.customers.upsertMany([ALICE, BOB, CAROL, NOBODY].map((phone) => ({ phone, name: phone.slice(-4) })));
    return { test, sender, fake, store: test.app.store, alerts };
  }

  async function campaign(w: World, audience: Audience = { kind: 'all' }) {
    return w.test.app.campaigns.create({ title: 'Promo', template: 'Halo {name}', audience }, ACTOR);
  }

  it('skips numbers that are not on WhatsApp, never sends to them, and counts delivered / read receipts', async () => {
    const w = await world([ALICE, BOB, CAROL]);
    const created = await campaign(w);
    await w.test.waitForCampaign(created.id, ['completed']);

    expect(w.fake.sent.map((s) => s.jid).sort()).toEqual(['6281100000001@s.whatsapp.net', '6281100000002@s.whatsapp.net', '6281100000003@s.whatsapp.net']);
    const done = await w.store.campaigns.get(created.id);
    expect(done?.counts).toMatchObject({ total: 4, sent: 3, skipped: 1, failed: 0 });
    const [skipped] = await w.store.recipients.list(created.id, { status: ['skipped'] });
    expect(skipped).toMatchObject({ phone: NOBODY, errorCode: 'not_on_whatsapp' });

    const socket = w.fake.latest();
    for (const sent of w.fake.sent) socket.status(sent.message.key.id ?? '', MessageStatus.DELIVERY_ACK, sent.jid);
    const toAlice = w.fake.sent.find((s) => s.jid.startsWith('6281100000001'));
    socket.status(toAlice?.message.key.id ?? '', MessageStatus.READ, toAlice?.jid);
    await until(async () => (await w.store.campaigns.get(created.id))?.counts.read === 1, 'the read receipt');
    await until(async () => (await w.store.campaigns.get(created.id))?.counts.delivered === 3, 'delivery receipts');
    const [alice] = await w.store.recipients.list(created.id, { status: ['sent'], limit: 1 });
    expect(alice?.deliveredAt).toBeInstanceOf(Date);
  });

  it('opts a customer out on a keyword with one confirmation, and the next campaign leaves them out', async () => {
    const w = await world([ALICE, BOB, CAROL, NOBODY]);
    const socket = w.fake.latest();
    const confirmation = t('id', 'whatsapp.optout.confirmed');

    socket.inbound('6281100000001@s.whatsapp.net', ' Stop! ');
    await until(async () => (await w.store.customers.findByPhone(ALICE))?.optedOut === true, 'ALICE opted out');
    await until(() => w.fake.sent.length === 1, 'the confirmation');
    socket.inbound('6281100000001@s.whatsapp.net', 'STOP');
    // Someone who is not a customer (say, from a pasted list), writing from a LID-addressed chat.
    socket.inbound('5550001@lid', 'berhenti', { remoteJidAlt: '6281100000008@s.whatsapp.net' });
    socket.inbound('6281100000002@s.whatsapp.net', 'stop sending me this please');
    await until(async () => (await w.store.customers.findByPhone('+6281100000008'))?.optedOut === true, 'the stranger opted out');
    await until(() => w.fake.sent.length === 2, 'the second confirmation');
    await sleep(100);

    expect(w.fake.sent.map((s) => [s.jid, s.message.message?.conversation ?? s.message.message?.extendedTextMessage?.text])).toEqual([
      ['6281100000001@s.whatsapp.net', confirmation],
      ['6281100000008@s.whatsapp.net', confirmation],
    ]);
    expect((await w.store.customers.findByPhone(BOB))?.optedOut).toBe(false);
    const audit = await w.store.audit.list({ limit: 10 });
    expect(audit.some((a) => a.actor.surface === 'whatsapp' && a.target?.includes('6281100000001'))).toBe(true);

    const next = await campaign(w, { kind: 'phones', phones: [ALICE, BOB, '+6281100000008'] });
    await w.test.waitForCampaign(next.id, ['completed']);
    const recipients = await w.store.recipients.list(next.id);
    expect(recipients.map((r) => r.phone)).toEqual([BOB]);
    expect(w.fake.sent.slice(2).map((s) => s.jid)).toEqual(['6281100000002@s.whatsapp.net']);
  });

  it("shows the account's new-chat quota in the campaign preview", async () => {
    const w = await world([ALICE, BOB, CAROL, NOBODY]);
    const preview = await w.test.app.campaigns.preview({ title: 'q', template: 'hi', audience: { kind: 'all' } });
    expect(preview.newChatQuota).toMatchObject({ total: 250, used: 40, remaining: 210 });
    expect(preview.overNewChatQuota).toBe(false);
    w.fake.quota = { ...w.fake.quota, used_quota: 248 };
    const tight = await w.test.app.campaigns.preview({ title: 'q', template: 'hi', audience: { kind: 'all' } });
    expect(tight.overNewChatQuota).toBe(true);
  });

  it('pauses the campaign on the first 429 and finishes without duplicates after a resume', async () => {
    // Paced, as a real account is: sends of one account never overlap, so nothing follows the 429.
    const w = await world([ALICE, BOB, CAROL, NOBODY], PACED);
    w.fake.onSent = () => {
      if (w.fake.sent.length === 1) w.fake.sendErrors.push(boom('rate-overlimit', 500, 429));
    };
    const created = await campaign(w);
    await w.test.waitForCampaign(created.id, ['paused']);
    const paused = await w.store.campaigns.get(created.id);
    expect(paused?.statusReason).toBe('rate_limited');
    expect(w.alerts.some((a) => a.kind === 'campaign_paused' && a.reason === 'rate_limited')).toBe(true);
    expect(w.fake.sent).toHaveLength(1);

    await w.test.app.campaigns.resume(created.id, ACTOR);
    await w.test.waitForCampaign(created.id, ['completed']);
    const jids = w.fake.sent.map((s) => s.jid);
    expect(jids).toHaveLength(4);
    expect(new Set(jids).size).toBe(4);
  });

  it('on logout mid-campaign pauses the campaign, clears the session and alerts the admins', async () => {
    const w = await world([ALICE, BOB, CAROL, NOBODY], PACED);
    w.fake.onSent = (_sent, socket) => {
      if (w.fake.sent.length === 2) socket.drop(401, 'Stream Errored (device_removed)');
    };
    const created = await campaign(w);
    await w.test.waitForCampaign(created.id, ['paused']);
    expect((await w.store.campaigns.get(created.id))?.statusReason).toBe('whatsapp_disconnected');
    await until(() => w.alerts.some((a) => a.kind === 'whatsapp_logged_out'), 'the logout alert');
    expect(w.sender.state()).toMatchObject({ status: 'logged_out' });
    await until(async () => (await w.store.kv.get('whatsapp-auth:default', 'creds')) === null, 'the session to be cleared');
    expect(w.fake.sent).toHaveLength(2);
    await sleep(300);
    expect(w.fake.sockets).toHaveLength(1);
  });

  it('pauses on a lost connection and resumes by itself after the reconnect, without duplicates', async () => {
    const w = await world([ALICE, BOB, CAROL, NOBODY]);
    const states: string[] = [];
    w.sender.on('state', (s) => states.push(s.status));
    w.fake.onSent = (_sent, socket) => {
      if (w.fake.sent.length === 2) socket.drop(408, 'Connection was lost');
    };
    const created = await campaign(w);
    await w.test.waitForCampaign(created.id, ['completed']);
    expect(states).toEqual(expect.arrayContaining(['disconnected', 'connecting', 'connected']));
    expect(w.fake.sockets.length).toBeGreaterThanOrEqual(2);
    const jids = w.fake.sent.map((s) => s.jid);
    expect(jids).toHaveLength(4);
    expect(new Set(jids).size).toBe(4);
    const audit = await w.store.audit.list({ action: 'campaign.autopause' });
    expect(audit.map((a) => a.detail)).toEqual(['whatsapp_disconnected']);
  });

  it('alerts once when the session is replaced elsewhere, and again when it is connected back', async () => {
    const w = await world([ALICE]);
    w.fake.latest().drop(440);
    await until(() => w.alerts.length === 1, 'the replaced alert');
    expect(w.alerts[0]).toMatchObject({ kind: 'whatsapp_replaced', reason: 'connection_replaced' });
    await w.sender.link({ mode: 'qr' }, async () => undefined, 5_000);
    await until(() => w.alerts.length === 2, 'the connected alert');
    expect(w.alerts[1]).toMatchObject({ kind: 'whatsapp_connected', detail: `+${ME}` });
  });
});
