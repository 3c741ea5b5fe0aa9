/**
 * `broadcast-bot start`: wires the concrete pieces together and runs the chosen roles in this process:
 * `bots` (Telegram, Slack), `worker` (sending + progress), `scheduler` (send-at and cron), `http`
 * (health, metrics, queue dashboard). SIGTERM / SIGINT drain the work and exit; a second signal exits at once.
 */
import { t } from './i18n/index.js';
import './i18n/cli.js';
import type { Locale } from './campaigns/types.js';
import type { App, Service } from './app-types.js';
import { createApp } from './app.js';
import { TerminalNotifier } from './bots/console/terminal-notifier.js';
import type { Config } from './config/env.js';
import type { Logger } from './logging/logger.js';

export const ROLES = ['bots', 'worker', 'scheduler', 'http'] as const;
export type Role = (typeof ROLES)[number];

export interface Running {
  app: App;
  services: Service[];
  /** Lines describing what runs and what is off, and why. */
  status: string[];
  stop(): Promise<void>;
}

/** Starts the roles; returns once every role is up. */
export async function startRoles(config: Config, roles: Role[], logger: Logger, redisUrl: string, locale: Locale = 'en'): Promise<Running> {
  const say = (key: string, params: Record<string, string | number> = {}) => t(locale, key, params);
  const { createMetrics } = await import('./ops/metrics.js');
  const metrics = createMetrics();
  // Only a process that sends (the worker) takes the WhatsApp account; the others observe its state.
  const senderMode = roles.includes('worker') ? 'send' : 'observe';
  const app = await createApp(config, { logger, redisUrl, observer: metrics.observer, senderMode });
  const services: Service[] = [];
  const status: string[] = [];
  app.notifiers.register(new TerminalNotifier(process.stderr, config.BOT_LOCALE));
  const has = (role: Role) => roles.includes(role);
  try {
    services.push((await import('./ops/audit-retention.js')).startAuditPruning(app));
    await (await import('./ops/file-modes.js')).warnIfSessionUnencrypted(app);
    const telegramOn = Boolean(config.TELEGRAM_BOT_TOKEN);
    // Socket Mode needs no signing secret (no public HTTP endpoint), HTTP mode does.
    const slackOn = Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
    if (has('bots')) {
      if (telegramOn) services.push(await (await import('./bots/telegram/index.js')).startTelegramBot(app));
      if (slackOn) services.push(await (await import('./bots/slack/index.js')).startSlackApp(app));
    } else {
      // A worker-only process still edits progress messages and posts summaries on the chat surfaces.
      if (telegramOn) app.notifiers.register((await import('./bots/telegram/index.js')).createTelegramNotifier(app));
      if (slackOn) app.notifiers.register((await import('./bots/slack/index.js')).createSlackNotifier(app));
    }
    status.push(
      say('cli.status.surfaces', {
        telegram: say(telegramOn ? 'cli.status.on' : 'cli.status.telegramOff'),
        slack: say(slackOn ? 'cli.status.on' : 'cli.status.slackOff'),
      }),
    );
    // Cloud API receipts and customer messages arrive by webhook on the HTTP role, so that role listens too.
    if (has('worker') || (has('http') && app.sender.driver === 'cloud')) {
      (await import('./whatsapp/listeners.js')).attachSenderListeners(app, { account: 'default' });
    }
    if (has('worker')) {
      services.push(await (await import('./queue/worker.js')).startWorker(app));
    }
    if (has('scheduler')) services.push(await (await import('./schedules/runner.js')).startScheduler(app));
    if (has('http')) {
      const { Queue } = await import('bullmq');
      const { ONCE_QUEUE } = await import('./schedules/once-jobs.js');
      const onceQueue = new Queue(ONCE_QUEUE, { connection: app.engine.redis, prefix: app.prefix });
      app.onClose(() => onceQueue.close());
      const { createCloudWebhookSinks } = await import('./whatsapp/cloud/webhook-sinks.js');
      const http = await (await import('./ops/http.js')).startHttpServer(app, {
        metrics,
        queues: [app.engine.campaignQueue.queue, onceQueue],
        // Every Cloud account's webhooks, named ones too: their listeners run here, without the accounts' leases.
        cloudSinks: createCloudWebhookSinks(app),
      });
      services.push({ name: 'http', stop: () => http.stop() });
      status.push(say('cli.status.http', { url: `http://${config.HTTP_HOST}:${http.port}` }));
    }
    const sender = app.sender.state();
    status.push(
      app.sender.driver === 'dry-run'
        ? say('cli.status.whatsappDryRun', { outbox: config.DRY_RUN_OUTBOX })
        : say('cli.status.whatsapp', { driver: app.sender.driver, state: sender.status }),
      say('cli.status.roles', { roles: roles.join(', ') }),
    );
  } catch (error) {
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    await app.close();
    throw error;
  }
  return {
    app,
    services,
    status,
    async stop() {
      // Intake first (bots, scheduler), then the worker drains, then the rest.
      const order = ['telegram', 'slack', 'scheduler', 'worker', 'http'];
      const sorted = [...services].sort((a, b) => rank(order, a.name) - rank(order, b.name));
      for (const service of sorted) {
        try {
          await service.stop();
        } catch (error) {
          logger.warn({ err: error, service: service.name }, 'error while stopping');
        }
      }
      await app.close();
    },
  };
}

function rank(order: string[], name: string): number {
  const index = order.findIndex((o) => name.startsWith(o));
  return index === -1 ? order.length : index;
}
