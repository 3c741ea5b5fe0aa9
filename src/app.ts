/**
 * Builds the app from the configuration: the store, Redis, the queue, the sender, the use cases and the
 * notifier registry. Every role (bots, worker, scheduler, CLI) starts from this one object.
 */
import { randomBytes } from 'node:crypto';
import type { App } from './app-types.js';
import { Announcer, NotifierList } from './campaigns/announcer.js';
import { createCustomerUseCases } from './campaigns/customers/use-cases.js';
import { noopObserver, type EngineObserver, type WhatsAppSender } from './campaigns/ports.js';
import { CampaignService } from './campaigns/service.js';
import type { Config } from './config/env.js';
import { createLogger, type Logger } from './logging/logger.js';
import { openStore } from './models/index.js';
import { AccountQueues } from './queue/account-queues.js';
import { BullCampaignQueue } from './queue/campaign-queue.js';
import { AnswerQueue } from './queue/answers.js';
import { EngineControl } from './queue/control.js';
import { Pacer } from './queue/pacer.js';
import { connectRedis, redisOptionsFromUrl } from './queue/redis.js';
import { createSender } from './whatsapp/index.js';
import type { MakeSocket } from './whatsapp/baileys/socket.js';
import { accountControlOf, isNewAccount } from './whatsapp/account.js';
import { sendingNumbers } from './whatsapp/accounts.js';
import { cloudSenderOf } from './whatsapp/cloud/sender.js';
import { cloudPacing, tierQuota } from './whatsapp/cloud/limits.js';
import { capForAge } from './whatsapp/account-pacing.js';
import { accountPacingInfo } from './queue/account-pace.js';

export interface CreateAppOptions {
  logger?: Logger;
  /** Redis to use; defaults to config.REDIS_URL (the CLI starts a private Redis when both are unset). */
  redisUrl?: string;
  /** Key prefix for Redis keys and queues (tests pass a random one). Defaults to REDIS_PREFIX. */
  prefix?: string;
  /** A sender to use instead of the configured driver (tests). */
  sender?: WhatsAppSender;
  /** Opens the Baileys sockets of this app's senders, named accounts' too (tests pass a fake WhatsApp). */
  makeSocket?: MakeSocket;
  /** Whether this process takes the WhatsApp account (`send`, the default) or only observes it. */
  senderMode?: 'send' | 'observe';
  observer?: EngineObserver;
  /** The clock of the daily cap's calendar day (tests move it past midnight); defaults to the system clock. */
  clock?: () => Date;
}

/** Creates the app; call `app.close()` when done. */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const redisUrl = options.redisUrl ?? config.REDIS_URL;
  if (!redisUrl) throw new Error('no Redis: set REDIS_URL, or run `broadcast-bot start`, which starts a private redis-server');
  const closers: (() => Promise<void> | void)[] = [];
  const onClose = (fn: () => Promise<void> | void) => void closers.push(fn);
  const close = async () => {
    for (const fn of closers.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        logger.warn({ err: error }, 'error while closing');
      }
    }
  };
  try {
    const store = await openStore(config, logger);
    onClose(() => store.close());
    const redis = redisOptionsFromUrl(redisUrl);
    const prefix = options.prefix ?? config.REDIS_PREFIX;
    const client = connectRedis(redis, 'broadcast-bot');
    onClose(async () => void (await client.quit()));
    const makeSocket = options.makeSocket ? { makeSocket: options.makeSocket } : {};
    const sender = options.sender ?? (await createSender({ config, store, logger, redis, prefix, mode: options.senderMode ?? 'send', ...makeSocket }));
    onClose(() => sender.close());
    const observer = options.observer ?? noopObserver;
    const notifiers = new NotifierList();
    const announcer = new Announcer({
      store,
      notifiers,
      observer,
      logger,
      locale: config.BOT_LOCALE,
      once: async (key) => (await client.set(`${prefix}:once:${key}`, '1', 'EX', 7 * 86_400, 'NX')) === 'OK',
      swap: (key, value) => client.set(`${prefix}:last:${key}`, value, 'EX', 7 * 86_400, 'GET'),
    });
    const cloud = cloudSenderOf(sender);
    const pacer = new Pacer(
      client,
      prefix,
      cloud
        ? cloudPacing(config.CLOUD_SEND_PER_SECOND, cloud.lastPhoneInfo(), config.SCHEDULE_TIMEZONE)
        : {
            ratePerMinute: config.SEND_RATE_PER_MINUTE,
            jitterMs: config.SEND_JITTER_MS,
            dailyCap: config.DAILY_CAP,
            timeZone: config.SCHEDULE_TIMEZONE,
          },
      Math.random,
      options.clock,
    );
    applyNewAccountCap(sender, pacer, config, logger);
    const campaignQueue = new BullCampaignQueue(client, prefix, config.CAMPAIGN_LANES);
    onClose(() => campaignQueue.close());
    const answers = new AnswerQueue(client, prefix);
    onClose(() => answers.close());
    const accountQueues = new AccountQueues(client, prefix, config.CAMPAIGN_LANES, store, campaignQueue);
    onClose(() => accountQueues.close());
    const control = new EngineControl({
      store,
      announcer,
      logger,
      locale: config.BOT_LOCALE,
      timeZone: config.SCHEDULE_TIMEZONE,
      startLanes: (id) => accountQueues.start(id, Date.now()),
    });
    const campaigns = new CampaignService({
      store,
      queue: accountQueues,
      announcer,
      pacing: {
        ratePerMinute: pacer.effectiveRatePerMinute,
        dailyCap: () => pacer.dailyCap,
        capRolling: pacer.capMode === 'unique_recipients_24h',
        usedToday: () => pacer.usedToday(sender.state().account ?? 'default'),
        newChatQuota: async () =>
          cloud
            ? tierQuota(cloud.lastPhoneInfo(), await pacer.usedToday(sender.state().account ?? 'default'))
            : ((await accountControlOf(sender)?.quota()) ?? null),
      },
      // Another account's figures: its own pace and cap, and today's use from its own counter.
      pacingOf: (account) => accountPacingInfo({ store, config, redis: client, prefix, ...(options.clock ? { clock: options.clock } : {}) }, account),
      logger,
      locale: config.BOT_LOCALE,
      optOutKeywords: config.OPTOUT_KEYWORDS,
      approval: {
        minRecipients: config.APPROVAL_MIN_RECIPIENTS,
        onHighRisk: config.APPROVAL_ON_HIGH_RISK,
        ttlMs: Math.round(config.APPROVAL_TTL_HOURS * 3600_000),
      },
      sendingNumbers: () => sendingNumbers(store, config, sender.driver),
    });
    const customers = createCustomerUseCases({ store, config, logger });
    return {
      config,
      logger,
      store,
      redis,
      prefix,
      sender,
      ...makeSocket,
      queue: accountQueues,
      campaigns,
      customers,
      notifiers,
      observer,
      engine: { announcer, pacer, campaignQueue, accountQueues, control, answers, redis: client },
      workersRunning: () => campaignQueue.queue.getWorkersCount(),
      onClose,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The cap for an account: NEW_ACCOUNT_DAILY_CAP while it is newly linked (the lower of the two), else DAILY_CAP. */
export function dailyCapFor(config: Config, isNew: boolean): number {
  return capForAge(config.DAILY_CAP, config.NEW_ACCOUNT_DAILY_CAP, isNew);
}

/** Keeps the pacer's daily cap in line with the linked account's age (checked at start and on every connect). */
export function applyNewAccountCap(sender: WhatsAppSender, pacer: Pacer, config: Config, logger: Logger): void {
  const control = accountControlOf(sender);
  if (!control) return;
  const apply = () =>
    control
      .status()
      .then((status) => {
        const cap = dailyCapFor(config, isNewAccount(status.linkedAt));
        if (cap !== pacer.dailyCap) logger.info({ dailyCap: cap }, 'daily cap for this WhatsApp account');
        pacer.setDailyCap(cap);
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not read the WhatsApp account status for its daily cap'));
  sender.on('state', (state) => {
    if (state.status === 'connected') void apply();
  });
  void apply();
}

/** A random prefix for isolated runs (tests, benchmarks). */
export function randomPrefix(label = 'test'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}
