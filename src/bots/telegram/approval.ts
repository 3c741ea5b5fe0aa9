/**
 * Two-person approval on Telegram: the request in the admin chat with Approve / Reject buttons bound to the
 * campaign id (`apr:ok:<id>`, `apr:no:<id>`), the reason for a rejection asked with a ForceReply prompt bound to
 * the campaign, and the outcome: the request loses its buttons and says who decided, the author's chat is told.
 * Every decision goes through the approve / reject use cases; a second press answers with the first result.
 */
import { Composer, type Api, type Context } from 'grammy';
import type { App } from '../../app-types.js';
import type { ApprovalDecision, ApprovalRequest, Decider } from '../../campaigns/approval.js';
import { approvalNotice, approvalOutcomeLine, approvalRequestLines } from '../../campaigns/approval-text.js';
import { StateError } from '../../campaigns/errors.js';
import type { Campaign } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';
import '../../i18n/approval.js';
import { postApprovalRequest, settleApprovalRequest } from './approval-request.js';
import { actorOf, clip, describeError, localeOf } from './context.js';
import type { TelegramDeps } from './deps.js';

/** Where each request was posted (campaign id → chat, message, locale), to settle it once decided. */
const REQUESTS = 'telegram.approval.requests';
/** Reason prompts (chat:message → campaign id): a reply to one rejects that campaign. */
const PROMPTS = 'telegram.approval.prompts';
const KEEP_MS = 30 * 24 * 3600_000;

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
    const id = request.campaign.id;
    await postApprovalRequest(this.app, this.api, String(target), {
      namespace: REQUESTS,
      key: id,
      text: (locale) => approvalRequestLines(locale, request, (x) => clip(x, 2000)).join('\n'),
      approveData: `apr:ok:${id}`,
      rejectData: `apr:no:${id}`,
    });
  }

  async decided(campaign: Campaign, decision: ApprovalDecision, by: Decider | null, reason: string | null): Promise<void> {
    const where = { namespace: REQUESTS, key: campaign.id, log: { campaignId: campaign.id }, what: 'an approval request' };
    await settleApprovalRequest(this.app, this.api, where, (locale) => approvalOutcomeLine(locale, decision, by, reason));
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
