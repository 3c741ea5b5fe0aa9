import { pino, type Logger, type LoggerOptions } from 'pino';
import { SECRET_KEYS } from '../config/env.js';
import { redactSecrets, scrubForLog } from './scrub.js';

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

export { redactSecrets, scrubForLog } from './scrub.js';

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
      // Every field of every line goes through the one scrubber, whatever its key, so an error logged under
      // `error` or nested in another object is cleaned like `err`.
      log(object) {
        return scrubForLog(object) as Record<string, unknown>;
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
      err: (error: unknown) => scrubForLog(error),
    },
  };
  const pretty = settings.pretty ?? Boolean(process.stdout.isTTY);
  if (settings.destination) return pino(options, settings.destination as pino.DestinationStream);
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  }
  return pino(options, pino.destination({ dest: 2, sync: false }));
}

/** A logger that drops everything; for tests and quiet CLI commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
