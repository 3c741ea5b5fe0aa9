import type { KeyValueRepository } from '../../campaigns/ports.js';
import type { Statements } from './db.js';

/** Expired rows are deleted by writers at most this often; reads ignore them meanwhile. */
const SWEEP_INTERVAL_MS = 60_000;

const LIVE = '(expires_at IS NULL OR expires_at > @now)';

/** A namespaced key-value table in SQLite; a ttl is honoured on read and expired rows are swept lazily. */
export class SqliteKeyValue implements KeyValueRepository {
  private lastSweep = 0;

  constructor(
    private readonly st: Statements,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(namespace: string, key: string): Promise<string | null> {
    const value = this.st
      .get(`SELECT value FROM kv WHERE namespace = @namespace AND key = @key AND ${LIVE}`)
      .pluck()
      .get({ namespace, key, now: this.clock() }) as string | undefined;
    return value ?? null;
  }

  async getMany(namespace: string, keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (keys.length === 0) return out;
    const rows = this.st
      .get(
        `SELECT key, value FROM kv
         WHERE namespace = @namespace AND key IN (SELECT value FROM json_each(@keys)) AND ${LIVE}`,
      )
      .all({ namespace, keys: JSON.stringify(keys), now: this.clock() }) as { key: string; value: string }[];
    for (const row of rows) out.set(row.key, row.value);
    return out;
  }

  async set(namespace: string, key: string, value: string, ttlMs?: number): Promise<void> {
    await this.setMany(namespace, [{ key, value }], ttlMs);
  }

  async setMany(namespace: string, entries: { key: string; value: string | null }[], ttlMs?: number): Promise<void> {
    const { st } = this;
    const now = this.clock();
    const expiresAt = ttlMs === undefined ? null : now + ttlMs;
    st.write(() => {
      const put = st.get(
        `INSERT INTO kv (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      );
      const remove = st.get('DELETE FROM kv WHERE namespace = ? AND key = ?');
      for (const entry of entries) {
        if (entry.value === null) remove.run(namespace, entry.key);
        else put.run(namespace, entry.key, entry.value, expiresAt);
      }
      if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
        this.lastSweep = now;
        st.get('DELETE FROM kv WHERE expires_at <= ?').run(now);
      }
    });
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.st.get('DELETE FROM kv WHERE namespace = ? AND key = ?').run(namespace, key);
  }

  async keys(namespace: string): Promise<string[]> {
    return this.st
      .get(`SELECT key FROM kv WHERE namespace = @namespace AND ${LIVE}`)
      .pluck()
      .all({ namespace, now: this.clock() }) as string[];
  }

  async clearNamespace(namespace: string): Promise<void> {
    this.st.get('DELETE FROM kv WHERE namespace = ?').run(namespace);
  }
}
