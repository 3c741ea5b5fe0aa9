/** Campaign schedules (one-off and cron) in MongoDB; `_id` is the short id users type. */
import type { Model } from 'mongoose';
import type { ScheduleRepository } from '../../campaigns/ports.js';
import type { Schedule } from '../../campaigns/types.js';
import { newShortId } from '../ids.js';
import { scheduleToDoc, toSchedule, withoutUndefined } from './mappers.js';
import type { ScheduleDoc } from './schemas.js';
import { isDuplicateKey } from './transactions.js';

const ID_ATTEMPTS = 5;

/** The fields a schedule patch may change (id and timestamps are the store's). */
const PATCHABLE = [
  'name',
  'draft',
  'kind',
  'at',
  'cron',
  'timezone',
  'enabled',
  'createdBy',
  'lastRunAt',
  'lastCampaignId',
  'lastOutcome',
  'nextRunAt',
] as const satisfies readonly (keyof Schedule)[];

/** The `$set` of a schedule patch: undefined members are left alone, null clears. */
export function schedulePatchToSet(patch: Partial<Schedule>, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = { updatedAt: now };
  for (const field of PATCHABLE) if (patch[field] !== undefined) set[field] = withoutUndefined(patch[field]);
  // The account field follows the draft, so schedules can be found by account.
  if (patch.draft !== undefined) set.account = patch.draft.account ?? 'default';
  return set;
}

/** The ScheduleRepository on the `schedules` collection. */
export function createScheduleRepository(schedules: Model<ScheduleDoc>): ScheduleRepository {
  return {
    async create(input) {
      const now = new Date();
      for (let attempt = 1; ; attempt++) {
        const doc = scheduleToDoc({ ...input, id: newShortId(), createdAt: now, updatedAt: now });
        try {
          await schedules.insertOne(doc);
          return toSchedule(doc);
        } catch (error) {
          // A random id that is already taken: draw another.
          if (!isDuplicateKey(error, '_id') || attempt >= ID_ATTEMPTS) throw error;
        }
      }
    },

    async get(id) {
      const doc = await schedules.findById(id).lean<ScheduleDoc>();
      return doc ? toSchedule(doc) : null;
    },

    async list(query = {}) {
      const filter = query.enabled === undefined ? {} : { enabled: query.enabled };
      const docs = await schedules.find(filter).sort({ createdAt: 1, _id: 1 }).lean<ScheduleDoc[]>();
      return docs.map(toSchedule);
    },

    async update(id, patch) {
      const doc = await schedules
        .findOneAndUpdate({ _id: id }, { $set: schedulePatchToSet(patch, new Date()) }, { returnDocument: 'after' })
        .lean<ScheduleDoc>();
      return doc ? toSchedule(doc) : null;
    },

    async delete(id) {
      const result = await schedules.deleteOne({ _id: id });
      return result.deletedCount === 1;
    },
  };
}
