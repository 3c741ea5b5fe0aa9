/**
 * Wizard step "from which number?": asked only when there is more than one sender account. Each button carries
 * the account's name and is bound to this wizard run (its draft id), like every wizard button.
 */
import { InlineKeyboard } from 'grammy';
import '../../../i18n/accounts.js';
import { listAccounts } from '../../../whatsapp/accounts.js';
import { describeError } from '../context.js';
import { cancelWizard, dropButtons, once, waitInput, wizardData, withCancel, type Wizard } from './io.js';

const STEP = 'acc';
const PICK = 'use.';

/** The chosen account's name, or undefined when there is only `default` (nothing to ask). */
export async function askAccount(w: Wizard): Promise<string | undefined> {
  const { tr, deps } = w;
  {
    const listed = await once(
      w,
      async () => (await listAccounts(deps.app.store, deps.app.config)).filter((a) => a.status === 'active').map((a) => ({ name: a.name, driver: a.driver })),
      (e) => describeError(deps.app, w.locale, e),
    );
    if (!listed.ok) {
      // Never send from a number the admin did not choose: stop here, with the reason.
      await w.ctx.reply(listed.error);
      return cancelWizard(w);
    }
    const accounts = listed.value;
    if (accounts.length <= 1) return undefined;
    const keyboard = new InlineKeyboard();
    for (const account of accounts) {
      keyboard.text(`${account.name} · ${tr(`accounts.driver.${account.driver}`)}`, wizardData(w, STEP, `${PICK}${account.name}`)).row();
    }
    await w.ctx.reply(tr('accounts.pick.prompt'), { reply_markup: withCancel(keyboard, STEP, w) });
    for (;;) {
      const input = await waitInput(w, STEP, ['button'], tr('tg.wizard.useButtons'));
      if (input.kind !== 'button' || !input.action.startsWith(PICK)) continue;
      const name = input.action.slice(PICK.length);
      // Only a name this run showed: a forged or stale press names nothing here and is waited past.
      if (!accounts.some((a) => a.name === name)) continue;
      await dropButtons(w, input.ctx);
      await w.ctx.reply(tr('accounts.pick.chosen', { name }));
      return name;
    }
  }
}
