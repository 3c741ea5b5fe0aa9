/**
 * Opens the configured store: MongoDB when MONGODB_URI is set, else the embedded SQLite file under DATA_DIR.
 * Callers get the `Store` port only; no database type leaves src/models.
 */
import type { Store } from '../campaigns/ports.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../logging/logger.js';

/**
 * Opens the store the configuration asks for (drivers are loaded only when used). `migrate` says when MongoDB
 * builds its indexes: `auto` (default) only on an empty database, `never` leaves it to `store.migrate()`.
 */
export async function openStore(
  config: Pick<Config, 'MONGODB_URI' | 'SQLITE_PATH'>,
  logger: Logger,
  options: { migrate?: 'auto' | 'never' } = {},
): Promise<Store> {
  if (config.MONGODB_URI) {
    const { openMongoStore } = await import('./mongo/index.js');
    return openMongoStore(config.MONGODB_URI, logger, { migrate: options.migrate ?? 'auto' });
  }
  const { openSqliteStore } = await import('./sqlite/index.js');
  return openSqliteStore(config.SQLITE_PATH, logger);
}
