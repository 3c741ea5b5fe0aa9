import { loadConfig } from '../../../config/env.js';
import { createLogger } from '../../../logging/logger.js';
import { openStore } from '../../../models/index.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/cli.js';
import { EXIT, UsageError, type CommandGroup } from '../context.js';
import { cliLocale } from '../locale.js';

/**
 * `broadcast-bot db migrate`: brings the store's schema and indexes up to date, on purpose. On MongoDB this is
 * where indexes are built (a build on a big collection takes a while; `start` builds them only on an empty
 * database); on SQLite, opening the file applies its migrations, so this only reports them.
 */
export const dbCommand: CommandGroup = async (ctx) => {
  if (ctx.args[0] !== 'migrate' || ctx.args.length > 1) throw new UsageError(t(cliLocale(ctx.env), 'cli.usage.db'));
  const config = loadConfig(ctx.env);
  const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const store = await openStore(config, logger, { migrate: 'never' });
  try {
    const changes = await store.migrate();
    for (const line of changes) ctx.stdout.write(`${line}\n`);
    const locale = cliLocale(ctx.env);
    ctx.stdout.write(`${t(locale, changes.length === 0 ? 'cli.db.upToDate' : 'cli.db.migrated', { store: store.kind })}\n`);
  } finally {
    await store.close();
  }
  return EXIT.ok;
};
