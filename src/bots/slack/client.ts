/**
 * The Slack Web API client as this product uses it: SLACK_API_URL honoured (tests point it at a fake),
 * Slack's own logs sent to pino, and short retries so a Slack outage never stalls a campaign.
 */
import { LogLevel, webApi, type Logger as SlackLogger } from '@slack/bolt';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../logging/logger.js';

export type WebClient = webApi.WebClient;
export type WebClientOptions = webApi.WebClientOptions;

/** Fast retries for network errors and 5xx; Slack's 429s are handled separately (see budget.ts). */
const RETRIES = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true };

/** Options for the WebClient of Bolt's listeners: 429s are waited out by the client itself. */
export function listenerClientOptions(config: Config, logger: Logger): WebClientOptions {
  return { slackApiUrl: config.SLACK_API_URL, retryConfig: RETRIES, timeout: 15_000, logger: slackLogger(logger) };
}

/**
 * The client of the progress notifier: a 429 is rejected at once (WebAPIRateLimitedError) so the update
 * budget can hold every campaign of the workspace back, instead of one call sleeping inside the client.
 */
export function createNotifierClient(config: Config, logger: Logger): WebClient {
  if (!config.SLACK_BOT_TOKEN) {
    throw new Error('SLACK_BOT_TOKEN is not set: the Slack notifier needs the bot token (xoxb-…) of the Slack app.');
  }
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...listenerClientOptions(config, logger),
    rejectRateLimitedCalls: true,
  });
}

/** Adapts pino to the logger interface of Bolt and the Web API client (their level follows pino's). */
export function slackLogger(logger: Logger): SlackLogger {
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  let name = 'slack';
  return {
    debug: (...msg: unknown[]) => logger.debug({ component: name }, line(msg)),
    info: (...msg: unknown[]) => logger.info({ component: name }, line(msg)),
    warn: (...msg: unknown[]) => logger.warn({ component: name }, line(msg)),
    error: (...msg: unknown[]) => logger.error({ component: name }, line(msg)),
    // Bolt sets its own default level; the product's LOG_LEVEL decides instead.
    setLevel: () => undefined,
    getLevel: () => {
      const level = logger.level;
      if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
      if (level === 'info') return LogLevel.INFO;
      if (level === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (value: string) => {
      name = value;
    },
  };
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `ratelimited`, …), or null. */
export function slackErrorCode(error: unknown): string | null {
  const e = error as { code?: string; data?: { error?: string } };
  if (e?.code === webApi.ErrorCode.PlatformError) return e.data?.error ?? 'platform_error';
  if (e?.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  if (e?.code === webApi.ErrorCode.RequestError) return 'request_error';
  if (e?.code === webApi.ErrorCode.HTTPError) return 'http_error';
  return null;
}

/** Seconds Slack asked us to wait (Retry-After) when the error is a rate limit, else null. */
export function retryAfterSeconds(error: unknown): number | null {
  const e = error as { code?: string; retryAfter?: number };
  return e?.code === webApi.ErrorCode.RateLimitedError && typeof e.retryAfter === 'number' ? e.retryAfter : null;
}
