/** Sender accounts in SQLite: one row per WhatsApp number (`default` needs none). */
import type { AccountRepository } from '../../campaigns/ports.js';
import type { Account, AccountDriver, AccountRecordStatus, NewAccount } from '../../campaigns/types.js';
import { dateOf, type Statements } from './db.js';

interface AccountRow {
  name: string;
  driver: AccountDriver;
  phone_number_id: string | null;
  waba_id: string | null;
  status: AccountRecordStatus;
  created_at: number;
}

function toAccount(row: AccountRow): Account {
  return {
    name: row.name,
    driver: row.driver,
    phoneNumberId: row.phone_number_id,
    wabaId: row.waba_id,
    status: row.status,
    createdAt: dateOf(row.created_at),
  };
}

export class SqliteAccounts implements AccountRepository {
  constructor(private readonly st: Statements) {}

  async list(): Promise<Account[]> {
    return (this.st.get('SELECT * FROM accounts ORDER BY name').all() as AccountRow[]).map(toAccount);
  }

  async get(name: string): Promise<Account | null> {
    const row = this.st.get('SELECT * FROM accounts WHERE name = ?').get(name) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  async create(account: NewAccount): Promise<boolean> {
    const result = this.st
      .get(
        `INSERT INTO accounts (name, driver, phone_number_id, waba_id, status, created_at)
         VALUES (@name, @driver, @phoneNumberId, @wabaId, @status, @now) ON CONFLICT (name) DO NOTHING`,
      )
      .run({
        name: account.name,
        driver: account.driver,
        phoneNumberId: account.phoneNumberId,
        wabaId: account.wabaId,
        status: account.status ?? 'active',
        now: Date.now(),
      });
    return result.changes === 1;
  }

  async remove(name: string): Promise<boolean> {
    return this.st.get('DELETE FROM accounts WHERE name = ?').run(name).changes === 1;
  }
}
