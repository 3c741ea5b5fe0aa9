/**
 * The /broadcast wizard: title → (number, when there are several) → recipients → message → preview → Send now. Send now creates the campaign
 * through the shared use case and answers with the campaign's one progress message.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'grammy';
import { InlineKeyboard } from 'grammy';
import type { CampaignDraft } from '../../../campaigns/use-cases.js';
import { actorOf, describeError, localeOf, translator, type BotContext } from '../context.js';
import type { TelegramDeps } from '../deps.js';
import { postProgressMessage } from '../progress.js';
import { askSchedule } from '../schedules.js';
import { once, replyHint, waitInput, withCancel, type Wizard, type WizardConversation } from './io.js';
import { askAccount } from './account.js';
import { askMessage } from './message.js';
import { showPreview } from './preview.js';
import { askRecipients } from './recipients.js';

export const BROADCAST_WIZARD = 'broadcast';
const MAX_TITLE = 100;

/** Builds the conversation function with its dependencies. */
export function broadcastWizard(deps: TelegramDeps): (conversation: WizardConversation, ctx: Context) => Promise<void> {
  return async (conversation, ctx) => {
    const locale = localeOf(ctx, deps.app.config.BOT_LOCALE);
    // Taken once and replayed: names this wizard run (its draft), so its buttons and its campaign are bound to it.
    const draftId = await conversation.external(() => randomBytes(5).toString('hex'));
    const w: Wizard = { conversation, ctx, locale, tr: translator(locale), deps, draftId, previews: 0 };

    const title = await askTitle(w);
    // "From which number?" only with more than one sender account; the campaign is sent from that one number.
    const account = await askAccount(w);
    let { audience, label, invalidInputs = 0 } = await askRecipients(w);
    let message = await askMessage(w, account);
    for (;;) {
      const draft: CampaignDraft = {
        title,
        template: message.template,
        media: message.media,
        ...(message.whatsappTemplate ? { whatsappTemplate: message.whatsappTemplate } : {}),
        audience,
        invalidInputs,
        ...(account ? { account } : {}),
      };
      const choice = await showPreview(w, draft, label);
      if (choice === 'edit') {
        message = await askMessage(w, account);
        continue;
      }
      if (choice === 'recipients') {
        ({ audience, label, invalidInputs = 0 } = await askRecipients(w));
        continue;
      }
      const actor = actorOf(ctx, locale);
      if (choice === 'schedule') {
        if (await askSchedule(w, draft, actor)) return;
        continue;
      }
      const chatId = ctx.chat?.id ?? 0;
      const key = `telegram:${chatId}:${ctx.from?.id ?? 0}:${draftId}`;
      const launched = await once(
        w,
        async () => {
          const { campaign, created } = await deps.app.campaigns.launch({ ...draft, idempotencyKey: key }, actor);
          // Only the press that made the campaign posts its one progress message.
          if (created) await postProgressMessage(deps.app, deps.api, deps.notifier, campaign.id, chatId, locale);
          return campaign.id;
        },
        (e) => describeError(deps.app, locale, e, { chatId }),
      );
      if (launched.ok) return;
      await ctx.reply(launched.error);
    }
  };
}

async function askTitle(w: Wizard): Promise<string> {
  const { tr } = w;
  await w.ctx.reply(tr('tg.wizard.title.ask') + replyHint(w), {
    reply_markup: withCancel(new InlineKeyboard(), 'title', w),
  });
  for (;;) {
    const input = await waitInput(w, 'title', ['text'], tr('tg.wizard.title.hint'));
    if (input.kind !== 'text') continue;
    const title = input.text.trim().replace(/\s+/g, ' ');
    if (title !== '' && title.length <= MAX_TITLE) return title;
    await w.ctx.reply(tr('tg.wizard.title.invalid', { max: MAX_TITLE }));
  }
}

/** The outside handlers' view of a running wizard. */
export function wizardActive(ctx: BotContext): boolean {
  return ctx.conversation.active(BROADCAST_WIZARD) > 0;
}
