/**
 * The MongoDB documents as stored, their mongoose schemas and the indexes the engine's queries need.
 * Nothing here leaves src/models: repositories map these documents to the domain records (mappers.ts).
 *
 * Conventions:
 * - timestamps are set by the repositories (not mongoose's `timestamps`), so each write says which it touches;
 * - `minimize: false` keeps empty objects (`variables: {}` would otherwise vanish on insert);
 * - free-form string maps (customer attributes, recipient variables) are stored as `{k, v}` pairs: their keys
 *   come from CSV headers and may contain `.` or start with `$`, which MongoDB field names handle badly;
 * - records whose shape is a domain union or has optional members (audience, origin, media, drafts) are `Mixed`,
 *   stored as given; typed sub-schemas would add defaults (empty arrays) the domain never wrote.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Actor, Audience, CampaignDraftSpec, MediaRef, ProgressMessageRef, WhatsAppTemplateSpec } from '../../campaigns/types.js';

/** One entry of a free-form string map. */
export interface PairDoc {
  k: string;
  v: string;
}

export interface CustomerDoc {
  _id: Types.ObjectId;
  phone: string;
  name: string | null;
  tags: string[];
  attributes: PairDoc[];
  optedOut: boolean;
  optedOutAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CountsDoc {
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
  delivered: number;
  read: number;
  /** Customers who answered (absent on documents written before replies existed). */
  replied?: number;
}

export interface CampaignDoc {
  /** The short id users type (`k7m2q9xa`). */
  _id: string;
  title: string;
  template: string;
  media: MediaRef | null;
  /** The approved WhatsApp template a Cloud API campaign sends; absent or null for free-text campaigns. */
  whatsappTemplate?: WhatsAppTemplateSpec | null;
  audience: Audience;
  status: string;
  statusReason: string | null;
  counts: CountsDoc;
  origin: Actor;
  progressMessages: ProgressMessageRef[];
  retryOf: string | null;
  scheduleId: string | null;
  /** Absent (not null) when unused, so the unique index ignores it. */
  idempotencyKey?: string;
  /** The sender account; absent on campaigns stored before accounts existed (read as `default`). */
  account?: string;
  /** The last recipient sequence number handed out; recipients' ids are built from it (see recipientId()). */
  recipientSeq: number;
  createdAt: Date;
  startedAt: Date | null;
  sentAt: Date | null;
  updatedAt: Date;
}

export interface RecipientDoc {
  /** `<campaignId>-<zero-padded sequence>`: unique, and sorts in insertion order within a campaign. */
  _id: string;
  campaignId: string;
  customerId: string | null;
  phone: string;
  variables: PairDoc[];
  status: string;
  attempts: number;
  errorCode: string | null;
  errorText: string | null;
  messageId: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  /** The customer's first answer to the campaign (absent on older documents). */
  repliedAt?: Date | null;
  updatedAt: Date;
  /** The token of the lane holding this recipient, null when unclaimed. */
  claim: string | null;
  /** Set durably before the send starts, cleared with the result. */
  inFlight: boolean;
}

export interface AuditDoc {
  _id: Types.ObjectId;
  at: Date;
  actor: Actor;
  action: string;
  target: string | null;
  outcome: string;
  detail: string | null;
}

export interface NotificationDoc {
  _id: Types.ObjectId;
  at: Date;
  campaignId: string | null;
  kind: string;
  text: string;
}

export interface KvDoc {
  _id: Types.ObjectId;
  namespace: string;
  key: string;
  value: string;
  /** Null: never expires. MongoDB's TTL monitor deletes expired entries (about once a minute). */
  expiresAt: Date | null;
}

export interface ScheduleDoc {
  _id: string;
  name: string;
  draft: CampaignDraftSpec;
  /** The sender account (the draft's); absent on schedules stored before accounts existed. */
  account?: string;
  kind: string;
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

const options = { versionKey: false, minimize: false, timestamps: false, strict: true } as const;
const nullableString = { type: String, default: null };
// mongoose's `required` rejects '' for strings; these may legitimately be empty (a media-only caption, an empty cell).
const text = { type: String, default: '' };
const nullableDate = { type: Date, default: null };
const pair = new Schema<PairDoc>({ k: { type: String, required: true }, v: text }, { _id: false });
const count = { type: Number, default: 0 };
const progressMessage = new Schema<ProgressMessageRef>(
  { surface: { type: String, required: true }, chatId: { type: String, required: true }, messageId: { type: String, required: true } },
  { _id: false },
);

export const customerSchema = new Schema<CustomerDoc>(
  {
    phone: { type: String, required: true },
    name: nullableString,
    tags: { type: [String], default: [] },
    attributes: { type: [pair], default: [] },
    optedOut: { type: Boolean, default: false },
    optedOutAt: nullableDate,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'customers' },
);
customerSchema.index({ phone: 1 }, { unique: true });
// (tags, optedOut): audience pages by tag and tagCounts' per-tag counts of opted-in customers, from the index alone.
customerSchema.index({ tags: 1, optedOut: 1 });
customerSchema.index({ optedOut: 1 });

export const campaignSchema = new Schema<CampaignDoc>(
  {
    _id: { type: String, required: true },
    title: text,
    template: text,
    media: { type: Schema.Types.Mixed, default: null },
    whatsappTemplate: { type: Schema.Types.Mixed, default: null },
    audience: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    statusReason: nullableString,
    counts: { total: count, sent: count, failed: count, skipped: count, unknown: count, delivered: count, read: count, replied: count },
    origin: { type: Schema.Types.Mixed, required: true },
    progressMessages: { type: [progressMessage], default: [] },
    retryOf: nullableString,
    scheduleId: nullableString,
    idempotencyKey: { type: String },
    account: { type: String },
    recipientSeq: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    startedAt: nullableDate,
    sentAt: nullableDate,
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'campaigns' },
);
// Newest first, with the id as tie-breaker, so list() sorts straight from the index.
campaignSchema.index({ createdAt: -1, _id: -1 });
// A partial index rather than `sparse`: sparse still indexes an explicit null, partial indexes only real keys.
campaignSchema.index({ idempotencyKey: 1 }, { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } } });
campaignSchema.index({ scheduleId: 1, createdAt: -1 });
// The worker that owns an account lists that account's running campaigns (the reconciler, per account).
campaignSchema.index({ account: 1, status: 1 });

export const recipientSchema = new Schema<RecipientDoc>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    customerId: nullableString,
    phone: { type: String, required: true },
    variables: { type: [pair], default: [] },
    status: { type: String, required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    errorCode: nullableString,
    errorText: nullableString,
    messageId: nullableString,
    nextAttemptAt: nullableDate,
    sentAt: nullableDate,
    deliveredAt: nullableDate,
    readAt: nullableDate,
    repliedAt: nullableDate,
    updatedAt: { type: Date, required: true },
    claim: nullableString,
    inFlight: { type: Boolean, default: false },
  },
  { ...options, collection: 'campaign_recipients' },
);
// claimBatch: equality on campaign, status and claim, then the _id order comes from the index (no in-memory sort).
recipientSchema.index({ campaignId: 1, status: 1, claim: 1, _id: 1 });
// list() pages by _id within a campaign whatever the status; skipPhones looks up by phone.
recipientSchema.index({ campaignId: 1, _id: 1 });
recipientSchema.index({ campaignId: 1, phone: 1 });
// Receipts: a customer's recipients (their keys never change while sending, unlike a message-id index whose
// random keys cost a page write per sent result), and pasted numbers that are no customer by number.
recipientSchema.index({ customerId: 1 }, { partialFilterExpression: { customerId: { $type: 'string' } } });
recipientSchema.index({ phone: 1 }, { partialFilterExpression: { customerId: { $type: 'null' } } });

export const auditSchema = new Schema<AuditDoc>(
  {
    at: { type: Date, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    action: { type: String, required: true },
    target: nullableString,
    outcome: { type: String, required: true },
    detail: nullableString,
  },
  { ...options, collection: 'audit_events' },
);
auditSchema.index({ at: -1, _id: -1 });
// The `_id` tie-breaker of every list sort is part of the index, so equal times still sort from the index.
auditSchema.index({ action: 1, at: -1, _id: -1 });

export const notificationSchema = new Schema<NotificationDoc>(
  {
    at: { type: Date, required: true },
    campaignId: nullableString,
    kind: { type: String, required: true },
    text,
  },
  { ...options, collection: 'notifications' },
);
notificationSchema.index({ at: -1, _id: -1 });
notificationSchema.index({ campaignId: 1, at: -1, _id: -1 });

export const kvSchema = new Schema<KvDoc>(
  {
    namespace: { type: String, required: true },
    key: { type: String, required: true },
    value: text,
    expiresAt: nullableDate,
  },
  { ...options, collection: 'kv' },
);
kvSchema.index({ namespace: 1, key: 1 }, { unique: true });
// expireAfterSeconds 0: a document expires at its own expiresAt; documents with null never do.
kvSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const scheduleSchema = new Schema<ScheduleDoc>(
  {
    _id: { type: String, required: true },
    name: text,
    draft: { type: Schema.Types.Mixed, required: true },
    account: { type: String },
    kind: { type: String, required: true },
    at: nullableDate,
    cron: nullableString,
    timezone: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    createdBy: { type: Schema.Types.Mixed, required: true },
    lastRunAt: nullableDate,
    lastCampaignId: nullableString,
    lastOutcome: nullableString,
    nextRunAt: nullableDate,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'schedules' },
);
scheduleSchema.index({ enabled: 1, nextRunAt: 1 });

/** One chunk of a phone list: lists are split so that no document nears MongoDB's 16 MB limit. */
export interface AudienceChunkDoc {
  _id: Types.ObjectId;
  listId: string;
  /** Position of the chunk in its list (0, 1, …). */
  seq: number;
  phones: string[];
}

export const audienceChunkSchema = new Schema<AudienceChunkDoc>(
  {
    listId: { type: String, required: true },
    seq: { type: Number, required: true },
    phones: { type: [String], default: [] },
  },
  { ...options, collection: 'audience_lists' },
);
audienceChunkSchema.index({ listId: 1, seq: 1 }, { unique: true });

/** A sender account (WhatsApp number); `_id` is its name. */
export interface AccountDoc {
  _id: string;
  driver: string;
  phoneNumberId: string | null;
  wabaId: string | null;
  status: string;
  /** The account's own pace and cap; null or absent follows the configuration. */
  ratePerMinute?: number | null;
  jitterMs?: number | null;
  dailyCap?: number | null;
  createdAt: Date;
}

export const accountSchema = new Schema<AccountDoc>(
  {
    _id: { type: String, required: true },
    driver: { type: String, required: true },
    phoneNumberId: nullableString,
    wabaId: nullableString,
    status: { type: String, default: 'active' },
    ratePerMinute: { type: Number, default: null },
    jitterMs: { type: Number, default: null },
    dailyCap: { type: Number, default: null },
    createdAt: { type: Date, required: true },
  },
  { ...options, collection: 'accounts' },
);

/** When a customer last wrote to a sender account; `_id` is `account|phone`. */
export interface CustomerMessageDoc {
  _id: string;
  account: string;
  phone: string;
  lastAt: Date;
}

export const customerMessageSchema = new Schema<CustomerMessageDoc>(
  {
    _id: { type: String, required: true },
    account: { type: String, required: true },
    phone: { type: String, required: true },
    lastAt: { type: Date, required: true },
  },
  { ...options, collection: 'customer_messages' },
);

export interface Models {
  accounts: Model<AccountDoc>;
  customerMessages: Model<CustomerMessageDoc>;
  customers: Model<CustomerDoc>;
  campaigns: Model<CampaignDoc>;
  recipients: Model<RecipientDoc>;
  audit: Model<AuditDoc>;
  notifications: Model<NotificationDoc>;
  kv: Model<KvDoc>;
  schedules: Model<ScheduleDoc>;
  audienceChunks: Model<AudienceChunkDoc>;
}

/** Registers the models on this connection (not the global mongoose one). */
export function createModels(conn: Connection): Models {
  return {
    accounts: conn.model<AccountDoc>('Account', accountSchema),
    customerMessages: conn.model<CustomerMessageDoc>('CustomerMessage', customerMessageSchema),
    customers: conn.model<CustomerDoc>('Customer', customerSchema),
    campaigns: conn.model<CampaignDoc>('Campaign', campaignSchema),
    recipients: conn.model<RecipientDoc>('CampaignRecipient', recipientSchema),
    audit: conn.model<AuditDoc>('AuditEvent', auditSchema),
    notifications: conn.model<NotificationDoc>('Notification', notificationSchema),
    kv: conn.model<KvDoc>('KeyValue', kvSchema),
    schedules: conn.model<ScheduleDoc>('Schedule', scheduleSchema),
    audienceChunks: conn.model<AudienceChunkDoc>('AudienceListChunk', audienceChunkSchema),
  };
}
