/**
 * Where a webhook delivery for a phone number id goes, on the HTTP role: the Cloud account with that number,
 * `default` (WHATSAPP_DRIVER=cloud) or any stored account with the `cloud` driver. A named account's sink is a
 * Cloud sender made here for listening only: the Cloud API is stateless HTTP, so the HTTP process needs neither
 * the account's lease nor its worker; the sink's events go through the same listeners as the app sender's
 * (whatsapp/listeners.ts), and its opt-out confirmations go out from that number.
 */
import type { App } from '../../app-types.js';
import type { WhatsAppSender } from '../../campaigns/ports.js';
import { DEFAULT_ACCOUNT } from '../accounts.js';
import { attachSenderListeners } from '../listeners.js';
import { createAccountSender } from '../sender-factory.js';
import { cloudSenderOf } from './sender.js';
import type { WebhookSink } from './webhook.js';

export interface CloudWebhookSinks {
  /** The sink of `phoneNumberId`'s events, or null when no Cloud account of ours has that number. */
  sinkFor(phoneNumberId: string): Promise<WebhookSink | null>;
}

/**
 * The sinks of every Cloud account. `default`'s is the app sender (main.ts attaches its listeners); a named
 * account's is made on its first delivery and kept until the app closes. An account added while the process
 * runs is found on its first delivery: unknown numbers are looked up in the store each time.
 */
export function createCloudWebhookSinks(app: App): CloudWebhookSinks {
  const named = new Map<string, Promise<WhatsAppSender>>();
  const closers = new Map<string, () => Promise<void>>();
  app.onClose(async () => {
    for (const close of closers.values()) await close();
    closers.clear();
    named.clear();
  });

  async function open(name: string, phoneNumberId: string): Promise<WhatsAppSender> {
    const account = await app.store.accounts.get(name);
    if (!account) throw new Error(`the Cloud account ${name} is gone`);
    const deps = { config: app.config, store: app.store, logger: app.logger, redis: app.redis, prefix: app.prefix, mode: 'observe' as const };
    const sender = await createAccountSender(account, deps);
    const detach = attachSenderListeners(app, { sender, account: name });
    closers.set(phoneNumberId, async () => {
      detach();
      await sender.close();
    });
    app.logger.info({ account: name }, 'webhooks of the Cloud account are received here');
    return sender;
  }

  return {
    async sinkFor(phoneNumberId) {
      const own = cloudSenderOf(app.sender);
      if (own && own.phoneNumberId === phoneNumberId) return own;
      let pending = named.get(phoneNumberId);
      if (!pending) {
        const account = (await app.store.accounts.list()).find(
          (a) => a.name !== DEFAULT_ACCOUNT && a.driver === 'cloud' && a.phoneNumberId === phoneNumberId,
        );
        if (!account) return null;
        // Two deliveries at once make one sender.
        pending = named.get(phoneNumberId) ?? open(account.name, phoneNumberId);
        named.set(phoneNumberId, pending);
        pending.catch(() => named.delete(phoneNumberId));
      }
      return cloudSenderOf(await pending);
    },
  };
}
