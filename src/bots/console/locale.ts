/**
 * The terminal's language, one rule for every command, its errors, `campaigns show` and `--wait`:
 * BOT_LOCALE when it names a language we speak, else English (a terminal is an operator's tool).
 */
import type { Locale } from '../../campaigns/types.js';

/** The CLI's language from its environment. */
export function cliLocale(env: Record<string, string | undefined>): Locale {
  return env.BOT_LOCALE === 'id' ? 'id' : 'en';
}
