/**
 * `broadcast-bot`: the command line. `start` runs the service roles; the other groups are the same use
 * cases the chat surfaces call. Exit codes: 0 ok, 1 failure, 2 bad usage or input.
 */
import { userInfo } from 'node:os';
import { EXIT, UsageError, type CliContext, type CommandGroup } from './bots/console/context.js';
import { cliLocale } from './bots/console/locale.js';
// The catalogue imports no package: `--help` stays light.
import { t } from './i18n/index.js';
import './i18n/cli.js';

// Everything else is imported where it is used: `--help` and store-only commands must not pay for loading
// the configuration schema, the logger, the chat SDKs, BullMQ or Baileys (see README, "Command-line start-up").


const groups: Record<string, () => Promise<CommandGroup>> = {
  start: async () => (await import('./bots/console/commands/start.js')).start,
  customers: async () => (await import('./bots/console/commands/customers.js')).customers,
  campaigns: async () => (await import('./bots/console/commands/campaigns.js')).campaigns,
  schedules: async () => (await import('./bots/console/commands/schedules.js')).schedules,
  whatsapp: async () => (await import('./bots/console/commands/whatsapp.js')).whatsapp,
  config: async () => (await import('./bots/console/commands/config.js')).configCommand,
  db: async () => (await import('./bots/console/commands/db.js')).dbCommand,
};

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): Promise<number> {
  const [group, ...args] = argv;
  const usage = t(cliLocale(env), 'cli.usage');
  if (!group || group === 'help' || group === '--help' || group === '-h') {
    io.stdout.write(`${usage}\n`);
    return group ? EXIT.ok : EXIT.usage;
  }
  const load = groups[group];
  if (!load) {
    io.stderr.write(`${t(cliLocale(env), 'cli.unknownCommand', { name: group })}\n\n${usage}\n`);
    return EXIT.usage;
  }
  const opened: { close(): Promise<void> }[] = [];
  const stops: (() => Promise<void>)[] = [];
  const loadConfig = async () => (await import('./config/env.js')).loadConfig(env);
  const cliLogger = async (level: string, lazy = false) => {
    const { createLogger, lazyLogger } = await import('./logging/logger.js');
    const effective = level === 'info' && group !== 'start' ? 'warn' : level;
    // Store-only commands rarely log: pino is loaded only when a line is due.
    return lazy ? lazyLogger(effective, () => createLogger({ level: effective })) : createLogger({ level: effective });
  };
  const ctx: CliContext = {
    args,
    env,
    stdout: io.stdout,
    stderr: io.stderr,
    // BROADCAST_USER names the admin when several share one OS account (two-person approval tells them apart).
    // A campaign's summary is written in its author's language: the terminal's, when BOT_LOCALE names it.
    actor: { surface: 'cli', userId: env.BROADCAST_USER?.trim() || safeUserName(), ...(env.BOT_LOCALE === 'id' || env.BOT_LOCALE === 'en' ? { locale: env.BOT_LOCALE } : {}) },
    async openApp(options = {}) {
      const config = await loadConfig();
      const logger = await cliLogger(config.LOG_LEVEL);
      const { ensureRedis } = await import('./ops/private-redis.js');
      const redis = await ensureRedis(config, logger);
      stops.push(() => redis.stop());
      const { createApp } = await import('./app.js');
      // Commands take the WhatsApp account only when they need it (`whatsapp link`, `campaigns create --wait`).
      const senderMode = options.roles?.some((r) => r === 'whatsapp' || r === 'worker') ? 'send' : 'observe';
      const app = await createApp(config, { logger, redisUrl: redis.url, senderMode });
      opened.push(app);
      return app;
    },
    async openStore(options = {}) {
      // Reads need four keys, checked without zod or libphonenumber-js; commands that parse phone numbers need
      // DEFAULT_COUNTRY and so the whole schema.
      const full = options.phones ? await loadConfig() : undefined;
      const config = full ?? (await import('./config/store-config.js')).loadStoreConfig(env);
      const logger = await cliLogger(config.LOG_LEVEL, true);
      const [{ openStore }, { createCustomerUseCases }, { CampaignReads }] = await Promise.all([
        import('./models/index.js'),
        import('./campaigns/customers/use-cases.js'),
        import('./campaigns/reads.js'),
      ]);
      const store = await openStore(config, logger);
      opened.push(store);
      const country = {
        get DEFAULT_COUNTRY() {
          if (!full) throw new Error('this command reads phone numbers: open the store with { phones: true }');
          return full.DEFAULT_COUNTRY;
        },
      };
      return { config, store, customers: createCustomerUseCases({ store, config: country, logger }), campaigns: new CampaignReads(store) };
    },
  };
  try {
    const command = await load();
    return await command(ctx);
  } catch (error) {
    return await reportError(error, io.stderr, env);
  } finally {
    for (const app of opened) await app.close();
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

async function reportError(error: unknown, stderr: NodeJS.WritableStream, env: Record<string, string | undefined>): Promise<number> {
  const [{ ConfigError }, { DomainError, ValidationError }] = await Promise.all([
    import('./config/store-config.js'),
    import('./campaigns/errors.js'),
  ]);
  const locale = cliLocale(env);
  if (error instanceof ConfigError) {
    stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    stderr.write(`${error.message}\n${t(locale, 'cli.runHelp')}\n`);
    return EXIT.usage;
  }
  if (error instanceof DomainError) {
    stderr.write(`${t(locale, error.messageKey, error.params)}\n`);
    return error instanceof ValidationError || error.code === 'not_found' || error.code === 'bad_state' ? EXIT.usage : EXIT.failure;
  }
  const named = error as { name?: string; message?: string };
  if (named.name === 'RedisMissingError') {
    stderr.write(`${named.message}\n`);
    return EXIT.usage;
  }
  stderr.write(`${t(locale, 'cli.error', { message: named.message ?? String(error) })}\n`);
  return EXIT.failure;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'terminal';
  }
}

const invokedDirectly = process.argv[1] && /(?:cli\.(?:ts|js)|broadcast-bot(?:\.js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  // Every command may create DATA_DIR, the database or the outbox (customer data): private to this user from the
  // first file on, not only under `start` (which also fixes files made before).
  process.umask(0o077);
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // One-shot commands end here even if a library left a handle open (a socket, a timer). Unref'd: with nothing
      // open the process ends at once (a plain timer kept every command, even --help, alive 100 ms longer).
      if (process.argv[2] !== 'start') setTimeout(() => process.exit(code), 100).unref();
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
