/**
 * Two-person approval on Telegram: the request in the admin chat with Approve / Reject buttons bound to the
 * campaign id (`apr:ok:<id>`, `apr:no:<id>`), the reason for a rejection asked with a ForceReply prompt bound to
 * the campaign, and the outcome: the request loses its buttons and says who decided, the author's chat is told.
 * Every decision goes through the approve / reject use cases; a second press answers with the first result.
 */
import { Composer, GrammyError, InlineKeyboard, type Api, type Context } from 'grammy';
import type { App } from '../../app-types.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from '../../campaigns/approval.js';
import { approvalNotice, approvalOutcomeLine, approvalRequestLines } from '../../campaigns/approval-text.js';
import { StateError } from '../../campaigns/errors.js';
import type { Campaign, Locale } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';
import '../../i18n/approval.js';
import { actorOf, clip, describeError, localeOf } from './context.js';
import type { TelegramDeps } from './deps.js';

/** Where each request was posted (campaign id → chat, message, locale), to settle it once decided. */
const REQUESTS = 'telegram.approval.requests';
/** Reason prompts (chat:message → campaign id): a reply to one rejects that campaign. */
const PROMPTS = 'telegram.approval.prompts';
const KEEP_MS = 30 * 24 * 3600_000;

interface PostedRequest {
  chatId: string;
  messageId: string;
  locale: Locale;
  text: string;
}

/** The notifier's approval side: posts requests and tells the outcome. */
export class TelegramApprovalNotices {
  constructor(
    private readonly app: App,
    private readonly api: Api,
  ) {}

  async request(request: ApprovalRequest, target: string | null): Promise<void> {
    if (target === null) {
      this.app.logger.warn({ platform: 'telegram', campaignId: request.campaign.id }, 'no Telegram chat for an approval request: set TELEGRAM_ADMIN_CHAT_ID');
      return;
    }
    const locale = this.app.config.BOT_LOCALE;
    const id = request.campaign.id;
    const text = approvalRequestLines(locale, request, (x) => clip(x, 2000)).join('\n');
    const keyboard = new InlineKeyboard()
      .text(t(locale, 'approval.button.approve'), `apr:ok:${id}`)
      .text(t(locale, 'approval.button.reject'), `apr:no:${id}`);
    const sent = await this.api.sendMessage(target, text, { reply_markup: keyboard });
    const posted: PostedRequest = { chatId: String(target), messageId: String(sent.message_id), locale, text };
    await this.app.store.kv.set(REQUESTS, id, JSON.stringify(posted), KEEP_MS);
  }

  async decided(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void> {
    const raw = await this.app.store.kv.get(REQUESTS, campaign.id);
    if (raw) {
      const posted = JSON.parse(raw) as PostedRequest;
      const line = approvalOutcomeLine(posted.locale, decision, by, reason);
      // Without reply_markup the request loses its buttons: nothing on it can be pressed again.
      await this.api.editMessageText(posted.chatId, Number(posted.messageId), `${posted.text}\n\n${line}`).catch((error: unknown) => {
        if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
        this.app.logger.warn({ platform: 'telegram', err: error, campaignId: campaign.id }, 'could not settle an approval request');
      });
    }
    const locale = campaign.origin.locale ?? this.app.config.BOT_LOCALE;
    const text = approvalNotice(locale, campaign, decision, by, reason, this.app.config.APPROVAL_TTL_HOURS);
    const progress = campaign.progressMessages.find((m) => m.surface === 'telegram');
    const chatId = progress?.chatId ?? (campaign.origin.surface === 'telegram' ? campaign.origin.chatId : undefined);
    if (!chatId) return;
    await this.api.sendMessage(chatId, text, progress ? { reply_parameters: { message_id: Number(progress.messageId), allow_sending_without_reply: true } } : {});
  }
}

/** The buttons and the reason prompt. */
export function approvalHandlers(deps: TelegramDeps): Composer<Context> {
  const { app } = deps;
  const composer = new Composer<Context>();
  const localeFor = (ctx: Context) => localeOf(ctx, app.config.BOT_LOCALE);

  composer.callbackQuery(/^apr:ok:([\w-]{1,40})$/, async (ctx) => {
    const locale = localeFor(ctx);
    const id = ctx.match[1] ?? '';
    const pressed = ctx.callbackQuery.message;
    const key = pressed ? `telegram:${pressed.chat.id}:${pressed.message_id}:approve:${id}` : undefined;
    try {
      await app.campaigns.approve(id, actorOf(ctx, locale), key ? { key } : {});
      await ctx.answerCallbackQuery({ text: t(locale, 'approval.done.approved') });
    } catch (error) {
      // The author's own press, or a campaign no longer waiting: said in a dialog, nothing changes.
      await ctx.answerCallbackQuery({ text: describeError(app, locale, error, { campaignId: id }), show_alert: true });
    }
  });

  composer.callbackQuery(/^apr:no:([\w-]{1,40})$/, async (ctx) => {
    const locale = localeFor(ctx);
    const id = ctx.match[1] ?? '';
    try {
      const campaign = await app.campaigns.get(id);
      if (campaign.status !== 'awaiting_approval') throw new StateError(campaign.id, campaign.status, 'reject');
      await ctx.answerCallbackQuery();
      const prompt = await ctx.reply(t(locale, 'approval.reasonPrompt', { title: campaign.title, id: campaign.id }), {
        reply_markup: { force_reply: true, selective: true },
      });
      await app.store.kv.set(PROMPTS, `${prompt.chat.id}:${prompt.message_id}`, campaign.id, KEEP_MS);
    } catch (error) {
      await ctx.answerCallbackQuery({ text: describeError(app, locale, error, { campaignId: id }), show_alert: true });
    }
  });

  composer.on('message:text', async (ctx, next) => {
    const replied = ctx.message.reply_to_message;
    if (!replied) return next();
    const key = `${ctx.chat.id}:${replied.message_id}`;
    const id = await app.store.kv.get(PROMPTS, key);
    if (!id) return next();
    const locale = localeFor(ctx);
    try {
      await app.campaigns.reject(id, actorOf(ctx, locale), ctx.message.text, { key: `telegram:reject:${key}` });
      await ctx.reply(t(locale, 'approval.done.rejected'));
    } catch (error) {
      await ctx.reply(describeError(app, locale, error, { campaignId: id }));
    }
  });

  return composer;
}
