/**
 * The MongoDB store (production, and for more than one machine): the whole Store port on mongoose, with its own
 * connection (`mongoose.createConnection`, never the global one) so tests and tools can open several.
 *
 * Ids: campaigns and schedules use the short typable ids of ../ids.ts as `_id`; recipients use
 * `<campaignId>-<zero-padded sequence>` reserved on the campaign, so that string order is insertion order
 * (see mappers.recipientId); customers, audit events and notifications use ObjectIds.
 */
import mongoose, { type ConnectOptions, type Connection } from 'mongoose';
import type { Store } from '../../campaigns/ports.js';
import { redactSecrets, type Logger } from '../../logging/logger.js';
import { createAuditRepository, createNotificationRepository } from './audit.js';
import { createAudienceListRepository } from './audience-lists.js';
import { createCampaignRepository } from './campaigns.js';
import { createCustomerRepository } from './customers.js';
import { createKeyValueRepository } from './kv.js';
import { createRecipientRepository } from './recipients.js';
import { createScheduleRepository } from './schedules.js';
import { createAccountRepository } from './accounts.js';
import { createConversationRepository } from './conversations.js';
import { migrateIndexes, pendingIndexes } from './migrate.js';
import { createModels, type Models } from './schemas.js';
import { createWrites, supportsTransactions } from './transactions.js';

export interface MongoStoreOptions {
  /**
   * How long to look for a reachable server before giving up. Default: the URI's own
   * `serverSelectionTimeoutMS` when it has one, else 10 s (the driver's default of 30 s is long for a start-up).
   */
  serverSelectionTimeoutMS?: number;
  /** The database to use instead of the one named in the URI (tests use a fresh one each). */
  dbName?: string;
  /**
   * Index builds: `auto` (default) builds them only on an empty database and otherwise warns about missing
   * ones; `always` builds them now (`broadcast-bot db migrate`); `never` leaves them to the operator.
   */
  migrate?: 'auto' | 'always' | 'never';
  /** False forces the no-transaction write path even on a replica set (the contract suite runs both). */
  transactions?: boolean;
}

/**
 * Durable defaults for writes and reads unless the URI says otherwise: a claim or an in-flight mark acknowledged
 * by one member only can be rolled back by an election, and the lane would then send that recipient again.
 * Reads go to the primary, so a lane never decides on a secondary's stale copy. The driver lets options given
 * in code win over the URI's, so a default is set only where the URI has no word of its own.
 */
export function durabilityOptions(uri: string): { writeConcern?: { w: 'majority'; journal: true }; readPreference?: 'primary' } {
  const has = (name: string) => new RegExp(`[?&]${name}=`, 'i').test(uri);
  return {
    ...(has('w') || has('journal') || has('wtimeoutMS') ? {} : { writeConcern: { w: 'majority', journal: true } }),
    ...(has('readPreference') ? {} : { readPreference: 'primary' }),
  };
}

/** Server selection timeout when neither the caller nor the URI gives one. */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 10_000;

/** The timeout to pass to the driver: the caller's, else none when the URI sets one (the URI wins), else the default. */
export function serverSelectionTimeout(uri: string, given: number | undefined): number | undefined {
  if (given !== undefined) return given;
  return /[?&]serverSelectionTimeoutMS=/i.test(uri) ? undefined : DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
}

/** mongoose reads `bufferTimeoutMS` from the connection options (connection.js, openUri) but its types omit it. */
export type StoreConnectOptions = ConnectOptions & { bufferTimeoutMS: number };

/**
 * The options every store connection is opened with. Calls made while the server is unreachable reject within
 * the selection timeout: mongoose queues them while disconnected for `bufferTimeoutMS`, set to the same bound.
 */
export function connectionOptions(uri: string, options: MongoStoreOptions = {}): StoreConnectOptions {
  const timeoutMs = serverSelectionTimeout(uri, options.serverSelectionTimeoutMS);
  const inUri = /[?&]serverSelectionTimeoutMS=(\d+)/i.exec(uri)?.[1];
  const bound = timeoutMs ?? (inUri === undefined ? DEFAULT_SERVER_SELECTION_TIMEOUT_MS : Number(inUri));
  return {
    ...(timeoutMs === undefined ? {} : { serverSelectionTimeoutMS: timeoutMs }),
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
    ...durabilityOptions(uri),
    bufferTimeoutMS: bound,
    appName: 'whatsapp-broadcast-bot',
    // Index builds are a migration step (migrate.ts), never a side effect of every process's start.
    autoIndex: false,
    // mongoose refuses autoCreate on a connection that reads from secondaries (a URI may ask for that).
    autoCreate: !/[?&]readPreference=secondary/i.test(uri),
  };
}

/** MongoDB could not be reached or prepared; the message names where and what to check (never the password). */
export class MongoStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MongoStoreError';
  }
}

/** The hosts and database of a connection string, without credentials or options (safe to print). */
export function describeMongoUri(uri: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?([^/?]*)(\/[^?]*)?/.exec(uri.trim());
  if (!match) return 'an unparsable MONGODB_URI';
  return `${match[1]}${match[2]}${match[3] ?? ''}`;
}

function reasonOf(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}

/**
 * Connects to MongoDB, creates the collections the engine needs and returns the Store. Indexes are built here only
 * on an empty database or with `migrate: 'always'` (see migrate.ts). Fails fast (serverSelectionTimeoutMS) with a
 * MongoStoreError naming the server when it cannot be reached.
 * @example const store = await openMongoStore(config.MONGODB_URI, logger);
 */
export async function openMongoStore(uri: string, logger: Logger, options: MongoStoreOptions = {}): Promise<Store> {
  const log = logger.child({ store: 'mongodb' });
  const target = describeMongoUri(uri);
  const conn = mongoose.createConnection(uri, connectionOptions(uri, options));
  try {
    await conn.asPromise();
  } catch (error) {
    await closeQuietly(conn, log);
    throw new MongoStoreError(
      `Cannot connect to MongoDB at ${target} (${reasonOf(error)}). ` +
        'Check that the server is running and reachable, and that MONGODB_URI is right; unset MONGODB_URI to use the embedded SQLite store.',
      { cause: error },
    );
  }
  conn.on('error', (error: unknown) => log.error({ err: error }, 'MongoDB connection error'));
  conn.on('disconnected', () => log.warn('MongoDB disconnected; the driver reconnects by itself'));

  let models: Models;
  let atomic: boolean;
  try {
    atomic = options.transactions !== false && (await supportsTransactions(conn));
    models = createModels(conn);
    // init() creates each collection (autoIndex is off, so no index build here).
    await Promise.all(Object.values(models).map((model: Models[keyof Models]) => model.init()));
    await prepareIndexes(models, options.migrate ?? 'auto', log);
  } catch (error) {
    await closeQuietly(conn, log);
    throw new MongoStoreError(
      `Connected to MongoDB at ${target} but could not prepare its collections and indexes (${reasonOf(error)}). ` +
        'Check that the user may create collections and indexes in this database.',
      { cause: error },
    );
  }
  log.info({ transactions: atomic }, 'MongoDB store open');
  if (!atomic) {
    log.warn('MongoDB has no transactions here (a standalone server): run it as a replica set, even of one node (see README)');
  }

  const writes = createWrites(conn, atomic);
  return {
    kind: 'mongodb',
    accounts: createAccountRepository(models.accounts),
    conversations: createConversationRepository(models.customerMessages),
    customers: createCustomerRepository(models.customers),
    campaigns: createCampaignRepository(models.campaigns, models.recipients, writes),
    recipients: createRecipientRepository(models.recipients, models.campaigns, models.customers, writes),
    audit: createAuditRepository(models.audit),
    notifications: createNotificationRepository(models.notifications),
    kv: createKeyValueRepository(models.kv),
    schedules: createScheduleRepository(models.schedules),
    audienceLists: createAudienceListRepository(models.audienceChunks),
    async migrate() {
      const done = await migrateIndexes(models);
      return done.map((m) => `${m.collection}: built ${m.created.join(', ') || 'none'}; dropped ${m.dropped.join(', ') || 'none'}`);
    },
    async ping() {
      if (!conn.db) throw new MongoStoreError(`MongoDB store at ${target} is closed`);
      await conn.db.command({ ping: 1 });
    },
    async close() {
      await conn.close();
    },
  };
}

/** Builds the indexes when asked, or on an empty database (a first start); otherwise only warns about missing ones. */
async function prepareIndexes(models: Models, mode: 'auto' | 'always' | 'never', log: Logger): Promise<void> {
  if (mode === 'never') return;
  // estimatedDocumentCount reads collection metadata: no scan, whatever the size.
  const empty =
    mode === 'auto' &&
    (await models.campaigns.estimatedDocumentCount()) === 0 &&
    (await models.customers.estimatedDocumentCount()) === 0;
  if (mode === 'always' || empty) {
    const done = await migrateIndexes(models);
    if (done.length > 0) log.info({ indexes: done }, 'MongoDB indexes built');
    return;
  }
  const pending = await pendingIndexes(models);
  if (pending.length > 0) {
    log.warn({ indexes: pending }, 'MongoDB indexes are missing or changed: run `broadcast-bot db migrate` (queries are slow until then)');
  }
}

async function closeQuietly(conn: Connection, log: Logger): Promise<void> {
  try {
    await conn.close();
  } catch (error) {
    // The original failure is what the caller needs; this one only goes to the log.
    log.debug({ err: error }, 'closing a failed MongoDB connection also failed');
  }
}
