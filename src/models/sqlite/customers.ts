import type { CustomerQuery, CustomerRepository, UpsertOutcome } from '../../campaigns/ports.js';
import type { Customer, CustomerInput } from '../../campaigns/types.js';
import { canonicalJson, dateOf, fromMs, type Statements } from './db.js';

interface CustomerRow {
  id: number;
  phone: string;
  name: string | null;
  tags: string;
  attributes: string;
  opted_out: number;
  opted_out_at: number | null;
  created_at: number;
  updated_at: number;
}

type StoredFields = Pick<CustomerRow, 'id' | 'name' | 'tags' | 'attributes'>;

function toCustomer(row: CustomerRow): Customer {
  return {
    id: String(row.id),
    phone: row.phone,
    name: row.name,
    tags: JSON.parse(row.tags) as string[],
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    optedOut: row.opted_out === 1,
    optedOutAt: fromMs(row.opted_out_at),
    createdAt: dateOf(row.created_at),
    updatedAt: dateOf(row.updated_at),
  };
}

/** Tags as stored: de-duplicated and sorted, so order and repeats in the input are not a change. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))].sort();
}

const SELECT_EXISTING = `SELECT id, phone, name, tags, attributes FROM customers
  WHERE phone IN (SELECT value FROM json_each(?))`;
const INSERT = `INSERT INTO customers (phone, name, tags, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`;
const UPDATE = `UPDATE customers SET name = ?, tags = ?, attributes = ?, updated_at = ? WHERE id = ?`;
const INSERT_TAG = `INSERT OR IGNORE INTO customer_tags (tag, customer_id) VALUES (?, ?)`;
const DELETE_TAG = `DELETE FROM customer_tags WHERE tag = ? AND customer_id = ?`;

/** Customers in SQLite; tags are also kept in `customer_tags` for audience queries by tag. */
export class SqliteCustomers implements CustomerRepository {
  constructor(private readonly st: Statements) {}

  async upsertMany(inputs: CustomerInput[]): Promise<UpsertOutcome> {
    const outcome: UpsertOutcome = { created: 0, updated: 0, unchanged: 0 };
    if (inputs.length === 0) return outcome;
    const { st } = this;
    return st.write(() => {
      const now = Date.now();
      const existing = new Map<string, StoredFields>();
      const phones = JSON.stringify(inputs.map((i) => i.phone));
      for (const row of st.get(SELECT_EXISTING).all(phones) as (StoredFields & { phone: string })[])
        existing.set(row.phone, row);
      const insert = st.get(INSERT);
      const update = st.get(UPDATE);
      const insertTag = st.get(INSERT_TAG);
      const deleteTag = st.get(DELETE_TAG);

      for (const input of inputs) {
        const tags = input.tags === undefined ? undefined : normalizeTags(input.tags);
        const tagsJson = tags === undefined ? undefined : JSON.stringify(tags);
        const attributesJson = input.attributes === undefined ? undefined : canonicalJson(input.attributes);
        const stored = existing.get(input.phone);
        if (!stored) {
          const name = input.name ?? null;
          const row = { name, tags: tagsJson ?? '[]', attributes: attributesJson ?? '{}' };
          const id = Number(insert.run(input.phone, name, row.tags, row.attributes, now, now).lastInsertRowid);
          for (const tag of tags ?? []) insertTag.run(tag, id);
          existing.set(input.phone, { id, ...row });
          outcome.created++;
          continue;
        }
        const next = {
          id: stored.id,
          name: input.name === undefined ? stored.name : input.name,
          tags: tagsJson ?? stored.tags,
          attributes: attributesJson ?? stored.attributes,
        };
        if (next.name === stored.name && next.tags === stored.tags && next.attributes === stored.attributes) {
          outcome.unchanged++;
          continue;
        }
        update.run(next.name, next.tags, next.attributes, now, stored.id);
        if (tags && next.tags !== stored.tags) {
          const before = JSON.parse(stored.tags) as string[];
          for (const tag of before) if (!tags.includes(tag)) deleteTag.run(tag, stored.id);
          for (const tag of tags) if (!before.includes(tag)) insertTag.run(tag, stored.id);
        }
        existing.set(input.phone, next);
        outcome.updated++;
      }
      return outcome;
    });
  }

  async findByPhone(phone: string): Promise<Customer | null> {
    const row = this.st.get('SELECT * FROM customers WHERE phone = ?').get(phone) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  async findByPhones(phones: string[]): Promise<Customer[]> {
    if (phones.length === 0) return [];
    const rows = this.st
      .get('SELECT * FROM customers WHERE phone IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(phones)) as CustomerRow[];
    return rows.map(toCustomer);
  }

  async list(query: CustomerQuery = {}): Promise<Customer[]> {
    const { sql, params } = this.filter('c.*', query);
    const rows = this.st
      .get(`${sql} ORDER BY c.id LIMIT ? OFFSET ?`)
      .all(...params, query.limit ?? -1, query.offset ?? 0) as CustomerRow[];
    return rows.map(toCustomer);
  }

  async count(query: CustomerQuery = {}): Promise<number> {
    const { sql, params } = this.filter('COUNT(*)', query);
    return this.st
      .get(sql)
      .pluck()
      .get(...params) as number;
  }

  async tagCounts(): Promise<{ tag: string; count: number; total: number }[]> {
    return this.st
      .get(
        `SELECT t.tag AS tag, SUM(c.opted_out = 0) AS count, COUNT(*) AS total
         FROM customer_tags t JOIN customers c ON c.id = t.customer_id
         GROUP BY t.tag ORDER BY t.tag`,
      )
      .all() as { tag: string; count: number; total: number }[];
  }

  async setOptOut(phone: string, optedOut: boolean, at: Date = new Date()): Promise<Customer | null> {
    // Opting out twice keeps the first time: that is when the customer asked.
    const row = this.st
      .get(
        `UPDATE customers SET
           opted_out_at = CASE WHEN @out = 1 THEN COALESCE(CASE WHEN opted_out = 1 THEN opted_out_at END, @at) END,
           opted_out = @out,
           updated_at = @now
         WHERE phone = @phone RETURNING *`,
      )
      .get({ out: optedOut ? 1 : 0, at: at.getTime(), now: Date.now(), phone }) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  async *iterate(filter: { tags?: string[] }, batchSize: number): AsyncIterable<Customer[]> {
    const tags = filter.tags;
    if (tags && tags.length === 0) return;
    const statement = tags
      ? this.st.get(
          `SELECT c.* FROM customers c
           WHERE c.id > ? AND c.opted_out = 0
             AND EXISTS (SELECT 1 FROM customer_tags t
                         WHERE t.tag IN (SELECT value FROM json_each(?)) AND t.customer_id = c.id)
           ORDER BY c.id LIMIT ?`,
        )
      : this.st.get('SELECT * FROM customers WHERE id > ? AND opted_out = 0 ORDER BY id LIMIT ?');
    const tagsJson = JSON.stringify(tags ?? []);
    let after = 0;
    for (;;) {
      const rows = (
        tags ? statement.all(after, tagsJson, batchSize) : statement.all(after, batchSize)
      ) as CustomerRow[];
      const last = rows.at(-1);
      if (!last) return;
      yield rows.map(toCustomer);
      if (rows.length < batchSize) return;
      after = last.id;
    }
  }

  private filter(columns: string, query: CustomerQuery): { sql: string; params: unknown[] } {
    const optedIn = query.onlyOptedOut ? ' AND c.opted_out = 1' : query.includeOptedOut ? '' : ' AND c.opted_out = 0';
    if (query.tag !== undefined) {
      return {
        sql: `SELECT ${columns} FROM customer_tags t JOIN customers c ON c.id = t.customer_id WHERE t.tag = ?${optedIn}`,
        params: [query.tag],
      };
    }
    return { sql: `SELECT ${columns} FROM customers c WHERE 1 = 1${optedIn}`, params: [] };
  }
}
