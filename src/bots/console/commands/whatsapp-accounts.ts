/**
 * `broadcast-bot whatsapp accounts list | add NAME --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID]
 * | remove NAME`: the sender accounts (WhatsApp numbers) from the terminal.
 */
import { parseArgs } from 'node:util';
import type { AccountDriver, Locale } from '../../../campaigns/types.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/cli.js';
import { ACCOUNT_DRIVERS, addAccount, removeAccount } from '../../../whatsapp/accounts.js';
import { describeAccounts } from '../../../whatsapp/account-status.js';
import { EXIT, UsageError, type CliContext } from '../context.js';


export async function accountsCommand(ctx: CliContext, args: string[], locale: Locale): Promise<number> {
  const ACCOUNTS_USAGE = t(locale, 'cli.usage.accounts');
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list': {
      if (rest.length > 0) throw new UsageError(`${t(locale, 'cli.noArguments', { command: 'whatsapp accounts list' })}\n${ACCOUNTS_USAGE}`);
      const app = await ctx.openApp();
      ctx.stdout.write(`${await describeAccounts(app, locale)}\n`);
      return EXIT.ok;
    }
    case 'add': {
      let parsed;
      try {
        parsed = parseArgs({
          args: rest,
          options: { driver: { type: 'string' }, 'phone-number-id': { type: 'string' }, 'waba-id': { type: 'string' } },
          strict: true,
          allowPositionals: true,
        });
      } catch (error) {
        throw new UsageError(`${(error as Error).message}\n${ACCOUNTS_USAGE}`);
      }
      const [name, ...extra] = parsed.positionals;
      if (!name || extra.length > 0) throw new UsageError(`${t(locale, 'cli.oneName', { command: 'whatsapp accounts add' })}\n${ACCOUNTS_USAGE}`);
      const driver = parsed.values.driver as AccountDriver | undefined;
      if (!driver || !ACCOUNT_DRIVERS.includes(driver)) throw new UsageError(`${t(locale, 'cli.oneOf', { option: '--driver', choices: ACCOUNT_DRIVERS.join(', ') })}\n${ACCOUNTS_USAGE}`);
      const { store } = await ctx.openStore();
      // `default` on the Cloud API has its number in the environment, not in the store.
      const defaultPhoneNumberId = ctx.env.WHATSAPP_DRIVER === 'cloud' ? (ctx.env.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? null) : null;
      const account = await addAccount(
        store,
        { name, driver, phoneNumberId: parsed.values['phone-number-id'] ?? null, wabaId: parsed.values['waba-id'] ?? null },
        { defaultPhoneNumberId },
      );
      ctx.stdout.write(`${t(locale, 'accounts.added', { name: account.name })}\n`);
      return EXIT.ok;
    }
    case 'remove': {
      const [name, ...extra] = rest;
      if (!name || extra.length > 0) throw new UsageError(`${t(locale, 'cli.oneName', { command: 'whatsapp accounts remove' })}\n${ACCOUNTS_USAGE}`);
      const { store } = await ctx.openStore();
      await removeAccount(store, name);
      ctx.stdout.write(`${t(locale, 'accounts.removed', { name })}\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(sub ? `${t(locale, 'cli.unknownSubcommand', { group: 'whatsapp accounts', name: sub })}\n${ACCOUNTS_USAGE}` : ACCOUNTS_USAGE);
  }
}
