/**
 * Campaign recipients in MongoDB: the engine's hot path. Claims (`claim` token + `inFlight` flag) make sending
 * exactly-once-or-unknown across worker processes; every result write is filtered by the claim, so stale or
 * repeated results change nothing.
 *
 * Counters: each `$inc` is sent right after the write it counts, by what that write actually matched, and in the
 * same transaction on a replica set (the production setup, see docker-compose.yml). On a standalone server there
 * are no transactions: a fault between the two writes leaves a counter low, never counts a recipient twice, and
 * campaigns.recomputeCounts() sets the counters from the recipients when the campaign pauses or finishes, so a
 * lost increment never decides a status.
 */
import type { AnyBulkWriteOperation, ClientSession, Model } from 'mongoose';
import type { RecipientRepository, RecipientStatusCounts } from '../../campaigns/ports.js';
import type { RecipientResult, RecipientStatus } from '../../campaigns/types.js';
import { newRecipientDoc, toRecipient } from './mappers.js';
import type { CampaignDoc, CustomerDoc, RecipientDoc } from './schemas.js';
import type { Writes } from './transactions.js';

/** Recipients per insertMany round trip. */
export const INSERT_BATCH = 1000;

/** Stored on recipients recorded `unknown` because their send was in flight when its lane died (as in SQLite). */
export const INTERRUPTED_CODE = 'interrupted';
const INTERRUPTED_TEXT = 'The send was in progress when its worker stopped; it may or may not have been delivered.';

/**
 * Rounds of find-then-claim in one claimBatch. Every round either claims candidates or finds them all taken by
 * other lanes, so the pool shrinks each round; the bound only guards against a pathological release/claim loop.
 */
const CLAIM_ROUNDS = 100;

/** How many of a phone's latest sends `lastSentTo` looks through for one account's campaign. */
const LAST_SENT_CANDIDATES = 50;

type Outcome = 'sent' | 'failed' | 'skipped' | 'unknown';
type ResultKind = Outcome | 'retry';

/** Unclaimed pending recipients of the campaign that may be sent at `now`. */
export function claimableFilter(campaignId: string, now: Date): Record<string, unknown> {
  // `$not: {$gt}` matches null, a missing field and any time <= now, in one indexable predicate (no $or).
  return { campaignId, status: 'pending', claim: null, nextAttemptAt: { $not: { $gt: now } } };
}

/**
 * The recipients a receipt may be for, by the customer's id or, for a pasted number that is no customer, by the
 * number. Each `$type` repeats its partial index's filter, which lets the planner use that index. There is no
 * index by message id: its random keys made every sent result write its own index page.
 */
export function receiptFilters(customerId: string | null, phone: string, messageId: string): Record<string, unknown>[] {
  const byStranger = { phone, customerId: { $type: 'null' }, messageId };
  return customerId === null ? [byStranger] : [{ customerId: { $eq: customerId, $type: 'string' }, messageId }, byStranger];
}

/** The update a result makes to its recipient (the claim is cleared and the attempt counted). */
export function resultUpdate(result: RecipientResult, now: Date): Record<string, unknown> {
  const release = { claim: null, inFlight: false, updatedAt: now };
  const inc = { attempts: result.status === 'retry' && result.attempted === false ? 0 : 1 };
  switch (result.status) {
    case 'sent':
      return {
        $set: { ...release, status: 'sent', messageId: result.messageId, sentAt: result.at, errorCode: null, errorText: null, nextAttemptAt: null },
        $inc: inc,
      };
    case 'retry':
      return {
        $set: { ...release, status: 'pending', errorCode: result.errorCode, errorText: result.errorText, nextAttemptAt: result.nextAttemptAt },
        $inc: inc,
      };
    default:
      return {
        $set: { ...release, status: result.status, errorCode: result.errorCode, errorText: result.errorText, nextAttemptAt: null },
        $inc: inc,
      };
  }
}

/** The CampaignRecipientRepository on the `campaign_recipients` collection. */
export function createRecipientRepository(
  recipients: Model<RecipientDoc>,
  campaigns: Model<CampaignDoc>,
  customers: Model<CustomerDoc>,
  writes: Writes,
): RecipientRepository {
  /** Adds to the campaign's counters (and touches it); no-op when every delta is zero. */
  async function addCounts(
    campaignId: string,
    deltas: Partial<Record<'total' | Outcome | 'delivered' | 'read' | 'replied', number>>,
    session: ClientSession | undefined,
  ): Promise<void> {
    const inc: Record<string, number> = {};
    for (const [name, value] of Object.entries(deltas)) if (value) inc[`counts.${name}`] = value;
    if (Object.keys(inc).length === 0) return;
    await campaigns.updateOne({ _id: campaignId }, { $inc: inc, $set: { updatedAt: new Date() } }, { session });
  }

  return {
    async insertMany(campaignId, list) {
      if (list.length === 0) return;
      const now = new Date();
      await writes.run(async (session) => {
        // One atomic update reserves the sequence numbers (the ids), adds to the total and proves the campaign exists.
        const before = await campaigns
          .findOneAndUpdate(
            { _id: campaignId },
            { $inc: { recipientSeq: list.length, 'counts.total': list.length }, $set: { updatedAt: now } },
            { returnDocument: 'before', projection: { recipientSeq: 1 }, session },
          )
          .lean<Pick<CampaignDoc, '_id' | 'recipientSeq'>>();
        if (!before) throw new Error(`Cannot add recipients: campaign ${campaignId} does not exist. Create the campaign first.`);
        const firstSeq = (before.recipientSeq ?? 0) + 1;
        const docs = list.map((r, i) => newRecipientDoc(campaignId, firstSeq + i, r, now));
        try {
          for (let i = 0; i < docs.length; i += INSERT_BATCH) {
            // lean: the documents are built complete by newRecipientDoc; skipping hydration keeps 100k inserts cheap.
            await recipients.insertMany(docs.slice(i, i + INSERT_BATCH), { ordered: true, lean: true, session });
          }
        } catch (error) {
          // Without a transaction the total was already added: take back what did not get in.
          if (!writes.atomic) {
            const inserted = await recipients.countDocuments({ campaignId, _id: { $gte: docs[0]!._id, $lte: docs.at(-1)!._id } });
            await addCounts(campaignId, { total: inserted - docs.length }, undefined);
          }
          throw error;
        }
      });
    },

    async claimBatch(campaignId, token, limit, now) {
      if (limit <= 0) return [];
      const seen: string[] = [];
      let claimed = 0;
      for (let round = 0; round < CLAIM_ROUNDS && claimed < limit; round++) {
        const candidates = await recipients
          .find(claimableFilter(campaignId, now), { _id: 1 })
          .sort({ _id: 1 })
          .limit(limit - claimed)
          .lean<Pick<RecipientDoc, '_id'>[]>();
        if (candidates.length === 0) break;
        const ids = candidates.map((c) => c._id);
        seen.push(...ids);
        // The filter repeats every condition, so a candidate another lane took meanwhile is simply not matched.
        const result = await recipients.updateMany(
          { ...claimableFilter(campaignId, now), _id: { $in: ids } },
          { $set: { claim: token, inFlight: false, updatedAt: new Date() } },
        );
        claimed += result.modifiedCount;
      }
      if (claimed === 0) return [];
      const docs = await recipients
        .find({ _id: { $in: seen }, claim: token, status: 'pending' })
        .sort({ _id: 1 })
        .lean<RecipientDoc[]>();
      return docs.map(toRecipient);
    },

    async markInFlight(recipientId, token) {
      const result = await recipients.updateOne(
        { _id: recipientId, claim: token, status: 'pending', inFlight: false },
        { $set: { inFlight: true, updatedAt: new Date() } },
      );
      return result.modifiedCount === 1;
    },

    async markInFlightMany(recipientIds, token) {
      const marked = new Set<string>();
      if (recipientIds.length === 0) return marked;
      const markable = { claim: token, status: 'pending', inFlight: false };
      return writes.run(async (session) => {
        // Which ids are markable now; an updateMany alone cannot say which of them it changed.
        const before = await recipients
          .find({ _id: { $in: recipientIds }, ...markable }, { _id: 1 }, { session })
          .lean<Pick<RecipientDoc, '_id'>[]>();
        if (before.length === 0) return marked;
        const ids = before.map((d) => d._id);
        const result = await recipients.updateMany(
          { _id: { $in: ids }, ...markable },
          { $set: { inFlight: true, updatedAt: new Date() } },
          { session },
        );
        if (result.modifiedCount === ids.length) return new Set(ids);
        // Some lost their claim in between (a release or a skip). Only the token's holder marks in flight, so
        // those of `ids` now in flight under this token are exactly the ones this update marked.
        const after = await recipients
          .find({ _id: { $in: ids }, claim: token, status: 'pending', inFlight: true }, { _id: 1 }, { session })
          .lean<Pick<RecipientDoc, '_id'>[]>();
        return new Set(after.map((d) => d._id));
      });
    },

    async recordResults(campaignId, token, results) {
      if (results.length === 0) return;
      const now = new Date();
      const groups = new Map<ResultKind, AnyBulkWriteOperation<RecipientDoc>[]>();
      for (const result of results) {
        const ops = groups.get(result.status) ?? [];
        ops.push({
          updateOne: { filter: { _id: result.recipientId, campaignId, claim: token, status: 'pending' }, update: resultUpdate(result, now) },
        });
        groups.set(result.status, ops);
      }
      await writes.run(async (session) => {
        // One bulkWrite per outcome: its matchedCount is exactly how many of that outcome applied, which
        // a single mixed bulkWrite cannot tell. A repeated result no longer matches (its claim is gone).
        // Each outcome's counter moves right after its own write, so a failure later in the batch loses nothing.
        for (const [kind, ops] of groups) {
          const written = await recipients.bulkWrite(ops, { ordered: true, session });
          if (kind !== 'retry') await addCounts(campaignId, { [kind]: written.matchedCount }, session);
        }
      });
    },

    async releaseClaims(campaignId, token, inFlightPolicy, handed) {
      const claimed = { campaignId, status: 'pending', claim: token === '*' ? { $ne: null } : token };
      // With a journal only the sends that started count as in flight; the rest were merely marked.
      const started = handed ? { _id: { $in: [...handed] } } : {};
      const now = new Date();
      return writes.run(async (session) => {
        let unknown = 0;
        let released = 0;
        if (inFlightPolicy === 'unknown') {
          const result = await recipients.updateMany(
            { ...claimed, ...started, inFlight: true },
            {
              $set: { status: 'unknown', errorCode: INTERRUPTED_CODE, errorText: INTERRUPTED_TEXT, claim: null, inFlight: false, updatedAt: now },
              $inc: { attempts: 1 },
            },
            { session },
          );
          unknown = result.modifiedCount;
          await addCounts(campaignId, { unknown }, session);
        } else {
          // Resending an interrupted send counts as an attempt, so the attempt limit still bounds it.
          const result = await recipients.updateMany(
            { ...claimed, ...started, inFlight: true },
            { $set: { claim: null, inFlight: false, updatedAt: now }, $inc: { attempts: 1 } },
            { session },
          );
          released += result.modifiedCount;
        }
        const rest = await recipients.updateMany(claimed, { $set: { claim: null, inFlight: false, updatedAt: now } }, { session });
        released += rest.modifiedCount;
        return { released, unknown };
      });
    },

    async claimTokens(campaignId) {
      const tokens = await recipients.distinct('claim', { campaignId, status: 'pending', claim: { $ne: null } });
      return tokens.filter((token): token is string => typeof token === 'string');
    },

    async countByStatus(campaignId) {
      const counts: RecipientStatusCounts = { pending: 0, sent: 0, failed: 0, skipped: 0, unknown: 0, claimed: 0, inFlight: 0 };
      const rows = await recipients.aggregate<{ _id: RecipientStatus; n: number; claimed: number; inFlight: number }>([
        { $match: { campaignId } },
        {
          $group: {
            _id: '$status',
            n: { $sum: 1 },
            // `$gt: [x, null]` is true for any string and false for null or a missing field.
            claimed: { $sum: { $cond: [{ $gt: ['$claim', null] }, 1, 0] } },
            inFlight: { $sum: { $cond: [{ $and: [{ $gt: ['$claim', null] }, { $eq: ['$inFlight', true] }] }, 1, 0] } },
          },
        },
      ]);
      for (const row of rows) {
        counts[row._id] = row.n;
        counts.claimed += row.claimed;
        counts.inFlight += row.inFlight;
      }
      return counts;
    },

    async activity(campaignId) {
      // Two findOne look-ups on the claim index (campaignId, status, claim): no scan of the campaign.
      const [pending, claimed] = await Promise.all([
        recipients.findOne({ campaignId, status: 'pending' }, { _id: 1 }).lean<Pick<RecipientDoc, '_id'>>(),
        recipients.findOne({ campaignId, status: 'pending', claim: { $ne: null } }, { _id: 1 }).lean<Pick<RecipientDoc, '_id'>>(),
      ]);
      return { pending: pending !== null, claimed: claimed !== null };
    },

    async nextRetryAt(campaignId) {
      const doc = await recipients
        .findOne({ campaignId, status: 'pending', claim: null, nextAttemptAt: { $ne: null } }, { nextAttemptAt: 1 })
        .sort({ nextAttemptAt: 1 })
        .lean<Pick<RecipientDoc, '_id' | 'nextAttemptAt'>>();
      return doc?.nextAttemptAt ?? null;
    },

    async list(campaignId, query = {}) {
      const filter: Record<string, unknown> = { campaignId };
      if (query.status) filter.status = { $in: query.status };
      if (query.afterId !== undefined) filter._id = { $gt: query.afterId };
      let find = recipients.find(filter).sort({ _id: 1 });
      if (query.limit !== undefined) find = find.limit(query.limit);
      return (await find.lean<RecipientDoc[]>()).map(toRecipient);
    },

    async sendHistory(phones, since) {
      const contacted = new Set<string>();
      const recent = new Set<string>();
      if (phones.length === 0) return { contacted, recent };
      // Through the indexes receipts use (none that every send must update): the customers' recipients by
      // customer id, and numbers that were no customer when sent by number.
      const found = await customers.find({ phone: { $in: phones } }, { _id: 1, phone: 1 }).lean<Pick<CustomerDoc, '_id' | 'phone'>[]>();
      const phoneOf = new Map(found.map((c) => [c._id.toHexString(), c.phone]));
      const byCustomer = await recipients.aggregate<{ _id: string; last: Date }>([
        { $match: { customerId: { $in: [...phoneOf.keys()], $type: 'string' }, sentAt: { $type: 'date' } } },
        { $group: { _id: '$customerId', last: { $max: '$sentAt' } } },
      ]);
      const byNumber = await recipients.aggregate<{ _id: string; last: Date }>([
        { $match: { customerId: { $type: 'null' }, phone: { $in: phones }, sentAt: { $type: 'date' } } },
        { $group: { _id: '$phone', last: { $max: '$sentAt' } } },
      ]);
      const rows = [
        ...byCustomer.flatMap((row) => {
          const phone = phoneOf.get(row._id);
          return phone === undefined ? [] : [{ _id: phone, last: row.last }];
        }),
        ...byNumber,
      ];
      for (const row of rows) {
        contacted.add(row._id);
        if (row.last.getTime() >= since.getTime()) recent.add(row._id);
      }
      return { contacted, recent };
    },

    async first(campaignId) {
      const doc = await recipients.findOne({ campaignId }).sort({ _id: 1 }).lean<RecipientDoc>();
      return doc ? toRecipient(doc) : null;
    },

    async recordReceipt({ messageId, phone, kind, at }) {
      const customer = await customers.findOne({ phone }, { _id: 1 }).lean<Pick<CustomerDoc, '_id'>>();
      let doc: Pick<RecipientDoc, '_id' | 'campaignId' | 'deliveredAt' | 'readAt'> | null = null;
      for (const filter of receiptFilters(customer ? customer._id.toHexString() : null, phone, messageId)) {
        doc = await recipients
          .findOne(filter, { campaignId: 1, deliveredAt: 1, readAt: 1 })
          .lean<Pick<RecipientDoc, '_id' | 'campaignId' | 'deliveredAt' | 'readAt'>>();
        if (doc) break;
      }
      const hit = doc;
      if (!hit) return null;
      if (hit.deliveredAt && (kind === 'delivered' || hit.readAt)) return { campaignId: hit.campaignId };
      await writes.run(async (session) => {
        const now = new Date();
        // Conditional on the field still being empty: concurrent duplicate receipts count once. A read implies delivery.
        const delivered = await recipients.updateOne(
          { _id: hit._id, deliveredAt: null },
          { $set: { deliveredAt: at, updatedAt: now } },
          { session },
        );
        const read =
          kind === 'read'
            ? await recipients.updateOne({ _id: hit._id, readAt: null }, { $set: { readAt: at, updatedAt: now } }, { session })
            : { modifiedCount: 0 };
        await addCounts(hit.campaignId, { delivered: delivered.modifiedCount, read: read.modifiedCount }, session);
      });
      return { campaignId: hit.campaignId };
    },

    async lastSentTo(phone, since, account) {
      // Through the receipts' indexes (a customer's recipients, or a number's that is no customer): an index on the
      // send time would be written by every send. Only this number's few documents are read.
      const customer = await customers.findOne({ phone }, { _id: 1 }).lean<Pick<CustomerDoc, '_id'>>();
      const filters: Record<string, unknown>[] = [{ phone, customerId: { $type: 'null' }, sentAt: { $gte: since } }];
      if (customer) filters.unshift({ customerId: { $eq: customer._id.toHexString(), $type: 'string' }, sentAt: { $gte: since } });
      // With an account, the latest few per filter are read and those of other numbers' campaigns left out (a customer
      // gets few campaigns within the reply window).
      const perFilter = account === undefined ? 1 : LAST_SENT_CANDIDATES;
      const found = await Promise.all(filters.map((filter) => recipients.find(filter).sort({ sentAt: -1 }).limit(perFilter).lean<RecipientDoc[]>()));
      let candidates = found.flat().sort((a, b) => (b.sentAt?.getTime() ?? 0) - (a.sentAt?.getTime() ?? 0));
      if (account !== undefined && candidates.length > 0) {
        const ids = [...new Set(candidates.map((doc) => doc.campaignId))];
        const docs = await campaigns.find({ _id: { $in: ids } }, { account: 1 }).lean<Pick<CampaignDoc, '_id' | 'account'>[]>();
        // Campaigns stored before accounts existed have no `account`: they are the default account's.
        const ofAccount = new Set(docs.filter((doc) => (doc.account ?? 'default') === account).map((doc) => doc._id));
        candidates = candidates.filter((doc) => ofAccount.has(doc.campaignId));
      }
      const latest = candidates[0];
      return latest ? toRecipient(latest) : null;
    },

    async recordReply(recipientId, at) {
      return writes.run(async (session) => {
        // Conditional on the field still being empty: two answers racing count once.
        const doc = await recipients
          .findOneAndUpdate(
            { _id: recipientId, repliedAt: null },
            { $set: { repliedAt: at, updatedAt: new Date() } },
            { session, projection: { campaignId: 1 } },
          )
          .lean<Pick<RecipientDoc, '_id' | 'campaignId'>>();
        if (!doc) return false;
        await addCounts(doc.campaignId, { replied: 1 }, session);
        return true;
      });
    },

    async recordLateFailure({ messageId, phone, at }, errorCode, errorText) {
      // Found like a receipt: by the customer's number, then the message id (no index by message id).
      const customer = await customers.findOne({ phone }, { _id: 1 }).lean<Pick<CustomerDoc, '_id'>>();
      let doc: Pick<RecipientDoc, '_id' | 'campaignId' | 'status'> | null = null;
      for (const filter of receiptFilters(customer ? customer._id.toHexString() : null, phone, messageId)) {
        doc = await recipients.findOne(filter, { campaignId: 1, status: 1 }).lean<Pick<RecipientDoc, '_id' | 'campaignId' | 'status'>>();
        if (doc) break;
      }
      if (!doc) return null;
      if (doc.status !== 'sent') return { campaignId: doc.campaignId };
      await writes.run(async (session) => {
        // Conditional on `sent`: concurrent duplicate reports move the counts once.
        const failed = await recipients.updateOne(
          { _id: doc._id, status: 'sent' },
          { $set: { status: 'failed', errorCode, errorText, updatedAt: new Date(Math.max(Date.now(), at.getTime())) } },
          { session },
        );
        if (failed.modifiedCount > 0) await addCounts(doc.campaignId, { sent: -1, failed: 1 }, session);
      });
      return { campaignId: doc.campaignId };
    },

    async skipPhones(campaignId, phones, errorCode, errorText) {
      if (phones.length === 0) return 0;
      return writes.run(async (session) => {
        // Claimed-but-not-in-flight recipients may be skipped too: their lane's markInFlight then fails, so no send.
        const result = await recipients.updateMany(
          { campaignId, phone: { $in: phones }, status: 'pending', inFlight: false },
          { $set: { status: 'skipped', errorCode, errorText, nextAttemptAt: null, claim: null, inFlight: false, updatedAt: new Date() } },
          { session },
        );
        await addCounts(campaignId, { skipped: result.modifiedCount }, session);
        return result.modifiedCount;
      });
    },
  };
}
