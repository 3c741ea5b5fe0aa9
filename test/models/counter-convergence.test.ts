/**
 * Counters that converge: a store wrapper fails the Nth results write after it landed (the way a standalone
 * MongoDB loses the counter `$inc` that follows a recipient write), and the engine's shared logic (LaneRun +
 * EngineControl) must still end the campaign with counters equal to its recipients' real statuses.
 * Runs on SQLite always, and on MongoDB when MONGODB_URI is set (transactions off, as on a standalone server).
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Announcer, NotifierList } from '../../src/campaigns/announcer.js';
import { CampaignService } from '../../src/campaigns/service.js';
import { noopObserver, SendError, type Store, type WhatsAppSender } from '../../src/campaigns/ports.js';
import type { Actor, CampaignCounts } from '../../src/campaigns/types.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openMongoStore } from '../../src/models/mongo/index.js';
import { openSqliteStore } from '../../src/models/sqlite/index.js';
import { EngineControl } from '../../src/queue/control.js';
import { LaneRun, type LaneSettings } from '../../src/queue/lane.js';
import { Pacer } from '../../src/queue/pacer.js';
import { FileSendJournal } from '../../src/queue/send-journal.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('bb-converge-');
const actor: Actor = { surface: 'cli', userId: 'tester' };

/** Fails the `failOn`-th recordResults call after its write landed, restoring the counters it had moved. */
function losingIncrements(inner: Store, failOn: number): Store & { faults: number } {
  let calls = 0;
  const wrapped = {
    ...inner,
    faults: 0,
    recipients: {
      ...inner.recipients,
      recordResults: async (...args: Parameters<Store['recipients']['recordResults']>) => {
        calls++;
        if (calls !== failOn) return inner.recipients.recordResults(...args);
        const before = await inner.campaigns.get(args[0]);
        await inner.recipients.recordResults(...args);
        if (before) await inner.campaigns.update(args[0], { counts: before.counts });
        wrapped.faults++;
        throw new Error('injected fault: the counter update after the results write was lost');
      },
    },
  };
  // Methods of the class-based SQLite repositories live on their prototypes: bind what the spread could not copy.
  for (const name of ['insertMany', 'claimBatch', 'markInFlight', 'markInFlightMany', 'releaseClaims', 'countByStatus', 'activity',
    'nextRetryAt', 'list', 'first', 'recordReceipt', 'skipPhones'] as const) {
    Object.assign(wrapped.recipients, { [name]: inner.recipients[name].bind(inner.recipients) });
  }
  return wrapped;
}

/** Sends every number; those ending in 7 are refused for good. */
function fakeSender(): WhatsAppSender {
  return {
    driver: 'dry-run',
    state: () => ({ status: 'connected', account: '+620000', since: null, reason: null }),
    on: () => undefined,
    off: () => undefined,
    checkNumbers: async (phones) => new Map(phones.map((p) => [p, true])),
    send: async (message) => {
      if (message.to.endsWith('7')) throw new SendError('permanent', 'invalid_number', 'refused');
      return { messageId: `m-${message.recipientId}` };
    },
    reply: async () => undefined,
    close: async () => undefined,
  };
}

const settings: LaneSettings = {
  batchSize: 10,
  sliceMs: 60_000,
  maxAttempts: 3,
  retryBackoffMs: 0,
  consecutiveFailureLimit: 1000,
  inFlightPolicy: 'unknown',
  statusCheckMs: 250,
};

async function truthOf(store: Store, campaignId: string): Promise<CampaignCounts> {
  const byStatus = await store.recipients.countByStatus(campaignId);
  const all = await store.recipients.list(campaignId);
  return {
    total: all.length,
    sent: byStatus.sent,
    failed: byStatus.failed,
    skipped: byStatus.skipped,
    unknown: byStatus.unknown,
    delivered: all.filter((r) => r.deliveredAt).length,
    read: all.filter((r) => r.readAt).length,
    replied: all.filter((r) => r.repliedAt).length,
  };
}

let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis.quit();
});

function describeConvergence(name: string, open: () => Promise<Store>): void {
  describe(`campaign counters converge after faults: ${name}`, () => {
    it('ends with counters equal to the recipients even though a results write lost its counter update', async () => {
      const inner = await open();
      try {
        const store = losingIncrements(inner, 1);
        const prefix = `test-${randomUUID()}`;
        const announcer = new Announcer({
          store,
          notifiers: new NotifierList(),
          observer: noopObserver,
          logger: silentLogger(),
          locale: 'en',
          once: async (key) => (await redis.set(`${prefix}:once:${key}`, '1', 'EX', 600, 'NX')) === 'OK',
          swap: (key, value) => redis.set(`${prefix}:last:${key}`, value, 'EX', 600, 'GET'),
        });
        const control = new EngineControl({ store, announcer, logger: silentLogger(), locale: 'en', startLanes: async () => undefined });
        const pacer = new Pacer(redis, prefix, { ratePerMinute: 0, jitterMs: 0, dailyCap: 0, timeZone: 'UTC' });
        const journal = new FileSendJournal(join(tmpdir(), `lanes-${randomUUID()}`));
        const deps = { store, sender: fakeSender(), pacer, observer: noopObserver, logger: silentLogger(), settings, control, journal };

        const { campaign } = await store.campaigns.create({
          title: 'converge',
          template: 'Halo',
          media: null,
          audience: { kind: 'all' },
          status: 'processing',
          counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
          origin: actor,
          statusReason: null,
          retryOf: null,
          scheduleId: null,
          idempotencyKey: null,
        });
        await store.recipients.insertMany(
          campaign.id,
          Array.from({ length: 60 }, (_, i) => ({ customerId: null, phone: `+62812${String(1000000 + i).padStart(8, '0')}`, variables: {} })),
        );

        // A lane job that fails is retried by BullMQ with the same token (its claims recovered); do the same here.
        let outcome = 'failed';
        for (let attempt = 0; attempt < 3 && outcome !== 'done'; attempt++) {
          outcome = await new LaneRun(deps, campaign.id, 'job-1', new AbortController().signal).run().catch(() => 'failed');
        }
        expect(outcome).toBe('done');
        expect(store.faults).toBe(1);
        const finished = (await store.campaigns.get(campaign.id))!;
        const truth = await truthOf(store, campaign.id);
        expect(finished.status).toBe('completed');
        expect(truth.total).toBe(60);
        expect(truth.sent + truth.failed + truth.unknown + truth.skipped).toBe(60);
        expect(truth.failed).toBeGreaterThan(0);
        expect(finished.counts).toEqual(truth);
      } finally {
        await inner.close();
      }
    });

    it('shows a finished campaign whose counters lost an increment with counters recomputed', async () => {
      const store = await open();
      try {
        const { campaign } = await store.campaigns.create({
          title: 'shown',
          template: 'Halo',
          media: null,
          audience: { kind: 'all' },
          status: 'processing',
          counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
          origin: actor,
          statusReason: null,
          retryOf: null,
          scheduleId: null,
          idempotencyKey: null,
        });
        await store.recipients.insertMany(campaign.id, [
          { customerId: null, phone: '+6281200000001', variables: {} },
          { customerId: null, phone: '+6281200000002', variables: {} },
        ]);
        const [a, b] = await store.recipients.claimBatch(campaign.id, 'lane', 2, new Date());
        const at = new Date();
        await store.recipients.recordResults(campaign.id, 'lane', [
          { recipientId: a!.id, status: 'sent', messageId: 'x1', at },
          { recipientId: b!.id, status: 'failed', errorCode: 'e', errorText: 'e', at },
        ]);
        // Finished by an older process that trusted the counters, one increment lost on the way.
        await store.campaigns.update(campaign.id, { status: 'completed', counts: { failed: 0 } });
        const service = new CampaignService({
          store,
          queue: { start: async () => undefined, depth: async () => 0 },
          announcer: new Announcer({ store, notifiers: new NotifierList(), observer: noopObserver, logger: silentLogger(), locale: 'en', once: async () => true, swap: async () => null }),
          pacing: { ratePerMinute: 0, dailyCap: () => 0, usedToday: async () => 0 },
          logger: silentLogger(),
          locale: 'en',
        });
        expect((await service.get(campaign.id)).counts).toMatchObject({ total: 2, sent: 1, failed: 1 });
        expect((await store.campaigns.get(campaign.id))?.counts).toMatchObject({ total: 2, sent: 1, failed: 1 });
      } finally {
        await store.close();
      }
    });

    it('recomputes the counters when a campaign pauses by itself', async () => {
      const store = await open();
      try {
        const prefix = `test-${randomUUID()}`;
        const announcer = new Announcer({
          store,
          notifiers: new NotifierList(),
          observer: noopObserver,
          logger: silentLogger(),
          locale: 'en',
          once: async () => true,
          swap: async () => null,
        });
        const control = new EngineControl({ store, announcer, logger: silentLogger(), locale: 'en', startLanes: async () => undefined });
        const { campaign } = await store.campaigns.create({
          title: 'pause',
          template: 'Halo',
          media: null,
          audience: { kind: 'all' },
          status: 'processing',
          counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
          origin: actor,
          statusReason: null,
          retryOf: null,
          scheduleId: null,
          idempotencyKey: `pause-${prefix}`,
        });
        await store.recipients.insertMany(campaign.id, [{ customerId: null, phone: '+6281200000001', variables: {} }]);
        const [r] = await store.recipients.claimBatch(campaign.id, 'lane', 1, new Date());
        await store.recipients.recordResults(campaign.id, 'lane', [{ recipientId: r!.id, status: 'sent', messageId: 'x', at: new Date() }]);
        await store.campaigns.update(campaign.id, { counts: { sent: 0 } });
        await control.autoPause(campaign.id, 'daily_cap');
        const paused = (await store.campaigns.get(campaign.id))!;
        expect(paused.status).toBe('paused');
        expect(paused.counts).toMatchObject({ total: 1, sent: 1 });
      } finally {
        await store.close();
      }
    });
  });
}

describeConvergence('sqlite', () => openSqliteStore(join(tempDir(), 'broadcast.db'), silentLogger()));

const MONGODB_URI = process.env.MONGODB_URI?.trim() || undefined;
if (MONGODB_URI) {
  describeConvergence('mongodb without transactions', () =>
    openMongoStore(MONGODB_URI, silentLogger(), { dbName: `bb_test_${randomUUID().replace(/-/g, '').slice(0, 20)}`, transactions: false }),
  );
}
