/**
 * The Slack surface: a Bolt 5 app over HTTP on SLACK_PORT (Bolt verifies signatures; a bad or stale one
 * is a 401) or over Socket Mode when SLACK_APP_TOKEN is set, and the notifier that edits progress messages.
 */
import { APPROVE_BUTTON, onApproveButton, onRejectButton, REJECT_BUTTON, REJECT_VIEW, submitReject } from './approval.js';
import {
  onScheduleApproveButton,
  onScheduleRejectButton,
  SCHEDULE_APPROVE_BUTTON,
  SCHEDULE_REJECT_BUTTON,
  SCHEDULE_REJECT_VIEW,
  submitScheduleReject,
} from './schedule-approval.js';
import { App as BoltApp, type BlockAction, type ButtonAction, type ViewSubmitAction } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { App, Service } from '../../app-types.js';
import { SlackAccess, SlackLocales } from './access.js';
import { onCampaignButton } from './actions.js';
import { ACTIONS, type CampaignAction } from './blocks.js';
import { createNotifierClient, listenerClientOptions, slackErrorCode, slackLogger } from './client.js';
import { onDirectMessageFile } from './contacts-import.js';
import { onBroadcast, type Subcommand } from './commands.js';
import type { SlackDeps } from './deps.js';
import { COMPOSE, PREVIEW } from './modal.js';
import { SlackNotifier, type SlackNotifierOptions } from './notifier.js';
import { onScheduleButton, SCHEDULE_BUTTON, SCHEDULE_VIEW, schedulesSubcommand, submitSchedule } from './schedules.js';
import { onWhatsApp } from './whatsapp.js';
import { answerUnmatched, recordHandledIds } from './unmatched.js';
import { onThreadReply } from './reply-answers.js';
import { submitCompose, submitPreview } from './wizard.js';
import { createScheduleUseCases, type ScheduleUseCases } from '../../schedules/use-cases.js';
import { createWhatsAppAdmin, type WhatsAppAdmin } from '../../whatsapp/admin.js';

export { SlackNotifier } from './notifier.js';

export interface SlackAppOptions {
  notifier?: SlackNotifierOptions;
  /** Extra `/broadcast` subcommands. */
  subcommands?: Record<string, Subcommand>;
  /** The `/whatsapp` use cases (default: createWhatsAppAdmin(app), made on first use). */
  whatsapp?: WhatsAppAdmin;
  /** The schedule use cases (default: createScheduleUseCases(app), made on first use); false hides scheduling. */
  schedules?: ScheduleUseCases | false;
}

/** The Slack notifier alone (for a worker process): needs SLACK_BOT_TOKEN, no HTTP receiver. */
export function createSlackNotifier(app: App, options: SlackNotifierOptions = {}): SlackNotifier {
  const notifier = new SlackNotifier(app, createNotifierClient(app.config, app.logger.child({ platform: 'slack' })), options);
  app.onClose(() => notifier.close());
  return notifier;
}

/**
 * Starts the Slack app: HTTP on SLACK_PORT (0 = a random port, see `port`), or Socket Mode with SLACK_APP_TOKEN.
 * Registers the Slack notifier in app.notifiers (reusing one already registered).
 */
export async function startSlackApp(app: App, options: SlackAppOptions = {}): Promise<Service & { port?: number }> {
  const { config } = app;
  const logger = app.logger.child({ platform: 'slack' });
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from the Slack app page.');
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  if (!socketMode && !config.SLACK_SIGNING_SECRET) {
    throw new Error('SLACK_SIGNING_SECRET is not set: copy it from the Slack app page (Basic Information), or set SLACK_APP_TOKEN for Socket Mode.');
  }
  const bolt = new BoltApp({
    token: config.SLACK_BOT_TOKEN,
    logger: slackLogger(logger),
    clientOptions: listenerClientOptions(config, logger),
    deferInitialization: true,
    ...(socketMode
      ? { socketMode: true, appToken: config.SLACK_APP_TOKEN }
      : { signingSecret: config.SLACK_SIGNING_SECRET, port: config.SLACK_PORT }),
  });
  const notifier = registeredNotifier(app) ?? createSlackNotifier(app, options.notifier);
  app.notifiers.register(notifier);
  const access = new SlackAccess(config.SLACK_ALLOWED_USERS, bolt.client, app);
  if (access.empty) logger.warn('SLACK_ALLOWED_USERS is empty: every Slack user will be refused');
  const deps: SlackDeps = {
    app,
    client: bolt.client,
    notifier,
    access,
    locales: new SlackLocales(bolt.client, config.BOT_LOCALE),
    ...(options.schedules === false ? {} : { schedules: lazy(() => options.schedules || createScheduleUseCases(app)) }),
  };
  const whatsapp = lazy(() => options.whatsapp ?? createWhatsAppAdmin(app));
  registerHandlers(bolt, deps, whatsapp, options.subcommands ?? {});

  try {
    await bolt.init();
  } catch (error) {
    throw new Error(`Slack rejected the bot token (${slackErrorCode(error) ?? String(error)}): check SLACK_BOT_TOKEN and SLACK_API_URL`, {
      cause: error,
    });
  }
  let port: number | undefined;
  if (socketMode) {
    await bolt.start();
    logger.info('Slack app connected over Socket Mode');
  } else {
    const server = await bolt.start(config.SLACK_PORT);
    port = (server.address() as AddressInfo).port;
    logger.info({ port }, 'Slack app listening for events on /slack/events');
  }
  return {
    name: 'slack',
    ...(port === undefined ? {} : { port }),
    // The notifier stays registered: a draining worker in this process still edits and summarises.
    stop: async () => {
      await bolt.stop();
    },
  };
}

function registerHandlers(
  bolt: BoltApp,
  deps: SlackDeps,
  whatsapp: () => WhatsAppAdmin,
  extra: Record<string, Subcommand>,
): void {
  const { schedules } = deps;
  const subcommands = { ...(schedules ? { schedules: schedulesSubcommand(schedules) } : {}), ...extra };
  const handled = recordHandledIds(bolt);
  bolt.command('/broadcast', (args) => onBroadcast(deps, args, subcommands));
  bolt.command('/whatsapp', (args) => onWhatsApp(deps, whatsapp, args));
  bolt.event('message', (args) => onDirectMessageFile(deps, args));
  bolt.event('message', (args) => onThreadReply(deps, args));
  bolt.view<ViewSubmitAction>(COMPOSE, (args) => submitCompose(deps, args));
  bolt.view<ViewSubmitAction>(PREVIEW, (args) => submitPreview(deps, args));
  if (schedules) {
    bolt.action<BlockAction<ButtonAction>>(SCHEDULE_BUTTON, (args) => onScheduleButton(deps, args));
    bolt.view<ViewSubmitAction>(SCHEDULE_VIEW, (args) => submitSchedule(deps, schedules(), args));
  }
  bolt.action<BlockAction<ButtonAction>>(APPROVE_BUTTON, (args) => onApproveButton(deps, args));
  bolt.action<BlockAction<ButtonAction>>(REJECT_BUTTON, (args) => onRejectButton(deps, args));
  bolt.view<ViewSubmitAction>(REJECT_VIEW, (args) => submitReject(deps, args));
  bolt.action<BlockAction<ButtonAction>>(SCHEDULE_APPROVE_BUTTON, (args) => onScheduleApproveButton(deps, args));
  bolt.action<BlockAction<ButtonAction>>(SCHEDULE_REJECT_BUTTON, (args) => onScheduleRejectButton(deps, args));
  bolt.view<ViewSubmitAction>(SCHEDULE_REJECT_VIEW, (args) => submitScheduleReject(deps, args));
  for (const [action, actionId] of Object.entries(ACTIONS) as [CampaignAction, string][]) {
    bolt.action<BlockAction<ButtonAction>>(actionId, (args) => onCampaignButton(deps, action, args));
  }
  // Last: whatever no handler above takes is acknowledged at once (Bolt would hold it 3 s, then answer 404).
  answerUnmatched(bolt, deps, handled);
  bolt.error(async (error) => {
    deps.app.logger.error({ err: error, platform: 'slack' }, 'unhandled error in a Slack handler');
  });
}

/** Makes `make` run once, on first use (the WhatsApp and schedule use cases open connections). */
function lazy<T>(make: () => T): () => T {
  let value: { made: T } | null = null;
  return () => (value ??= { made: make() }).made;
}

function registeredNotifier(app: App): SlackNotifier | undefined {
  return app.notifiers.all().find((n): n is SlackNotifier => n instanceof SlackNotifier);
}
