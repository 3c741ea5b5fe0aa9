/**
 * A schedule's two-person approval on Telegram (issue 15): the request in the admin chat with Approve / Reject
 * buttons bound to the schedule id AND its content version (`sap:ok:<id>:<version>`, `sap:no:<id>:<version>`), so
 * the buttons of a request made before an edit never approve the new content; the reason for a rejection is asked
 * with a ForceReply prompt bound to both too. Decisions go through the schedule use cases.
 */
import { Composer, type Api, type Context } from 'grammy';
import type { App } from '../../app-types.js';
import { t } from '../../i18n/index.js';
import '../../i18n/approval.js';
import '../../i18n/schedule-approval.js';
import { shortVersion, type ScheduleApprovalRequest } from '../../schedules/approval.js';
import { scheduleApprovalLines, scheduleApprovalNotice, scheduleOutcomeLine } from '../../schedules/approval-text.js';
import { postApprovalRequest, settleApprovalRequest } from './approval-request.js';
import { actorOf, clip, describeError, localeOf } from './context.js';
import type { TelegramDeps } from './deps.js';

/** Where each request was posted ("<schedule id>:<version>" → chat, message, locale, text). */
const REQUESTS = 'telegram.schedule-approval.requests';
/** Reason prompts (chat:message → "<schedule id>:<version>"). */
const PROMPTS = 'telegram.schedule-approval.prompts';
const KEEP_MS = 30 * 24 * 3600_000;

const requestKey = (request: ScheduleApprovalRequest) => `${request.schedule.id}:${shortVersion(request.record.version)}`;

/** The notifier's side: posts requests to TELEGRAM_ADMIN_CHAT_ID and settles them once decided. */
export class TelegramScheduleApprovalNotices {
  constructor(
    private readonly app: App,
    private readonly api: Api,
  ) {}

  private adminChat(): string | null {
    const id = this.app.config.TELEGRAM_ADMIN_CHAT_ID;
    return id === undefined ? null : String(id);
  }

  async request(request: ScheduleApprovalRequest): Promise<void> {
    const { schedule } = request;
    const target = this.adminChat() ?? (schedule.createdBy.surface === 'telegram' ? (schedule.createdBy.chatId ?? null) : null);
    if (target === null) {
      this.app.logger.warn({ platform: 'telegram', scheduleId: schedule.id }, 'no Telegram chat for a schedule approval request: set TELEGRAM_ADMIN_CHAT_ID');
      return;
    }
    const bound = requestKey(request);
    await postApprovalRequest(this.app, this.api, String(target), {
      namespace: REQUESTS,
      key: bound,
      text: (locale) => scheduleApprovalLines(locale, request, (x) => clip(x, 2000)).join('\n'),
      approveData: `sap:ok:${bound}`,
      rejectData: `sap:no:${bound}`,
    });
  }

  async decided(request: ScheduleApprovalRequest): Promise<void> {
    const where = { namespace: REQUESTS, key: requestKey(request), log: { scheduleId: request.schedule.id }, what: 'a schedule approval request' };
    await settleApprovalRequest(this.app, this.api, where, (locale) => scheduleOutcomeLine(locale, request));
    // The author is told in the chat they saved it from (a Telegram author only).
    const author = request.record.author;
    if (author.surface !== 'telegram') return;
    const by = request.schedule.createdBy;
    const chatId = by.surface === 'telegram' && by.userId === author.userId && by.chatId ? by.chatId : author.userId;
    const locale = by.locale ?? this.app.config.BOT_LOCALE;
    await this.api.sendMessage(chatId, scheduleApprovalNotice(locale, request)).catch((error: unknown) => {
      this.app.logger.warn({ platform: 'telegram', err: error, scheduleId: request.schedule.id }, 'could not tell the author of a schedule approval');
    });
  }
}

/** The buttons and the reason prompt. */
export function scheduleApprovalHandlers(deps: TelegramDeps): Composer<Context> {
  const { app } = deps;
  const composer = new Composer<Context>();
  const localeFor = (ctx: Context) => localeOf(ctx, app.config.BOT_LOCALE);

  composer.callbackQuery(/^sap:ok:([\w-]{1,40}):([0-9a-f]{6,16})$/, async (ctx) => {
    const locale = localeFor(ctx);
    const [id, version] = [ctx.match[1] ?? '', ctx.match[2] ?? ''];
    const pressed = ctx.callbackQuery.message;
    const key = pressed ? `telegram:${pressed.chat.id}:${pressed.message_id}:approve:${id}:${version}` : undefined;
    try {
      await deps.schedules().approve(id, actorOf(ctx, locale), { version, ...(key ? { key } : {}) });
      await ctx.answerCallbackQuery({ text: t(locale, 'approval.done.approved') });
    } catch (error) {
      // Own schedule, already decided, or a button of an earlier version: said in a dialog, nothing changes.
      await ctx.answerCallbackQuery({ text: describeError(app, locale, error, { scheduleId: id }), show_alert: true });
    }
  });

  composer.callbackQuery(/^sap:no:([\w-]{1,40}):([0-9a-f]{6,16})$/, async (ctx) => {
    const locale = localeFor(ctx);
    const [id, version] = [ctx.match[1] ?? '', ctx.match[2] ?? ''];
    try {
      const schedule = await deps.schedules().get(id);
      await ctx.answerCallbackQuery();
      const prompt = await ctx.reply(t(locale, 'schedule.approval.reasonPrompt', { name: schedule.name, id: schedule.id }), {
        reply_markup: { force_reply: true, selective: true },
      });
      await app.store.kv.set(PROMPTS, `${prompt.chat.id}:${prompt.message_id}`, `${schedule.id}:${version}`, KEEP_MS);
    } catch (error) {
      await ctx.answerCallbackQuery({ text: describeError(app, locale, error, { scheduleId: id }), show_alert: true });
    }
  });

  composer.on('message:text', async (ctx, next) => {
    const replied = ctx.message.reply_to_message;
    if (!replied) return next();
    const key = `${ctx.chat.id}:${replied.message_id}`;
    const bound = await app.store.kv.get(PROMPTS, key);
    if (!bound) return next();
    const [id = '', version = ''] = bound.split(':');
    const locale = localeFor(ctx);
    try {
      await deps.schedules().reject(id, actorOf(ctx, locale), ctx.message.text, { version, key: `telegram:reject:${key}` });
      await ctx.reply(t(locale, 'approval.done.rejected'));
    } catch (error) {
      await ctx.reply(describeError(app, locale, error, { scheduleId: id }));
    }
  });

  return composer;
}
