/**
 * The WhatsApp Cloud API driver: `CloudSender implements WhatsAppSender`. Campaign messages go out as approved
 * templates (POST /{phone-number-id}/messages), replies as free text; statuses and customer messages come back
 * through the webhook (webhook.ts), which hands them to `acceptEvents` so they take the same listener path as
 * Baileys' receipts. Pacing per second is the engine's pacer (CLOUD_SEND_PER_SECOND); a 130429 (throughput)
 * makes this sender slow down and try the same message again, so nothing is lost.
 */
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  SendError,
  type DeliveryReceipt,
  type InboundMessage,
  type OutboundMessage,
  type SenderEvents,
  type SenderState,
  type WhatsAppSender,
} from '../../campaigns/ports.js';
import type { Logger } from '../../logging/logger.js';
import { GraphClient } from './client.js';
import { OPT_OUT_CODES, TEMPLATE_CODES, toSendError } from './errors.js';
import { readPhoneInfo, UNKNOWN_TIER_CAP, type CloudPhoneInfo } from './limits.js';
import { MediaUploads } from './media.js';
import { listApprovedTemplates, templatePayload, type ApprovedTemplate } from './templates.js';

export interface CloudSenderOptions {
  phoneNumberId: string;
  wabaId: string;
  token: string;
  /** Signs the webhooks (checked by webhook.ts; kept here so one object carries an account's credentials). */
  appSecret: string;
  /** GRAPH_API_URL, e.g. https://graph.facebook.com/v25.0 */
  graphApiUrl: string;
  /** CLOUD_SEND_PER_SECOND (the engine's pacer enforces it; kept for estimates). */
  perSecond: number;
  logger: Logger;
  /** Opts a customer out (131050: they stopped marketing messages). */
  onOptOut?: (phone: string) => Promise<void>;
  /** First wait after a 130429 (doubles on each repeat). Default 1000 ms. */
  throttleBackoffMs?: number;
  /** 130429s in a row on one message before it goes back to the engine as a transient failure. Default 6. */
  maxThrottleRetries?: number;
  /** Template errors of one kind in a row, with no success yet, after which the campaign pauses. Default 3. */
  templatePauseAfter?: number;
  fetch?: typeof fetch;
  /** How old the phone information may be before `freshPhoneInfo` reads it again. Default PHONE_INFO_MAX_AGE_MS. */
  phoneInfoMaxAgeMs?: number;
  /** The clock that ages the phone information (tests move it). */
  clock?: () => Date;
}

/** Meta raises (or lowers) a number's tier over time: the worker reads it again when older than an hour. */
export const PHONE_INFO_MAX_AGE_MS = 3_600_000;

/** What a webhook delivery carries for one phone number (parsed by webhook.ts). */
export interface CloudEvents {
  receipts: DeliveryReceipt[];
  inbound: (InboundMessage & { id: string })[];
}

const RECENT_INBOUND = 2_000;

export class CloudSender implements WhatsAppSender {
  readonly driver = 'cloud' as const;
  readonly phoneNumberId: string;
  readonly wabaId: string;
  private readonly events = new EventEmitter();
  private readonly client: GraphClient;
  private readonly media: MediaUploads;
  private current: SenderState;
  private info: CloudPhoneInfo | null = null;
  /** When `info` was read (ms, by the options' clock); 0 = never. */
  private infoReadAt = 0;
  /** No send starts before this time (set by 130429s): the whole number slows down, not one lane. */
  private throttleUntil = 0;
  private throttles = 0;
  /** Per campaign: sent at least once, or the template error repeating since the start. */
  private readonly templateTrouble = new Map<string, { ok: boolean; code: string | null; count: number }>();
  /** Inbound message ids seen lately: Meta retries deliveries, a customer's message counts once. */
  private readonly seenInbound = new Set<string>();

  constructor(private readonly options: CloudSenderOptions) {
    this.phoneNumberId = options.phoneNumberId;
    this.wabaId = options.wabaId;
    this.client = new GraphClient({ baseUrl: options.graphApiUrl, token: options.token, ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.media = new MediaUploads(this.client, options.phoneNumberId);
    this.current = { status: 'connected', account: null, since: new Date(), reason: null };
  }

  /**
   * Reads the number's name, tier and quality; a failure is logged and the sender still works, capped at
   * UNKNOWN_TIER_CAP until a later read (`freshPhoneInfo`) succeeds.
   */
  async ready(): Promise<void> {
    await this.freshPhoneInfo();
  }

  /** The number's messaging limit tier and quality rating, read now from Meta. */
  async phoneInfo(): Promise<CloudPhoneInfo> {
    this.info = await readPhoneInfo(this.client, this.phoneNumberId);
    this.infoReadAt = this.now();
    if (this.info.displayPhoneNumber && this.current.account === null) {
      this.current = { ...this.current, account: e164(this.info.displayPhoneNumber) };
    }
    return this.info;
  }

  /**
   * The phone information, read again when missing or older than `phoneInfoMaxAgeMs` (a lane job asks before it
   * sends). A failed read keeps the last one known (null if none yet: the tier is then UNKNOWN_TIER_CAP) and is
   * logged; it never throws.
   */
  async freshPhoneInfo(): Promise<CloudPhoneInfo | null> {
    const maxAge = this.options.phoneInfoMaxAgeMs ?? PHONE_INFO_MAX_AGE_MS;
    if (this.info && this.now() - this.infoReadAt < maxAge) return this.info;
    try {
      return await this.phoneInfo();
    } catch (error) {
      this.options.logger.warn(
        { err: error, tier: this.info?.tier ?? null },
        this.info
          ? 'could not read the Cloud API tier again: keeping the last one'
          : `could not read the Cloud API tier: capped at ${UNKNOWN_TIER_CAP} unique customers per 24 hours until Meta answers`,
      );
      return this.info;
    }
  }

  private now(): number {
    return this.options.clock?.().getTime() ?? Date.now();
  }

  /** The last phone information read (null before the first read). */
  lastPhoneInfo(): CloudPhoneInfo | null {
    return this.info;
  }

  /** The account's approved templates (for the wizard and `campaigns create --template`). */
  templates(): Promise<ApprovedTemplate[]> {
    return listApprovedTemplates(this.client, this.wabaId);
  }

  /** How many times Meta answered 130429 (throughput) since start. */
  get throttled(): number {
    return this.throttles;
  }

  /** Distinct media uploads made (one per campaign file). */
  get uploads(): number {
    return this.media.count;
  }

  state(): SenderState {
    return this.current;
  }

  on<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof SenderEvents>(event: E, listener: SenderEvents[E]): void {
    this.events.off(event, listener);
  }

  /** The Cloud API has no number check: an unreachable number fails its send with 131026 instead. */
  async checkNumbers(phones: string[]): Promise<Map<string, boolean>> {
    return new Map(phones.map((p) => [p, true]));
  }

  async send(message: OutboundMessage): Promise<{ messageId: string }> {
    const body = await this.payload(message);
    for (let attempt = 0; ; attempt++) {
      const wait = this.throttleUntil - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        const answer = await this.client.post<{ messages?: { id: string }[] }>(`/${this.phoneNumberId}/messages`, body);
        const id = answer.messages?.[0]?.id;
        if (!id) throw new SendError('transient', 'cloud_no_message_id', 'the Cloud API answered without a message id');
        this.templateTrouble.set(message.campaignId, { ok: true, code: null, count: 0 });
        return { messageId: id };
      } catch (error) {
        const failure = toSendError(error);
        if (failure.code === 'cloud_throughput' && attempt < (this.options.maxThrottleRetries ?? 6)) {
          this.slowDown(attempt);
          continue;
        }
        throw await this.afterFailure(message, failure);
      }
    }
  }

  async reply(to: string, text: string): Promise<void> {
    await this.client.post(`/${this.phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: digits(to),
      type: 'text',
      text: { body: text, preview_url: false },
    });
  }

  /** Emits what a verified webhook delivery carried for this number, as the `receipt` and `inbound` events. */
  acceptEvents(events: CloudEvents): void {
    for (const receipt of events.receipts) this.events.emit('receipt', receipt);
    for (const { id, ...message } of events.inbound) {
      if (this.seenInbound.has(id)) continue;
      this.seenInbound.add(id);
      if (this.seenInbound.size > RECENT_INBOUND) this.seenInbound.delete(this.seenInbound.values().next().value as string);
      this.events.emit('inbound', message);
    }
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }

  private async payload(message: OutboundMessage): Promise<Record<string, unknown>> {
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: digits(message.to) };
    const media = message.media;
    const mediaId = media ? await this.media.mediaId(message.campaignId, media).catch((error: unknown) => {
      throw toSendError(error);
    }) : null;
    if (message.template) {
      const header = media && mediaId ? { kind: media.kind, mediaId, fileName: media.fileName } : null;
      return { ...base, type: 'template', template: templatePayload(message.template, header) };
    }
    if (media && mediaId) {
      const object = media.kind === 'document' ? { id: mediaId, filename: media.fileName, caption: message.text } : { id: mediaId, caption: message.text };
      return { ...base, type: media.kind, [media.kind]: object };
    }
    return { ...base, type: 'text', text: { body: message.text, preview_url: false } };
  }

  private slowDown(attempt: number): void {
    this.throttles++;
    const backoff = (this.options.throttleBackoffMs ?? 1000) * 2 ** attempt;
    this.throttleUntil = Math.max(this.throttleUntil, Date.now() + backoff);
    this.options.logger.warn({ backoffMs: backoff }, 'Cloud API throughput limit (130429): slowing down');
  }

  /** Opts out customers who stopped marketing messages, and turns repeated template errors into a pause. */
  private async afterFailure(message: OutboundMessage, failure: SendError): Promise<SendError> {
    if (OPT_OUT_CODES.has(failure.code) && this.options.onOptOut) {
      await this.options.onOptOut(message.to).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not opt the customer out'));
    }
    if (!TEMPLATE_CODES.has(failure.code)) return failure;
    const trouble = this.templateTrouble.get(message.campaignId) ?? { ok: false, code: null, count: 0 };
    if (trouble.ok) return failure;
    trouble.count = trouble.code === failure.code ? trouble.count + 1 : 1;
    trouble.code = failure.code;
    this.templateTrouble.set(message.campaignId, trouble);
    // Every send so far failed the same way: the template itself is wrong, so the campaign pauses with it.
    if (trouble.count >= (this.options.templatePauseAfter ?? 3)) return new SendError('restricted', failure.code, failure.message, failure.code);
    return failure;
  }
}

/** Creates the Cloud API sender and reads its number's limits (see CloudSenderOptions). */
export async function createCloudSender(options: CloudSenderOptions): Promise<CloudSender> {
  const sender = new CloudSender(options);
  await sender.ready();
  return sender;
}

/** The sender as a CloudSender, or null for other drivers. */
export function cloudSenderOf(sender: WhatsAppSender): CloudSender | null {
  return sender instanceof CloudSender ? sender : null;
}

function digits(phone: string): string {
  return phone.replace(/\D/g, '');
}

function e164(display: string): string {
  const only = digits(display);
  return only ? `+${only}` : display;
}
