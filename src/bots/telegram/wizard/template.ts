/**
 * Wizard step 3 on a Cloud API number: the template picker. The chosen account's approved templates are listed as
 * buttons (bound to this wizard run and step); the chosen one's body is shown and each of its parameters
 * {{1}}, {{2}}… is asked for in turn, as fixed text or a customer variable. The shared rule
 * (whatsapp/cloud/template-draft.ts) checks the mapping, as for `campaigns create --template`.
 */
import { InlineKeyboard } from 'grammy';
import '../../../i18n/cloud.js';
import { accountTemplateDraft, accountTemplates } from '../../../whatsapp/account-templates.js';
import { describeError } from '../context.js';
import { cancelWizard, dropButtons, once, replyHint, waitInput, wizardData, withCancel, type Wizard } from './io.js';
import type { ChosenMessage } from './message.js';

/** Buttons shown at most (Telegram keyboards stay usable). */
const MAX_BUTTONS = 40;

/** The picker of `account`'s approved templates (`default` when absent), then its parameters. */
export async function askTemplate(w: Wizard, account?: string): Promise<ChosenMessage> {
  const { tr, deps } = w;
  const describe = (error: unknown) => describeError(deps.app, w.locale, error);
  const listed = await once(w, () => accountTemplates(deps.app, account), describe);
  if (!listed.ok) {
    await w.ctx.reply(listed.error);
    return cancelWizard(w);
  }
  const templates = listed.value.slice(0, MAX_BUTTONS);
  if (templates.length === 0) {
    await w.ctx.reply(tr('wizard.template.none'));
    return cancelWizard(w);
  }
  const keyboard = new InlineKeyboard();
  templates.forEach((t, i) => keyboard.text(`${t.name} (${t.language})`, wizardData(w, 'tpl', `t${i}`)).row());
  await w.ctx.reply(tr('tg.wizard.template.pick'), { reply_markup: withCancel(keyboard, 'tpl', w) });
  let chosen = templates[0]!;
  for (;;) {
    const input = await waitInput(w, 'tpl', ['button'], tr('tg.wizard.useButtons'));
    const picked = input.kind === 'button' ? templates[Number(input.action.slice(1))] : undefined;
    if (!picked || input.kind !== 'button') continue;
    await dropButtons(w, input.ctx);
    chosen = picked;
    break;
  }
  await w.ctx.reply(tr('wizard.template.chosen', { name: chosen.name, language: chosen.language, body: chosen.body }));
  for (;;) {
    const params: Record<string, string> = {};
    for (let n = 1; n <= chosen.paramCount; n++) {
      const step = `tp${n}`;
      await w.ctx.reply(tr('wizard.template.param', { n }) + replyHint(w), { reply_markup: withCancel(new InlineKeyboard(), step, w) });
      for (;;) {
        const input = await waitInput(w, step, ['text'], tr('wizard.template.param', { n }));
        if (input.kind === 'text' && input.text.trim() !== '') {
          params[String(n)] = input.text.trim();
          break;
        }
      }
    }
    const checked = await once(w, () => accountTemplateDraft(deps.app, account, { name: chosen.name, language: chosen.language, params }), describe);
    if (checked.ok) return { template: checked.value.text, media: null, whatsappTemplate: checked.value.whatsappTemplate };
    // A bad mapping: say why and ask for every parameter again.
    await w.ctx.reply(checked.error);
  }
}
