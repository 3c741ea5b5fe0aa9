/**
 * Chooses the WhatsApp sender: `dry-run` writes to the outbox, `baileys` uses the linked account, and
 * `auto` (the default) uses Baileys once an account is linked and the dry-run sender until then.
 */
import type { RedisOptions } from 'ioredis';
import type { Store, WhatsAppSender } from '../campaigns/ports.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { DryRunSender } from './dry-run.js';

export interface SenderDeps {
  config: Config;
  store: Store;
  logger: Logger;
  redis: RedisOptions & { url: string };
  prefix: string;
  /**
   * `send` takes the WhatsApp account (lock + connection): worker processes and `whatsapp` commands.
   * `observe` never connects and shows the owner's state: bots-only processes and other commands.
   */
  mode?: 'send' | 'observe';
}

/** Creates the dry-run sender from the DRY_RUN_* settings. */
export function createDryRunSender(config: Config): DryRunSender {
  return new DryRunSender({
    outboxPath: config.DRY_RUN_OUTBOX,
    latencyMs: config.DRY_RUN_LATENCY_MS,
    failRate: config.DRY_RUN_FAIL_RATE,
    notOnWhatsApp: config.DRY_RUN_NOT_ON_WHATSAPP,
  });
}

/** Creates the sender the configuration asks for. */
export async function createSender(deps: SenderDeps): Promise<WhatsAppSender> {
  const driver = deps.config.WHATSAPP_DRIVER;
  if (driver === 'dry-run') return createDryRunSender(deps.config);
  const baileys = await import('./baileys/driver.js');
  if (driver === 'auto' && !(await baileys.isLinked(deps.store, deps.config))) {
    deps.logger.info('no WhatsApp account is linked: using the dry-run sender (messages go to the outbox)');
    return createDryRunSender(deps.config);
  }
  return baileys.createBaileysSender({ ...deps, observeOnly: deps.mode === 'observe' });
}
