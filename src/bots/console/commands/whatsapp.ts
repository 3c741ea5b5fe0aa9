/**
 * `broadcast-bot whatsapp link [--phone +62…] | status | logout [--account NAME]` and `whatsapp accounts …`: the
 * `/whatsapp` use cases from the terminal.
 * `link` prints each QR code in the terminal as WhatsApp rotates it (or the pairing code) until linked.
 */
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import type { Locale } from '../../../campaigns/types.js';
import { normalizePhone } from '../../../campaigns/phone.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/whatsapp.js';
import { WhatsAppAccountError } from '../../../whatsapp/account.js';
import { describeAccountPace } from '../../../whatsapp/account-status.js';
import { createWhatsAppAdmin, describeLinkPrompt, describeQuota, describeStatus, dryRunLinkRefusal, DEFAULT_LINK_TIMEOUT_MS } from '../../../whatsapp/admin.js';
import { EXIT, UsageError, type CliContext, type CommandGroup } from '../context.js';
import { optionError } from '../locale.js';
import type { App } from '../../../app-types.js';
import { DEFAULT_ACCOUNT, listAccounts, AccountsError } from '../../../whatsapp/accounts.js';
import { createAccountSender, senderDepsOf } from '../../../whatsapp/sender-factory.js';
import { accountsCommand } from './whatsapp-accounts.js';

import '../../../i18n/cli.js';

/** The group's usage in the terminal's language (set when the group runs). */
let USAGE = '';

export const whatsapp: CommandGroup = async (ctx) => {
  USAGE = t(localeOf(ctx), 'cli.usage.whatsapp');
  const [sub, ...rest] = ctx.args;
  try {
    switch (sub) {
      case 'status':
        return await statusCommand(ctx, accountOption(rest, 'status', localeOf(ctx)));
      case 'link':
        return await linkCommand(ctx, rest);
      case 'logout':
        return await logoutCommand(ctx, accountOption(rest, 'logout', localeOf(ctx)));
      case 'accounts':
        return await accountsCommand(ctx, rest, localeOf(ctx));
      case 'simulate-inbound':
        return await (await import('./simulate-inbound.js')).simulateInbound(ctx, rest, localeOf(ctx));
      default:
        throw new UsageError(sub ? `${t(localeOf(ctx), 'cli.unknownSubcommand', { group: 'whatsapp', name: sub })}\n${USAGE}` : USAGE);
    }
  } catch (error) {
    // Linking in dry-run mode is a configuration mistake, not a failure: exit 2 like other bad input.
    if (error instanceof WhatsAppAccountError && error.code === 'whatsapp_dry_run') throw new UsageError(dryRunLinkRefusal(localeOf(ctx), String(error.params.name ?? '')));
    throw error;
  }
};

/** `--account NAME`, the only option of `status` and `logout` (`default` when absent). */
function accountOption(args: string[], sub: string, locale: Locale): string {
  try {
    const { values } = parseArgs({ args, options: { account: { type: 'string' } }, strict: true, allowPositionals: false });
    return values.account ?? DEFAULT_ACCOUNT;
  } catch (error) {
    throw new UsageError(`whatsapp ${sub}: ${optionError(locale, error)}\n${USAGE}`);
  }
}

/**
 * The app as the `/whatsapp` use cases see it for `account`: the app itself for `default`, else the same app with
 * that account's own sender (closed when the command ends). Unknown names fail naming the known ones.
 */
async function appFor(ctx: CliContext, account: string, mode: 'send' | 'observe'): Promise<App> {
  const app = await ctx.openApp(account === DEFAULT_ACCOUNT && mode === 'send' ? { roles: ['whatsapp'] } : {});
  if (account === DEFAULT_ACCOUNT) return app;
  const accounts = await listAccounts(app.store, app.config);
  const found = accounts.find((a) => a.name === account);
  if (!found) throw new AccountsError('unknown', { name: account, known: accounts.map((a) => a.name).join(', ') });
  const sender = await createAccountSender(found, senderDepsOf(app, mode));
  app.onClose(() => sender.close());
  return { ...app, sender };
}

/** The terminal's language: BOT_LOCALE when it is set to one we speak, else English. */
function localeOf(ctx: CliContext): Locale {
  return ctx.env.BOT_LOCALE === 'id' ? 'id' : 'en';
}

async function statusCommand(ctx: CliContext, account: string): Promise<number> {
  const app = await appFor(ctx, account, account === DEFAULT_ACCOUNT ? 'send' : 'observe');
  const admin = createWhatsAppAdmin(app, { account });
  const locale = localeOf(ctx);
  ctx.stdout.write(`${describeStatus(await admin.status(), locale)}\n`);
  const quota = describeQuota(await admin.quota(), locale);
  if (quota) ctx.stdout.write(`${quota}\n`);
  const pace = await describeAccountPace(app, locale, account);
  if (pace) ctx.stdout.write(`${pace}\n`);
  return EXIT.ok;
}

async function linkCommand(ctx: CliContext, args: string[]): Promise<number> {
  let values: { phone?: string; timeout?: string; account?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { phone: { type: 'string' }, timeout: { type: 'string' }, account: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${optionError(localeOf(ctx), error)}\n${USAGE}`);
  }
  const locale = localeOf(ctx);
  const timeoutMs = values.timeout === undefined ? DEFAULT_LINK_TIMEOUT_MS : Number(values.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 10_000) throw new UsageError(`${t(localeOf(ctx), 'cli.timeout')}\n${USAGE}`);
  let phone: string | null = null;
  if (values.phone !== undefined) {
    const parsed = normalizePhone(values.phone, ctx.env.DEFAULT_COUNTRY ?? 'ID');
    if (!parsed.ok) throw new UsageError(t(locale, 'whatsapp.error.bad_phone', { phone: values.phone }));
    phone = parsed.phone;
  }
  const account = values.account ?? DEFAULT_ACCOUNT;
  const app = await appFor(ctx, account, 'send');
  const admin = createWhatsAppAdmin(app, { account });
  const outcome = await admin.link(
    phone ? { mode: 'pairing', phone } : { mode: 'qr' },
    async (prompt) => {
      if (prompt.qr) ctx.stdout.write(`\n${await QRCode.toString(prompt.qr, { type: 'terminal', small: true })}\n`);
      ctx.stdout.write(`${describeLinkPrompt(prompt, locale)}\n`);
    },
    timeoutMs,
  );
  ctx.stdout.write(`${t(locale, 'whatsapp.link.done', { account: outcome.state.account ?? t(locale, 'whatsapp.status.unknown_account') })}\n`);
  if (outcome.restartNeeded) ctx.stdout.write(`${t(locale, 'whatsapp.link.restart')}\n`);
  return EXIT.ok;
}

async function logoutCommand(ctx: CliContext, account: string): Promise<number> {
  const app = await appFor(ctx, account, 'send');
  await createWhatsAppAdmin(app, { account }).logout();
  ctx.stdout.write(`${t(localeOf(ctx), 'whatsapp.logout.done')}\n`);
  return EXIT.ok;
}
