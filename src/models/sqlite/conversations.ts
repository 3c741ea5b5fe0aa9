/** When each customer last wrote to each sender account, in SQLite (the customer service window of answers). */
import type { ConversationRepository } from '../../campaigns/ports.js';
import { dateOf, type Statements } from './db.js';

export class SqliteConversations implements ConversationRepository {
  constructor(private readonly st: Statements) {}

  async recordCustomerMessage(account: string, phone: string, at: Date): Promise<void> {
    // Webhooks arrive late and out of order: the latest time wins.
    this.st
      .get(
        `INSERT INTO customer_messages (account, phone, last_at) VALUES (?, ?, ?)
         ON CONFLICT (account, phone) DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
      )
      .run(account, phone, at.getTime());
  }

  async lastCustomerMessage(account: string, phone: string): Promise<Date | null> {
    const ms = this.st.get('SELECT last_at FROM customer_messages WHERE account = ? AND phone = ?').pluck().get(account, phone) as number | undefined;
    return ms === undefined ? null : dateOf(ms);
  }
}
