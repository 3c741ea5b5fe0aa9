/**
 * The ports the domain needs from the outside: a store, a queue, a WhatsApp sender and chat notifiers.
 * Adapters live in src/models (stores), src/queue (BullMQ), src/whatsapp (senders) and src/bots (notifiers).
 */
import type {
  Account,
  AuditEvent,
  Campaign,
  CampaignCounts,
  CampaignRecipient,
  CampaignStatus,
  Customer,
  CustomerInput,
  MediaRef,
  NewAccount,
  PaceOverrides,
  NewAuditEvent,
  NewCampaign,
  NewRecipient,
  NewSchedule,
  ProgressMessageRef,
  RecipientResult,
  RecipientStatus,
  Schedule,
  StoredNotification,
  Surface,
  Locale,
} from './types.js';

import type { ApprovalDecision, ApprovalRequest, Decider } from './approval.js';
import type { ScheduleApprovalRequest } from '../schedules/approval.js';

// ---------------------------------------------------------------- store

export interface UpsertOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

export interface CustomerQuery {
  tag?: string;
  /** Opted-out customers are left out unless this is true. */
  includeOptedOut?: boolean;
  /** Only opted-out customers (a small, indexed set: how audiences count their removals without a full scan). */
  onlyOptedOut?: boolean;
  limit?: number;
  offset?: number;
}

export interface CustomerRepository {
  /** Inserts or updates by phone in one transaction / bulk write; tags and attributes are replaced by the input's. */
  upsertMany(inputs: CustomerInput[]): Promise<UpsertOutcome>;
  findByPhone(phone: string): Promise<Customer | null>;
  /** Customers with these phones (any order); unknown phones are simply absent. */
  findByPhones(phones: string[]): Promise<Customer[]>;
  list(query?: CustomerQuery): Promise<Customer[]>;
  count(query?: CustomerQuery): Promise<number>;
  /** Every tag with its number of opted-in customers (and all customers), sorted by tag. */
  tagCounts(): Promise<{ tag: string; count: number; total: number }[]>;
  /** Sets or clears the opt-out flag; returns the customer, or null when the phone is unknown. */
  setOptOut(phone: string, optedOut: boolean, at?: Date): Promise<Customer | null>;
  /** Opted-in customers of the audience in pages of `batchSize` (keyset order), never all at once. */
  iterate(filter: { tags?: string[] }, batchSize: number): AsyncIterable<Customer[]>;
}

export interface CampaignListQuery {
  limit?: number;
  offset?: number;
  status?: CampaignStatus[];
  scheduleId?: string;
  /** Only campaigns sent from this account. */
  account?: string;
}

export interface CampaignPatch {
  status?: CampaignStatus;
  statusReason?: string | null;
  startedAt?: Date | null;
  sentAt?: Date | null;
  counts?: Partial<CampaignCounts>;
}

export interface CampaignRepository {
  /** Stores a new campaign. With an idempotencyKey already used, returns the existing campaign instead. */
  create(campaign: NewCampaign): Promise<{ campaign: Campaign; created: boolean }>;
  get(id: string): Promise<Campaign | null>;
  findByIdempotencyKey(key: string): Promise<Campaign | null>;
  /** Most recent first. */
  list(query?: CampaignListQuery): Promise<Campaign[]>;
  /**
   * Applies the patch only when the campaign's status is one of `onlyIf` (when given): the way status
   * transitions stay race-free across processes. Returns the updated campaign, or null when it did not apply.
   */
  update(id: string, patch: CampaignPatch, onlyIf?: CampaignStatus[]): Promise<Campaign | null>;
  addProgressMessage(id: string, ref: ProgressMessageRef): Promise<void>;
  /** Deletes the campaign and its recipients (in batches: a huge campaign is never one long transaction). */
  delete(id: string): Promise<void>;
  /**
   * Sets the campaign's counters (total, sent, failed, skipped, unknown, delivered, read) to what its recipients
   * say, so an increment lost to a fault can never decide a status. Called when a campaign finishes or pauses.
   * Returns the updated campaign, or null when it does not exist.
   */
  recomputeCounts(id: string): Promise<Campaign | null>;
}

export interface RecipientStatusCounts extends Record<RecipientStatus, number> {
  /** Pending recipients currently claimed by a lane (a subset of pending). */
  claimed: number;
  /** Claimed recipients whose send has started but has no result yet (a subset of claimed). */
  inFlight: number;
}

export interface RecipientRepository {
  /** Appends recipients (status pending) in one transaction; also adds to the campaign's total. */
  insertMany(campaignId: string, recipients: NewRecipient[]): Promise<void>;
  /**
   * Atomically claims up to `limit` unclaimed pending recipients whose nextAttemptAt is null or <= now,
   * tagging them with `token`. Two lanes never get the same recipient.
   */
  claimBatch(campaignId: string, token: string, limit: number, now: Date): Promise<CampaignRecipient[]>;
  /**
   * Marks a claimed recipient as in flight (durably, before the send). Returns false when the claim was lost
   * (recovered by someone else), in which case the caller must not send.
   */
  markInFlight(recipientId: string, token: string): Promise<boolean>;
  /** markInFlight for several claimed recipients in one transaction; returns the ids it marked. */
  markInFlightMany(recipientIds: string[], token: string): Promise<Set<string>>;
  /**
   * Writes results in one transaction, clears their claims and adds the outcome to the campaign's counts
   * (sent / failed / skipped / unknown). Results for recipients whose claim is not `token` are ignored.
   */
  recordResults(campaignId: string, token: string, results: RecipientResult[]): Promise<void>;
  /**
   * Recovery after a crash: claims held by `token` go back to the pool; the ones that were in flight become
   * `unknown` (counted) with `inFlightPolicy: 'unknown'`, or go back to pending with `'resend'` (one attempt more).
   * `handed`, when known (the lane's send journal), lists the in-flight recipients whose send had started: the
   * policy applies to those only, and the other in-flight ones were merely marked, so they go back to the pool
   * with no attempt counted. Without it every in-flight recipient is treated as started.
   * Pass token `*` to recover every claim of the campaign (no lane may be running).
   */
  releaseClaims(
    campaignId: string,
    token: string,
    inFlightPolicy: 'unknown' | 'resend',
    handed?: readonly string[],
  ): Promise<{ released: number; unknown: number }>;
  /** The distinct claim tokens held on the campaign's pending recipients (lanes running or dead). */
  claimTokens(campaignId: string): Promise<string[]>;
  /** Exact counts by status (a scan of the campaign's recipients: for summaries and tests, not per batch). */
  countByStatus(campaignId: string): Promise<RecipientStatusCounts>;
  /** Whether any recipient is still pending, and whether any is claimed by a lane: two indexed look-ups. */
  activity(campaignId: string): Promise<{ pending: boolean; claimed: boolean }>;
  /** The earliest nextAttemptAt of unclaimed pending recipients (null when none is waiting). */
  nextRetryAt(campaignId: string): Promise<Date | null>;
  /** Recipients in id order, optionally by status, paged by `afterId`. */
  list(campaignId: string, query?: { status?: RecipientStatus[]; limit?: number; afterId?: string }): Promise<CampaignRecipient[]>;
  /** The first recipient (for previews). */
  first(campaignId: string): Promise<CampaignRecipient | null>;
  /**
   * Records a delivery / read receipt and updates the campaign's delivered / read counts (each the first time
   * only, so duplicates and a read before its delivery are harmless). The recipient is found by the receipt's
   * phone (the customer's recipients, or the recipients with that number and no customer) and then its message
   * id: there is no index by message id, whose random keys made every sent result dirty its own index page.
   * Null when no recipient matches (not a campaign message, or its result is not recorded yet).
   */
  recordReceipt(receipt: DeliveryReceipt): Promise<{ campaignId: string } | null>;
  /**
   * The send history of these phones across every campaign (the pre-send risk report): the phones ever sent to,
   * and the ones sent to since `since`. Found through the receipts' indexes (customer id, or number for non-customers): callers pass a page of phones.
   */
  sendHistory(phones: string[], since: Date): Promise<{ contacted: Set<string>; recent: Set<string> }>;
  /**
   * The most recent recipient with this phone whose message was sent at or after `since`, or null: the campaign an
   * inbound WhatsApp message answers. With `account`, only campaigns sent from that number count (the message came
   * to it); without, any campaign.
   */
  lastSentTo(phone: string, since: Date, account?: string): Promise<CampaignRecipient | null>;
  /**
   * Notes that the recipient answered: sets repliedAt the first time only and then adds one to the campaign's
   * `replied` count. Returns true the first time, false after (and for an unknown id).
   */
  recordReply(recipientId: string, at: Date): Promise<boolean>;
  /**
   * A `sent` recipient whose message WhatsApp later reported as failed (a Cloud API status webhook): it becomes
   * `failed` with the code, and the campaign's counts move from sent to failed, also after the campaign ended.
   * Found like a receipt (by number, then message id). Only the first such report counts (a repeated webhook
   * changes nothing); returns null when no recipient matches.
   */
  recordLateFailure(receipt: DeliveryReceipt, errorCode: string, errorText: string): Promise<{ campaignId: string } | null>;
  /** Marks recipients skipped before their turn (e.g. not on WhatsApp), counted like recordResults. */
  skipPhones(campaignId: string, phones: string[], errorCode: string, errorText: string): Promise<number>;
}

/** One stored refusal per stranger, per detail, per this many ms. */
export const REFUSAL_THROTTLE_MS = 60_000;

export interface AuditRepository {
  /**
   * Appends an event. A refusal repeating the same actor's (surface + user) refusal with the same detail within
   * REFUSAL_THROTTLE_MS is not stored again (the earlier event is returned): a stranger cannot grow the table.
   */
  record(event: NewAuditEvent): Promise<AuditEvent>;
  /** Deletes events older than `before` (AUDIT_RETENTION_DAYS); returns how many. */
  prune(before: Date): Promise<number>;
  /** Most recent first. */
  list(query?: { limit?: number; action?: string; outcome?: AuditEvent['outcome'] }): Promise<AuditEvent[]>;
}

export interface NotificationRepository {
  add(notification: Omit<StoredNotification, 'id' | 'at'> & { at?: Date }): Promise<StoredNotification>;
  list(query?: { campaignId?: string; limit?: number }): Promise<StoredNotification[]>;
}

/**
 * A small namespaced key-value store for state that is not a domain record: wizard conversations,
 * the WhatsApp auth state, number-check caches. Values are strings (JSON); ttlMs makes them expire.
 */
export interface KeyValueRepository {
  get(namespace: string, key: string): Promise<string | null>;
  getMany(namespace: string, keys: string[]): Promise<Map<string, string>>;
  set(namespace: string, key: string, value: string, ttlMs?: number): Promise<void>;
  setMany(namespace: string, entries: { key: string; value: string | null }[], ttlMs?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  clearNamespace(namespace: string): Promise<void>;
  /** Every live key of a namespace (for one-off migrations such as sealing a WhatsApp session). */
  keys(namespace: string): Promise<string[]>;
}

export interface ScheduleRepository {
  create(schedule: NewSchedule): Promise<Schedule>;
  get(id: string): Promise<Schedule | null>;
  list(query?: { enabled?: boolean }): Promise<Schedule[]>;
  update(id: string, patch: Partial<Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Schedule | null>;
  delete(id: string): Promise<boolean>;
}

/**
 * Phone lists (pasted or uploaded numbers) kept apart from the campaigns and schedules that use them, in chunks:
 * an audience references a list by id, so no record grows with the size of its audience.
 */
export interface AudienceListRepository {
  /** Stores the numbers (E.164, in order) as a new list. */
  create(phones: string[]): Promise<{ listId: string; count: number }>;
  /** The list's numbers in order, in pages of at most `pageSize`; nothing for an unknown list. */
  pages(listId: string, pageSize: number): AsyncIterable<string[]>;
  delete(listId: string): Promise<void>;
}

/** Everything persistent, behind one object; SQLite and MongoDB implement it. */
/** Sender accounts (WhatsApp numbers); `default` may be absent (it is then implied by the configuration). */
export interface AccountRepository {
  /** Sorted by name. */
  list(): Promise<Account[]>;
  get(name: string): Promise<Account | null>;
  /** Stores a new account; false (and nothing changed) when the name is taken. */
  create(account: NewAccount): Promise<boolean>;
  /** Replaces the account's own pace and cap; false when there is no such account. */
  setPace(name: string, pace: PaceOverrides): Promise<boolean>;
  /** Deletes the account; false when there was none. */
  remove(name: string): Promise<boolean>;
}

/**
 * When each customer last wrote to each sender account: WhatsApp's 24-hour customer service window (free text
 * allowed on the Cloud API) opens and refreshes with the customer's messages only, never with ours.
 */
export interface ConversationRepository {
  /** Notes a message from `phone` to `account` at `at`; an older time than the one recorded changes nothing. */
  recordCustomerMessage(account: string, phone: string, at: Date): Promise<void>;
  /** When `phone` last wrote to `account`, or null when never (as far as we know). */
  lastCustomerMessage(account: string, phone: string): Promise<Date | null>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  accounts: AccountRepository;
  conversations: ConversationRepository;
  customers: CustomerRepository;
  campaigns: CampaignRepository;
  recipients: RecipientRepository;
  audit: AuditRepository;
  notifications: NotificationRepository;
  kv: KeyValueRepository;
  schedules: ScheduleRepository;
  audienceLists: AudienceListRepository;
  /**
   * Brings the store's schema and indexes up to date (`broadcast-bot db migrate`); returns what it changed,
   * one line per collection or table, empty when nothing was needed.
   */
  migrate(): Promise<string[]>;
  /** Checks the store answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- queue

export interface CampaignQueue {
  /** Queues the campaign's lanes for sending (idempotent per `generation`). */
  start(campaignId: string, generation: number): Promise<void>;
  /** Jobs waiting + active, for metrics and previews. */
  depth(): Promise<number>;
}

// ---------------------------------------------------------------- WhatsApp sender

export type SenderStatus = 'connected' | 'connecting' | 'disconnected' | 'logged_out' | 'not_linked';

export interface SenderState {
  status: SenderStatus;
  /** The linked account as E.164, when known. */
  account: string | null;
  since: Date | null;
  /** Machine code of the last disconnect (e.g. `connection_lost`, `logged_out`, `connection_replaced`). */
  reason: string | null;
}

export interface OutboundMessage {
  campaignId: string;
  recipientId: string;
  /** E.164. */
  to: string;
  text: string;
  media: MediaRef | null;
  /**
   * An approved WhatsApp template to send instead of free text (Cloud API campaigns): its parameters already
   * rendered for this recipient, in order ({{1}}, {{2}}, …). Drivers without templates send `text`.
   */
  template?: OutboundTemplate | null;
}

export interface OutboundTemplate {
  name: string;
  language: string;
  /** Body parameters, rendered for the recipient, in order. */
  params: string[];
}

/**
 * Why a send failed, for the engine to decide: `permanent` is recorded once and never retried; `transient`
 * is retried with backoff; `rate_limited` and `restricted` pause the campaign (ban safety);
 * `disconnected` pauses until the sender reconnects.
 */
export type SendFailureKind = 'permanent' | 'not_on_whatsapp' | 'transient' | 'rate_limited' | 'restricted' | 'disconnected';

export class SendError extends Error {
  constructor(
    readonly kind: SendFailureKind,
    readonly code: string,
    message: string,
    /**
     * For `rate_limited` / `restricted`: the pause reason (a `reason.<code>` of the catalogue) when the kind's
     * own word is too vague, e.g. `cloud_token_expired`. Defaults to the kind.
     */
    readonly pauseReason?: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface DeliveryReceipt {
  messageId: string;
  /** E.164 of the customer the message went to: receipts are looked up by number, then by message id. */
  phone: string;
  /** `failed`: the message was accepted (sent) but WhatsApp could not deliver it (Cloud API status webhooks). */
  kind: 'delivered' | 'read' | 'failed';
  at: Date;
  /** For `failed`: the engine's error code and WhatsApp's words. */
  error?: { code: string; text: string };
}

/** What kind of media an inbound message carries (never downloaded: the admins are told the kind only). */
export type InboundMediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker' | 'location' | 'contact' | 'other';

export interface InboundMessage {
  /** E.164 of the sender. */
  from: string;
  /** The text, or a media message's caption ('' when it has none). */
  text: string;
  at: Date;
  /** Set when the message is a media message. */
  media?: InboundMediaKind;
}

export interface SenderEvents {
  state: (state: SenderState) => void;
  receipt: (receipt: DeliveryReceipt) => void;
  inbound: (message: InboundMessage) => void;
}

export interface WhatsAppSender {
  readonly driver: 'dry-run' | 'baileys' | 'cloud';
  state(): SenderState;
  on<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void;
  off<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void;
  /** Which of these E.164 numbers have WhatsApp. */
  checkNumbers(phones: string[]): Promise<Map<string, boolean>>;
  /** Sends one message; resolves with WhatsApp's message id, or throws SendError. */
  send(message: OutboundMessage): Promise<{ messageId: string }>;
  /** Sends a plain text reply outside a campaign (opt-out confirmations). */
  reply(to: string, text: string): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- notifiers

export interface ProgressView {
  campaignId: string;
  title: string;
  status: CampaignStatus;
  statusReason: string | null;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
  delivered: number;
  read: number;
  /** Customers who answered (shown once the campaign is done); absent = 0. */
  replied?: number;
  /** sent + failed + skipped + unknown. */
  done: number;
  percent: number;
  /** Messages per minute over the recent window. */
  ratePerMinute: number;
  /** Estimated time left, null when unknown. */
  etaMs: number | null;
  /** Nothing moved for longer than the rate allows (a retry back-off, a queue): no time left is shown. */
  stalled: boolean;
  /** A text bar such as ▓▓▓▓░░░░░░. */
  bar: string;
  final: boolean;
}

export interface CampaignSummary {
  campaign: Campaign;
  /** The campaign this one retried, when it is a retry. */
  retryOfTitle: string | null;
  scheduleName: string | null;
  durationMs: number;
  /** Up to 20 failures with reasons, for the Details view. */
  failures: { phone: string; errorCode: string | null; errorText: string | null }[];
}

export interface AdminAlert {
  kind:
    | 'campaign_paused'
    | 'campaign_failed'
    | 'whatsapp_logged_out'
    | 'whatsapp_replaced'
    | 'whatsapp_disconnected'
    | 'whatsapp_connected'
    | 'schedule_skipped'
    | 'schedule_missed'
    | 'schedule_failed';
  campaignId?: string;
  scheduleId?: string;
  /** Machine code explaining why (e.g. `daily_cap`, `rate_limited`). */
  reason: string;
  /** Extra words for the admin (already safe to show). */
  detail?: string;
  /** Values the alert's text names (schedule name, firing time, …), rendered by src/campaigns/alerts.ts. */
  params?: Record<string, string | number>;
  /**
   * The language of its author (the schedule's or campaign's), whose words `params` already carry (a firing time,
   * a reason); surfaces render the alert in it, else in the campaign author's, else in BOT_LOCALE.
   */
  locale?: Locale;
}

/**
 * A chat surface's outbound side: it edits the campaign's one progress message, posts the completion
 * summary to its admin channel, and relays alerts. Implemented by Telegram, Slack, the terminal and tests.
 */
export interface CampaignNotifier {
  readonly surface: Surface;
  /** Edits this surface's progress message(s) of the campaign. Called only when the rendered view changed. */
  updateProgress(campaign: Campaign, view: ProgressView): Promise<void>;
  postSummary(summary: CampaignSummary): Promise<void>;
  alert(alert: AdminAlert): Promise<void>;
  /**
   * Takes the Resume / Cancel buttons off the alerts this surface posted about the campaign, which is no longer
   * paused (resumed, cancelled or ended). Optional: surfaces whose alerts have no buttons need none.
   */
  settleAlerts?(campaign: Campaign): Promise<void>;
  /**
   * Posts an approval request to this surface's admin channel: the preview, the risk report and Approve / Reject
   * buttons bound to the campaign. Optional: surfaces without an admin channel show none.
   */
  requestApproval?(request: ApprovalRequest): Promise<void>;
  /** Tells the author's chat how the approval ended (approved, rejected with the reason, or expired). */
  approvalDecided?(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void>;
  /** Posts a schedule's approval request (issue 15) with Approve / Reject bound to its id and content version. */
  requestScheduleApproval?(request: ScheduleApprovalRequest): Promise<void>;
  /** Takes the buttons off a schedule's request and tells its author how it ended. */
  scheduleApprovalDecided?(request: ScheduleApprovalRequest): Promise<void>;
  /**
   * Posts a customer's WhatsApp answer to the admin channel in the campaign's thread and remembers the posted message
   * as a reply thread (src/campaigns/replies.ts). Optional: only chat surfaces forward.
   */
  forwardReply?(reply: CustomerReply): Promise<void>;
  /** Confirms (✓) in the chat that an admin's answer went out to the customer. */
  confirmAnswer?(answer: AnswerConfirmation): Promise<void>;
}

/** A customer's answer to a campaign, as forwarded to the admins. */
export interface CustomerReply {
  campaign: Campaign;
  /** E.164. */
  phone: string;
  name: string | null;
  text: string;
  media: InboundMediaKind | null;
  at: Date;
}

/** Where an admin's answer was written and to whom it went. */
export interface AnswerConfirmation {
  surface: Surface;
  chatId: string;
  messageId: string;
  phone: string;
  name: string | null;
  locale: Locale;
}


// ---------------------------------------------------------------- observation (metrics)

/** What the engine reports as it works; the metrics module implements it (a no-op one by default). */
export interface EngineObserver {
  messageSent(campaignId: string): void;
  messageFailed(campaignId: string, kind: string, code: string): void;
  campaignFinished(campaignId: string, status: CampaignStatus, durationMs: number): void;
  progressEditFailed(surface: Surface, code: string): void;
  /** A customer answered a campaign (every forwarded message). Optional: older observers ignore replies. */
  replyReceived?(campaignId: string): void;
  /** An admin's answer went out to a customer. */
  answerSent?(campaignId: string): void;
}

export const noopObserver: EngineObserver = {
  messageSent: () => undefined,
  messageFailed: () => undefined,
  campaignFinished: () => undefined,
  progressEditFailed: () => undefined,
};
