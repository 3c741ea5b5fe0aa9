/**
 * Admin-only access: updates from users not in TELEGRAM_ADMIN_IDS get a polite refusal in their language
 * (commands and button presses; ordinary chatter in a group is ignored) and an audit event. Nothing about
 * campaigns or customers reaches them, because nothing after this middleware runs for them.
 */
import type { Context, MiddlewareFn } from 'grammy';
import type { App } from '../../app-types.js';
import { actorOf, localeOf } from './context.js';
import { t } from '../../i18n/index.js';

/** Whether this update asks the bot for something (and so deserves an answer). */
function asksTheBot(ctx: Context): boolean {
  if (ctx.callbackQuery) return true;
  const message = ctx.message;
  if (!message) return false;
  if (ctx.chat?.type === 'private') return true;
  const entity = message.entities?.[0] ?? message.caption_entities?.[0];
  return entity?.type === 'bot_command' && entity.offset === 0;
}

/** What the refused user tried, for the audit trail (a command or button, never free text). */
function attempted(ctx: Context): string {
  if (ctx.callbackQuery?.data) return `button ${ctx.callbackQuery.data}`;
  const text = ctx.message?.text ?? ctx.message?.caption ?? '';
  const command = /^\/\w+/.exec(text)?.[0];
  if (command) return command;
  if (ctx.message?.document) return 'document';
  return 'message';
}

export function adminOnly(app: App): MiddlewareFn<Context> {
  const admins = new Set(app.config.TELEGRAM_ADMIN_IDS);
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId !== undefined && admins.has(userId)) return next();
    if (userId === undefined || !asksTheBot(ctx)) return;
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const refusal = t(locale, 'tg.access.refused', { userId });
    const what = attempted(ctx);
    await app.store.audit.record({
      actor: actorOf(ctx, locale),
      action: 'telegram.access',
      target: what,
      outcome: 'refused',
      detail: 'not in TELEGRAM_ADMIN_IDS',
    });
    app.logger.info({ platform: 'telegram', userId, chatId: ctx.chat?.id, attempted: what }, 'refused a non-admin');
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: refusal, show_alert: true });
    else await ctx.reply(refusal);
  };
}
