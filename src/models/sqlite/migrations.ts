/**
 * The SQLite schema as an ordered list of migrations. Never edit a migration that has shipped: append a new
 * one. Dates are epoch milliseconds (INTEGER); JSON columns hold audience, origin, media, variables,
 * progress messages and schedule drafts.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        phone TEXT NOT NULL UNIQUE,
        name TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        attributes TEXT NOT NULL DEFAULT '{}',
        opted_out INTEGER NOT NULL DEFAULT 0,
        opted_out_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- Partial: opted-out customers are few, and opted-in scans go by rowid; a full index would slow every import.
      CREATE INDEX customers_opted_out ON customers (opted_out_at) WHERE opted_out = 1;

      -- One row per (tag, customer): audience by tag and tag counts without scanning every customer.
      -- No index by customer: writers know a customer's old tags (the JSON column) and delete by (tag, customer).
      CREATE TABLE customer_tags (
        tag TEXT NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        PRIMARY KEY (tag, customer_id)
      ) WITHOUT ROWID;

      CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        template TEXT NOT NULL,
        media TEXT,
        audience TEXT NOT NULL,
        status TEXT NOT NULL,
        count_total INTEGER NOT NULL DEFAULT 0,
        count_sent INTEGER NOT NULL DEFAULT 0,
        count_failed INTEGER NOT NULL DEFAULT 0,
        count_skipped INTEGER NOT NULL DEFAULT 0,
        count_unknown INTEGER NOT NULL DEFAULT 0,
        count_delivered INTEGER NOT NULL DEFAULT 0,
        count_read INTEGER NOT NULL DEFAULT 0,
        origin TEXT NOT NULL,
        progress_messages TEXT NOT NULL DEFAULT '[]',
        status_reason TEXT,
        retry_of TEXT,
        schedule_id TEXT,
        idempotency_key TEXT UNIQUE,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        sent_at INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX campaigns_created ON campaigns (created_at);
      CREATE INDEX campaigns_schedule ON campaigns (schedule_id) WHERE schedule_id IS NOT NULL;

      -- claim: the token of the lane working on the recipient; in_flight: its send has started.
      CREATE TABLE recipients (
        id INTEGER PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        customer_id TEXT,
        phone TEXT NOT NULL,
        variables TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_text TEXT,
        message_id TEXT,
        next_attempt_at INTEGER,
        sent_at INTEGER,
        delivered_at INTEGER,
        read_at INTEGER,
        claim TEXT,
        in_flight INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      -- The claim query: (campaign, pending, unclaimed) in rowid order, which SQLite appends to every index.
      CREATE INDEX recipients_claim ON recipients (campaign_id, status, claim);
      -- (campaign_id, rowid): lists and exports in id order, paged by keyset, without sorting.
      CREATE INDEX recipients_campaign ON recipients (campaign_id);
      CREATE INDEX recipients_message ON recipients (message_id) WHERE message_id IS NOT NULL;

      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_events_at ON audit_events (at);
      CREATE INDEX audit_events_action ON audit_events (action, at);

      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        campaign_id TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX notifications_at ON notifications (at);
      CREATE INDEX notifications_campaign ON notifications (campaign_id, at);

      CREATE TABLE kv (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        expires_at INTEGER,
        PRIMARY KEY (namespace, key)
      ) WITHOUT ROWID;
      CREATE INDEX kv_expires ON kv (expires_at) WHERE expires_at IS NOT NULL;

      CREATE TABLE schedules (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        draft TEXT NOT NULL,
        kind TEXT NOT NULL,
        at INTEGER,
        cron TEXT,
        timezone TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        last_run_at INTEGER,
        last_campaign_id TEXT,
        last_outcome TEXT,
        next_run_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'phone lists referenced by audiences',
    sql: `
      -- Pasted or uploaded numbers: campaigns and schedules keep {kind: 'list', listId, count}, not the numbers.
      CREATE TABLE audience_lists (
        id TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE audience_list_phones (
        list_id TEXT NOT NULL REFERENCES audience_lists (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        phone TEXT NOT NULL,
        PRIMARY KEY (list_id, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'receipts found by customer, not by message id',
    sql: `
      -- Message ids are random: every sent result inserted its id into a different page of this index, which made
      -- it most of the bytes written while sending. Receipts carry the number, so they are found through it.
      DROP INDEX IF EXISTS recipients_message;
      -- (customer_id, rowid): a customer's recipients, newest last. Recipients are inserted in customer order for
      -- "all" and tag audiences, so a campaign's entries go in as a sweep; sends never change this key.
      CREATE INDEX recipients_customer ON recipients (customer_id) WHERE customer_id IS NOT NULL;
      -- Pasted numbers that are not customers have no customer id: found by number (only those rows).
      CREATE INDEX recipients_stranger ON recipients (phone) WHERE customer_id IS NULL;
      `,
    },
    {
      version: 4,
      name: 'customer replies',
      sql: `
        -- A customer's WhatsApp answer to a campaign: the first one is dated on the recipient and counted on the campaign.
        -- (Which campaign an answer is for is found through recipients_customer / recipients_stranger: an index on
        -- the send time would be updated by every send, which the disk budget rules out.)
        ALTER TABLE recipients ADD COLUMN replied_at INTEGER;
        ALTER TABLE campaigns ADD COLUMN count_replied INTEGER NOT NULL DEFAULT 0;
      `,
    },
    {
      version: 5,
    name: 'sender accounts',
    sql: `
      -- WhatsApp numbers to send from. \`default\` needs no row: campaigns and schedules made before accounts
      -- existed (and every one that names no account) are sent from it, as before.
      CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        driver TEXT NOT NULL,
        phone_number_id TEXT,
        waba_id TEXT,
        status TEXT NOT NULL DEFAULT 'active',
        created_at INTEGER NOT NULL
      );
      ALTER TABLE campaigns ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
      CREATE INDEX campaigns_account_status ON campaigns (account, status);
      ALTER TABLE schedules ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
      `,
    },
    {
      version: 6,
    name: 'WhatsApp templates on campaigns (Cloud API)',
    sql: `
      -- {name, language, params} of an approved template the campaign sends instead of free text; NULL otherwise.
      ALTER TABLE campaigns ADD COLUMN whatsapp_template TEXT;
    `,
  },
  {
    version: 7,
    name: 'when each customer last wrote to each number',
    sql: `
      -- WhatsApp's 24-hour customer service window: free-text answers from a Cloud API number are allowed only within
      -- 24 hours of the customer's last message to that number. One row per (number, customer), the latest time kept.
      CREATE TABLE customer_messages (
        account TEXT NOT NULL,
        phone TEXT NOT NULL,
        last_at INTEGER NOT NULL,
        PRIMARY KEY (account, phone)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    name: 'own pace and daily cap per sender account',
    sql: `
      -- NULL follows the configuration (SEND_RATE_PER_MINUTE, SEND_JITTER_MS, DAILY_CAP; CLOUD_SEND_PER_SECOND).
      ALTER TABLE accounts ADD COLUMN rate_per_minute INTEGER;
      ALTER TABLE accounts ADD COLUMN jitter_ms INTEGER;
      ALTER TABLE accounts ADD COLUMN daily_cap INTEGER;
    `,
  },
];
