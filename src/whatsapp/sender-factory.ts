/**
 * The one place a sender is made for a sender account, dispatching on its driver. `default` keeps today's
 * choice (WHATSAPP_DRIVER, with `auto` falling back to dry-run until linked); other accounts get their own
 * sender with their own session namespace and lock (Baileys keys them by account name).
 */
import type { WhatsAppSender } from '../campaigns/ports.js';
import type { Account } from '../campaigns/types.js';
import { WhatsAppAccountError } from './account.js';
import { DEFAULT_ACCOUNT } from './accounts.js';
import { createDryRunSender, createSender, type SenderDeps } from './index.js';

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
      // MERGER: wire the Cloud API driver here, e.g.
      //   const { createCloudSender } = await import('./cloud/index.js');
      //   return createCloudSender({ phoneNumberId: account.phoneNumberId, wabaId: account.wabaId,
      //     token: deps.config.WHATSAPP_CLOUD_TOKEN, appSecret: deps.config.WHATSAPP_CLOUD_APP_SECRET,
      //     graphApiUrl: deps.config.GRAPH_API_URL, perSecond: deps.config.CLOUD_SEND_PER_SECOND, logger: deps.logger });
      throw new WhatsAppAccountError('cloud_not_wired', `account ${account.name} uses the Cloud API, which this build cannot send through yet`, {
        name: account.name,
      });
  }
}
