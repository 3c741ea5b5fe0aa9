/** The records of the product, as the domain sees them. No database type appears here. */

export type Surface = 'telegram' | 'slack' | 'cli' | 'schedule' | 'whatsapp' | 'system';
export type Locale = 'id' | 'en';

export interface Customer {
  id: string;
  /** E.164, unique. */
  phone: string;
  name: string | null;
  tags: string[];
  /** Free attributes from the import; usable as template variables. */
  attributes: Record<string, string>;
  optedOut: boolean;
  optedOutAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an import or an edit gives for one customer; phone already normalized to E.164. */
export interface CustomerInput {
  phone: string;
  name?: string | null;
  tags?: string[];
  attributes?: Record<string, string>;
}

export type Audience =
  | { kind: 'all' }
  | { kind: 'tags'; tags: string[] }
  /** Explicit E.164 numbers (already normalized): what a surface hands in; stored as a `list`. */
  | { kind: 'phones'; phones: string[] }
  /**
   * Pasted or uploaded numbers as stored: a reference to a phone list in the store and how many numbers it has.
   * Campaigns and schedules keep this, never the numbers themselves (a million numbers pass MongoDB's 16 MB).
   */
  | { kind: 'list'; listId: string; count: number };

/**
 * `awaiting_approval`: created, nothing is sent until an admin other than its author approves (issue 15); a
 * rejected or expired one ends `cancelled` with statusReason `approval_rejected` / `approval_expired`.
 */
export type CampaignStatus = 'awaiting_approval' | 'pending' | 'processing' | 'paused' | 'completed' | 'failed' | 'cancelled';
export const FINAL_STATUSES: readonly CampaignStatus[] = ['completed', 'failed', 'cancelled'];

export interface MediaRef {
  kind: 'image' | 'document';
  /** Absolute path of the stored file under DATA_DIR/media. */
  path: string;
  fileName: string;
  mimeType: string;
}

/** Who started something, from where. */
export interface Actor {
  surface: Surface;
  userId: string;
  userName?: string;
  chatId?: string;
  locale?: Locale;
}

/** A chat message that shows a campaign's progress and is edited in place. */
export interface ProgressMessageRef {
  surface: Surface;
  chatId: string;
  messageId: string;
}

export interface CampaignCounts {
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
  delivered: number;
  read: number;
  /**
   * Customers who answered the campaign (each counted once per campaign, however many messages they send).
   * Optional so counts written before replies existed still type-check; stores always fill it in.
   */
  replied?: number;
}

/**
 * An approved WhatsApp template a Cloud API campaign sends: its name and language at Meta, and for each body
 * parameter ("1", "2", …) a small template of ours rendered per recipient (`{{name|Pelanggan}}`, fixed text).
 */
export interface WhatsAppTemplateSpec {
  name: string;
  language: string;
  params: Record<string, string>;
}

export interface Campaign {
  id: string;
  title: string;
  template: string;
  media: MediaRef | null;
  /**
   * The WhatsApp template sent instead of `template` (Cloud API accounts); null (stores) or absent for free-text
   * campaigns.
   */
  whatsappTemplate?: WhatsAppTemplateSpec | null;
  audience: Audience;
  status: CampaignStatus;
  counts: CampaignCounts;
  origin: Actor;
  progressMessages: ProgressMessageRef[];
  /** Why the campaign paused itself or failed (machine code, e.g. `whatsapp_disconnected`). */
  statusReason: string | null;
  /** The campaign this one retries (failed recipients only). */
  retryOf: string | null;
  scheduleId: string | null;
  /** Makes creation idempotent (e.g. schedule id + firing time). Unique when set. */
  idempotencyKey: string | null;
  /** The sender account (WhatsApp number) the campaign is sent from; `default` for campaigns made before accounts. */
  account: string;
  createdAt: Date;
  startedAt: Date | null;
  /** When the campaign finished (completed, failed or cancelled). */
  sentAt: Date | null;
  updatedAt: Date;
}

/** A new campaign before it is stored; the store assigns id and timestamps. */
export type NewCampaign = Omit<Campaign, 'id' | 'createdAt' | 'updatedAt' | 'startedAt' | 'sentAt' | 'progressMessages' | 'account'> & {
  progressMessages?: ProgressMessageRef[];
  /** Defaults to `default`. */
  account?: string;
};

export type RecipientStatus = 'pending' | 'sent' | 'failed' | 'skipped' | 'unknown';

export interface CampaignRecipient {
  id: string;
  campaignId: string;
  customerId: string | null;
  phone: string;
  /** Template variables captured when the campaign was created (name, phone, attributes). */
  variables: Record<string, string>;
  status: RecipientStatus;
  attempts: number;
  errorCode: string | null;
  errorText: string | null;
  messageId: string | null;
  /** Earliest time a transient failure may be retried. */
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  /** When the customer first answered this campaign (see src/campaigns/replies.ts); absent on old records. */
  repliedAt?: Date | null;
  updatedAt: Date;
}

export type NewRecipient = Pick<CampaignRecipient, 'customerId' | 'phone' | 'variables'>;

/** The outcome of one send attempt, written back in batches. */
export type RecipientResult =
  | { recipientId: string; status: 'sent'; messageId: string; at: Date }
  | { recipientId: string; status: 'failed' | 'skipped' | 'unknown'; errorCode: string; errorText: string; at: Date }
  /** Transient failure: back to pending, retried not before `nextAttemptAt`. */
  | {
      recipientId: string;
      status: 'retry';
      errorCode: string;
      errorText: string;
      nextAttemptAt: Date;
      at: Date;
      /** False when no send was really attempted (WhatsApp pushed back): `attempts` stays. Default true. */
      attempted?: boolean;
    };

export interface AuditEvent {
  id: string;
  at: Date;
  actor: Actor;
  action: string;
  /** What the action was about, e.g. a campaign id or phone. */
  target: string | null;
  outcome: 'ok' | 'refused' | 'error';
  detail: string | null;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at'> & { at?: Date };

/** A stored notification (the completion summary, auto-pause alerts), like the original's database notification. */
export interface StoredNotification {
  id: string;
  at: Date;
  campaignId: string | null;
  kind: string;
  text: string;
}

export type ScheduleKind = 'once' | 'cron';

export interface CampaignDraftSpec {
  title: string;
  template: string;
  media: MediaRef | null;
  /** The approved WhatsApp template a Cloud API campaign sends (absent for free text). */
  whatsappTemplate?: WhatsAppTemplateSpec | null;
  audience: Audience;
  /** The sender account; absent means `default`. */
  account?: string;
}

export interface Schedule {
  id: string;
  name: string;
  draft: CampaignDraftSpec;
  kind: ScheduleKind;
  /** ISO time for `once`; cron expression for `cron`. */
  at: Date | null;
  cron: string | null;
  timezone: string;
  enabled: boolean;
  createdBy: Actor;
  lastRunAt: Date | null;
  lastCampaignId: string | null;
  lastOutcome: string | null;
  nextRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSchedule = Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'>;

// ---------------------------------------------------------------- sender accounts

/** How an account sends: Baileys (a linked device), Meta's Cloud API, or the dry-run outbox. */
export type AccountDriver = 'baileys' | 'cloud' | 'dry-run';

/** `active` sends; `disabled` is kept for later use (removal deletes the record). */
export type AccountRecordStatus = 'active' | 'disabled';

/** One WhatsApp number the product sends from (see src/whatsapp/accounts.ts). */
export interface Account {
  /** Unique, lower-case letters, digits and `-` (it names queues, locks and session keys). */
  name: string;
  driver: AccountDriver;
  /** Cloud API phone number id (cloud accounts only). */
  phoneNumberId: string | null;
  /** Cloud API WhatsApp Business Account id (cloud accounts only). */
  wabaId: string | null;
  status: AccountRecordStatus;
  /** The account's own pace and cap; each null follows the configuration (see src/whatsapp/account-pacing.ts). */
  pace: PaceOverrides;
  createdAt: Date;
}

/** Pacing settings an account may set for itself; null = the configuration's value. */
export interface PaceOverrides {
  /** Messages per minute (0 = unpaced); Cloud numbers at most 80 a second (4800). */
  ratePerMinute: number | null;
  /** Random extra wait per message, in ms. */
  jitterMs: number | null;
  /** Messages per day (0 = no cap); a Cloud number's tier still applies when lower. */
  dailyCap: number | null;
}

export type NewAccount = Omit<Account, 'createdAt' | 'status' | 'pace'> & { status?: AccountRecordStatus; pace?: PaceOverrides };
