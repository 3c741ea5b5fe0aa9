/**
 * The few configuration keys a store-only command reads (DATA_DIR, MONGODB_URI, LOG_LEVEL, BOT_LOCALE), checked
 * without loading the full schema: zod and libphonenumber-js cost most of a short command's start-up. The rules
 * for these keys live here and the full schema in env.ts uses the same ones, so both accept the same values.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultsPath = fileURLToPath(new URL('../../config/defaults.json', import.meta.url));

/** The defaults of config/defaults.json, applied under whatever the environment sets. */
export const DEFAULTS = JSON.parse(readFileSync(defaultsPath, 'utf8')) as Record<string, string>;

/** Keys whose values are secrets: never printed, never echoed in an error. */
export const SECRET_KEYS = [
  'TELEGRAM_BOT_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MONGODB_URI',
  'REDIS_URL',
  'WHATSAPP_AUTH_KEY',
  'DASHBOARD_PASSWORD',
  'WHATSAPP_CLOUD_TOKEN',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOCALES = ['id', 'en'] as const;
export const MONGODB_PROTOCOLS = ['mongodb:', 'mongodb+srv:'];

/** True when `value` parses as a URL with one of `protocols` (e.g. `redis:`). */
export function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** What `value` must look like for a URL key, in the words of a ConfigError. */
export function urlExpectation(protocols: string[]): string {
  return `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`;
}

/** A configuration value that failed validation; `key` names the environment variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { key: string; expected: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.key}: expected ${p.expected}`).join('\n')}\n` +
        'Fix the value in your environment or .env file (see config/example.env).',
    );
    this.name = 'ConfigError';
  }
}

/** The configuration of a store-only command; the same values `loadConfig` gives for these keys. */
export interface StoreConfig {
  DATA_DIR: string;
  SQLITE_PATH: string;
  MONGODB_URI?: string | undefined;
  LOG_LEVEL: (typeof LOG_LEVELS)[number];
  BOT_LOCALE: (typeof LOCALES)[number];
}

/** `env[key]` when set and not blank, else its default; as the full schema does, only paths and URLs are trimmed. */
function read(env: Record<string, string | undefined>, key: string): string | undefined {
  const value = env[key];
  return value !== undefined && value.trim() !== '' ? value : DEFAULTS[key];
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}

/**
 * Reads and validates only the keys a store-only command needs. Throws ConfigError naming each bad key (never its
 * value); `config check` and every other command validate the whole environment through `loadConfig`.
 */
export function loadStoreConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): StoreConfig {
  const problems: { key: string; expected: string }[] = [];
  const dataDir = read(env, 'DATA_DIR')?.trim();
  if (!dataDir) problems.push({ key: 'DATA_DIR', expected: 'a folder path' });
  const mongo = read(env, 'MONGODB_URI')?.trim();
  if (mongo !== undefined && !hasProtocol(mongo, MONGODB_PROTOCOLS)) problems.push({ key: 'MONGODB_URI', expected: urlExpectation(MONGODB_PROTOCOLS) });
  const level = read(env, 'LOG_LEVEL');
  if (!oneOf(LOG_LEVELS, level)) problems.push({ key: 'LOG_LEVEL', expected: `one of ${LOG_LEVELS.join(', ')}` });
  const locale = read(env, 'BOT_LOCALE');
  if (!oneOf(LOCALES, locale)) problems.push({ key: 'BOT_LOCALE', expected: `one of ${LOCALES.join(', ')}` });
  if (problems.length > 0 || !dataDir || !oneOf(LOG_LEVELS, level) || !oneOf(LOCALES, locale)) throw new ConfigError(problems);
  const absolute = isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir);
  return { DATA_DIR: absolute, SQLITE_PATH: join(absolute, 'broadcast.db'), MONGODB_URI: mongo, LOG_LEVEL: level, BOT_LOCALE: locale };
}
