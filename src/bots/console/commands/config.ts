import { loadConfig, redactedConfig } from '../../../config/env.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/cli.js';
import { EXIT, UsageError, type CommandGroup } from '../context.js';
import { cliLocale } from '../locale.js';

/** `broadcast-bot config check`: validates the environment and prints it with secrets redacted. */
export const configCommand: CommandGroup = async (ctx) => {
  if (ctx.args[0] !== 'check') throw new UsageError(t(cliLocale(ctx.env), 'cli.usage.config'));
  const config = loadConfig(ctx.env);
  for (const [key, value] of Object.entries(redactedConfig(config))) {
    ctx.stdout.write(`${key}=${Array.isArray(value) ? value.join(',') : String(value ?? '')}\n`);
  }
  return EXIT.ok;
};
