/**
 * The embedded SQLite store (better-sqlite3): the default when MONGODB_URI is unset. Several processes
 * (bots, workers, scheduler) may open the same file; WAL and IMMEDIATE write transactions keep them consistent.
 */
import type { Store } from '../../campaigns/ports.js';
import type { Logger } from '../../logging/logger.js';
import { SqliteAccounts } from './accounts.js';
import { SqliteAudienceLists } from './audience-lists.js';
import { SqliteAudit } from './audit.js';
import { SqliteCampaigns } from './campaigns.js';
import { SqliteConversations } from './conversations.js';
import { SqliteCustomers } from './customers.js';
import { openDatabase, Statements } from './db.js';
import { SqliteKeyValue } from './kv.js';
import { migrate } from './migrate.js';
import { SqliteNotifications } from './notifications.js';
import { SqliteRecipients } from './recipients.js';
import { SqliteSchedules } from './schedules.js';

/**
 * Opens (creating if needed) the SQLite store at `path` and brings its schema up to date.
 * @example const store = await openSqliteStore(join(config.DATA_DIR, 'broadcast.db'), logger);
 */
export async function openSqliteStore(path: string, logger: Logger): Promise<Store> {
  const log = logger.child({ store: 'sqlite' });
  const db = openDatabase(path);
  try {
    migrate(db, log);
  } catch (error) {
    db.close();
    throw error;
  }
  const st = new Statements(db);
  log.debug({ path }, 'SQLite store open');
  return {
    kind: 'sqlite',
    accounts: new SqliteAccounts(st),
    conversations: new SqliteConversations(st),
    customers: new SqliteCustomers(st),
    campaigns: new SqliteCampaigns(st),
    recipients: new SqliteRecipients(st),
    audit: new SqliteAudit(st),
    notifications: new SqliteNotifications(st),
    kv: new SqliteKeyValue(st),
    schedules: new SqliteSchedules(st),
    audienceLists: new SqliteAudienceLists(st),
    async migrate() {
      // Opening already migrated; this catches up with migrations another process's newer build may need.
      return migrate(db, log).map((version) => `schema version ${version} applied`);
    },
    async ping() {
      st.get('SELECT 1').get();
    },
    async close() {
      if (!db.open) return;
      // Folds the WAL back into the database file so a copied .db file is complete.
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        log.warn({ err: error }, 'WAL checkpoint on close failed; the WAL file will be replayed on next open');
      }
      db.close();
    },
  };
}
