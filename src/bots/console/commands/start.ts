/** `broadcast-bot start [--roles bots,worker,scheduler,http]`: runs the service until SIGTERM / SIGINT. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../../config/env.js';
import { createLogger } from '../../../logging/logger.js';
import { tuneHeap } from '../../../ops/heap.js';
import { ROLES, startRoles, type Role } from '../../../main.js';
import { t } from '../../../i18n/index.js';
import '../../../i18n/cli.js';
import { EXIT, UsageError, type CommandGroup } from '../context.js';
import { cliLocale } from '../locale.js';

export const start: CommandGroup = async (ctx) => {
  let roles: Role[] = [...ROLES];
  try {
    const { values } = parseArgs({ args: ctx.args, options: { roles: { type: 'string' } }, strict: true });
    if (values.roles) {
      const asked = values.roles.split(',').map((r) => r.trim()).filter(Boolean);
      const unknown = asked.filter((r) => !(ROLES as readonly string[]).includes(r));
      const choices = ROLES.join(', ');
      if (asked.length === 0) throw new UsageError(t(cliLocale(ctx.env), 'cli.start.noRoles', { choices }));
      if (unknown.length > 0) throw new UsageError(t(cliLocale(ctx.env), 'cli.start.unknownRoles', { roles: unknown.join(', '), choices }));
      roles = asked as Role[];
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${(error as Error).message}\n${t(cliLocale(ctx.env), 'cli.usage.start', { roles: ROLES.join(',') })}`);
  }
  const locale = cliLocale(ctx.env);
  const config = loadConfig(ctx.env);
  // A long-running process keeps its heap near its live data (src/ops/heap.ts).
  tuneHeap(config.HEAP_GROWING_PERCENT);
  const logger = createLogger({ level: config.LOG_LEVEL });
  // Before anything writes to DATA_DIR (the private Redis included): umask 077, folder 0700, files 0600.
  (await import('../../../ops/file-modes.js')).secureDataDir(config, logger);
  const { ensureRedis } = await import('../../../ops/private-redis.js');
  const redis = await ensureRedis(config, logger);
  const running = await startRoles(config, roles, logger, redis.url, locale).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  for (const line of running.status) ctx.stderr.write(`${line}\n`);
  ctx.stderr.write(`${t(locale, 'cli.start.running')}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        ctx.stderr.write(`${t(locale, 'cli.start.again', { signal })}\n`);
        process.exit(EXIT.failure);
      }
      stopping = true;
      const started = Date.now();
      ctx.stderr.write(`${t(locale, 'cli.start.stopping', { signal })}\n`);
      const hardStop = setTimeout(() => {
        ctx.stderr.write(`${t(locale, 'cli.start.timeout', { ms: config.SHUTDOWN_TIMEOUT_MS })}\n`);
        process.exit(EXIT.failure);
      }, config.SHUTDOWN_TIMEOUT_MS);
      hardStop.unref();
      running
        .stop()
        .then(() => redis.stop())
        .then(() => {
          ctx.stderr.write(`${t(locale, 'cli.start.stopped', { ms: Date.now() - started })}\n`);
          resolve(EXIT.ok);
          setTimeout(() => process.exit(EXIT.ok), 50).unref();
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(EXIT.failure);
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
};
