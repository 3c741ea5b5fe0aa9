/**
 * The one place a sender is made for a sender account, dispatching on its driver. `default` keeps today's
 * choice (WHATSAPP_DRIVER, with `auto` falling back to dry-run until linked); other accounts get their own
 * sender with their own session namespace and lock (Baileys keys them by account name).
 */
import type { App } from '../app-types.js';
import type { WhatsAppSender } from '../campaigns/ports.js';
import type { Account } from '../campaigns/types.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_ACCOUNT } from './accounts.js';
import { createCloudAccountSender, createDryRunSender, createSender, type SenderDeps } from './index.js';

/** What a sender made for `app` needs (its store, Redis, prefix and socket factory); `logger` defaults to the app's. */
export function senderDepsOf(
  app: Pick<App, 'config' | 'store' | 'logger' | 'redis' | 'prefix' | 'makeSocket'>,
  mode: 'send' | 'observe',
  logger: Logger = app.logger,
): SenderDeps {
  return { config: app.config, store: app.store, logger, redis: app.redis, prefix: app.prefix, mode, ...(app.makeSocket ? { makeSocket: app.makeSocket } : {}) };
}

/** Creates the sender of `account`; `deps.mode` `observe` never takes the account's socket lock. */
export async function createAccountSender(account: Account, deps: SenderDeps): Promise<WhatsAppSender> {
  if (account.name === DEFAULT_ACCOUNT) return createSender(deps);
  switch (account.driver) {
    case 'dry-run':
      return createDryRunSender(deps.config);
    case 'baileys': {
      const { createBaileysSender } = await import('./baileys/driver.js');
      return createBaileysSender({ ...deps, account: account.name, observeOnly: deps.mode === 'observe' });
    }
    case 'cloud':
      // Stateless HTTP: no socket lock; the worker's account lease keeps one process sending for it.
      return createCloudAccountSender(account, deps);
  }
}
