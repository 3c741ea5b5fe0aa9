/**
 * `broadcast-bot whatsapp accounts list | add NAME --driver baileys|cloud|dry-run [--phone-number-id ID --waba-id ID]
 * [--rate N] [--jitter-ms N] [--daily-cap N] | set NAME [--rate N|default] [--jitter-ms N|default]
 * [--daily-cap N|default] | remove NAME`: the sender accounts (WhatsApp numbers) from the terminal.
 */
import { parseArgs } from 'node:util';
import type { AccountDriver, Locale, PaceOverrides } from '../../../campaigns/types.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/cli.js';
import { ACCOUNT_DRIVERS, addAccount, removeAccount, setAccountPace } from '../../../whatsapp/accounts.js';
import { parsePaceValue } from '../../../whatsapp/account-pacing.js';
import { describeAccounts } from '../../../whatsapp/account-status.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { optionError } from '../locale.js';

const PACE_OPTIONS = { rate: { type: 'string' }, 'jitter-ms': { type: 'string' }, 'daily-cap': { type: 'string' } } as const;

/** The pace options given (`default` → null: follow the configuration); a malformed value is a usage error. */
function paceOptions(values: { rate?: string; 'jitter-ms'?: string; 'daily-cap'?: string }, locale: Locale, usage: string): Partial<PaceOverrides> {
  const out: Partial<PaceOverrides> = {};
  const fields = [
    ['--rate', values.rate, 'ratePerMinute', 'rate'],
    ['--jitter-ms', values['jitter-ms'], 'jitterMs', 'count'],
    ['--daily-cap', values['daily-cap'], 'dailyCap', 'count'],
  ] as const;
  for (const [option, text, field, kind] of fields) {
    if (text === undefined) continue;
    const value = parsePaceValue(text, kind);
    if (value === undefined) throw new UsageError(`${t(locale, kind === 'rate' ? 'cli.accounts.badRate' : 'cli.accounts.badNumber', { option, value: text })}\n${usage}`);
    out[field] = value;
  }
  return out;
}

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
          options: { driver: { type: 'string' }, 'phone-number-id': { type: 'string' }, 'waba-id': { type: 'string' }, ...PACE_OPTIONS },
          strict: true,
          allowPositionals: true,
        });
      } catch (error) {
        throw new UsageError(`${optionError(locale, error)}\n${ACCOUNTS_USAGE}`);
      }
      const [name, ...extra] = parsed.positionals;
      if (!name || extra.length > 0) throw new UsageError(`${t(locale, 'cli.oneName', { command: 'whatsapp accounts add' })}\n${ACCOUNTS_USAGE}`);
      const driver = parsed.values.driver as AccountDriver | undefined;
      if (!driver || !ACCOUNT_DRIVERS.includes(driver)) throw new UsageError(`${t(locale, 'cli.oneOf', { option: '--driver', choices: ACCOUNT_DRIVERS.join(', ') })}\n${ACCOUNTS_USAGE}`);
      const pace = paceOptions(parsed.values, locale, ACCOUNTS_USAGE);
      const { store } = await ctx.openStore();
      // `default` on the Cloud API has its number in the environment, not in the store.
      const defaultPhoneNumberId = ctx.env.WHATSAPP_DRIVER === 'cloud' ? (ctx.env.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? null) : null;
      const account = await addAccount(
        store,
        { name, driver, phoneNumberId: parsed.values['phone-number-id'] ?? null, wabaId: parsed.values['waba-id'] ?? null, pace },
        { defaultPhoneNumberId },
      );
      ctx.stdout.write(`${t(locale, 'accounts.added', { name: account.name })}\n`);
      return EXIT.ok;
    }
    case 'set': {
      let parsed;
      try {
        parsed = parseArgs({ args: rest, options: PACE_OPTIONS, strict: true, allowPositionals: true });
      } catch (error) {
        throw new UsageError(`${optionError(locale, error)}\n${ACCOUNTS_USAGE}`);
      }
      const [name, ...extra] = parsed.positionals;
      if (!name || extra.length > 0) throw new UsageError(`${t(locale, 'cli.oneName', { command: 'whatsapp accounts set' })}\n${ACCOUNTS_USAGE}`);
      const changes = paceOptions(parsed.values, locale, ACCOUNTS_USAGE);
      if (Object.keys(changes).length === 0) throw new UsageError(`${t(locale, 'cli.accounts.nothingToSet')}\n${ACCOUNTS_USAGE}`);
      const { store } = await ctx.openStore();
      await setAccountPace(store, name, changes);
      ctx.stdout.write(`${t(locale, 'accounts.paceSet', { name })}\n`);
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
