import { createRequire } from 'node:module';
import type { ChildLoggerOptions, DestinationStream, Logger, LoggerOptions, pino as Pino } from 'pino';
import { SECRET_KEYS } from '../config/store-config.js';
import { redactSecrets, scrubForLog } from './scrub.js';

export type { Logger } from 'pino';

let pinoModule: typeof Pino | undefined;

/** pino, loaded when the first logger is made: a command that never logs (see `lazyLogger`) skips its start-up cost. */
function loadPino(): typeof Pino {
  pinoModule ??= (createRequire(import.meta.url)('pino') as { pino: typeof Pino }).pino;
  return pinoModule;
}

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
  const pino = loadPino();
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
  if (settings.destination) return pino(options, settings.destination as DestinationStream);
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  }
  return pino(options, pino.destination({ dest: 2, sync: false }));
}

/** A logger that drops everything; for tests and quiet CLI commands. */
export function silentLogger(): Logger {
  return loadPino()({ level: 'silent' });
}

const LEVEL_ORDER = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * A logger that makes the real one (`create`) only when a line at or above `level` is logged or another property is
 * read; children stay lazy. Short CLI commands that log nothing at their level never load pino.
 */
export function lazyLogger(level: string, create: () => Logger): Logger {
  let real: Logger | undefined;
  const get = (): Logger => (real ??= create());
  const threshold = level === 'silent' ? LEVEL_ORDER.length : LEVEL_ORDER.indexOf(level);
  const noop = (): void => undefined;
  // The target is never read: every property comes from the real logger once it exists.
  return new Proxy(Object.create(null) as Logger, {
    get(_target, property) {
      // Not a thenable: `await`ing the logger (an async factory returns it) must not make the real one.
      if (property === 'then') return undefined;
      if (property === 'child') {
        return (bindings: Record<string, unknown>, options?: ChildLoggerOptions): Logger =>
          real ? real.child(bindings, options) : lazyLogger(options?.level ?? level, () => get().child(bindings, options));
      }
      const rank = typeof property === 'string' ? LEVEL_ORDER.indexOf(property) : -1;
      if (!real && rank >= 0 && rank < threshold) return noop;
      const value: unknown = Reflect.get(get(), property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(get()) : value;
    },
  });
}
