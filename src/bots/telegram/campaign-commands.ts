/**
 * Campaign commands and buttons: /campaigns (paged), /campaign ID, /pause /resume /cancel /retry ID, and
 * the buttons under progress messages and summaries. Each one calls a shared use case; the campaign id
 * in a button is checked again like a typed one (the admin check already ran for this very update).
 */
import { resumeAnswer } from '../../campaigns/daily-cap.js';
import { Composer, GrammyError, InlineKeyboard, InputFile, type Context } from 'grammy';
import { FINAL_STATUSES, type Campaign, type Locale } from '../../campaigns/types.js';
import { renderProgressText } from '../../campaigns/progress-view.js';
import { failureReason } from '../../campaigns/status-wording.js';
import { formatNumber, t } from '../../i18n/index.js';
import '../../i18n/rulebook.js';
import '../../i18n/privacy.js';
import { actorOf, clip, describeError, idArgument, localeOf, type BotContext } from './context.js';
import type { TelegramDeps } from './deps.js';
import {
  campaignData,
  campaignKeyboard,
  cancelConfirmKeyboard,
  pageData,
  parseCampaignData,
  type CampaignAction,
} from './keyboards.js';
import { postProgressMessage } from './progress.js';
import { BROADCAST_WIZARD, wizardActive } from './wizard/broadcast.js';

const PAGE_SIZE = 8;
const LISTED_FAILURES = 20;

type ControlAction = Extract<CampaignAction, 'pause' | 'resume' | 'cancel' | 'retry'>;

export function campaignCommands(deps: TelegramDeps): Composer<BotContext> {
  const { app } = deps;
  const composer = new Composer<BotContext>();
  const localeFor = (ctx: Context) => localeOf(ctx, app.config.BOT_LOCALE);

  composer.command('campaigns', async (ctx) => {
    const locale = localeFor(ctx);
    const page = Math.max(1, Number.parseInt(ctx.match, 10) || 1);
    const { text, keyboard } = await campaignPage(deps, (page - 1) * PAGE_SIZE, locale);
    await ctx.reply(text, { reply_markup: keyboard });
  });

  composer.callbackQuery(/^cmps:(\d+)$/, async (ctx) => {
    const locale = localeFor(ctx);
    const { text, keyboard } = await campaignPage(deps, Number(ctx.match[1]), locale);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup: keyboard }).catch((error: unknown) => ignoreNotModified(error));
  });

  composer.command('campaign', async (ctx) => {
    const locale = localeFor(ctx);
    const id = idArgument(ctx);
    if (!id) return void (await ctx.reply(t(locale, 'tg.usage.campaign')));
    await guarded(deps, ctx, locale, async () => {
      const { text, keyboard } = await campaignDetails(deps, id, locale, ctx.chat?.type !== 'private');
      await ctx.reply(text, { reply_markup: keyboard });
    });
  });

  // /cancel alone ends the wizard at any step; /cancel ID cancels a campaign.
  composer.command('cancel', async (ctx) => {
    const locale = localeFor(ctx);
    const id = idArgument(ctx);
    if (id) return control(deps, ctx, 'cancel', id, locale, 'reply');
    if (wizardActive(ctx)) {
      await ctx.conversation.exit(BROADCAST_WIZARD);
      return void (await ctx.reply(t(locale, 'tg.wizard.cancelled')));
    }
    await ctx.reply(t(locale, 'tg.usage.cancel'));
  });

  for (const action of ['pause', 'resume', 'retry'] as const) {
    composer.command(action, async (ctx) => {
      const locale = localeFor(ctx);
      const id = idArgument(ctx);
      if (!id) return void (await ctx.reply(t(locale, `tg.usage.${action}`)));
      await control(deps, ctx, action, id, locale, 'reply');
    });
  }

  composer.callbackQuery(/^cmp:/, async (ctx) => {
    const locale = localeFor(ctx);
    const parsed = parseCampaignData(ctx.callbackQuery.data);
    if (!parsed) return void (await ctx.answerCallbackQuery());
    const { action, campaignId } = parsed;
    if (action === 'show' || action === 'details') {
      await ctx.answerCallbackQuery();
      await guarded(deps, ctx, locale, async () => {
        if (action === 'show') {
          const { text, keyboard } = await campaignDetails(deps, campaignId, locale, ctx.chat?.type !== 'private');
          await ctx.reply(text, { reply_markup: keyboard });
        } else await sendDetails(deps, ctx, campaignId, locale);
      });
      return;
    }
    if (action === 'cancel') {
      // Cancelling cannot be undone: ask first, like Slack's confirm dialog.
      await ctx.answerCallbackQuery();
      await guarded(deps, ctx, locale, async () => {
        const campaign = await deps.app.campaigns.get(campaignId);
        await ctx.reply(t(locale, 'tg.campaign.cancelAsk', { title: campaign.title }), {
          reply_markup: cancelConfirmKeyboard(campaign.id, locale),
        });
      });
      return;
    }
    if (action === 'keep') {
      await ctx.answerCallbackQuery();
      await dropPressedButton(deps, ctx, true);
      await guarded(deps, ctx, locale, async () => {
        const campaign = await deps.app.campaigns.get(campaignId);
        await ctx.reply(t(locale, 'tg.campaign.cancelKept', { title: campaign.title }));
      });
      return;
    }
    if (action === 'cancelok') {
      await control(deps, ctx, 'cancel', campaignId, locale, 'toast');
      await dropPressedButton(deps, ctx, true);
      return;
    }
    await control(deps, ctx, action, campaignId, locale, 'toast');
  });

  return composer;
}

/** Pause / resume / cancel / retry through the use case; answers as a reply or as a button toast. */
async function control(
  deps: TelegramDeps,
  ctx: Context,
  action: ControlAction,
  id: string,
  locale: Locale,
  answer: 'reply' | 'toast',
): Promise<void> {
  const { app } = deps;
  const actor = actorOf(ctx, locale);
  // A pressed button is idempotent: the key names the message and the action, so a second press answers
  // with the first press's result. A typed command has no such key.
  const pressed = ctx.callbackQuery?.message;
  const options = pressed ? { key: `telegram:${pressed.chat.id}:${pressed.message_id}:${action}:${id}` } : {};
  let campaign: Campaign;
  let created = true;
  try {
    if (action === 'retry') ({ campaign, created } = await app.campaigns.retry(id, actor, options));
    else campaign = await app.campaigns[action](id, actor, options);
  } catch (error) {
    const text = describeError(app, locale, error, { action, campaignId: id });
    if (answer === 'toast') await ctx.answerCallbackQuery({ text, show_alert: true });
    else await ctx.reply(text);
    return;
  }
  const key =
    action !== 'retry' || created
      ? `tg.campaign.${action}`
      : FINAL_STATUSES.includes(campaign.status)
        ? 'tg.campaign.retryMade'
        : 'tg.campaign.retryRunning';
  // Resuming at the daily cap answers when sending continues instead of "resumed".
  const text = resumeAnswer(campaign, locale, app.config.SCHEDULE_TIMEZONE) ?? t(locale, key, { title: campaign.title, id: campaign.id });
  if (answer === 'toast') await ctx.answerCallbackQuery({ text });
  else await ctx.reply(text);
  if (action === 'retry' && pressed) await dropPressedButton(deps, ctx);
  if (action === 'retry' && created && ctx.chat) {
    await postProgressMessage(app, deps.api, deps.notifier, campaign.id, ctx.chat.id, locale);
  }
}

/**
 * Removes the button just pressed from its message (a used one-shot button must not stay pressable), or
 * every button with `all` (an answered question).
 */
async function dropPressedButton(deps: TelegramDeps, ctx: Context, all = false): Promise<void> {
  const data = ctx.callbackQuery?.data;
  const rows = all ? [] : (ctx.callbackQuery?.message?.reply_markup?.inline_keyboard ?? []);
  const kept = rows
    .map((row) => row.filter((button) => !('callback_data' in button) || button.callback_data !== data))
    .filter((row) => row.length > 0);
  try {
    await ctx.editMessageReplyMarkup(kept.length > 0 ? { reply_markup: { inline_keyboard: kept } } : {});
  } catch (error) {
    deps.app.logger.info({ err: error, platform: 'telegram' }, 'could not remove a used button');
  }
}

async function campaignPage(
  deps: TelegramDeps,
  offset: number,
  locale: Locale,
): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const campaigns = await deps.app.campaigns.list({ limit: PAGE_SIZE + 1, offset });
  const shown = campaigns.slice(0, PAGE_SIZE);
  const n = (v: number) => formatNumber(locale, v);
  const keyboard = new InlineKeyboard();
  if (shown.length === 0) {
    return { text: t(locale, offset === 0 ? 'tg.campaigns.none' : 'tg.campaigns.noMore'), keyboard };
  }
  const lines = [t(locale, 'tg.campaigns.header', { from: offset + 1, to: offset + shown.length })];
  for (const c of shown) {
    const done = c.counts.sent + c.counts.failed + c.counts.skipped + c.counts.unknown;
    lines.push(
      t(locale, 'tg.campaigns.line', {
        id: c.id,
        title: c.title,
        status: t(locale, `status.${c.status}`),
        done: n(done),
        total: n(c.counts.total),
      }),
    );
    keyboard.text(`🔎 ${c.title.slice(0, 40)}`, campaignData('show', c.id)).row();
  }
  if (offset > 0) keyboard.text(t(locale, 'tg.button.newer'), pageData(Math.max(0, offset - PAGE_SIZE)));
  if (campaigns.length > PAGE_SIZE) keyboard.text(t(locale, 'tg.button.older'), pageData(offset + PAGE_SIZE));
  // Telegram shows an empty row as a gap; the last campaign's row() leaves one when there is no paging.
  return { text: clip(lines.join('\n')), keyboard: new InlineKeyboard(keyboard.inline_keyboard.filter((row) => row.length > 0)) };
}

async function campaignDetails(
  deps: TelegramDeps,
  id: string,
  locale: Locale,
  /** In a group, failed numbers (customer data) are not listed: only how many, and where to see them. */
  inGroup: boolean,
): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const details = await deps.app.campaigns.details(id, 10);
  const { campaign, view } = details;
  const lines = [renderProgressText(view, locale), t(locale, 'tg.campaign.id', { id: campaign.id })];
  const notSent = campaign.counts.failed + campaign.counts.unknown + campaign.counts.skipped;
  if (inGroup && notSent > 0) {
    lines.push('', t(locale, 'privacy.failuresPrivately', { count: formatNumber(locale, notSent), id: campaign.id }));
  } else if (details.failures.length > 0) {
    lines.push('', t(locale, 'tg.details.failuresHeader'));
    for (const f of details.failures) lines.push(failureLine(locale, f.phone, f.errorCode, f.errorText));
  }
  return {
    text: clip(lines.join('\n')),
    keyboard: campaignKeyboard(campaign, locale),
  };
}

/**
 * The Details view: failures with reasons, then every recipient's status as a CSV document. Phone numbers are
 * customer data, so they go to the admin who asked in their private chat, never into a group.
 */
async function sendDetails(deps: TelegramDeps, ctx: Context, id: string, locale: Locale): Promise<void> {
  const details = await deps.app.campaigns.details(id, LISTED_FAILURES);
  const { campaign } = details;
  const lines = [t(locale, 'tg.details.header', { title: campaign.title, id: campaign.id })];
  if ((campaign.counts.replied ?? 0) > 0) lines.push(t(locale, 'progress.replied', { replied: formatNumber(locale, campaign.counts.replied ?? 0) }));
  if (details.failures.length === 0) lines.push(t(locale, 'tg.details.noFailures'));
  else {
    lines.push(t(locale, 'tg.details.failuresHeader'));
    for (const f of details.failures) lines.push(failureLine(locale, f.phone, f.errorCode, f.errorText));
  }
  const admin = ctx.from?.id;
  if (admin === undefined) return;
  const inGroup = ctx.chat?.type !== 'private';
  try {
    await ctx.api.sendMessage(admin, clip(lines.join('\n')));
  } catch (error) {
    // A user who never opened a private chat with the bot cannot be written to (403); tell them how, in the group.
    if (inGroup && error instanceof GrammyError && error.error_code === 403) {
      return void (await ctx.reply(t(locale, 'privacy.openPrivateChat')));
    }
    throw error;
  }
  const encoder = new TextEncoder();
  const csv = async function* () {
    for await (const chunk of deps.app.campaigns.exportCsv(id)) yield encoder.encode(chunk);
  };
  // A supplier, not an iterable: auto-retry may need to send the file a second time.
  await ctx.api.sendDocument(admin, new InputFile(() => csv(), `campaign-${campaign.id}.csv`), {
    caption: t(locale, 'tg.details.csvCaption', { title: campaign.title }),
  });
  if (inGroup) await ctx.reply(t(locale, 'privacy.sentPrivately'));
}

function failureLine(locale: Locale, phone: string, code: string | null, text: string | null): string {
  return t(locale, 'tg.details.failure', { phone, reason: failureReason(locale, code, text) });
}

async function guarded(deps: TelegramDeps, ctx: Context, locale: Locale, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    await ctx.reply(describeError(deps.app, locale, error));
  }
}

function ignoreNotModified(error: unknown): void {
  if (error instanceof Error && /message is not modified/.test(error.message)) return;
  throw error;
}
