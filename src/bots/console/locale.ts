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
