/** Customers in MongoDB: one document per phone (unique index), tags as an indexed array. */
import { Types, type AnyBulkWriteOperation, type Model } from 'mongoose';
import type { CustomerQuery, CustomerRepository, UpsertOutcome } from '../../campaigns/ports.js';
import type { Customer, CustomerInput } from '../../campaigns/types.js';
import { fromPairs, toCustomer, toPairs } from './mappers.js';
import type { CustomerDoc } from './schemas.js';

/** Customers written per bulkWrite: large imports go in batches of this size. */
export const UPSERT_BATCH = 1000;

/** The part of a customer an import may change. */
interface Editable {
  name: string | null;
  tags: string[];
  attributes: Record<string, string>;
}

/** Tags as stored (as in the SQLite store): trimmed, without blanks or duplicates, sorted. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))].sort();
}

/** Whether two editable states are the same: tags as a set, attributes whatever their key order. */
export function sameEditable(a: Editable, b: Editable): boolean {
  if (a.name !== b.name) return false;
  const tagsA = new Set(a.tags);
  const tagsB = new Set(b.tags);
  if (tagsA.size !== tagsB.size || [...tagsA].some((t) => !tagsB.has(t))) return false;
  const keysA = Object.keys(a.attributes);
  if (keysA.length !== Object.keys(b.attributes).length) return false;
  return keysA.every((k) => Object.hasOwn(b.attributes, k) && b.attributes[k] === a.attributes[k]);
}

/** The input applied over `current`: omitted fields keep their value, given ones replace it. */
export function applyInput(current: Editable, input: CustomerInput): Editable {
  return {
    name: input.name === undefined ? current.name : input.name,
    tags: input.tags === undefined ? current.tags : normalizeTags(input.tags),
    attributes: input.attributes === undefined ? current.attributes : { ...input.attributes },
  };
}

const EMPTY: Editable = { name: null, tags: [], attributes: {} };

function filterOf(query: CustomerQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.tag !== undefined) filter.tags = query.tag;
  if (query.onlyOptedOut) filter.optedOut = true;
  else if (!query.includeOptedOut) filter.optedOut = false;
  return filter;
}

/** The CustomerRepository on the `customers` collection. */
export function createCustomerRepository(customers: Model<CustomerDoc>): CustomerRepository {
  async function upsertBatch(inputs: CustomerInput[], outcome: UpsertOutcome): Promise<void> {
    const phones = [...new Set(inputs.map((i) => i.phone))];
    const stored = await customers
      .find({ phone: { $in: phones } }, { phone: 1, name: 1, tags: 1, attributes: 1 })
      .lean<Pick<CustomerDoc, '_id' | 'phone' | 'name' | 'tags' | 'attributes'>[]>();
    const state = new Map<string, { current: Editable; exists: boolean; changed: Set<keyof Editable> }>();
    for (const doc of stored) {
      const current = { name: doc.name ?? null, tags: doc.tags ?? [], attributes: fromPairs(doc.attributes) };
      state.set(doc.phone, { current, exists: true, changed: new Set() });
    }
    // Inputs apply in order, as one transaction of single upserts would: a phone repeated in the batch is
    // created by its first row and updated (or unchanged) by the later ones.
    for (const input of inputs) {
      let entry = state.get(input.phone);
      if (!entry) {
        entry = { current: applyInput(EMPTY, input), exists: false, changed: new Set() };
        state.set(input.phone, entry);
        outcome.created++;
        for (const field of ['name', 'tags', 'attributes'] as const) if (input[field] !== undefined) entry.changed.add(field);
        continue;
      }
      const next = applyInput(entry.current, input);
      if (sameEditable(entry.current, next)) {
        outcome.unchanged++;
        continue;
      }
      outcome.updated++;
      for (const field of ['name', 'tags', 'attributes'] as const) if (input[field] !== undefined) entry.changed.add(field);
      entry.current = next;
    }

    const now = new Date();
    const ops: AnyBulkWriteOperation<CustomerDoc>[] = [];
    for (const [phone, { current, exists, changed }] of state) {
      if (exists && changed.size === 0) continue;
      const set: Record<string, unknown> = { updatedAt: now };
      if (changed.has('name')) set.name = current.name;
      if (changed.has('tags')) set.tags = current.tags;
      if (changed.has('attributes')) set.attributes = toPairs(current.attributes);
      if (exists) {
        ops.push({ updateOne: { filter: { phone }, update: { $set: set } } });
        continue;
      }
      // An upsert, not an insert: a concurrent import of the same phone then updates instead of failing.
      const onInsert: Record<string, unknown> = { _id: new Types.ObjectId(), createdAt: now, optedOut: false, optedOutAt: null };
      if (!changed.has('name')) onInsert.name = null;
      if (!changed.has('tags')) onInsert.tags = [];
      if (!changed.has('attributes')) onInsert.attributes = [];
      ops.push({ updateOne: { filter: { phone }, update: { $set: set, $setOnInsert: onInsert }, upsert: true } });
    }
    // Unordered for speed; throwOnValidationError so that an op mongoose cannot cast fails loudly instead of
    // being dropped while the outcome counts it.
    if (ops.length > 0) await customers.bulkWrite(ops, { ordered: false, throwOnValidationError: true });
  }

  return {
    async upsertMany(inputs) {
      const outcome: UpsertOutcome = { created: 0, updated: 0, unchanged: 0 };
      for (let i = 0; i < inputs.length; i += UPSERT_BATCH) await upsertBatch(inputs.slice(i, i + UPSERT_BATCH), outcome);
      return outcome;
    },

    async findByPhone(phone) {
      const doc = await customers.findOne({ phone }).lean<CustomerDoc>();
      return doc ? toCustomer(doc) : null;
    },

    async findByPhones(phones) {
      if (phones.length === 0) return [];
      const docs = await customers.find({ phone: { $in: phones } }).lean<CustomerDoc[]>();
      return docs.map(toCustomer);
    },

    async list(query = {}) {
      let find = customers.find(filterOf(query)).sort({ _id: 1 });
      if (query.offset) find = find.skip(query.offset);
      if (query.limit !== undefined) find = find.limit(query.limit);
      return (await find.lean<CustomerDoc[]>()).map(toCustomer);
    },

    async count(query = {}) {
      const filter = filterOf(query);
      // Never countDocuments({}): that is an aggregation over every document. Both halves are index-only counts.
      if (Object.keys(filter).length === 0) {
        const [optedIn, optedOut] = await Promise.all([
          customers.countDocuments({ optedOut: false }),
          customers.countDocuments({ optedOut: true }),
        ]);
        return optedIn + optedOut;
      }
      return customers.countDocuments(filter);
    },

    async tagCounts() {
      // The tags from the index (a distinct scan), then two index-only counts per tag on (tags, optedOut):
      // no $unwind of every customer each time a wizard opens.
      const distinct: unknown[] = await customers.distinct('tags');
      const tags = distinct.filter((t): t is string => typeof t === 'string').sort();
      return Promise.all(
        tags.map(async (tag) => {
          const [count, total] = await Promise.all([
            customers.countDocuments({ tags: tag, optedOut: false }),
            customers.countDocuments({ tags: tag }),
          ]);
          return { tag, count, total };
        }),
      );
    },

    async setOptOut(phone, optedOut, at = new Date()) {
      const doc = await customers
        .findOneAndUpdate(
          { phone },
          { $set: { optedOut, optedOutAt: optedOut ? at : null, updatedAt: new Date() } },
          { returnDocument: 'after' },
        )
        .lean<CustomerDoc>();
      return doc ? toCustomer(doc) : null;
    },

    async *iterate(filter, batchSize): AsyncIterable<Customer[]> {
      if (filter.tags && filter.tags.length === 0) return;
      const base: Record<string, unknown> = { optedOut: false };
      if (filter.tags) base.tags = { $in: filter.tags };
      let after: Types.ObjectId | null = null;
      for (;;) {
        const query: Record<string, unknown> = after ? { ...base, _id: { $gt: after } } : base;
        const docs = await customers.find(query).sort({ _id: 1 }).limit(batchSize).lean<CustomerDoc[]>();
        if (docs.length === 0) return;
        yield docs.map(toCustomer);
        if (docs.length < batchSize) return;
        after = docs[docs.length - 1]!._id;
      }
    },
  };
}
