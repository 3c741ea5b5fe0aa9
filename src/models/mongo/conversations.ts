/** When each customer last wrote to each sender account, in MongoDB: one document per (account, phone). */
import type { Model } from 'mongoose';
import type { ConversationRepository } from '../../campaigns/ports.js';
import type { CustomerMessageDoc } from './schemas.js';

const idOf = (account: string, phone: string) => `${account}|${phone}`;

/** The ConversationRepository on the `customer_messages` collection (mirrors SQLite's table of the same name). */
export function createConversationRepository(messages: Model<CustomerMessageDoc>): ConversationRepository {
  return {
    async recordCustomerMessage(account, phone, at) {
      // Webhooks arrive late and out of order: $max keeps the latest time.
      await messages.updateOne({ _id: idOf(account, phone) }, { $max: { lastAt: at }, $setOnInsert: { account, phone } }, { upsert: true });
    },
    async lastCustomerMessage(account, phone) {
      const doc = await messages.findById(idOf(account, phone)).lean<CustomerMessageDoc>();
      return doc?.lastAt ?? null;
    },
  };
}
