/** Customer commands: /customers (counts by tag), a CSV document captioned /import, /optout PHONE. */
import { Composer } from 'grammy';
import { formatNumber, t } from '../../i18n/index.js';
import { actorOf, clip, describeError, localeOf, rawArgument, type BotContext } from './context.js';
import { importCsvDocument, importReportText } from './csv-import.js';
import type { TelegramDeps } from './deps.js';

const LISTED_TAGS = 50;

export function customerCommands(deps: TelegramDeps): Composer<BotContext> {
  const { app } = deps;
  const composer = new Composer<BotContext>();

  composer.command('customers', async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const n = (v: number) => formatNumber(locale, v);
    try {
      const [total, tags] = await Promise.all([app.customers.count(), app.customers.tags()]);
      const lines = [t(locale, 'tg.customers.header', { total: n(total) })];
      if (tags.length === 0) lines.push(t(locale, 'tg.customers.noTags'));
      for (const tag of tags.slice(0, LISTED_TAGS)) {
        lines.push(t(locale, 'tg.customers.tag', { tag: tag.tag, count: n(tag.count), total: n(tag.total) }));
      }
      if (tags.length > LISTED_TAGS) lines.push(t(locale, 'tg.more', { count: n(tags.length - LISTED_TAGS) }));
      lines.push('', t(locale, 'tg.customers.importHint'));
      await ctx.reply(clip(lines.join('\n')));
    } catch (error) {
      await ctx.reply(describeError(app, locale, error));
    }
  });

  // A document whose caption is /import: the same rules as `broadcast-bot customers import`.
  // (grammY's command() looks at text entities only, not captions.)
  composer.on('message:document').filter(isImportCaption, async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const document = ctx.message.document;
    await ctx.reply(t(locale, 'tg.import.started', { name: document.file_name ?? 'file.csv' }));
    try {
      const report = await importCsvDocument(
        deps,
        { fileId: document.file_id, fileName: document.file_name ?? 'import.csv' },
        actorOf(ctx, locale),
      );
      await ctx.reply(clip(importReportText(report, locale)));
    } catch (error) {
      await ctx.reply(t(locale, 'tg.import.failed', { reason: describeError(app, locale, error) }));
    }
  });

  composer.command('import', async (ctx) => {
    await ctx.reply(t(localeOf(ctx, app.config.BOT_LOCALE), 'tg.usage.import'));
  });

  composer.command('optout', async (ctx) => {
    const locale = localeOf(ctx, app.config.BOT_LOCALE);
    const phone = rawArgument(ctx);
    if (!phone) return void (await ctx.reply(t(locale, 'tg.usage.optout')));
    try {
      const customer = await app.customers.optOut(phone, actorOf(ctx, locale));
      await ctx.reply(t(locale, 'tg.optout.done', { phone: customer.phone }));
    } catch (error) {
      await ctx.reply(describeError(app, locale, error));
    }
  });

  return composer;
}

function isImportCaption(ctx: BotContext): boolean {
  const match = /^\/import(?:@(\w+))?(?:\s|$)/i.exec(ctx.message?.caption ?? '');
  return match !== null && (match[1] === undefined || match[1].toLowerCase() === ctx.me.username.toLowerCase());
}
