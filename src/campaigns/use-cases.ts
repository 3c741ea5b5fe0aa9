/**
 * The use cases every surface calls (Telegram, Slack, the CLI, schedules). Surfaces translate their
 * platform's input into these calls and never decide anything about a campaign themselves.
 */
import type { Actor, Audience, Campaign, CampaignRecipient, Customer, MediaRef, RecipientStatus, WhatsAppTemplateSpec } from './types.js';
import type { CampaignNotifier, ProgressView, UpsertOutcome } from './ports.js';
import type { ContactFileFormat } from './customers/contact-file.js';
import type { TextEncodingName } from './customers/decode.js';
import type { RiskReport } from './risk-report.js';
import type { ApprovalRecord } from './approval.js';

/** What a surface gathers before sending: the wizard's result. */
export interface CampaignDraft {
  title: string;
  template: string;
  media?: MediaRef | null;
  /**
   * An approved WhatsApp template to send instead of free text (Cloud API accounts). `template` is then the
   * template's body with its parameters' templates in place (see whatsapp/cloud/templates.ts campaignText).
   */
  whatsappTemplate?: WhatsAppTemplateSpec | null;
  audience: Audience;
  /** Set by schedules: (schedule id, firing time) makes creation idempotent. */
  idempotencyKey?: string;
  scheduleId?: string;
  /** How many pasted numbers the surface rejected as invalid (shown in the preview). */
  invalidInputs?: number;
  /** The sender account (WhatsApp number) to send from; `default` when absent. Never rotated within a campaign. */
  account?: string;
}

export interface CampaignPreview {
  /** The message rendered for the first recipient ('' when there is none). */
  sample: string;
  firstRecipient: string | null;
  /** Recipients after removing opted-out, duplicate and invalid numbers. */
  total: number;
  removed: { optedOut: number; duplicate: number; invalid: number };
  /** Template variables no recipient can fill (each is a ValidationError at create time). */
  missingVariables: string[];
  /** Variables without a fallback that are empty for some recipients (the preview warns, with a suggested fallback). */
  emptyVariables?: { name: string; count: number }[];
  estimatedDurationMs: number;
  /** Messages per minute used for the estimate (0 = unpaced). */
  ratePerMinute: number;
  dailyCap: number;
  /** Messages already sent today by this sender account. */
  sentToday: number;
  overDailyCap: boolean;
  /**
   * True when the cap is a Cloud number's messaging limit: unique customers over a moving 24 hours, freeing up as the
   * window moves (not at midnight); `sentToday` then counts the customers of the last 24 hours.
   */
  dailyCapRolling?: boolean;
  /** WhatsApp's new-chat quota of the linked account, when the driver can ask (null with dry-run). */
  newChatQuota: {
    total: number | null;
    used: number | null;
    remaining: number | null;
    cappingStatus: string | null;
    cycleEndsAt: Date | null;
  } | null;
  /** True when the quota is known and smaller than the recipient count (or capped). */
  overNewChatQuota: boolean;
  /** The pre-send risk report (src/campaigns/risk-report.ts). */
  risk: RiskReport;
}

/** A campaign a call created, or found already created by an earlier identical call. */
export interface Launched {
  campaign: Campaign;
  created: boolean;
}

/** What makes a pressed action idempotent: a key derived from the message/view and the action. */
export interface ActionOptions {
  key?: string;
}

export interface CampaignDetails {
  campaign: Campaign;
  view: ProgressView;
  /** Up to `limit` failed / unknown / skipped recipients with reasons. */
  failures: CampaignRecipient[];
}

export interface CampaignUseCases {
  /** Renders the preview of a draft without storing anything. Throws ValidationError for bad templates. */
  preview(draft: CampaignDraft): Promise<CampaignPreview>;
  /**
   * Stores the campaign and its recipients (in batches) and queues it; returns at once.
   * Throws ValidationError (empty message, unknown variable, no recipients).
   */
  create(draft: CampaignDraft, actor: Actor): Promise<Campaign>;
  /**
   * Pause / resume / cancel. With `options.key` (a pressed button) a second press finding the campaign
   * already in the state the action leads to returns it instead of refusing; a typed command still refuses.
   */
  pause(id: string, actor: Actor, options?: ActionOptions): Promise<Campaign>;
  resume(id: string, actor: Actor, options?: ActionOptions): Promise<Campaign>;
  cancel(id: string, actor: Actor, options?: ActionOptions): Promise<Campaign>;
  /**
   * Approves a campaign awaiting approval (issue 15): it is queued. Refused for its author (SelfApprovalError)
   * and in any other status; with `options.key` a repeated press returns the first press's result.
   */
  approve(id: string, actor: Actor, options?: ActionOptions): Promise<Campaign>;
  /** Rejects a campaign awaiting approval with a reason (required): it ends cancelled and its author is told. */
  reject(id: string, actor: Actor, reason: string, options?: ActionOptions): Promise<Campaign>;
  /** The approval request of a campaign (who asked, the risk report, who decided), null when none was needed. */
  approval(id: string): Promise<ApprovalRecord | null>;
  /** Expires requests older than APPROVAL_TTL_HOURS and posts requests no chat showed yet; returns how many expired. */
  sweepApprovals(now?: Date): Promise<number>;
  /** Creates a new campaign that sends again to the failed (and unknown) recipients of `id`. */
  retryFailed(id: string, actor: Actor): Promise<Campaign>;
  /**
   * `create`, telling whether this call made the campaign or found the one its idempotency key already
   * made (a double Send, a modal submitted twice): only the maker posts a progress message.
   */
  launch(draft: CampaignDraft, actor: Actor): Promise<Launched>;
  /**
   * `retryFailed`, idempotent: a campaign has at most one active retry, so a second call while one runs
   * returns that retry (`created: false`); with `key` (derived from the button pressed) a repeated press
   * returns the first press's retry even after it finished.
   */
  retry(id: string, actor: Actor, options?: ActionOptions): Promise<Launched>;
  get(id: string): Promise<Campaign>;
  list(query?: { limit?: number; offset?: number }): Promise<Campaign[]>;
  details(id: string, limit?: number): Promise<CampaignDetails>;
  /** Every recipient's status as CSV text chunks (header first), streamed page by page. */
  exportCsv(id: string): AsyncIterable<string>;
  /** Renders the progress view of a campaign now (for `/campaign ID` and the first progress message). */
  view(campaign: Campaign): Promise<ProgressView>;
  /** Registers the chat message that shows this campaign's progress (edited by the ticker). */
  attachProgressMessage(id: string, ref: { surface: Actor['surface']; chatId: string; messageId: string }): Promise<void>;
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Every rejected row: the line number (header is line 1; a card's BEGIN:VCARD line), the card number, the reason. */
  errors: { row: number; card?: number; value: string; reason: string }[];
  /** Phones of the accepted rows, in file order, de-duplicated (for "Upload contacts" audiences). */
  phones: string[];
  /** What the file was read as: our CSV, a Google Contacts or Outlook CSV export, or vCard. */
  format: ContactFileFormat;
  /** The text encoding the file was read in (the summary names it when it is not UTF-8). */
  encoding: TextEncodingName;
  /** The file turned from UTF-8 into Windows-1252 at this line (a file pieced together from two sources). */
  encodingSwitchLine?: number;
  /** Imported rows holding U+FFFD (characters lost before the file reached us): how many, and their first lines. */
  lostCharacters: { count: number; lines: number[] };
}

export interface CustomerUseCases {
  /**
   * Streams a contacts file (path or stream) into the store: our CSV, a Google Contacts or Outlook export, or
   * vCard, in UTF-8, UTF-16 or Windows-1252; see README "Getting your customers in".
   */
  importCsv(input: string | NodeJS.ReadableStream, actor: Actor): Promise<ImportReport>;
  list(query?: { tag?: string; limit?: number; offset?: number }): Promise<Customer[]>;
  count(query?: { tag?: string }): Promise<number>;
  tags(): Promise<{ tag: string; count: number; total: number }[]>;
  /** Opts a customer out (from any surface or an inbound keyword). Accepts any written form of the number. */
  optOut(phone: string, actor: Actor): Promise<Customer>;
}

/** Routes progress, summaries and alerts to the notifier of each surface. */
export interface NotifierRegistry {
  register(notifier: CampaignNotifier): void;
  unregister(notifier: CampaignNotifier): void;
  all(): CampaignNotifier[];
}

export type { RecipientStatus, UpsertOutcome };
