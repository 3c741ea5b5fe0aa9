/**
 * The Telegram surface: `startTelegramBot` runs the bot (long polling with @grammyjs/runner) and registers
 * its notifier; `createTelegramNotifier` is the notifier alone, for a worker process that edits progress
 * messages and posts summaries without polling.
 */
import { run } from '@grammyjs/runner';
import { Api, GrammyError } from 'grammy';
import type { App, Service } from '../../app-types.js';
import type { Locale } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';
import { botRetry, buildBot } from './bot.js';
import type { TelegramDeps } from './deps.js';
import { TelegramNotifier, type TelegramNotifierOptions } from './notifier.js';
import { WizardStore, WIZARD_TTL_MS } from './wizard-store.js';
import { createScheduleUseCases, type ScheduleUseCases } from '../../schedules/use-cases.js';
import { createWhatsAppAdmin, type WhatsAppAdmin } from '../../whatsapp/admin.js';

export { TelegramNotifier } from './notifier.js';

export interface TelegramBotOptions {
  notifier?: TelegramNotifierOptions;
  /** Inactivity after which a /broadcast wizard expires (default 30 minutes). */
  wizardTtlMs?: number;
  /** How often expired wizards are looked for (default one minute). */
  sweepIntervalMs?: number;
  /** The schedule use cases (default: createScheduleUseCases(app), made on first use). */
  schedules?: ScheduleUseCases;
  /** The `/whatsapp` use cases (default: createWhatsAppAdmin(app), made on first use). */
  whatsapp?: WhatsAppAdmin;
}

export interface TelegramBotService extends Service {
  readonly notifier: TelegramNotifier;
}

const COMMANDS = [
  'broadcast',
  'campaigns',
  'campaign',
  'pause',
  'resume',
  'cancel',
  'retry',
  'customers',
  'optout',
  'schedules',
  'whatsapp',
  'help',
];

function requireToken(app: App): string {
  const token = app.config.TELEGRAM_BOT_TOKEN;
  if (!token)
    throw new Error('TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in the environment');
  return token;
}

/** The Telegram notifier alone (no polling): progress edits, summaries and alerts through the Bot API. */
export function createTelegramNotifier(app: App, options: TelegramNotifierOptions = {}): TelegramNotifier {
  const token = requireToken(app);
  const api = new Api(token, { apiRoot: app.config.TELEGRAM_API_ROOT });
  api.config.use(botRetry());
  // Edits get no auto-retry: the notifier itself honours retry_after without holding up the progress ticker.
  const editApi = new Api(token, { apiRoot: app.config.TELEGRAM_API_ROOT });
  return new TelegramNotifier(app, api, editApi, options);
}

/** Starts the bot with long polling, sets its command menu and registers its notifier in `app.notifiers`. */
export async function startTelegramBot(app: App, options: TelegramBotOptions = {}): Promise<TelegramBotService> {
  const token = requireToken(app);
  const logger = app.logger.child({ platform: 'telegram' });
  const notifier = createTelegramNotifier(app, options.notifier);
  const api = new Api(token, { apiRoot: app.config.TELEGRAM_API_ROOT });
  api.config.use(botRetry());
  let whatsapp = options.whatsapp;
  let schedules = options.schedules;
  const deps: TelegramDeps = {
    app,
    api,
    notifier,
    whatsapp: () => (whatsapp ??= createWhatsAppAdmin(app)),
    schedules: () => (schedules ??= createScheduleUseCases(app)),
  };
  const wizards = new WizardStore(app.store.kv, {
    ttlMs: options.wizardTtlMs ?? WIZARD_TTL_MS,
    fallbackLocale: app.config.BOT_LOCALE,
  });
  const { bot, lastHandledUpdate } = buildBot(token, deps, wizards);

  try {
    await bot.init();
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new Error('Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather');
    }
    throw error;
  }
  if (!bot.botInfo.can_read_all_group_messages) {
    logger.info(
      'privacy mode is on: in groups, admins answer the wizard by replying to its questions (or turn it off with @BotFather /setprivacy)',
    );
  }
  await setCommands(api, app.config.BOT_LOCALE).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not set the command menu; commands still work when typed'),
  );
  if (app.config.TELEGRAM_ADMIN_IDS.length === 0) {
    logger.warn(
      'TELEGRAM_ADMIN_IDS is empty: every user will be refused. Send /start to the bot to see your id, then add it.',
    );
  }
  app.notifiers.register(notifier);

  const runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] }, silent: true } });
  runner
    .task()
    ?.catch((error: unknown) =>
      logger.error({ err: error }, 'Telegram polling stopped; check TELEGRAM_BOT_TOKEN and the network'),
    );

  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      for (const wizard of await wizards.sweep())
        await api.sendMessage(wizard.chatId, t(wizard.locale, 'tg.wizard.expired'));
    } catch (error) {
      logger.warn({ err: error }, 'expiring old wizards failed; will try again');
    } finally {
      sweeping = false;
    }
  };
  const sweeper = setInterval(() => void sweep(), options.sweepIntervalMs ?? 60_000);
  sweeper.unref();
  logger.info({ bot: bot.botInfo.username }, 'Telegram bot is polling');

  return {
    name: 'telegram',
    notifier,
    async stop() {
      clearInterval(sweeper);
      if (runner.isRunning()) await runner.stop();
      // The runner returns once polling stops; updates already fetched may still be in their handlers.
      const deadline = Date.now() + app.config.SHUTDOWN_TIMEOUT_MS;
      while (runner.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Confirm what was handled, or Telegram would deliver those updates again after a restart.
      const last = lastHandledUpdate();
      if (last > 0) {
        await bot.api
          .getUpdates({ offset: last + 1, limit: 1, timeout: 0 })
          .catch((error: unknown) => logger.warn({ err: error }, 'could not confirm the last updates'));
      }
      app.notifiers.unregister(notifier);
      await notifier.close();
      logger.info('Telegram bot stopped');
    },
  };
}

async function setCommands(api: Api, fallback: Locale): Promise<void> {
  const list = (locale: Locale) =>
    COMMANDS.map((command) => ({ command, description: t(locale, `tg.cmd.${command}`) }));
  await api.setMyCommands(list(fallback));
  for (const locale of ['id', 'en'] as const) await api.setMyCommands(list(locale), { language_code: locale });
}
