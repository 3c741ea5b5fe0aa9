/**
 * The MongoDB store. With MONGODB_URI set, the shared store contract runs against it (a fresh database per test,
 * dropped afterwards) plus checks that need a server. Without it, the contract is reported as NOT RUN on stderr
 * (never registered as skipped or passed tests) and only what needs no server runs: the indexes the schemas
 * declare, the mappings between documents and domain records, the filters and updates the repositories send
 * (cast by mongoose against the schemas), and failing fast on an unreachable server.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { Types, type Schema } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/campaigns/ports.js';
import type { Actor, Campaign, CampaignRecipient, Customer, Schedule } from '../../src/campaigns/types.js';
import { loadConfig } from '../../src/config/env.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/models/index.js';
import { patchToSet } from '../../src/models/mongo/campaigns.js';
import { applyInput, normalizeTags, sameEditable } from '../../src/models/mongo/customers.js';
import {
  connectionOptions,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  describeMongoUri,
  durabilityOptions,
  MongoStoreError,
  openMongoStore,
  serverSelectionTimeout,
} from '../../src/models/mongo/index.js';
import {
  auditEventToDoc,
  campaignToDoc,
  customerToDoc,
  fromPairs,
  newRecipientDoc,
  notificationToDoc,
  recipientId,
  recipientToDoc,
  scheduleToDoc,
  toAuditEvent,
  toCampaign,
  toCustomer,
  toNotification,
  toPairs,
  toRecipient,
  toSchedule,
  withoutUndefined,
} from '../../src/models/mongo/mappers.js';
import { claimableFilter, receiptFilters, resultUpdate } from '../../src/models/mongo/recipients.js';
import { schedulePatchToSet } from '../../src/models/mongo/schedules.js';
import { indexName } from '../../src/models/mongo/migrate.js';
import {
  auditSchema,
  campaignSchema,
  createModels,
  notificationSchema,
  customerSchema,
  kvSchema,
  recipientSchema,
  type CampaignDoc,
  type RecipientDoc,
} from '../../src/models/mongo/schemas.js';
import { createWrites, isDuplicateKey } from '../../src/models/mongo/transactions.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { describeStoreContract, describeStoreRaceContract } from './store-contract.js';

const MONGODB_URI = process.env.MONGODB_URI?.trim() || undefined;
const tempDir = useTempDir('bb-mongo-');

const actor: Actor = { surface: 'telegram', userId: '42', userName: 'Ani', chatId: '-100', locale: 'id' };

// ---------------------------------------------------------------- against a real server (MONGODB_URI)

if (MONGODB_URI) {
  const uri = MONGODB_URI;
  const databases = new Map<Store, string>();

  const openFresh = async (
    dbName = `bb_test_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    options: { transactions?: boolean; migrate?: 'auto' | 'always' | 'never' } = {},
  ): Promise<Store> => {
    const store = await openMongoStore(uri, silentLogger(), { dbName, ...options });
    databases.set(store, dbName);
    return store;
  };

  const dropDatabase = async (dbName: string): Promise<void> => {
    const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
    try {
      await conn.dropDatabase();
    } finally {
      await conn.close();
    }
  };

  describeStoreContract('mongodb', () => openFresh(), async (store) => {
    const dbName = databases.get(store);
    databases.delete(store);
    if (dbName) await dropDatabase(dbName);
  });

  const dropStore = async (store: Store) => {
    const dbName = databases.get(store);
    databases.delete(store);
    if (dbName) await dropDatabase(dbName);
  };
  describeStoreRaceContract('mongodb', () => openFresh(), dropStore);
  // The standalone-server path (no transactions): every write pattern must hold without them too.
  describeStoreContract('mongodb, transactions forced off', () => openFresh(undefined, { transactions: false }), dropStore);
  describeStoreRaceContract('mongodb, transactions forced off', () => openFresh(undefined, { transactions: false }), dropStore);

  describe('mongodb query plans and index migration', () => {
    /** Every `stage` and `indexName` anywhere in an explain() answer (classic and slot-based plans nest differently). */
    const planOf = (explained: unknown) => {
      const stages: string[] = [];
      const indexes: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) {
            if (key === 'stage' && typeof value === 'string') stages.push(value);
            else if (key === 'indexName' && typeof value === 'string') indexes.push(value);
            else if (key !== 'rejectedPlans') walk(value);
          }
        }
      };
      walk((explained as { queryPlanner?: unknown }).queryPlanner ?? explained);
      return { stages, indexes };
    };

    it('claims, pages and looks up receipts through their indexes (no collection scan, no in-memory sort)', async () => {
      const store = await openFresh();
      const dbName = databases.get(store)!;
      const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
      try {
        const { campaign } = await store.campaigns.create({
          title: 't', template: 'x', media: null, audience: { kind: 'all' }, status: 'processing',
          counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
          origin: actor, statusReason: null, retryOf: null, scheduleId: null, idempotencyKey: null,
        });
        await store.recipients.insertMany(
          campaign.id,
          Array.from({ length: 200 }, (_, i) => ({ customerId: null, phone: `+6281200${String(i).padStart(5, '0')}`, variables: {} })),
        );
        const models = createModels(conn);
        const claim = planOf(await models.recipients.find(claimableFilter(campaign.id, new Date()), { _id: 1 }).sort({ _id: 1 }).limit(50).explain('queryPlanner'));
        expect(claim.stages).toContain('IXSCAN');
        expect(claim.stages).not.toContain('COLLSCAN');
        expect(claim.stages).not.toContain('SORT');
        expect(claim.indexes).toContain('campaignId_1_status_1_claim_1__id_1');

        const page = planOf(await models.recipients.find({ campaignId: campaign.id, _id: { $gt: `${campaign.id}-` } }).sort({ _id: 1 }).limit(100).explain('queryPlanner'));
        expect(page.stages).toContain('IXSCAN');
        expect(page.stages).not.toContain('COLLSCAN');
        expect(page.stages).not.toContain('SORT');

        const [byCustomer, byStranger] = receiptFilters('64b000000000000000000001', '+628120000001', 'wamid-1');
        const customerPlan = planOf(await models.recipients.findOne(byCustomer!).explain('queryPlanner'));
        expect(customerPlan.indexes).toContain('customerId_1');
        expect(customerPlan.stages).not.toContain('COLLSCAN');
        const strangerPlan = planOf(await models.recipients.findOne(byStranger!).explain('queryPlanner'));
        expect(strangerPlan.indexes).toContain('phone_1');
        expect(strangerPlan.stages).not.toContain('COLLSCAN');

        const pending = planOf(await models.recipients.findOne({ campaignId: campaign.id, status: 'pending', claim: { $ne: null } }, { _id: 1 }).explain('queryPlanner'));
        expect(pending.stages).toContain('IXSCAN');
        expect(pending.stages).not.toContain('COLLSCAN');
      } finally {
        await conn.close();
        await store.close();
        await dropStore(store);
      }
    });

    it('builds indexes on an empty database, leaves a used one to `db migrate`, which then builds what is missing', async () => {
      const first = await openFresh();
      const dbName = databases.get(first)!;
      await first.customers.upsertMany([{ phone: '+6281200000001', name: 'Ani' }]);
      expect(await first.migrate()).toEqual([]);
      await first.close();
      const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
      try {
        await conn.db!.collection('customers').dropIndex('tags_1_optedOut_1');
        const second = await openMongoStore(uri, silentLogger(), { dbName });
        try {
          const names = async () => (await conn.db!.collection('customers').indexes()).map((i) => i.name);
          expect(await names()).not.toContain('tags_1_optedOut_1');
          const report = await second.migrate();
          expect(report.join('\n')).toContain('customers: built tags_1_optedOut_1');
          expect(await names()).toContain('tags_1_optedOut_1');
        } finally {
          await second.close();
        }
      } finally {
        await conn.close();
        await dropDatabase(dbName);
      }
    });
  });

  describe('mongodb store on a server', () => {
    it('creates the indexes the engine queries by', async () => {
      const store = await openFresh();
      const dbName = databases.get(store)!;
      const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
      try {
        const keysOf = async (collection: string) =>
          (await conn.db!.collection(collection).indexes()).map((i) => ({ key: i.key, unique: i.unique ?? false, ttl: i.expireAfterSeconds }));
        expect(await keysOf('campaign_recipients')).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ key: { campaignId: 1, status: 1, claim: 1, _id: 1 } }),
            expect.objectContaining({ key: { customerId: 1 } }),
            expect.objectContaining({ key: { phone: 1 } }),
          ]),
        );
        expect(await keysOf('customers')).toEqual(expect.arrayContaining([{ key: { phone: 1 }, unique: true, ttl: undefined }]));
        expect(await keysOf('campaigns')).toEqual(expect.arrayContaining([{ key: { idempotencyKey: 1 }, unique: true, ttl: undefined }]));
        expect(await keysOf('kv')).toEqual(expect.arrayContaining([{ key: { expiresAt: 1 }, unique: false, ttl: 0 }]));
      } finally {
        await conn.close();
        await store.close();
        await dropDatabase(dbName);
      }
    });

    it('never gives one recipient to lanes of two separate connections (two processes)', async () => {
      const dbName = `bb_test_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
      const a = await openMongoStore(uri, silentLogger(), { dbName });
      const b = await openMongoStore(uri, silentLogger(), { dbName });
      try {
        const { campaign } = await a.campaigns.create({
          title: 't',
          template: 'x',
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
        await a.recipients.insertMany(
          campaign.id,
          Array.from({ length: 300 }, (_, i) => ({ customerId: null, phone: `+6281200${String(i).padStart(5, '0')}`, variables: {} })),
        );
        const batches = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).recipients.claimBatch(campaign.id, `lane-${i}`, 40, new Date())),
        );
        const ids = batches.flat().map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(300);
      } finally {
        await a.close();
        await b.close();
        await dropDatabase(dbName);
      }
    });
  });
} else {
  // Reported, not skipped: a skipped contract would read as "fine" in a summary.
  process.stderr.write('MongoDB contract suite: NOT RUN (MONGODB_URI is not set)\n');
}

// ---------------------------------------------------------------- no server needed

type IndexEntry = ReturnType<Schema['indexes']>[number];

function findIndex(schema: Schema, keys: Record<string, 1 | -1>): IndexEntry | undefined {
  return schema.indexes().find(([fields]) => JSON.stringify(fields) === JSON.stringify(keys));
}

describe('mongodb schemas', () => {
  it('declare the customer indexes: unique phone, tags, opt-out', () => {
    expect(findIndex(customerSchema, { phone: 1 })?.[1]).toMatchObject({ unique: true });
    expect(findIndex(customerSchema, { tags: 1, optedOut: 1 })).toBeDefined();
    expect(findIndex(customerSchema, { optedOut: 1 })).toBeDefined();
  });

  it('declare the campaign indexes: newest first, unique idempotency key only where set, by schedule', () => {
    expect(findIndex(campaignSchema, { createdAt: -1, _id: -1 })).toBeDefined();
    expect(findIndex(campaignSchema, { idempotencyKey: 1 })?.[1]).toEqual({
      unique: true,
      partialFilterExpression: { idempotencyKey: { $type: 'string' } },
    });
    expect(campaignSchema.indexes().some(([fields]) => Object.keys(fields)[0] === 'scheduleId')).toBe(true);
  });

  it('declare the recipient indexes: claim order by campaign, status and claim; customer or stranger number for receipts', () => {
    const claim = findIndex(recipientSchema, { campaignId: 1, status: 1, claim: 1, _id: 1 });
    expect(claim).toBeDefined();
    expect(Object.keys(claim![0]).slice(0, 3)).toEqual(['campaignId', 'status', 'claim']);
    // No index by message id (random keys: a page write per sent result); receipts go by customer or number.
    expect(findIndex(recipientSchema, { messageId: 1 })).toBeUndefined();
    expect(findIndex(recipientSchema, { customerId: 1 })?.[1]).toEqual({ partialFilterExpression: { customerId: { $type: 'string' } } });
    expect(findIndex(recipientSchema, { phone: 1 })?.[1]).toEqual({ partialFilterExpression: { customerId: { $type: 'null' } } });
    expect(findIndex(recipientSchema, { campaignId: 1, _id: 1 })).toBeDefined();
  });

  it('declare audit and notification indexes that end in the _id tie-breaker of their sorts', () => {
    expect(findIndex(auditSchema, { at: -1, _id: -1 })).toBeDefined();
    expect(findIndex(auditSchema, { action: 1, at: -1, _id: -1 })).toBeDefined();
    expect(findIndex(notificationSchema, { at: -1, _id: -1 })).toBeDefined();
    expect(findIndex(notificationSchema, { campaignId: 1, at: -1, _id: -1 })).toBeDefined();
  });

  it('declare a TTL index on kv expiry and a unique namespace + key', () => {
    expect(findIndex(kvSchema, { expiresAt: 1 })?.[1]).toEqual({ expireAfterSeconds: 0 });
    expect(findIndex(kvSchema, { namespace: 1, key: 1 })?.[1]).toEqual({ unique: true });
  });

  it('keep versionKey and minimize off, so stored documents are exactly the mapped records', () => {
    for (const schema of [customerSchema, campaignSchema, recipientSchema, kvSchema]) {
      expect(schema.get('versionKey')).toBe(false);
      expect(schema.get('minimize')).toBe(false);
    }
  });
});

describe('mongodb mappings', () => {
  const at = new Date('2025-03-04T05:06:07.089Z');

  it('round-trips a customer, keeping attribute keys MongoDB field names could not hold', () => {
    const customer: Customer = {
      id: new Types.ObjectId().toHexString(),
      phone: '+6281234567890',
      name: 'Ani',
      tags: ['vip', 'jkt'],
      attributes: { city: 'Bandung', 'e.mail': 'a@b.c', $price: '10', empty: '' },
      optedOut: true,
      optedOutAt: at,
      createdAt: at,
      updatedAt: at,
    };
    const doc = customerToDoc(customer);
    expect(doc._id).toBeInstanceOf(Types.ObjectId);
    expect(doc.attributes).toEqual([
      { k: 'city', v: 'Bandung' },
      { k: 'e.mail', v: 'a@b.c' },
      { k: '$price', v: '10' },
      { k: 'empty', v: '' },
    ]);
    expect(toCustomer(doc)).toEqual(customer);
    expect(customerToDoc(toCustomer(doc))).toEqual(doc);
  });

  it('fills defaults for a customer document written without optional fields', () => {
    const sparse = { _id: new Types.ObjectId(), phone: '+6281200000001', createdAt: at, updatedAt: at } as unknown as Parameters<typeof toCustomer>[0];
    expect(toCustomer(sparse)).toMatchObject({ name: null, tags: [], attributes: {}, optedOut: false, optedOutAt: null });
  });

  const campaign: Campaign = {
    id: 'k7m2q9xa',
    account: 'default',
    title: 'Promo Ramadan',
    template: 'Halo {{name}}',
    media: { kind: 'image', path: '/data/media/a.jpg', fileName: 'a.jpg', mimeType: 'image/jpeg' },
    audience: { kind: 'tags', tags: ['vip'] },
    status: 'processing',
    counts: { total: 10, sent: 5, failed: 1, skipped: 1, unknown: 0, delivered: 4, read: 2, replied: 1 },
    origin: actor,
    progressMessages: [{ surface: 'telegram', chatId: '-100', messageId: '7' }],
    statusReason: null,
    retryOf: 'abcdefgh',
    scheduleId: null,
    idempotencyKey: 'sched:1',
    createdAt: at,
    startedAt: at,
    sentAt: null,
    updatedAt: at,
    whatsappTemplate: null,
  };

  it('round-trips a campaign, keeping its recipient sequence in the store only', () => {
    const doc = campaignToDoc(campaign, 42);
    expect(doc).toMatchObject({ _id: 'k7m2q9xa', recipientSeq: 42, idempotencyKey: 'sched:1' });
    expect(toCampaign(doc)).toEqual(campaign);
    expect(campaignToDoc(toCampaign(doc), 42)).toEqual(doc);
    expect(toCampaign(doc)).not.toHaveProperty('recipientSeq');
  });

  it('leaves a null idempotency key out of the document, so the unique index ignores it', () => {
    const doc = campaignToDoc({ ...campaign, idempotencyKey: null });
    expect('idempotencyKey' in doc).toBe(false);
    expect(toCampaign(doc).idempotencyKey).toBeNull();
  });

  it('drops undefined members of mixed values instead of storing them as null', () => {
    const origin: Actor = { surface: 'cli', userId: 'me', userName: undefined, chatId: undefined };
    const doc = campaignToDoc({ ...campaign, origin });
    expect(doc.origin).toEqual({ surface: 'cli', userId: 'me' });
    expect(Object.keys(doc.origin)).toEqual(['surface', 'userId']);
    expect(withoutUndefined({ a: [{ b: undefined, c: 1 }], d: at, e: null })).toEqual({ a: [{ c: 1 }], d: at, e: null });
  });

  it('reads missing counters of an older campaign document as zero', () => {
    const doc = { ...campaignToDoc(campaign), counts: { total: 3 } } as unknown as CampaignDoc;
    expect(toCampaign(doc).counts).toEqual({ total: 3, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0, replied: 0 });
  });

  it('round-trips a recipient and keeps the claim out of the domain record', () => {
    const recipient: CampaignRecipient = {
      id: recipientId('k7m2q9xa', 7),
      campaignId: 'k7m2q9xa',
      customerId: new Types.ObjectId().toHexString(),
      phone: '+6281234567890',
      variables: { name: 'Ani', 'a.b': 'c' },
      status: 'sent',
      attempts: 2,
      errorCode: null,
      errorText: null,
      messageId: 'wamid.1',
      nextAttemptAt: null,
      sentAt: at,
      deliveredAt: at,
      readAt: null,
      repliedAt: null,
      updatedAt: at,
    };
    const doc = recipientToDoc(recipient, { token: 'lane', inFlight: true });
    expect(doc).toMatchObject({ claim: 'lane', inFlight: true });
    const back = toRecipient(doc);
    expect(back).toEqual(recipient);
    expect(back).not.toHaveProperty('claim');
    expect(recipientToDoc(back)).toEqual({ ...doc, claim: null, inFlight: false });
  });

  it('gives new recipients pending, unclaimed documents with ids that sort in insertion order', () => {
    const doc = newRecipientDoc('k7m2q9xa', 1, { customerId: null, phone: '+62812', variables: {} }, at);
    expect(doc).toMatchObject({ _id: 'k7m2q9xa-000000000001', status: 'pending', attempts: 0, claim: null, inFlight: false, variables: [] });
    const ids = [1, 2, 9, 10, 11, 99, 100, 1000, 123456].map((n) => recipientId('k7m2q9xa', n));
    expect([...ids].sort()).toEqual(ids);
  });

  it('round-trips audit events, notifications and schedules', () => {
    const event = { id: new Types.ObjectId().toHexString(), at, actor, action: 'campaign.pause', target: 'k7m2q9xa', outcome: 'refused' as const, detail: null };
    expect(toAuditEvent(auditEventToDoc(event))).toEqual(event);
    const notification = { id: new Types.ObjectId().toHexString(), at, campaignId: null, kind: 'summary', text: '📢 done' };
    expect(toNotification(notificationToDoc(notification))).toEqual(notification);
    const schedule: Schedule = {
      id: 'abcdefgh',
      name: 'Weekly',
      draft: { title: 'Promo', template: 'Halo', media: null, audience: { kind: 'all' }, account: 'default' },
      kind: 'cron',
      at: null,
      cron: '0 9 * * 1',
      timezone: 'Asia/Jakarta',
      enabled: true,
      createdBy: actor,
      lastRunAt: at,
      lastCampaignId: 'k7m2q9xa',
      lastOutcome: 'started',
      nextRunAt: at,
      createdAt: at,
      updatedAt: at,
    };
    expect(toSchedule(scheduleToDoc(schedule))).toEqual(schedule);
    expect(scheduleToDoc(toSchedule(scheduleToDoc(schedule)))).toEqual(scheduleToDoc(schedule));
  });

  it('maps free-form string maps to pairs and back', () => {
    expect(toPairs({ a: '1', 'b.c': '2' })).toEqual([
      { k: 'a', v: '1' },
      { k: 'b.c', v: '2' },
    ]);
    expect(fromPairs(toPairs({ a: '1', 'b.c': '2' }))).toEqual({ a: '1', 'b.c': '2' });
    expect(fromPairs(undefined)).toEqual({});
    expect(toPairs(undefined)).toEqual([]);
  });
});

describe('mongodb repository logic', () => {
  it('compares customers with tags as a set and attributes whatever their order', () => {
    expect(normalizeTags([' b', 'a', 'b', '', 'a '])).toEqual(['a', 'b']);
    const stored = { name: 'Ani', tags: ['a', 'b'], attributes: { x: '1', y: '2' } };
    expect(sameEditable(stored, { name: 'Ani', tags: ['b', 'a'], attributes: { y: '2', x: '1' } })).toBe(true);
    expect(sameEditable(stored, { name: 'Ani', tags: ['a'], attributes: { x: '1', y: '2' } })).toBe(false);
    expect(sameEditable(stored, { name: 'Ani', tags: ['a', 'b'], attributes: { x: '1', y: '3' } })).toBe(false);
    expect(sameEditable(stored, { name: 'Ani', tags: ['a', 'b'], attributes: { x: '1' } })).toBe(false);
    expect(sameEditable(stored, { name: null, tags: ['a', 'b'], attributes: { x: '1', y: '2' } })).toBe(false);
  });

  it('applies an import row over a customer: omitted fields kept, given ones replaced', () => {
    const stored = { name: 'Ani', tags: ['a'], attributes: { x: '1' } };
    expect(applyInput(stored, { phone: '+62812', tags: ['c', 'c'] })).toEqual({ name: 'Ani', tags: ['c'], attributes: { x: '1' } });
    expect(applyInput(stored, { phone: '+62812', name: null, attributes: {} })).toEqual({ name: null, tags: ['a'], attributes: {} });
  });

  it('turns a campaign patch into a $set of only the given fields', () => {
    const now = new Date();
    expect(patchToSet({ status: 'paused', statusReason: null, counts: { sent: 2, failed: undefined } }, now)).toEqual({
      updatedAt: now,
      status: 'paused',
      statusReason: null,
      'counts.sent': 2,
    });
    expect(patchToSet({ sentAt: null }, now)).toEqual({ updatedAt: now, sentAt: null });
  });

  it('turns a schedule patch into a $set that never touches the id or creation time', () => {
    const now = new Date();
    const patch = { enabled: false, nextRunAt: null, lastOutcome: undefined, id: 'zzzzzzzz', createdAt: new Date(0) } as Partial<Schedule>;
    expect(schedulePatchToSet(patch, now)).toEqual({ updatedAt: now, enabled: false, nextRunAt: null });
  });

  it('writes each result kind with its claim released and the attempt counted', () => {
    const now = new Date();
    const at = new Date('2025-01-01T00:00:00.000Z');
    const sent = resultUpdate({ recipientId: 'r', status: 'sent', messageId: 'wamid.1', at }, now);
    expect(sent).toEqual({
      $set: { claim: null, inFlight: false, updatedAt: now, status: 'sent', messageId: 'wamid.1', sentAt: at, errorCode: null, errorText: null, nextAttemptAt: null },
      $inc: { attempts: 1 },
    });
    const retry = resultUpdate({ recipientId: 'r', status: 'retry', errorCode: 'timeout', errorText: 't', nextAttemptAt: at, at }, now);
    expect(retry.$set).toMatchObject({ status: 'pending', claim: null, nextAttemptAt: at, errorCode: 'timeout' });
    const failed = resultUpdate({ recipientId: 'r', status: 'failed', errorCode: 'invalid', errorText: 'bad', at }, now);
    expect(failed.$set).toMatchObject({ status: 'failed', claim: null, inFlight: false, nextAttemptAt: null, errorCode: 'invalid', errorText: 'bad' });
    expect(failed.$set).not.toHaveProperty('sentAt');
  });

  describe('filters and updates cast by mongoose against the schemas', () => {
    const conn = mongoose.createConnection();
    const models = createModels(conn);
    afterAll(async () => {
      await conn.close();
    });

    /**
     * The update as mongoose would send it. Strict mode silently drops paths the schema lacks (a typo such as
     * `count.sent` would never reach the server), so every update the repositories send must come out whole.
     * `_castUpdate` is mongoose's own (internal) step of `updateOne`; no server is involved.
     */
    function castUpdate(model: (typeof models)[keyof typeof models], update: Record<string, unknown>, upsert = false): unknown {
      const updatable = model as unknown as { updateOne(filter: object, update: object, options: object): unknown };
      const query = updatable.updateOne({}, update, { upsert }) as { _castUpdate(u: unknown): unknown; _update: unknown };
      return query._castUpdate(query._update);
    }

    it('keep every path of the recipient, campaign, customer, kv and schedule updates', () => {
      const now = new Date('2025-01-01T00:00:00.000Z');
      const updates: [(typeof models)[keyof typeof models], Record<string, unknown>, boolean?][] = [
        [models.recipients, resultUpdate({ recipientId: 'r', status: 'sent', messageId: 'w', at: now }, now)],
        [models.recipients, resultUpdate({ recipientId: 'r', status: 'retry', errorCode: 'e', errorText: 't', nextAttemptAt: now, at: now }, now)],
        [models.recipients, { $set: { claim: 'lane', inFlight: false, updatedAt: now } }],
        [models.campaigns, { $inc: { recipientSeq: 5, 'counts.total': 5 }, $set: { updatedAt: now } }],
        [models.campaigns, { $inc: { 'counts.sent': 1, 'counts.failed': 2, 'counts.skipped': 3, 'counts.unknown': 4, 'counts.delivered': 5, 'counts.read': 6 } }],
        [models.campaigns, { $set: patchToSet({ status: 'paused', statusReason: 'x', startedAt: now, sentAt: null, counts: { sent: 3 } }, now) }],
        [models.campaigns, { $push: { progressMessages: { surface: 'telegram', chatId: '1', messageId: '2' } }, $set: { updatedAt: now } }],
        [
          models.customers,
          {
            $set: { updatedAt: now, name: 'Ani', tags: ['a'], attributes: [{ k: 'a.b', v: '' }] },
            $setOnInsert: { _id: new Types.ObjectId(), createdAt: now, optedOut: false, optedOutAt: null },
          },
          true,
        ],
        [models.customers, { $set: { optedOut: true, optedOutAt: now, updatedAt: now } }],
        [models.kv, { $set: { value: '', expiresAt: now } }, true],
        [models.schedules, { $set: schedulePatchToSet({ enabled: false, draft: { title: 't', template: '', media: null, audience: { kind: 'all' } } }, now) }],
      ];
      for (const [model, update, upsert] of updates) {
        const cast = castUpdate(model, update, upsert) as Record<string, Record<string, unknown>>;
        for (const [operator, fields] of Object.entries(update)) {
          expect(Object.keys(cast[operator] ?? {}), `${model.modelName} ${operator}`).toEqual(
            expect.arrayContaining(Object.keys(fields as object)),
          );
        }
      }
    });

    it('accept the documents the repositories insert, empty texts included', async () => {
      const at = new Date('2025-01-01T00:00:00.000Z');
      const campaign = campaignToDoc({
        id: 'k7m2q9xa',
        account: 'default',
        title: '',
        template: '',
        media: { kind: 'document', path: '/m/a.pdf', fileName: 'a.pdf', mimeType: 'application/pdf' },
        audience: { kind: 'phones', phones: ['+62812'] },
        status: 'pending',
        counts: { total: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, delivered: 0, read: 0 },
        origin: actor,
        progressMessages: [],
        statusReason: null,
        retryOf: null,
        scheduleId: null,
        idempotencyKey: null,
        createdAt: at,
        startedAt: null,
        sentAt: null,
        updatedAt: at,
      });
      const hydrated = new models.campaigns(campaign);
      await expect(hydrated.validate()).resolves.toBeUndefined();
      expect(hydrated.toObject()).not.toHaveProperty('idempotencyKey');
      const recipient = new models.recipients(newRecipientDoc('k7m2q9xa', 1, { customerId: null, phone: '+62812', variables: { note: '' } }, at));
      await expect(recipient.validate()).resolves.toBeUndefined();
    });

    it('claims only unclaimed pending recipients not waiting for a retry, in one indexable predicate', () => {
      const now = new Date('2025-01-01T00:00:00.000Z');
      const cast = models.recipients.find().cast(models.recipients, claimableFilter('k7m2q9xa', now)) as Record<string, unknown>;
      expect(cast).toEqual({ campaignId: 'k7m2q9xa', status: 'pending', claim: null, nextAttemptAt: { $not: { $gt: now } } });
      expect(Object.keys(cast).slice(0, 3)).toEqual(['campaignId', 'status', 'claim']);
    });

    it('casts string ids and dates in recipient and campaign filters as given', () => {
      const cast = models.recipients.find().cast(models.recipients, {
        _id: { $gt: recipientId('k7m2q9xa', 10) },
        claim: { $ne: null },
      }) as Partial<Record<keyof RecipientDoc, unknown>>;
      expect(cast).toEqual({ _id: { $gt: 'k7m2q9xa-000000000010' }, claim: { $ne: null } });
      const ref = { surface: 'telegram', chatId: '42', messageId: '100' };
      const progress = models.campaigns.find().cast(models.campaigns, { _id: 'k7m2q9xa', progressMessages: { $not: { $elemMatch: ref } } });
      expect(progress).toEqual({ _id: 'k7m2q9xa', progressMessages: { $not: { $elemMatch: ref } } });
    });
  });

  it('runs writes directly, without a session, where the server has no transactions', async () => {
    const writes = createWrites(mongoose.createConnection(), false);
    expect(writes.atomic).toBe(false);
    await expect(writes.run(async (session) => session)).resolves.toBeUndefined();
  });

  it('recognises duplicate key errors by the index they hit', () => {
    const error = Object.assign(new Error('E11000 duplicate key error'), { code: 11000, keyPattern: { idempotencyKey: 1 } });
    expect(isDuplicateKey(error)).toBe(true);
    expect(isDuplicateKey(error, 'idempotencyKey')).toBe(true);
    expect(isDuplicateKey(error, '_id')).toBe(false);
    expect(isDuplicateKey(Object.assign(new Error('x'), { code: 11001 }))).toBe(false);
    expect(isDuplicateKey(Object.assign(new Error('E11000 collection: bb.campaigns index: _id_ dup key'), { code: 11000 }), '_id')).toBe(true);
  });
});

describe('opening the mongodb store', () => {
  it('describes the server without credentials or options', () => {
    expect(describeMongoUri('mongodb://bob:s3cret@db1:27017,db2:27017/broadcast?replicaSet=rs0')).toBe(
      'mongodb://db1:27017,db2:27017/broadcast',
    );
    expect(describeMongoUri('mongodb+srv://cluster0.example.net')).toBe('mongodb+srv://cluster0.example.net');
  });

  it('lets a serverSelectionTimeoutMS in the URI win over the default', () => {
    expect(serverSelectionTimeout('mongodb://h/db', undefined)).toBe(DEFAULT_SERVER_SELECTION_TIMEOUT_MS);
    expect(serverSelectionTimeout('mongodb://h/db?serverSelectionTimeoutMS=500', undefined)).toBeUndefined();
    expect(serverSelectionTimeout('mongodb://h/db?serverSelectionTimeoutMS=500', 200)).toBe(200);
  });

  it('fails fast with a clear error, without the password, when the server is unreachable', async () => {
    const error = await openMongoStore('mongodb://bob:s3cret@127.0.0.1:1/broadcast', silentLogger(), {
      serverSelectionTimeoutMS: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoStoreError);
    const message = (error as Error).message;
    expect(message).toContain('Cannot connect to MongoDB at mongodb://127.0.0.1:1/broadcast');
    expect(message).toContain('MONGODB_URI');
    expect(message).not.toContain('s3cret');
  });

  it('writes with majority + journal and reads from the primary unless the URI says otherwise', () => {
    expect(durabilityOptions('mongodb://h/db')).toEqual({ writeConcern: { w: 'majority', journal: true }, readPreference: 'primary' });
    expect(durabilityOptions('mongodb://h/db?replicaSet=rs0&w=1')).toEqual({ readPreference: 'primary' });
    expect(durabilityOptions('mongodb://h/db?journal=false')).toEqual({ readPreference: 'primary' });
    expect(durabilityOptions('mongodb://h/db?readPreference=primaryPreferred')).toEqual({ writeConcern: { w: 'majority', journal: true } });
  });

  it('hands the durable defaults to the driver, and the choice of the URI when it has one', async () => {
    const settle = async (uri: string) => {
      const conn = mongoose.createConnection(uri, connectionOptions(uri, { serverSelectionTimeoutMS: 200 }));
      const opened = conn.asPromise().then(
        () => null,
        (e: unknown) => e,
      );
      const client = conn.getClient();
      const seen = { w: client.options.writeConcern?.w, journal: client.options.writeConcern?.journal, read: client.options.readPreference.mode };
      expect(await opened).toBeInstanceOf(Error);
      await conn.close();
      return seen;
    };
    expect(await settle('mongodb://127.0.0.1:1/db')).toEqual({ w: 'majority', journal: true, read: 'primary' });
    expect(await settle('mongodb://127.0.0.1:1/db?w=1&readPreference=secondaryPreferred')).toEqual({ w: 1, journal: undefined, read: 'secondaryPreferred' });
  });

  it('opens with autoIndex off and calls bounded by the selection timeout while the server is away', () => {
    expect(connectionOptions('mongodb://h/db')).toMatchObject({
      autoIndex: false,
      autoCreate: true,
      serverSelectionTimeoutMS: DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
      bufferTimeoutMS: DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
    });
    expect(connectionOptions('mongodb://h/db?serverSelectionTimeoutMS=700')).toMatchObject({ bufferTimeoutMS: 700 });
    expect(connectionOptions('mongodb://h/db', { serverSelectionTimeoutMS: 300 })).toMatchObject({ bufferTimeoutMS: 300, serverSelectionTimeoutMS: 300 });
    expect(connectionOptions('mongodb://h/db?readPreference=secondary')).toMatchObject({ autoCreate: false, autoIndex: false });
  });

  it('names indexes the way MongoDB does in migration reports', () => {
    expect(indexName({ campaignId: 1, status: 1, claim: 1, _id: 1 })).toBe('campaignId_1_status_1_claim_1__id_1');
    expect(indexName('messageId_1')).toBe('messageId_1');
  });

  it('rejects a call on an unreachable server within the selection timeout instead of queueing it forever', async () => {
    const uri = 'mongodb://127.0.0.1:1/broadcast';
    const conn = mongoose.createConnection(uri, connectionOptions(uri, { serverSelectionTimeoutMS: 300 }));
    const opened = conn.asPromise().then(
      () => null,
      (e: unknown) => e,
    );
    const models = createModels(conn);
    // Issued before the connection gave up: mongoose buffers it for bufferTimeoutMS (the same bound), then fails.
    await expect(models.campaigns.findById('abcd2345').lean()).rejects.toThrow(/timed out|Server selection|ECONNREFUSED/i);
    expect(await opened).toBeInstanceOf(Error);
    await conn.close();
  });

  it('is the store openStore chooses for a mongodb:// URI', async () => {
    const config = loadConfig({ DATA_DIR: tempDir(), MONGODB_URI: 'mongodb://127.0.0.1:1/broadcast?serverSelectionTimeoutMS=300' });
    await expect(openStore(config, silentLogger())).rejects.toBeInstanceOf(MongoStoreError);
  });
});
