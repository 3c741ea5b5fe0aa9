/**
 * An admin answers a customer by replying to the customer's forwarded message: the answer goes to the shared use case
 * (src/campaigns/replies.ts), which queues it for the WhatsApp worker once per admin message; the ✓ comes from the
 * worker once it went out. Runs after the admin check, so a non-admin's reply never gets here.
 */
import type { MiddlewareFn } from 'grammy';
import { answerReply } from '../../campaigns/replies.js';
import { t } from '../../i18n/index.js';
import { actorOf, localeOf, type BotContext } from './context.js';
import type { TelegramDeps } from './deps.js';

export function replyAnswers(deps: TelegramDeps): MiddlewareFn<BotContext> {
  const { app } = deps;
  return async (ctx, next) => {
    const message = ctx.message;
    const parent = message?.reply_to_message;
    // Only replies to the bot's own messages can be answers; commands stay commands.
    if (!message || !parent?.from?.is_bot || !ctx.chat || message.text?.startsWith('/')) return next();
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const outcome = await answerReply(app, {
      surface: 'telegram',
      thread: { chatId: String(ctx.chat.id), messageId: String(parent.message_id) },
      messageId: String(message.message_id),
      text: message.text ?? message.caption ?? '',
      actor: actorOf(ctx, locale),
      locale,
    });
    if (outcome.kind === 'not_a_reply') return next();
    if (outcome.kind === 'empty') await ctx.reply(t(locale, 'reply.answer.empty'), { reply_parameters: { message_id: message.message_id } });
    if (outcome.kind === 'window_closed') await ctx.reply(outcome.text, { reply_parameters: { message_id: message.message_id } });
  };
}
