import { pino, type Logger, type LoggerOptions } from 'pino';
import { SECRET_KEYS } from '../config/store-config.js';

export type { Logger } from 'pino';

/** Paths pino replaces with "[redacted]" wherever they appear in a log line. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'signingSecret',
  '*.signingSecret',
  'appToken',
  '*.appToken',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers.cookie',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `config.${key}`),
  'creds',
  '*.creds',
];

/** Token-shaped substrings that must never reach a log even inside free text (error messages, URLs). */
const SECRET_PATTERNS: RegExp[] = [
  /(?<!\d)\d{6,}:[A-Za-z0-9_-]{30,}/g, // Telegram bot token (also inside api.telegram.org/bot<token>/ URLs)
  /\bxox[abpr]-[A-Za-z0-9-]+/g, // Slack bot/user tokens
  /\bxapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /(\/\/[^:/\s]+:)[^@/\s]+@/g, // passwords in connection strings
];

/** Replaces token-shaped substrings of `text` with [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith('//') ? `${prefix}[redacted]@` : '[redacted]',
    );
  }
  return out;
}

export interface LoggerSettings {
  level: string;
  /** Pretty output for a human at a terminal; JSON lines otherwise. Defaults to "stdout is a TTY". */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/**
 * Creates the root logger: JSON lines by default, pretty in a terminal, with secrets redacted by path and by shape.
 * Use `logger.child({ campaignId })` for per-campaign / per-update loggers.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      log(object) {
        return scrubObject(object) as Record<string, unknown>;
      },
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)) as Parameters<typeof method>,
        );
      },
    },
    serializers: {
      err: (error: unknown) => {
        const serialized = pino.stdSerializers.err(error as Error);
        if (serialized.message) serialized.message = redactSecrets(serialized.message);
        if (serialized.stack) serialized.stack = redactSecrets(serialized.stack);
        return serialized;
      },
    },
  };
  const pretty = settings.pretty ?? Boolean(process.stdout.isTTY);
  if (settings.destination) return pino(options, settings.destination as pino.DestinationStream);
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  }
  return pino(options, pino.destination({ dest: 2, sync: false }));
}

function scrubObject(value: unknown, depth = 0): unknown {
  if (depth > 4) return value;
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, depth + 1));
  if (value && typeof value === 'object' && value.constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubObject(v, depth + 1);
    return out;
  }
  return value;
}

/** A logger that drops everything; for tests and quiet CLI commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
