/** Phone lists in SQLite: one row per number, keyed by (list, position), so a page is one index range. */
import type { AudienceListRepository } from '../../campaigns/ports.js';
import { newLongId } from '../ids.js';
import type { Statements } from './db.js';

export class SqliteAudienceLists implements AudienceListRepository {
  constructor(private readonly st: Statements) {}

  async create(phones: string[]): Promise<{ listId: string; count: number }> {
    const { st } = this;
    const listId = newLongId();
    st.write(() => {
      st.get('INSERT INTO audience_lists (id, count, created_at) VALUES (?, ?, ?)').run(listId, phones.length, Date.now());
      const insert = st.get('INSERT INTO audience_list_phones (list_id, seq, phone) VALUES (?, ?, ?)');
      phones.forEach((phone, seq) => insert.run(listId, seq, phone));
    });
    return { listId, count: phones.length };
  }

  async *pages(listId: string, pageSize: number): AsyncIterable<string[]> {
    let after = -1;
    for (;;) {
      const rows = this.st
        .get('SELECT seq, phone FROM audience_list_phones WHERE list_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(listId, after, pageSize) as { seq: number; phone: string }[];
      if (rows.length === 0) return;
      yield rows.map((r) => r.phone);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async delete(listId: string): Promise<void> {
    this.st.get('DELETE FROM audience_lists WHERE id = ?').run(listId);
  }
}
