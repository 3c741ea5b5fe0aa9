import { isAbsolute, join, resolve } from 'node:path';
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { ConfigError, DEFAULTS, SECRET_KEYS, hasProtocol, LOCALES, LOG_LEVELS, MONGODB_PROTOCOLS, urlExpectation } from './store-config.js';

export { ConfigError, SECRET_KEYS } from './store-config.js';


const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `at least ${min}`).max(max, `at most ${max}`));

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const idList = (what: string, pattern: RegExp) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(pattern, `a comma-separated list of ${what}`)));

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => hasProtocol(v, protocols), urlExpectation(protocols));

const schema = z.object({
  DATA_DIR: z.string().trim().min(1, 'a folder path'),
  REDIS_URL: url(['redis:', 'rediss:', 'unix:']).optional(),
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - or _ (at most 40), e.g. bb or broadcast-prod'),
  // These four are also read, by the same rules, by loadStoreConfig (store-only commands; see store-config.ts).
  MONGODB_URI: url(MONGODB_PROTOCOLS).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS),
  BOT_LOCALE: z.enum(LOCALES),
  DEFAULT_COUNTRY: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => isSupportedCountry(v), 'a two-letter ISO country code such as ID, MY or US'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^\d+:[\w-]{20,}$/, 'a token from @BotFather, like 123456:ABC-DEF…')
    .optional(),
  TELEGRAM_API_ROOT: url(['http:', 'https:']).transform((v) => v.replace(/\/+$/, '')),
  TELEGRAM_ADMIN_IDS: idList('Telegram user ids (numbers)', /^\d+$/).transform((ids) => ids.map(Number)),
  TELEGRAM_ADMIN_CHAT_ID: z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'a Telegram chat id (a number, negative for groups)')
    .transform(Number)
    .optional(),
  SLACK_BOT_TOKEN: z.string().trim().regex(/^xoxb-/, 'a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().trim().min(8, 'the signing secret from the Slack app page').optional(),
  SLACK_APP_TOKEN: z.string().trim().regex(/^xapp-/, 'an app-level token starting with xapp-').optional(),
  SLACK_API_URL: url(['http:', 'https:']).transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  SLACK_PORT: int(0, 65535),
  SLACK_ADMIN_CHANNEL: z.string().trim().regex(/^[CDG][A-Z0-9]+$/, 'a Slack channel id like C0123ABCD').optional(),
  SLACK_ALLOWED_USERS: idList('Slack user or user-group ids (U…, W… or S…)', /^[UWS][A-Z0-9]+$/),
  WHATSAPP_DRIVER: z.enum(['auto', 'baileys', 'dry-run', 'cloud']),
  // The official WhatsApp Cloud API (WHATSAPP_DRIVER=cloud): Meta's credentials, never stored in chat or logs.
  WHATSAPP_CLOUD_TOKEN: z.string().trim().min(20, 'a system-user access token from Meta Business settings').optional(),
  WHATSAPP_CLOUD_APP_SECRET: z.string().trim().min(16, "the app secret from the Meta app's basic settings").optional(),
  WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().trim().min(8, 'a phrase of at least 8 characters, also typed into the webhook settings').optional(),
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: z.string().trim().regex(/^\d{5,30}$/, "the phone number's id (digits) from WhatsApp Manager").optional(),
  WHATSAPP_CLOUD_WABA_ID: z.string().trim().regex(/^\d{5,30}$/, 'the WhatsApp Business Account id (digits)').optional(),
  GRAPH_API_URL: url(['http:', 'https:']).transform((v) => v.replace(/\/+$/, '')),
  CLOUD_SEND_PER_SECOND: int(1, 80),
  WHATSAPP_AUTH_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, '64 hex characters (a 256-bit key; make one with `openssl rand -hex 32`)')
    .optional(),
  WHATSAPP_TYPING: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v)),
  DRY_RUN_OUTBOX: z.string().trim().min(1).optional(),
  DRY_RUN_LATENCY_MS: int(0, 60_000),
  DRY_RUN_FAIL_RATE: z
    .string()
    .trim()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'a fraction between 0 and 1, such as 0.05')
    .transform(Number),
  DRY_RUN_NOT_ON_WHATSAPP: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean)),
  SEND_RATE_PER_MINUTE: int(0, 100_000),
  SEND_JITTER_MS: int(0, 600_000),
  DAILY_CAP: int(0),
  NEW_ACCOUNT_DAILY_CAP: int(0),
  APPROVAL_MIN_RECIPIENTS: int(0),
  APPROVAL_ON_HIGH_RISK: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v)),
  // Hours, fractions allowed (0.5 = 30 minutes); at most a year.
  APPROVAL_TTL_HOURS: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'a number of hours, such as 24 or 0.5')
    .transform(Number)
    .refine((h) => h > 0 && h <= 8760, 'more than 0 and at most 8760 hours'),
  PROGRESS_INTERVAL_MS: int(250, 600_000),
  MAX_SEND_ATTEMPTS: int(1, 20),
  RETRY_BACKOFF_MS: int(0, 3_600_000),
  CONSECUTIVE_FAILURE_LIMIT: int(1, 10_000),
  IN_FLIGHT_POLICY: z.enum(['unknown', 'resend']),
  WORKER_CONCURRENCY: int(1, 256),
  CAMPAIGN_LANES: int(1, 64),
  WORKER_LOCK_MS: int(1000, 600_000),
  WORKER_MAX_ACCOUNTS: int(1, 1000),
  RECONCILE_INTERVAL_MS: int(1000, 3_600_000),
  /** Days after a campaign's message during which a customer's WhatsApp answer is forwarded to the admins (0 = off). */
  REPLY_WINDOW_DAYS: int(0, 365),
  OPTOUT_KEYWORDS: z
    .string()
    .transform((v) => v.split(',').map((k) => k.trim().toUpperCase()).filter(Boolean)),
  SCHEDULE_TIMEZONE: z
    .string()
    .trim()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Jakarta'),
  SCHEDULE_MISSED_TOLERANCE_MS: int(0),
  HTTP_HOST: z.string().trim().min(1),
  HTTP_PORT: int(0, 65535),
  DASHBOARD_USER: optional,
  // Basic auth has no second factor; a short password falls to guessing even at 10 tries a minute.
  DASHBOARD_PASSWORD: z.string().trim().min(12, 'a password of at least 12 characters').optional(),
  AUDIT_RETENTION_DAYS: int(1, 36_500),
  SHUTDOWN_TIMEOUT_MS: int(1000, 120_000),
  HEAP_GROWING_PERCENT: int(0, 400),
});

type Parsed = z.infer<typeof schema>;

/** Every environment key the product reads. */
export const CONFIG_KEYS = Object.keys(schema.shape);

/** The validated configuration every part of the product reads; paths are absolute. */
export interface Config extends Omit<Parsed, 'DRY_RUN_OUTBOX'> {
  DRY_RUN_OUTBOX: string;
  /** Where the SQLite database lives when MONGODB_URI is unset. */
  SQLITE_PATH: string;
}

/**
 * Reads and validates the configuration from `env` (defaults from config/defaults.json).
 * Throws ConfigError naming each bad key; secret values are never part of the message.
 * @example const config = loadConfig({ ...process.env, DATA_DIR: '/tmp/x' });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const input: Record<string, string | undefined> = { ...DEFAULTS };
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const seen = new Set<string>();
    const problems: { key: string; expected: string }[] = [];
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? 'config');
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ key, expected: describeIssue(issue) });
    }
    throw new ConfigError(problems);
  }
  const parsed = result.data;
  const dataDir = isAbsolute(parsed.DATA_DIR) ? parsed.DATA_DIR : resolve(cwd, parsed.DATA_DIR);
  const outbox = parsed.DRY_RUN_OUTBOX ?? join(dataDir, 'outbox.jsonl');
  return {
    ...parsed,
    DATA_DIR: dataDir,
    DRY_RUN_OUTBOX: isAbsolute(outbox) ? outbox : resolve(cwd, outbox),
    SQLITE_PATH: join(dataDir, 'broadcast.db'),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `one of ${(issue.values as unknown[]).map(String).join(', ')}`;
  }
  if (issue.code === 'invalid_type') return 'a value';
  return issue.message;
}

/** Returns the configuration with secret values replaced, for `config show` and logs. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) if (out[key] !== undefined) out[key] = '[redacted]';
  return out;
}
