/** Sender accounts in MongoDB: one document per WhatsApp number, `_id` its name (`default` needs none). */
import type { Model } from 'mongoose';
import type { AccountRepository } from '../../campaigns/ports.js';
import type { Account, AccountDriver, AccountRecordStatus } from '../../campaigns/types.js';
import type { AccountDoc } from './schemas.js';
import { isDuplicateKey } from './transactions.js';

function toAccount(doc: AccountDoc): Account {
  return {
    name: doc._id,
    driver: doc.driver as AccountDriver,
    phoneNumberId: doc.phoneNumberId ?? null,
    wabaId: doc.wabaId ?? null,
    status: (doc.status ?? 'active') as AccountRecordStatus,
    // Absent on accounts stored before accounts had their own pace: they follow the configuration.
    pace: { ratePerMinute: doc.ratePerMinute ?? null, jitterMs: doc.jitterMs ?? null, dailyCap: doc.dailyCap ?? null },
    createdAt: doc.createdAt,
  };
}

/** The AccountRepository on the `accounts` collection. */
export function createAccountRepository(accounts: Model<AccountDoc>): AccountRepository {
  return {
    async list() {
      return (await accounts.find({}).sort({ _id: 1 }).lean<AccountDoc[]>()).map(toAccount);
    },
    async get(name) {
      const doc = await accounts.findById(name).lean<AccountDoc>();
      return doc ? toAccount(doc) : null;
    },
    async create(account) {
      try {
        await accounts.insertOne({
          _id: account.name,
          driver: account.driver,
          phoneNumberId: account.phoneNumberId,
          wabaId: account.wabaId,
          status: account.status ?? 'active',
          ratePerMinute: account.pace?.ratePerMinute ?? null,
          jitterMs: account.pace?.jitterMs ?? null,
          dailyCap: account.pace?.dailyCap ?? null,
          createdAt: new Date(),
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error, '_id')) return false;
        throw error;
      }
    },
    async setPace(name, pace) {
      const result = await accounts.updateOne(
        { _id: name },
        { $set: { ratePerMinute: pace.ratePerMinute, jitterMs: pace.jitterMs, dailyCap: pace.dailyCap } },
      );
      return result.matchedCount === 1;
    },
    async remove(name) {
      return (await accounts.deleteOne({ _id: name })).deletedCount === 1;
    },
  };
}
