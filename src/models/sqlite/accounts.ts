/** Sender accounts in SQLite: one row per WhatsApp number (`default` needs none). */
import type { AccountRepository } from '../../campaigns/ports.js';
import type { Account, AccountDriver, AccountRecordStatus, NewAccount, PaceOverrides } from '../../campaigns/types.js';
import { dateOf, type Statements } from './db.js';

interface AccountRow {
  name: string;
  driver: AccountDriver;
  phone_number_id: string | null;
  waba_id: string | null;
  status: AccountRecordStatus;
  rate_per_minute: number | null;
  jitter_ms: number | null;
  daily_cap: number | null;
  created_at: number;
}

function toAccount(row: AccountRow): Account {
  return {
    name: row.name,
    driver: row.driver,
    phoneNumberId: row.phone_number_id,
    wabaId: row.waba_id,
    status: row.status,
    pace: { ratePerMinute: row.rate_per_minute, jitterMs: row.jitter_ms, dailyCap: row.daily_cap },
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
        `INSERT INTO accounts (name, driver, phone_number_id, waba_id, status, rate_per_minute, jitter_ms, daily_cap, created_at)
         VALUES (@name, @driver, @phoneNumberId, @wabaId, @status, @ratePerMinute, @jitterMs, @dailyCap, @now)
         ON CONFLICT (name) DO NOTHING`,
      )
      .run({
        name: account.name,
        driver: account.driver,
        phoneNumberId: account.phoneNumberId,
        wabaId: account.wabaId,
        status: account.status ?? 'active',
        ratePerMinute: account.pace?.ratePerMinute ?? null,
        jitterMs: account.pace?.jitterMs ?? null,
        dailyCap: account.pace?.dailyCap ?? null,
        now: Date.now(),
      });
    return result.changes === 1;
  }

  async setPace(name: string, pace: PaceOverrides): Promise<boolean> {
    const result = this.st
      .get('UPDATE accounts SET rate_per_minute = @ratePerMinute, jitter_ms = @jitterMs, daily_cap = @dailyCap WHERE name = @name')
      .run({ name, ...pace });
    return result.changes === 1;
  }

  async remove(name: string): Promise<boolean> {
    return this.st.get('DELETE FROM accounts WHERE name = ?').run(name).changes === 1;
  }
}
