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
import { createAccountSender, senderDepsOf } from '../sender-factory.js';
import { cloudSenderOf } from './sender.js';
import type { WebhookSink } from './webhook.js';

export interface CloudWebhookSinks {
  /** The sink of `phoneNumberId`'s events, or null when no Cloud account of ours has that number. */
  sinkFor(phoneNumberId: string): Promise<WebhookSink | null>;
}

/**
 * The sinks of every Cloud account. `default`'s is the app sender (main.ts attaches its listeners); a named
 * account's is made on its first delivery and kept while the account is stored with that number. Every delivery
 * looks the number's account up in the store: an account added while the process runs is found on its first
 * delivery, and one removed (`whatsapp accounts remove`, often from another process) gets nothing more; its sink
 * is closed and its deliveries are answered 200 and dropped (webhook.ts logs them), so Meta does not retry them.
 */
export function createCloudWebhookSinks(app: App): CloudWebhookSinks {
  const named = new Map<string, { account: string; sender: Promise<WhatsAppSender> }>();
  const closers = new Map<string, () => Promise<void>>();
  app.onClose(async () => {
    for (const close of closers.values()) await close();
    closers.clear();
    named.clear();
  });

  async function open(name: string, phoneNumberId: string): Promise<WhatsAppSender> {
    const account = await app.store.accounts.get(name);
    if (!account) throw new Error(`the Cloud account ${name} is gone`);
    const sender = await createAccountSender(account, senderDepsOf(app, 'observe'));
    const detach = attachSenderListeners(app, { sender, account: name });
    closers.set(phoneNumberId, async () => {
      detach();
      await sender.close();
    });
    app.logger.info({ account: name }, 'webhooks of the Cloud account are received here');
    return sender;
  }

  /** Forgets the sink of a number whose account was removed (or now has another number). */
  async function drop(phoneNumberId: string, account: string): Promise<void> {
    const pending = named.get(phoneNumberId);
    named.delete(phoneNumberId);
    await pending?.sender.catch(() => undefined);
    const close = closers.get(phoneNumberId);
    closers.delete(phoneNumberId);
    await close?.();
    app.logger.info({ account, phoneNumberId }, 'the Cloud account was removed: its webhooks are no longer received here');
  }

  return {
    async sinkFor(phoneNumberId) {
      const own = cloudSenderOf(app.sender);
      if (own && own.phoneNumberId === phoneNumberId) return own;
      const account = (await app.store.accounts.list()).find(
        (a) => a.name !== DEFAULT_ACCOUNT && a.driver === 'cloud' && a.phoneNumberId === phoneNumberId,
      );
      let entry = named.get(phoneNumberId);
      if (entry && entry.account !== account?.name) {
        await drop(phoneNumberId, entry.account);
        entry = undefined;
      }
      if (!account) return null;
      if (!entry) {
        // Two deliveries at once make one sender.
        entry = named.get(phoneNumberId) ?? { account: account.name, sender: open(account.name, phoneNumberId) };
        named.set(phoneNumberId, entry);
        const made = entry;
        made.sender.catch(() => {
          if (named.get(phoneNumberId) === made) named.delete(phoneNumberId);
        });
      }
      return cloudSenderOf(await entry.sender);
    },
  };
}
