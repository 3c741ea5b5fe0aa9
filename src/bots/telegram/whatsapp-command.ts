/**
 * `/whatsapp` in Telegram: the status (`/whatsapp`), linking with a QR image that is replaced as WhatsApp
 * rotates the code (`/whatsapp link`) or with a pairing code (`/whatsapp link +62…`), and `/whatsapp logout`.
 * The work is the surface-neutral WhatsApp admin use case; this file only chooses how to show it.
 */
import { Composer, InputFile, type Api } from 'grammy';
import { normalizePhone } from '../../campaigns/phone.js';
import type { Locale } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';
import '../../i18n/privacy.js';
import '../../i18n/whatsapp.js';
import {
  describeLinkPrompt,
  describeQuota,
  describeStatus,
  type LinkPrompt,
  type WhatsAppAdmin,
  dryRunLinkRefusal,
} from '../../whatsapp/admin.js';
import { accountAdmin, accountsSection, isAccountName } from '../../whatsapp/account-admin.js';
import { describeError, localeOf, rawArgument, type BotContext } from './context.js';
import type { TelegramDeps } from './deps.js';

/** Handlers for `/whatsapp …`. */
export function whatsappCommand(deps: TelegramDeps): Composer<BotContext> {
  const { app, whatsapp: admin } = deps;
  const composer = new Composer<BotContext>();
  composer.command('whatsapp', async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const [sub = 'status', ...rest] = rawArgument(ctx).split(/\s+/).filter(Boolean);
    try {
      if (sub === 'status') {
        const lines = [
          describeStatus(await admin().status(), locale),
          describeQuota(await admin().quota(), locale),
          // With several numbers: each one, its driver and the worker sending for it.
          await accountsSection(app, locale),
        ];
        return void (await ctx.reply(lines.filter(Boolean).join('\n')));
      }
      if (sub === 'logout') {
        await admin().logout();
        return void (await ctx.reply(t(locale, 'whatsapp.logout.done')));
      }
      if (sub !== 'link') return void (await ctx.reply(t(locale, 'tg.usage.whatsapp')));
      // Whoever scans a QR code (or types a pairing code) first links their phone as the sender: never in a group.
      if (ctx.chat.type !== 'private') return void (await ctx.reply(t(locale, 'privacy.privateChatOnly')));
      // `/whatsapp link NAME [+62…]` links another sender account; without a name, `default`.
      if (await isAccountName(app, rest[0])) {
        const name = rest.shift() as string;
        const named = await accountAdmin(app, name);
        const written = rest.join(' ');
        let phone: string | null = null;
        if (written !== '') {
          const parsed = normalizePhone(written, app.config.DEFAULT_COUNTRY);
          if (!parsed.ok) {
            await named.close();
            return void (await ctx.reply(t(locale, 'whatsapp.error.bad_phone', { phone: written })));
          }
          phone = parsed.phone;
        }
        const status = await named.admin.status();
        if (status.driver === 'dry-run') {
          await named.close();
          return void (await ctx.reply(dryRunLinkRefusal(locale, name)));
        }
        await ctx.reply(t(locale, 'tg.whatsapp.linking'));
        void link(deps, named.admin, ctx.chat.id, phone, locale).finally(() => void named.close());
        return;
      }
      const written = rest.join(' ');
      let phone: string | null = null;
      if (written !== '') {
        const parsed = normalizePhone(written, app.config.DEFAULT_COUNTRY);
        if (!parsed.ok) return void (await ctx.reply(t(locale, 'whatsapp.error.bad_phone', { phone: written })));
        phone = parsed.phone;
      }
      // In dry-run there is nothing to link: say that once instead of "preparing…" followed by the refusal.
      const status = await admin().status();
      if (status.driver === 'dry-run' && !status.autoFallback) return void (await ctx.reply(t(locale, 'whatsapp.error.dry_run')));
      const chatId = ctx.chat.id;
      await ctx.reply(t(locale, 'tg.whatsapp.linking'));
      // Linking waits for the phone (minutes); it runs beside the chat so the admin can keep using the bot.
      void link(deps, admin(), chatId, phone, locale);
    } catch (error) {
      await ctx.reply(describeError(app, locale, error, { command: 'whatsapp' }));
    }
  });
  return composer;
}

async function link(
  deps: TelegramDeps,
  admin: WhatsAppAdmin,
  chatId: number,
  phone: string | null,
  locale: Locale,
): Promise<void> {
  const { api, app } = deps;
  let shown: number | null = null;
  try {
    const outcome = await admin.link(phone ? { mode: 'pairing', phone } : { mode: 'qr' }, async (prompt) => {
      shown = await showPrompt(api, chatId, prompt, locale, shown);
    });
    await removeQr(api, chatId, shown);
    const account = outcome.state.account ?? t(locale, 'whatsapp.status.unknown_account');
    const lines = [t(locale, 'whatsapp.link.done', { account })];
    if (outcome.restartNeeded) lines.push(t(locale, 'whatsapp.link.restart'));
    await api.sendMessage(chatId, lines.join('\n'));
  } catch (error) {
    await removeQr(api, chatId, shown);
    await api
      .sendMessage(chatId, describeError(app, locale, error, { command: 'whatsapp link' }))
      .catch((sendError: unknown) =>
        app.logger.warn({ err: sendError, platform: 'telegram' }, 'could not report the WhatsApp link outcome'),
      );
  }
}

/** Shows a QR code as an image (replacing the previous one) or a pairing code as text; returns the QR message id. */
async function showPrompt(
  api: Api,
  chatId: number,
  prompt: LinkPrompt,
  locale: Locale,
  previous: number | null,
): Promise<number | null> {
  const caption = describeLinkPrompt(prompt, locale);
  if (!prompt.png) {
    await api.sendMessage(chatId, caption);
    return previous;
  }
  const sent = await api.sendPhoto(chatId, new InputFile(prompt.png, 'whatsapp-qr.png'), { caption });
  // A stale code must not stay scannable-looking in the chat.
  await removeQr(api, chatId, previous);
  return sent.message_id;
}

async function removeQr(api: Api, chatId: number, messageId: number | null): Promise<void> {
  if (messageId === null) return;
  await api.deleteMessage(chatId, messageId).catch(() => undefined);
}
