/** Campaigns in MongoDB: `_id` is the short id users type; status changes are conditional single-document updates. */
import type { Model } from 'mongoose';
import type { CampaignPatch, CampaignRepository } from '../../campaigns/ports.js';
import type { Campaign, CampaignCounts } from '../../campaigns/types.js';
import { newShortId } from '../ids.js';
import { campaignToDoc, toCampaign, withoutUndefined } from './mappers.js';
import type { CampaignDoc, CountsDoc, RecipientDoc } from './schemas.js';
import { isDuplicateKey, type Writes } from './transactions.js';

/** Fresh ids tried when a generated one is taken (31^8 ids: a second collision in a row is practically impossible). */
const ID_ATTEMPTS = 5;

/** Recipients removed per deleteMany when a campaign is deleted. */
export const DELETE_BATCH = 5000;

/** The `$set` of a campaign patch: undefined members are left alone, null clears. */
export function patchToSet(patch: CampaignPatch, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = { updatedAt: now };
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.statusReason !== undefined) set.statusReason = patch.statusReason;
  if (patch.startedAt !== undefined) set.startedAt = patch.startedAt;
  if (patch.sentAt !== undefined) set.sentAt = patch.sentAt;
  for (const [name, value] of Object.entries(patch.counts ?? {}) as [keyof CampaignCounts, number | undefined][]) {
    if (value !== undefined) set[`counts.${name}`] = value;
  }
  return set;
}

/** The CampaignRepository on the `campaigns` collection (deleting also removes the campaign's recipients). */
export function createCampaignRepository(
  campaigns: Model<CampaignDoc>,
  recipients: Model<RecipientDoc>,
  writes: Writes,
): CampaignRepository {
  async function get(id: string): Promise<Campaign | null> {
    const doc = await campaigns.findById(id).lean<CampaignDoc>();
    return doc ? toCampaign(doc) : null;
  }

  async function findByIdempotencyKey(key: string): Promise<Campaign | null> {
    // `$type` repeats the partial index's filter, which lets the planner use that index.
    const doc = await campaigns.findOne({ idempotencyKey: { $eq: key, $type: 'string' } }).lean<CampaignDoc>();
    return doc ? toCampaign(doc) : null;
  }

  return {
    get,
    findByIdempotencyKey,

    async create(input) {
      if (input.idempotencyKey !== null) {
        const existing = await findByIdempotencyKey(input.idempotencyKey);
        if (existing) return { campaign: existing, created: false };
      }
      const now = new Date();
      for (let attempt = 1; ; attempt++) {
        const doc = campaignToDoc({
          ...input,
          account: input.account ?? 'default',
          id: newShortId(),
          progressMessages: input.progressMessages ?? [],
          createdAt: now,
          updatedAt: now,
          startedAt: null,
          sentAt: null,
        });
        try {
          await campaigns.insertOne(doc);
          return { campaign: toCampaign(doc), created: true };
        } catch (error) {
          // Two schedulers firing the same slot: the loser returns the winner's campaign.
          if (input.idempotencyKey !== null && isDuplicateKey(error, 'idempotencyKey')) {
            const existing = await findByIdempotencyKey(input.idempotencyKey);
            if (existing) return { campaign: existing, created: false };
          }
          if (isDuplicateKey(error, '_id') && attempt < ID_ATTEMPTS) continue;
          throw error;
        }
      }
    },

    async list(query = {}) {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = { $in: query.status };
      if (query.scheduleId !== undefined) filter.scheduleId = query.scheduleId;
      // Campaigns stored before accounts existed have no `account`: they are the default account's (null matches absent).
      if (query.account !== undefined) filter.account = query.account === 'default' ? { $in: ['default', null] } : query.account;
      let find = campaigns.find(filter).sort({ createdAt: -1, _id: -1 });
      if (query.offset) find = find.skip(query.offset);
      if (query.limit !== undefined) find = find.limit(query.limit);
      return (await find.lean<CampaignDoc[]>()).map(toCampaign);
    },

    async update(id, patch, onlyIf) {
      const filter: Record<string, unknown> = { _id: id };
      if (onlyIf) filter.status = { $in: onlyIf };
      // One findOneAndUpdate: the status check and the write are a single atomic step on the server.
      const doc = await campaigns
        .findOneAndUpdate(filter, { $set: patchToSet(patch, new Date()) }, { returnDocument: 'after' })
        .lean<CampaignDoc>();
      return doc ? toCampaign(doc) : null;
    },

    async addProgressMessage(id, ref) {
      const element = withoutUndefined({ surface: ref.surface, chatId: ref.chatId, messageId: ref.messageId });
      await campaigns.updateOne(
        { _id: id, progressMessages: { $not: { $elemMatch: element } } },
        { $push: { progressMessages: element }, $set: { updatedAt: new Date() } },
      );
    },

    async delete(id) {
      // Recipients first, in batches (one transaction over a million documents would pass MongoDB's 60-s
      // transaction limit); a crash in between leaves a campaign that can be deleted again, never orphans.
      for (;;) {
        const batch = await recipients
          .find({ campaignId: id }, { _id: 1 })
          .sort({ _id: 1 })
          .limit(DELETE_BATCH)
          .lean<Pick<RecipientDoc, '_id'>[]>();
        if (batch.length === 0) break;
        await recipients.deleteMany({ campaignId: id, _id: { $in: batch.map((d) => d._id) } });
        if (batch.length < DELETE_BATCH) break;
      }
      await campaigns.deleteOne({ _id: id });
    },

    async recomputeCounts(id) {
      // In a transaction the count and the write are one snapshot (a concurrent result makes it retry); without
      // one a result landing in between is off until the next recompute, which finishing always does.
      const doc = await writes.run(async (session) => {
        const [row] = await recipients
          .aggregate<CountsDoc>([
            { $match: { campaignId: id } },
            {
              $group: {
                _id: null,
                total: { $sum: 1 },
                sent: { $sum: { $cond: [{ $eq: ['$status', 'sent'] }, 1, 0] } },
                failed: { $sum: { $cond: [{ $eq: ['$status', 'failed'] }, 1, 0] } },
                skipped: { $sum: { $cond: [{ $eq: ['$status', 'skipped'] }, 1, 0] } },
                unknown: { $sum: { $cond: [{ $eq: ['$status', 'unknown'] }, 1, 0] } },
                // `$gt: [x, null]` is true for a date and false for null or a missing field.
                delivered: { $sum: { $cond: [{ $gt: ['$deliveredAt', null] }, 1, 0] } },
                read: { $sum: { $cond: [{ $gt: ['$readAt', null] }, 1, 0] } },
                replied: { $sum: { $cond: [{ $gt: ['$repliedAt', null] }, 1, 0] } },
              },
            },
          ])
          .session(session ?? null);
        const counts: CountsDoc = {
          total: row?.total ?? 0,
          sent: row?.sent ?? 0,
          failed: row?.failed ?? 0,
          skipped: row?.skipped ?? 0,
          unknown: row?.unknown ?? 0,
          delivered: row?.delivered ?? 0,
          read: row?.read ?? 0,
          replied: row?.replied ?? 0,
        };
        return campaigns
          .findOneAndUpdate({ _id: id }, { $set: { counts, updatedAt: new Date() } }, { returnDocument: 'after', session })
          .lean<CampaignDoc>();
      });
      return doc ? toCampaign(doc) : null;
    },
  };
}
