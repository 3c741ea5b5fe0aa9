/**
 * The key-value store in MongoDB. Expiry is a TTL index on `expiresAt`, but MongoDB's TTL monitor runs only
 * about once a minute, so reads also ignore entries whose time has passed.
 */
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { KeyValueRepository } from '../../campaigns/ports.js';
import type { KvDoc } from './schemas.js';

/** Entries not yet expired at `now` (null expiresAt never expires). */
function live(now: Date): Record<string, unknown> {
  return { expiresAt: { $not: { $lte: now } } };
}

/** The KeyValueRepository on the `kv` collection (unique on namespace + key). */
export function createKeyValueRepository(kv: Model<KvDoc>, clock: () => number = Date.now): KeyValueRepository {
  async function setMany(namespace: string, entries: { key: string; value: string | null }[], ttlMs?: number): Promise<void> {
    if (entries.length === 0) return;
    const expiresAt = ttlMs === undefined ? null : new Date(clock() + ttlMs);
    const ops: AnyBulkWriteOperation<KvDoc>[] = entries.map(({ key, value }) =>
      value === null
        ? { deleteOne: { filter: { namespace, key } } }
        : { updateOne: { filter: { namespace, key }, update: { $set: { value, expiresAt } }, upsert: true } },
    );
    // Ordered: a key written twice in one call ends with its last value.
    await kv.bulkWrite(ops, { ordered: true });
  }

  return {
    async get(namespace, key) {
      const doc = await kv.findOne({ namespace, key, ...live(new Date(clock())) }, { value: 1 }).lean<Pick<KvDoc, 'value'>>();
      return doc?.value ?? null;
    },

    async getMany(namespace, keys) {
      const out = new Map<string, string>();
      if (keys.length === 0) return out;
      const docs = await kv
        .find({ namespace, key: { $in: keys }, ...live(new Date(clock())) }, { key: 1, value: 1 })
        .lean<Pick<KvDoc, 'key' | 'value'>[]>();
      for (const doc of docs) out.set(doc.key, doc.value);
      return out;
    },

    set: (namespace, key, value, ttlMs) => setMany(namespace, [{ key, value }], ttlMs),
    setMany,

    async delete(namespace, key) {
      await kv.deleteOne({ namespace, key });
    },

    async keys(namespace) {
      const docs = await kv.find({ namespace, ...live(new Date(clock())) }, { key: 1 }).lean<Pick<KvDoc, 'key'>[]>();
      return docs.map((doc) => doc.key);
    },

    async clearNamespace(namespace) {
      await kv.deleteMany({ namespace });
    },
  };
}
