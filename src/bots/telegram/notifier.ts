/**
 * The Telegram side of the CampaignNotifier port: edits each campaign's one progress message, posts the
 * completion summary to the admin chat and relays alerts.
 *
 * Edits follow Telegram's rules: an edit is sent only when the text changed (we keep the last text per
 * message, and still take "message is not modified" as success), groups get at most 20 edits a minute,
 * and a 429 blocks the chat for `retry_after`. A skipped or blocked tick is not lost: the newest content is
 * kept and delivered by a timer as soon as the chat allows, and the final edit waits for its turn.
 */
import type { ScheduleApprovalRequest } from '../../schedules/approval.js';
import { TelegramScheduleApprovalNotices } from './schedule-approval.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, HttpError, InlineKeyboard, type Api } from 'grammy';
import { deliverPatiently, type FailureKind } from '../deliver.js';
import type { App } from '../../app-types.js';
import type { AdminAlert, AnswerConfirmation, CampaignNotifier, CampaignSummary, CustomerReply, ProgressView } from '../../campaigns/ports.js';
import { answerSentText, rememberSummary, rememberThread, renderReplyText, summaryMessage } from '../../campaigns/replies.js';
import { renderSummaryText } from '../../campaigns/progress-view.js';
import type { Campaign, Locale, ProgressMessageRef } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';
import { ChatEditLimiter, DEFAULT_EDIT_LIMITS, type EditLimits } from './edit-limiter.js';
import { campaignData, progressKeyboard, summaryKeyboard } from './keyboards.js';
import { alertActions, renderAlert } from '../../campaigns/alerts.js';
import { AlertMessages } from '../../campaigns/alert-messages.js';
import { progressMessageText } from './progress.js';
import { TelegramApprovalNotices } from './approval.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from '../../campaigns/approval.js';

export interface TelegramNotifierOptions {
  limits?: Partial<EditLimits>;
  /** How many times the final edit is tried before giving up (each 429 waits its retry_after). */
  finalAttempts?: number;
  now?: () => number;
}

interface Content {
  text: string;
  markup: InlineKeyboard | undefined;
}

interface TrackedMessage {
  chatId: string;
  messageId: string;
  last: { text: string; markup: string } | null;
  pending: Content | null;
  timer: NodeJS.Timeout | null;
  chain: Promise<void>;
  /** The message was deleted or cannot be edited any more. */
  dead: boolean;
  finalAt: number | null;
}

const FORGET_FINISHED_AFTER_MS = 10 * 60_000;

export class TelegramNotifier implements CampaignNotifier {
  readonly surface = 'telegram' as const;
  private readonly messages = new Map<string, TrackedMessage>();
  private readonly limiter: ChatEditLimiter;
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private readonly finalAttempts: number;
  private readonly alertMessages: AlertMessages;
  private readonly approvals: TelegramApprovalNotices;
  private readonly scheduleApprovals: TelegramScheduleApprovalNotices;

  /**
   * @param api sends summaries and alerts (auto-retry installed)
   * @param editApi edits progress messages; must not sleep on 429 itself, the notifier decides when to retry
   */
  constructor(
    private readonly app: App,
    private readonly api: Api,
    private readonly editApi: Api,
    options: TelegramNotifierOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.limiter = new ChatEditLimiter({ ...DEFAULT_EDIT_LIMITS, ...options.limits }, this.now);
    this.finalAttempts = options.finalAttempts ?? 8;
    this.alertMessages = new AlertMessages(app.store.kv, 'telegram');
    this.approvals = new TelegramApprovalNotices(app, api);
    this.scheduleApprovals = new TelegramScheduleApprovalNotices(app, api);
  }

  /** Notes the text a progress message was posted with, so an unchanged first tick is not sent. */
  remember(chatId: string, messageId: string, text: string, markup: InlineKeyboard | undefined): void {
    const message = this.track({ surface: 'telegram', chatId, messageId });
    message.last = { text, markup: markupKey(markup) };
  }

  async updateProgress(campaign: Campaign, view: ProgressView): Promise<void> {
    const locale = this.localeFor(campaign);
    const content: Content = {
      text: progressMessageText(view, locale),
      markup: progressKeyboard(view, locale),
    };
    const refs = campaign.progressMessages.filter((m) => m.surface === 'telegram');
    await Promise.all(refs.map((ref) => this.submit(this.track(ref), content, view.final)));
  }

  async postSummary(summary: CampaignSummary): Promise<void> {
    const target = this.targetChat(summary.campaign);
    if (target === null) {
      this.app.logger.warn(
        { platform: 'telegram', campaignId: summary.campaign.id },
        'no Telegram chat for the summary: set TELEGRAM_ADMIN_CHAT_ID to receive summaries of campaigns started elsewhere',
      );
      return;
    }
    const locale = this.summaryLocale(summary.campaign);
    const text = renderSummaryText(summary, locale);
    const posted: { messageId?: number } = {};
    const send = async () => {
      posted.messageId = (await this.api.sendMessage(target, text, { reply_markup: summaryKeyboard(summary.campaign, locale) })).message_id;
    };
    await deliverPatiently(send, telegramFailure, this.app.logger, { platform: 'telegram', campaignId: summary.campaign.id, what: 'summary' });
    // Customers' replies are threaded under the summary (src/campaigns/replies.ts).
    if (posted.messageId !== undefined) {
      await rememberSummary(this.app.store.kv, 'telegram', summary.campaign.id, { chatId: String(target), messageId: String(posted.messageId) });
    }
  }

  /**
   * Posts a customer's reply as a reply to the campaign's summary (or, before the summary, to its progress message in
   * the admin chat; else on its own, naming the campaign) and remembers it, so an admin's reply to it answers them.
   */
  async forwardReply(reply: CustomerReply): Promise<void> {
    const { campaign } = reply;
    const summary = await summaryMessage(this.app.store.kv, 'telegram', campaign.id);
    const target = summary?.chatId ?? this.targetChat(campaign);
    if (target === null) return;
    const parent =
      summary?.messageId ?? campaign.progressMessages.find((m) => m.surface === 'telegram' && m.chatId === target)?.messageId ?? null;
    const locale = this.summaryLocale(campaign);
    const text = `${renderReplyText(reply, locale)}\n\n${t(locale, 'reply.forward.howToAnswer')}`;
    const sent = await this.api.sendMessage(
      target,
      text,
      parent ? { reply_parameters: { message_id: Number(parent), allow_sending_without_reply: true } } : {},
    );
    await rememberThread(this.app.store.kv, 'telegram', { chatId: target, messageId: String(sent.message_id) }, campaign.id, reply.phone);
  }

  /** A short ✓ reply to the admin's answer once it went out on WhatsApp. */
  async confirmAnswer(answer: AnswerConfirmation): Promise<void> {
    await this.api.sendMessage(answer.chatId, answerSentText(answer.locale, answer.phone, answer.name), {
      reply_parameters: { message_id: Number(answer.messageId), allow_sending_without_reply: true },
    });
  }

  async alert(alert: AdminAlert): Promise<void> {
    const campaign = alert.campaignId ? await this.app.campaigns.get(alert.campaignId).catch(() => null) : null;
    const target = campaign ? this.targetChat(campaign) : this.adminChat();
    if (target === null) return;
    // A schedule's alert speaks its author's language (its params, such as the time, are already in it).
    const locale = alert.locale ?? (campaign ? this.summaryLocale(campaign) : this.app.config.BOT_LOCALE);
    // Buttons follow allowedActions: Resume / Cancel while the campaign is paused, none once it ended.
    const actions = alertActions(alert, campaign);
    const keyboard = new InlineKeyboard();
    if (campaign) for (const a of actions) keyboard.text(t(locale, `tg.button.${a}`), campaignData(a, campaign.id));
    const sent = await this.api.sendMessage(
      target,
      alertText(locale, alert, campaign),
      actions.length > 0 ? { reply_markup: keyboard } : {},
    );
    // Remembered so the buttons can go once the campaign is resumed, cancelled or ended.
    if (campaign && actions.length > 0) {
      await this.alertMessages.add(campaign.id, { chatId: String(target), messageId: String(sent.message_id), alert });
    }
  }

  async requestApproval(request: ApprovalRequest): Promise<void> {
    await this.approvals.request(request, this.targetChat(request.campaign));
  }

  async approvalDecided(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void> {
    await this.approvals.decided(campaign, decision, by, reason);
  }

  async requestScheduleApproval(request: ScheduleApprovalRequest): Promise<void> {
    await this.scheduleApprovals.request(request);
  }

  async scheduleApprovalDecided(request: ScheduleApprovalRequest): Promise<void> {
    await this.scheduleApprovals.decided(request);
  }

  /** Takes the Resume / Cancel keyboard off the alerts posted about `campaign` (it is no longer paused). */
  async settleAlerts(campaign: Campaign): Promise<void> {
    for (const ref of await this.alertMessages.take(campaign.id)) {
      try {
        // Without reply_markup the message keeps its text and loses its keyboard.
        await this.api.editMessageReplyMarkup(ref.chatId, Number(ref.messageId));
      } catch (error) {
        if (error instanceof GrammyError && /message is not modified/i.test(error.description)) continue;
        // A deleted alert or a chat we left: nothing left to press, so only worth a log line.
        this.app.logger.warn(
          { platform: 'telegram', chatId: ref.chatId, messageId: ref.messageId, err: error instanceof GrammyError ? error.description : error },
          'could not take the buttons off an alert',
        );
      }
    }
  }

  /** Stops pending timers and waits; later calls do nothing. */
  async close(): Promise<void> {
    this.abort.abort();
    for (const message of this.messages.values()) if (message.timer) clearTimeout(message.timer);
    await Promise.all([...this.messages.values()].map((m) => m.chain));
  }

  // ------------------------------------------------------------------ edits

  private submit(message: TrackedMessage, content: Content, final: boolean): Promise<void> {
    message.pending = content;
    if (final) message.finalAt = this.now();
    message.chain = message.chain
      .then(() => this.flush(message, final))
      .catch((error: unknown) => this.failed(message, error));
    return message.chain;
  }

  /** Sends the newest pending content if the chat allows it now (or, for the final edit, as soon as it does). */
  private async flush(message: TrackedMessage, final: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const content = message.pending;
      if (!content || message.dead || this.abort.signal.aborted) return;
      if (message.last && message.last.text === content.text && message.last.markup === markupKey(content.markup)) {
        message.pending = null;
        return;
      }
      const wait = this.limiter.nextAllowedAt(message.chatId) - this.now();
      if (wait > 0) {
        if (!final) return this.later(message, wait);
        if (!(await this.pause(wait))) return;
        continue;
      }
      this.limiter.record(message.chatId);
      const outcome = await this.edit(message, content);
      if (outcome === 'done') return;
      if (outcome === 'retry' && final && attempt < this.finalAttempts) {
        if (!(await this.pause(Math.min(30_000, 500 * 2 ** attempt)))) return;
        continue;
      }
      if (outcome === 'blocked' && (!final || attempt < this.finalAttempts)) continue;
      if (outcome !== 'gone') this.later(message, 2000);
      return;
    }
  }

  private async edit(message: TrackedMessage, content: Content): Promise<'done' | 'blocked' | 'retry' | 'gone'> {
    try {
      await this.editApi.editMessageText(message.chatId, Number(message.messageId), content.text, {
        ...(content.markup ? { reply_markup: content.markup } : {}),
      });
      this.delivered(message, content);
      return 'done';
    } catch (error) {
      const code = error instanceof GrammyError ? String(error.error_code) : 'network';
      if (error instanceof GrammyError && /message is not modified/i.test(error.description)) {
        this.delivered(message, content);
        return 'done';
      }
      this.app.observer.progressEditFailed('telegram', code);
      if (error instanceof GrammyError && error.error_code === 429) {
        this.limiter.backOff(message.chatId, (error.parameters.retry_after ?? 5) * 1000);
        return 'blocked';
      }
      const log = { platform: 'telegram', chatId: message.chatId, messageId: message.messageId, code };
      if (
        error instanceof GrammyError &&
        (error.error_code === 403 || /not found|can't be edited/i.test(error.description))
      ) {
        message.dead = true;
        this.app.logger.warn(
          { ...log, reason: error.description },
          'progress message cannot be edited any more; dropping it',
        );
        return 'gone';
      }
      this.app.logger.warn({ ...log, err: error instanceof HttpError ? error.message : error }, 'progress edit failed');
      return 'retry';
    }
  }

  private delivered(message: TrackedMessage, content: Content): void {
    message.last = { text: content.text, markup: markupKey(content.markup) };
    if (message.pending === content) message.pending = null;
    if (message.timer && !message.pending) {
      clearTimeout(message.timer);
      message.timer = null;
    }
  }

  /** Delivers the newest content once the chat allows it, even if no further tick comes. */
  private later(message: TrackedMessage, delayMs: number): void {
    if (message.timer || this.abort.signal.aborted) return;
    message.timer = setTimeout(() => {
      message.timer = null;
      message.chain = message.chain
        .then(() => this.flush(message, false))
        .catch((error: unknown) => this.failed(message, error));
    }, delayMs);
    message.timer.unref();
  }

  private failed(message: TrackedMessage, error: unknown): void {
    this.app.logger.error({ err: error, platform: 'telegram', chatId: message.chatId }, 'progress edit crashed');
  }

  /** Sleeps unless the notifier is closing; false when it is. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.abort.signal });
      return true;
    } catch {
      return false;
    }
  }

  private track(ref: ProgressMessageRef): TrackedMessage {
    const key = `${ref.chatId}:${ref.messageId}`;
    let message = this.messages.get(key);
    if (!message) {
      this.forgetFinished();
      message = {
        chatId: ref.chatId,
        messageId: ref.messageId,
        last: null,
        pending: null,
        timer: null,
        chain: Promise.resolve(),
        dead: false,
        finalAt: null,
      };
      this.messages.set(key, message);
    }
    return message;
  }

  private forgetFinished(): void {
    const before = this.now() - FORGET_FINISHED_AFTER_MS;
    for (const [key, message] of this.messages) {
      if (message.finalAt !== null && message.finalAt < before && !message.pending) this.messages.delete(key);
    }
  }

  // ------------------------------------------------------------------ where and in which language

  private adminChat(): string | null {
    const id = this.app.config.TELEGRAM_ADMIN_CHAT_ID;
    return id === undefined ? null : String(id);
  }

  /** The admin chat, or the chat the campaign was started from when no admin chat is configured. */
  private targetChat(campaign: Campaign): string | null {
    const admin = this.adminChat();
    if (admin !== null) return admin;
    return campaign.origin.surface === 'telegram' && campaign.origin.chatId ? campaign.origin.chatId : null;
  }

  /** The summary is written in its author's language, in their own chat and in the admin chat alike. */
  private summaryLocale(campaign: Campaign): Locale {
    return this.localeFor(campaign);
  }

  private localeFor(campaign: Campaign): Locale {
    return campaign.origin.locale ?? this.app.config.BOT_LOCALE;
  }
}

function markupKey(markup: InlineKeyboard | undefined): string {
  return markup ? JSON.stringify(markup.inline_keyboard) : '';
}

/** The words of an alert for Telegram: the shared renderer with Telegram's command syntax. */
export function alertText(locale: Locale, alert: AdminAlert, campaign: Campaign | null): string {
  return renderAlert(alert, campaign, locale, 'telegram');
}

/** A network error, a 5xx or a 429 passes; any other Bot API error (chat not found, blocked) will repeat. */
function telegramFailure(error: unknown): FailureKind {
  if (error instanceof HttpError) return { kind: 'transient' };
  if (error instanceof GrammyError && (error.error_code >= 500 || error.error_code === 429)) {
    const retryAfter = error.parameters.retry_after;
    return retryAfter === undefined ? { kind: 'transient' } : { kind: 'transient', waitMs: retryAfter * 1000 };
  }
  return { kind: 'permanent' };
}
