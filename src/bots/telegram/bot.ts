/**
 * The Telegram bot's middleware, in order: one update at a time per chat, admin check, wizard expiry,
 * the /broadcast wizard (persistent conversations), then commands and buttons. Building the bot does
 * not start polling; see index.ts.
 */
import { approvalHandlers } from './approval.js';
import { scheduleApprovalHandlers } from './schedule-approval.js';
import { autoRetry } from '@grammyjs/auto-retry';
import { conversations, createConversation } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { Bot, GrammyError, InlineKeyboard, type Context, type MiddlewareFn } from 'grammy';
import { t } from '../../i18n/index.js';
import '../../i18n/rulebook.js';
import { adminOnly } from './access.js';
import { campaignCommands } from './campaign-commands.js';
import { localeOf, type BotContext } from './context.js';
import { customerCommands } from './customer-commands.js';
import type { TelegramDeps } from './deps.js';
import { BROADCAST_WIZARD, broadcastWizard, wizardActive } from './wizard/broadcast.js';
import type { WizardStore } from './wizard-store.js';
import { whatsappCommand } from './whatsapp-command.js';
import { scheduleCommands } from './schedules.js';
import { replyAnswers } from './reply-answers.js';

/** Buttons of the "continue the open draft or start a new one?" question of a second /broadcast. */
const OPEN_DRAFT_CONTINUE = 'wzopen:continue';
const OPEN_DRAFT_NEW = 'wzopen:new';

/** Auto-retry for the bot's own calls: 429 (waits retry_after up to a minute) and 5xx, a few times. */
export function botRetry() {
  return autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true });
}

export interface BuiltBot {
  bot: Bot<BotContext>;
  /** The highest update id fully handled (to confirm it to Telegram when stopping). */
  lastHandledUpdate(): number;
}

/** Builds the bot with every handler installed (no polling yet). */
export function buildBot(token: string, deps: TelegramDeps, wizards: WizardStore): BuiltBot {
  const { app } = deps;
  const bot = new Bot<BotContext>(token, { client: { apiRoot: app.config.TELEGRAM_API_ROOT } });
  bot.api.config.use(botRetry());
  let lastHandled = 0;

  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.use(async (ctx, next) => {
    app.logger.debug(
      { platform: 'telegram', updateId: ctx.update.update_id, chatId: ctx.chat?.id, userId: ctx.from?.id },
      'update',
    );
    await next();
    lastHandled = Math.max(lastHandled, ctx.update.update_id);
  });
  bot.use(adminOnly(app));
  // Before the wizard: a reply to a forwarded customer message is an answer, whatever the admin was doing.
  bot.use(replyAnswers(deps));
  bot.use(expireStaleWizard(deps, wizards));
  bot.use(
    conversations<BotContext, Context>({
      storage: wizards.storage(),
      // Each replay builds its own Api: give it the same retry behaviour as the bot's.
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(botRetry());
          await next();
        },
      ],
    }),
  );
  bot.use(createConversation(broadcastWizard(deps), { id: BROADCAST_WIZARD }));

  bot.command(['start', 'help'], async (ctx) => {
    await ctx.reply(t(localeOf(ctx, app.config.BOT_LOCALE), 'tg.help'));
  });
  bot.command('broadcast', async (ctx) => {
    // A second /broadcast must not silently drop the draft in progress: ask first.
    if (!wizardActive(ctx)) return ctx.conversation.enter(BROADCAST_WIZARD);
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const keyboard = new InlineKeyboard()
      .text(t(locale, 'tg.button.continueDraft'), OPEN_DRAFT_CONTINUE)
      .text(t(locale, 'tg.button.newDraft'), OPEN_DRAFT_NEW);
    await ctx.reply(t(locale, 'tg.wizard.openDraft'), { reply_markup: keyboard });
  });
  bot.callbackQuery([OPEN_DRAFT_CONTINUE, OPEN_DRAFT_NEW], async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    await ctx.answerCallbackQuery();
    // The question is answered once: its buttons go.
    await ctx.editMessageReplyMarkup().catch((error: unknown) =>
      app.logger.info({ err: error, platform: 'telegram' }, 'could not remove the open-draft buttons'),
    );
    if (ctx.callbackQuery.data === OPEN_DRAFT_NEW) {
      if (wizardActive(ctx)) await ctx.conversation.exit(BROADCAST_WIZARD);
      return ctx.conversation.enter(BROADCAST_WIZARD);
    }
    await ctx.reply(t(locale, wizardActive(ctx) ? 'tg.wizard.continued' : 'tg.wizard.notActive'));
  });
  bot.use(approvalHandlers(deps));
  bot.use(scheduleApprovalHandlers(deps));
  bot.use(campaignCommands(deps));
  bot.use(customerCommands(deps));
  bot.use(scheduleCommands(deps));
  bot.use(whatsappCommand(deps));

  bot.callbackQuery(/^wz:/, async (ctx) => {
    await ctx.answerCallbackQuery({
      text: t(localeOf(ctx, app.config.BOT_LOCALE), 'tg.wizard.notActive'),
      show_alert: true,
    });
  });
  bot.on('message', async (ctx) => {
    if (ctx.chat.type === 'private') await ctx.reply(t(localeOf(ctx, app.config.BOT_LOCALE), 'tg.unknown'));
  });

  bot.catch(async (error) => {
    const ctx = error.ctx;
    app.logger.error(
      { err: error.error, platform: 'telegram', updateId: ctx.update.update_id, chatId: ctx.chat?.id },
      'telegram update failed',
    );
    if (error.error instanceof GrammyError && error.error.error_code === 403) return;
    const text = t(localeOf(ctx, app.config.BOT_LOCALE), 'tg.error.unexpected');
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else if (ctx.chat) await ctx.reply(text);
    } catch (replyError) {
      app.logger.warn({ err: replyError, platform: 'telegram' }, 'could not tell the user about the failure');
    }
  });

  return { bot, lastHandledUpdate: () => lastHandled };
}

/** Drops this admin's wizard if it was left alone too long, and says so. */
function expireStaleWizard(deps: TelegramDeps, wizards: WizardStore): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const expired = await wizards.expireFor(ctx);
    if (expired) {
      await ctx.api.sendMessage(expired.chatId, t(expired.locale, 'tg.wizard.expired'));
      // A text meant for the expired wizard has nowhere to go; commands and buttons carry on.
      if (ctx.message && !ctx.message.text?.startsWith('/')) return;
    }
    await next();
  };
}
