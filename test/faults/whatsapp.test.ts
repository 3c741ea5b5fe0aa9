/**
 * WhatsApp pushing back mid-campaign, on the fake Baileys socket inside the running app: a 429 (rate limit), a
 * 463 (restriction), a 401 (logged out) and a 440 (the session opened elsewhere). Each pauses the campaign with its
 * reason; nobody is sent twice; the recipient WhatsApp refused goes back to the pool without an attempt counted.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../src/app.js';
import type { AdminAlert, CampaignNotifier } from '../../src/campaigns/ports.js';
import { loadConfig } from '../../src/config/env.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { redisOptionsFromUrl } from '../../src/queue/redis.js';
import { createBaileysSender } from '../../src/whatsapp/baileys/driver.js';
import { boom, FakeWhatsApp } from '../fakes/baileys-socket.js';
import { startTestApp, testEnv, type TestApp } from '../helpers/app.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FAST, storeLinkedSession, waitForState } from '../whatsapp/helpers.js';
import { waitUntil } from './harness.js';

const ME = '6281200000000';
const PHONES = Array.from({ length: 6 }, (_, i) => `+62811000000${String(i + 10)}`);
const ACTOR = { surface: 'cli' as const, userId: 'tester' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(): Promise<{ test: TestApp; fake: FakeWhatsApp; alerts: AdminAlert[] }> {
  const dataDir = makeTempDir('bb-fault-wa-');
  const prefix = randomPrefix('fault-wa');
  // Paced like a real account: one send at a time, so nothing follows the push-back.
  const config = loadConfig(testEnv(dataDir, { WHATSAPP_DRIVER: 'baileys', SEND_RATE_PER_MINUTE: '3000' }));
  const senderStore = await openStore(config, silentLogger());
  await storeLinkedSession(senderStore, ME);
  const fake = new FakeWhatsApp(PHONES);
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
  const test = await startTestApp({ WHATSAPP_DRIVER: 'baileys', SEND_RATE_PER_MINUTE: '3000' }, { dataDir, prefix, sender });
  cleanups.push(async () => {
    await test.close();
    await senderStore.close();
    const redis = new Redis(inject('redisUrl'));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });
  const alerts: AdminAlert[] = [];
  const notifier: CampaignNotifier = {
    surface: 'telegram',
    updateProgress: async () => undefined,
    postSummary: async () => undefined,
    alert: async (alert) => void alerts.push(alert),
  };
  test.app.notifiers.register(notifier);
  await test.app.store.customers.upsertMany(PHONES.map((phone) => ({ phone, name: phone.slice(-4) })));
  return { test, fake, alerts };
}

const CASES = [
  { name: '429 rate limit', reason: 'rate_limited', push: (w: { fake: FakeWhatsApp }) => w.fake.sendErrors.push(boom('rate-overlimit', 500, 429)) },
  { name: '463 restriction', reason: 'restricted', push: (w: { fake: FakeWhatsApp }) => w.fake.sendErrors.push(boom('Your account has been restricted', 500, 463)) },
  { name: '401 logged out', reason: 'whatsapp_disconnected', push: (w: { fake: FakeWhatsApp }) => w.fake.latest().drop(401, 'Stream Errored (device_removed)') },
  { name: '440 replaced', reason: 'whatsapp_disconnected', push: (w: { fake: FakeWhatsApp }) => w.fake.latest().drop(440, 'Stream Errored (conflict)') },
] as const;

describe('fault: WhatsApp pushes back mid-campaign', () => {
  for (const c of CASES) {
    it(`${c.name}: pauses with reason ${c.reason}, sends nobody twice, counts no attempt for the refused send`, async () => {
      const w = await world();
      w.fake.onSent = () => {
        if (w.fake.sent.length === 2) c.push(w);
      };
      const created = await w.test.app.campaigns.create({ title: 'Promo', template: 'Halo {name}', audience: { kind: 'all' } }, ACTOR);
      await w.test.waitForCampaign(created.id, ['paused']);
      const paused = await w.test.app.store.campaigns.get(created.id);
      expect(paused?.statusReason).toBe(c.reason);
      expect(w.alerts.some((a) => a.kind === 'campaign_paused')).toBe(true);
      // The lane stops right after the pause and hands its claims back.
      await waitUntil('claims released', async () => (await w.test.app.store.recipients.countByStatus(created.id)).claimed === 0, 10_000);
      const jids = w.fake.sent.map((s) => s.jid);
      expect(new Set(jids).size).toBe(jids.length);
      const recipients = await w.test.app.store.recipients.list(created.id);
      // Sent ones count one attempt; the ones WhatsApp refused or that never went out count none.
      for (const r of recipients) expect(r.attempts).toBe(r.status === 'sent' ? 1 : 0);
      expect(recipients.filter((r) => r.status === 'pending')).not.toHaveLength(0);
    }, 60_000);
  }
});
