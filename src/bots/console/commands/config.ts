import { loadConfig, redactedConfig } from '../../../config/env.js';
import { EXIT, UsageError, type CommandGroup } from '../context.js';

/** `broadcast-bot config check`: validates the environment and prints it with secrets redacted. */
export const configCommand: CommandGroup = async (ctx) => {
  if (ctx.args[0] !== 'check') throw new UsageError('Usage: broadcast-bot config check');
  const config = loadConfig(ctx.env);
  for (const [key, value] of Object.entries(redactedConfig(config))) {
    ctx.stdout.write(`${key}=${Array.isArray(value) ? value.join(',') : String(value ?? '')}\n`);
  }
  return EXIT.ok;
};
