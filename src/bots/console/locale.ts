/**
 * The terminal's language, one rule for every command, its errors, `campaigns show` and `--wait`:
 * BOT_LOCALE when it names a language we speak, else English (a terminal is an operator's tool).
 */
import type { Locale } from '../../campaigns/types.js';
import { t } from '../../i18n/index.js';
import '../../i18n/cli.js';

/** The CLI's language from its environment. */
export function cliLocale(env: Record<string, string | undefined>): Locale {
  return env.BOT_LOCALE === 'id' ? 'id' : 'en';
}

const FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EISDIR']);

/** "Cannot read/write the --phones file x: no such file or folder", in the terminal's language (no raw errno). */
export function fileError(locale: Locale, mode: 'read' | 'write', option: string, path: string, error: NodeJS.ErrnoException): string {
  const reason = t(locale, `cli.file.${error.code && FILE_ERRORS.has(error.code) ? error.code : 'other'}`);
  return t(locale, mode === 'read' ? 'cli.file.cannotRead' : 'cli.file.cannotWrite', { option, path, reason });
}

/**
 * A `node:util` parseArgs error in the terminal's language ("--daily-cap needs a value…" rather than Node's
 * English "Option '--daily-cap' argument is ambiguous"); an error it does not know keeps Node's message.
 */
export function optionError(locale: Locale, error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'(-[^' ]+)[^']*'/.exec(message ?? '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return t(locale, 'cli.option.needsValue', { option: quoted });
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return t(locale, 'cli.option.unknown', { option: quoted });
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return t(locale, 'cli.option.unexpected', { value: /'([^']*)'/.exec(message ?? '')?.[1] ?? '' });
  return message ?? String(error);
}
