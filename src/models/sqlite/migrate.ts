import type { Logger } from '../../logging/logger.js';
import type { Db } from './db.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/**
 * Applies the migrations newer than the database's version, each in its own IMMEDIATE transaction with its
 * `schema_migrations` row, so processes opening the same file at once apply each migration exactly once.
 * Returns the versions applied by this call.
 */
export function migrate(db: Db, logger: Logger, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied: number[] = [];
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const newest = (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (newest > known) {
    throw new Error(
      `The SQLite database is at schema version ${newest}, newer than this program knows (${known}). ` +
        'Upgrade broadcast-bot, or point DATA_DIR at a database made by this version.',
    );
  }
  for (const migration of migrations) {
    const ran = db
      .transaction(() => {
        // Checked inside the write lock: another process may have applied it since we looked.
        if (isApplied.get(migration.version)) return false;
        db.exec(migration.sql);
        record.run(migration.version, migration.name, Date.now());
        return true;
      })
      .immediate();
    if (ran) {
      applied.push(migration.version);
      logger.info({ version: migration.version, migration: migration.name }, 'applied SQLite migration');
    }
  }
  return applied;
}
