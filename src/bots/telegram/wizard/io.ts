/**
 * How the /broadcast wizard talks: one place that waits for the admin's next input and sorts it out.
 * Commands and other features' buttons pass on to the bot's handlers (so /cancel, /campaigns… work at
 * every step), a press on an older step's button is answered as stale, Cancel ends the wizard.
 *
 * The wizard runs on @grammyjs/conversations 2, which replays the function on every update: everything
 * that touches the outside world goes through `conversation.external` (or the conversation's own ctx.api).
 */
import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard, type Context } from 'grammy';
import type { Locale } from '../../../campaigns/types.js';
import type { BotContext, Translate } from '../context.js';
import type { TelegramDeps } from '../deps.js';
import { parseWizardData, wizardData as encodeWizardData } from '../keyboards.js';

export type WizardConversation = Conversation<BotContext, Context>;

export interface Wizard {
  conversation: WizardConversation;
  /** The update that opened the wizard; replies go to its chat. */
  ctx: Context;
  locale: Locale;
  tr: Translate;
  deps: TelegramDeps;
  /** This wizard run's draft id: every button it shows carries it, so an older wizard's buttons are told apart. */
  draftId: string;
  /** Counts the previews shown, so an older preview of this same draft is stale too (replays count alike). */
  previews: number;
}

export type Input =
  | { kind: 'text'; text: string; ctx: Context }
  | { kind: 'button'; action: string; ctx: Context }
  | { kind: 'photo'; fileId: string; caption: string; ctx: Context }
  | { kind: 'document'; fileId: string; fileName: string; mimeType: string; caption: string; ctx: Context };

/** Waits for the next input of a kind in `accept` on `step`; other messages get `hint` and are waited past. */
export async function waitInput(w: Wizard, step: string, accept: Input['kind'][], hint: string): Promise<Input> {
  const { conversation, tr } = w;
  for (;;) {
    const ctx = await conversation.wait();
    const message = ctx.message;
    if (message?.text?.startsWith('/')) return conversation.skip({ next: true });
    const data = ctx.callbackQuery?.data;
    if (data !== undefined) {
      const parsed = parseWizardData(data);
      if (!parsed) return conversation.skip({ next: true });
      if (parsed.draftId !== w.draftId) {
        // A button of another wizard run: it must not act on the draft open now.
        await ctx.answerCallbackQuery({ text: tr('tg.wizard.notCurrent'), show_alert: true });
        continue;
      }
      if (parsed.action === 'cancel') {
        await ctx.answerCallbackQuery();
        return cancelWizard(w);
      }
      if (parsed.step !== step || !accept.includes('button')) {
        await ctx.answerCallbackQuery({ text: tr('tg.wizard.stale') });
        continue;
      }
      await ctx.answerCallbackQuery();
      return { kind: 'button', action: parsed.action, ctx };
    }
    if (!message) return conversation.skip({ next: true });
    if (message.text !== undefined && accept.includes('text')) return { kind: 'text', text: message.text, ctx };
    const largest = message.photo?.[message.photo.length - 1];
    if (largest && accept.includes('photo'))
      return { kind: 'photo', fileId: largest.file_id, caption: message.caption ?? '', ctx };
    if (message.document && accept.includes('document')) {
      return {
        kind: 'document',
        fileId: message.document.file_id,
        fileName: message.document.file_name ?? 'file',
        mimeType: message.document.mime_type ?? 'application/octet-stream',
        caption: message.caption ?? '',
        ctx,
      };
    }
    await ctx.reply(hint);
  }
}

/**
 * In a group where the bot has privacy mode on, Telegram only delivers messages that reply to the bot:
 * the questions that expect typed input say so.
 */
export function replyHint(w: Wizard): string {
  const group = w.ctx.chat?.type === 'group' || w.ctx.chat?.type === 'supergroup';
  return group && !w.ctx.me.can_read_all_group_messages ? `\n\n${w.tr('tg.wizard.replyInGroup')}` : '';
}

/** Says the wizard was cancelled and ends it (nothing was stored). */
export async function cancelWizard(w: Wizard): Promise<never> {
  await w.ctx.reply(w.tr('tg.wizard.cancelled'));
  return w.conversation.halt();
}

/** The callback data of a button of this wizard run on `step`. */
export function wizardData(w: Wizard, step: string, action: string): string {
  return encodeWizardData(w.draftId, step, action);
}

/** A keyboard that ends with the wizard's Cancel button. */
export function withCancel(keyboard: InlineKeyboard, step: string, w: Wizard): InlineKeyboard {
  const rows = keyboard.inline_keyboard;
  if ((rows[rows.length - 1]?.length ?? 0) > 0) keyboard.row();
  return keyboard.text(w.tr('tg.button.cancelWizard'), wizardData(w, step, 'cancel'));
}

/** ⬅ Back and ✖ Cancel, for sub-steps. */
export function backKeyboard(step: string, w: Wizard): InlineKeyboard {
  return new InlineKeyboard()
    .text(w.tr('tg.button.back'), wizardData(w, step, 'back'))
    .text(w.tr('tg.button.cancelWizard'), wizardData(w, step, 'cancel'));
}

/** Runs a use case once (not on replays) and returns plain data, or the error in the admin's words. */
export async function once<T>(
  w: Wizard,
  task: () => Promise<T>,
  describe: (error: unknown) => string,
): Promise<{ ok: true; value: T } | { ok: false; error: string; code: string }> {
  return w.conversation.external(async () => {
    try {
      return { ok: true as const, value: await task() };
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'error';
      return { ok: false as const, error: describe(error), code };
    }
  });
}

/** Removes the buttons of the message a button was pressed on (a used button must not be pressed twice). */
export async function dropButtons(w: Wizard, ctx: Context): Promise<void> {
  try {
    await ctx.editMessageReplyMarkup();
  } catch (error) {
    // The choice is taken either way; a message too old to edit only keeps its (now stale) buttons.
    w.deps.app.logger.info({ err: error, platform: 'telegram' }, 'could not remove used wizard buttons');
  }
}
